"""``nkcase source repairs|revert-repairs|reapply-repairs|re-extract``: the repair log of a
source, reverting and re-applying repairs, and extracting again with the current rules."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from nkcase.cli.common import add_json_flag, opened
from nkcase.cli.output import print_json
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.errors import UsageError
from nkcase.ingest.encoding import describe_encoding
from nkcase.services import reanchor, repairs
from nkcase.services.reanchor import ReanchorReport
from nkcase.services.repairs import TextProvenance, text_provenance
from nkcase.services.source_records import list_sources, source_record

__all__ = ["provenance_lines", "register", "text_provenance"]


def register(sub: Any) -> None:
    """Add the repair actions to the ``source`` command's sub-parsers."""
    log = sub.add_parser("repairs", help="what repair changed in a source's text, in context")
    add_casebook_argument(log)
    log.add_argument("source", help="id, id prefix, title, file name or SHA-256 prefix")
    log.add_argument("--kind", choices=repairs.KINDS, help="only repairs of this kind")
    add_json_flag(log)
    log.set_defaults(handler=cmd_repairs)

    for name, revert, help_text in (
        ("revert-repairs", True, "undo repairs: the text says what extraction gave there"),
        ("reapply-repairs", False, "apply reverted repairs again"),
    ):
        p = sub.add_parser(name, help=help_text)
        add_casebook_argument(p)
        p.add_argument("source")
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--offset",
            type=int,
            action="append",
            metavar="N",
            help="the repair at this offset (as “source repairs” lists it); repeatable",
        )
        which.add_argument("--kind", choices=repairs.KINDS, help="every repair of this kind")
        which.add_argument("--all", action="store_true", help="every repair of the source")
        add_json_flag(p)
        p.set_defaults(handler=cmd_toggle, revert=revert)

    again = sub.add_parser(
        "re-extract",
        help="extract sources again with the current rules and re-anchor their quotes",
    )
    add_casebook_argument(again)
    again.add_argument("sources", nargs="*", metavar="SOURCE")
    again.add_argument("--all", action="store_true", help="every source of the casebook")
    again.add_argument("--password", help="password of encrypted PDFs")
    again.add_argument(
        "--encoding", help="read text and HTML sources as this encoding (e.g. windows-1250)"
    )
    add_json_flag(again)
    again.set_defaults(handler=cmd_reextract)


def cmd_repairs(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        record = source_record(casebook, args.source)
        found = repairs.repair_records(casebook, record.id)
    if args.kind:
        found = [r for r in found if r.kind == args.kind]
    if args.json:
        print_json(found)
        return 0
    for r in found:
        page = f"p.{r.page + 1}" if r.page is not None else ""
        state = "reverted " if r.reverted else ""
        context = _one_line(r.context_before[-20:]) + f"[{_one_line(r.shown)}]"
        context += _one_line(r.context_after[:20])
        print(
            f"{r.start:>8}  {page:<6} {r.kind:<18} {state}{r.before!r} -> {r.after!r}   …{context}…"
        )
    reverted = sum(1 for r in found if r.reverted)
    tail = f", {reverted} reverted" if reverted else ""
    print(f"{len(found)} repair(s) in “{record.title}”{tail}")
    return 0


def cmd_toggle(args: argparse.Namespace) -> int:
    change = repairs.revert_repairs if args.revert else repairs.reapply_repairs
    with opened(args, write=True) as casebook:
        record = source_record(casebook, args.source)
        report = change(
            casebook,
            record.id,
            offsets=args.offset or (),
            kind=args.kind,
            everything=args.all,
        )
    if args.json:
        print_json(_report_json(report))
        return 0
    if report.unchanged:
        print(f"“{record.title}”: nothing to {'revert' if args.revert else 're-apply'}")
        return 0
    assert report.change is not None
    print(f"{report.change.summary}: {_quotes_line(report)}")
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    if bool(args.sources) == bool(args.all):
        raise UsageError("name the sources to re-extract, or give --all")
    results: list[tuple[str, ReanchorReport]] = []
    with opened(args, write=True) as casebook:
        if args.all:
            targets = [(r.id, r.title) for r in list_sources(casebook)]
        else:
            records = [source_record(casebook, ref) for ref in args.sources]
            targets = [(r.id, r.title) for r in records]
        for source_id, title in targets:
            report = reanchor.reextract_source(
                casebook, source_id, password=args.password, encoding=args.encoding
            )
            results.append((title, report))
            if not args.json:
                if report.unchanged:
                    print(f"unchanged  “{title}”")
                else:
                    print(
                        f"re-extracted  “{title}” → text version {report.new_version}: "
                        f"{_quotes_line(report)}"
                    )
                sys.stdout.flush()
    if args.json:
        print_json([{"title": title, **_report_json(report)} for title, report in results])
        return 0
    review = sum(len(r.review) + len(r.orphan) for _, r in results)
    changed = sum(1 for _, r in results if not r.unchanged)
    print(f"{len(results)} source(s): {changed} re-extracted, {len(results) - changed} unchanged")
    if review:
        print(f"{review} quote(s) need a person: nkcase quote reanchor CASEBOOK SOURCE lists them")
    return 0


def provenance_lines(provenance: TextProvenance) -> list[str]:
    """``encoding: UTF-8 (declared)`` and ``languages: en, fr`` for ``source show``."""
    lines = []
    if provenance.encoding:
        lines.append(
            "encoding: "
            + describe_encoding(
                provenance.encoding, provenance.encoding_how, provenance.encoding_guessed
            )
        )
    if provenance.languages:
        lines.append(f"languages: {', '.join(provenance.languages)}")
    return lines


def _report_json(report: ReanchorReport) -> dict[str, Any]:
    return {k: v for k, v in vars(report).items() if k != "change"}


def _quotes_line(report: ReanchorReport) -> str:
    return (
        f"quotes {len(report.exact)} exact, {len(report.moved)} moved, "
        f"{len(report.review)} to review, {len(report.orphan)} orphaned"
    )


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)
