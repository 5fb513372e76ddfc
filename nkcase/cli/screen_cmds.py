"""``nkcase screen`` (entities, all, or a source's names against list snapshots) and
``nkcase screen review`` (confirm, reject, reopen a candidate).

Services are imported in the handlers: building the parser must stay cheap.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from nkcase.cli.common import add_json_flag, add_level_option, opened
from nkcase.cli.passphrase import add_passphrase_option
from nkcase.errors import UsageError

if TYPE_CHECKING:
    from nkcase.services.screening import ScreeningReport
    from nkcase.services.screening_records import CandidateRecord

USAGE = """nkcase screen CASEBOOK (--entity E [E ...] | --all | --source S) [--list L [L ...]]
                     [--threshold T] [--as-level LEVEL] [--json] [--passphrase-file FILE]
       nkcase screen review CASEBOOK CANDIDATE (--confirm | --reject REASON | --reopen) [--json]
                     [--passphrase-file FILE]"""


def register(commands: Any) -> None:
    screen = commands.add_parser(
        "screen",
        usage=USAGE,
        help="screen entities or a source's names against sanctions lists; review candidates",
        description="Screen entities, the whole casebook or the names in a source against the "
        "imported sanctions list snapshots (by default the newest snapshot of every list). "
        "'nkcase screen review' confirms, rejects or reopens a candidate.",
    )
    screen.add_argument("casebook", metavar="CASEBOOK", help="the casebook (or 'review')")
    add_passphrase_option(screen)
    screen.add_argument("review_args", nargs="*", help=argparse.SUPPRESS)
    what = screen.add_argument_group("what to screen (one of)")
    what.add_argument(
        "--entity",
        nargs="+",
        action="extend",  # "--entity A B" and "--entity A --entity B" alike
        default=[],
        metavar="E",
        help="entity ids, id prefixes or unambiguous names; repeatable",
    )
    what.add_argument("--all", action="store_true", help="every entity of the casebook")
    what.add_argument("--source", metavar="S", help="the names found in a source's text")
    screen.add_argument(
        "--list",
        nargs="+",
        action="extend",
        default=[],
        metavar="L",
        dest="lists",
        help="list codes (un-sc, ofac-sdn, eu-fsf, opensanctions) or snapshot "
        "ids; default: the newest snapshot of every list",
    )
    add_level_option(
        screen,
        "--as-level",
        dest="as_level",
        default=None,
        help="show only what a recipient of this level may see (subjects above it left out)",
    )
    screen.add_argument(
        "--threshold",
        type=float,
        metavar="T",
        help="show candidates scoring at least T (0..1; default 0.8)",
    )
    review = screen.add_argument_group("review (nkcase screen review CASEBOOK CANDIDATE ...)")
    review.add_argument("--confirm", action="store_true", help="the entity is this list record")
    review.add_argument("--reject", metavar="REASON", help="it is not; say why")
    review.add_argument("--reopen", action="store_true", help="undecided again")
    add_json_flag(screen)
    screen.set_defaults(handler=cmd_screen)


def cmd_screen(args: argparse.Namespace) -> int:
    if args.casebook == "review":
        return cmd_review(args)
    if args.review_args:
        raise UsageError(f"unexpected argument '{args.review_args[0]}' (see: nkcase screen --help)")
    if args.confirm or args.reject is not None or args.reopen:
        raise UsageError("--confirm/--reject/--reopen belong to 'nkcase screen review'")
    chosen = sum((bool(args.entity), args.all, args.source is not None))
    if chosen != 1:
        raise UsageError("screen one of: --entity E..., --all, or --source S")
    from nkcase.screening.matching import DEFAULT_THRESHOLD
    from nkcase.services.lookup import resolve_entity
    from nkcase.services.screening import screen
    from nkcase.services.source_records import resolve_source

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    with opened(args, write=True) as casebook:
        with casebook.reading() as session:
            entity_ids = [resolve_entity(session, ref).id for ref in args.entity] or None
            source_id = resolve_source(session, args.source).id if args.source else None
        report = screen(
            casebook,
            entity_ids=entity_ids,
            all_entities=args.all,
            source_id=source_id,
            lists=args.lists or None,
            threshold=threshold,
        )
        if args.as_level:
            from nkcase.services.screening import report_at_level

            report = report_at_level(casebook, report, args.as_level)
    if args.json:
        from nkcase.cli.output import print_json

        print_json(report_json(report))
    else:
        print_report(report)
    return 0


def candidate_json(candidate: CandidateRecord) -> dict[str, Any]:
    """One candidate for scripts: the fields the brief names first, then the review."""
    return {
        "candidate": candidate.id,
        "score": candidate.score,
        "list": candidate.list_name,
        "list_code": candidate.list_code,
        "reference": candidate.reference,
        "listed_on": candidate.listed_on,
        "matched_name": candidate.matched_name,
        "record_names": candidate.record_names,
        "screened_name": candidate.subject_name,
        "features": candidate.features,
        "explanation": candidate.explanation,
        "snapshot": {
            "id": candidate.snapshot_id,
            "label": candidate.snapshot,
            "sha256": candidate.snapshot_sha256,
        },
        "record_key": candidate.record_key,
        "schema": candidate.schema,
        "status": candidate.status,
        "reason": candidate.reason,
        "delisted_in": candidate.delisted_in,
        "note": candidate.note,
        "start": candidate.start,
        "end": candidate.end,
    }


def report_json(report: ScreeningReport) -> dict[str, Any]:
    return {
        "snapshots": report.snapshots,
        "threshold": report.threshold,
        "new": report.new,
        "reopened": report.reopened,
        "results": [
            {
                "entity": result.entity_id,
                "names": result.names,
                "candidates": [candidate_json(c) for c in result.candidates],
            }
            for result in report.subjects
        ],
        "delisted": [candidate_json(c) for c in report.delisted],
    }


def print_report(report: ScreeningReport) -> None:
    print(f"Screened against {', '.join(report.snapshots)} (threshold {report.threshold:.2f})")
    shown = 0
    for result in report.subjects:
        if not result.candidates:
            continue
        shown += 1
        print(f"\n{' / '.join(result.names[:3]) or result.subject_key}")
        for c in result.candidates:
            flag = f" [{c.note}]" if c.note else ""
            print(
                f"  {c.score:.2f}  {c.list_name} {c.reference or c.record_key}  "
                f"{c.matched_name}  ({c.status}){flag}  candidate {c.id[:8]}"
            )
            print(f"        {c.explanation}")
    if not shown:
        print(
            f"No candidate at or above {report.threshold:.2f} among "
            f"{len(report.subjects)} screened."
        )
    for c in report.delisted:
        print(f"\nDELISTED: {c.subject}: {c.list_name} {c.reference} is not in {c.delisted_in}")
    print(f"\n{report.new} new, {report.reopened} reopened, {len(report.delisted)} delisted.")


def cmd_review(args: argparse.Namespace) -> int:
    if len(args.review_args) != 2:
        raise UsageError(
            "usage: nkcase screen review CASEBOOK CANDIDATE "
            "(--confirm | --reject REASON | --reopen)"
        )
    decisions = [
        d
        for d, on in (
            ("confirm", args.confirm),
            ("reject", args.reject is not None),
            ("reopen", args.reopen),
        )
        if on
    ]
    if len(decisions) != 1:
        raise UsageError("review with one of --confirm, --reject REASON, --reopen")
    from nkcase.services.screening import review_candidate
    from nkcase.services.screening_records import candidate_records, resolve_candidate

    casebook_path, ref = args.review_args
    args.casebook = casebook_path
    with opened(args, write=True) as casebook:
        change = review_candidate(casebook, ref, decisions[0], args.reject or "")
        with casebook.reading() as session:
            [candidate] = candidate_records(session, [resolve_candidate(session, ref)])
    if args.json:
        from nkcase.cli.output import print_json

        print_json(candidate_json(candidate))
    else:
        print(f"{change.summary}: now {candidate.status}")
    return 0
