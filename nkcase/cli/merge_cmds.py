"""``nkcase merge CASEBOOK OTHER.nkcase``: bring a colleague's casebook in, nothing lost.

Everything that needs no decision comes across; the questions (edits on both sides, duplicate
entities) are answered from ``--decisions FILE.json``, or asked on the terminal. Without a
terminal and without decisions for every question, nothing is merged and the message says what
to do: ``--dry-run --decisions-template FILE`` writes the questions to fill in.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from nkcase.cli.common import add_json_flag, opened
from nkcase.cli.passphrase import PASSPHRASE_ENV, add_casebook_argument, read_passphrase_file
from nkcase.errors import UsageError


def register(commands: Any) -> None:
    merge = commands.add_parser(
        "merge", help="merge another casebook into this one (one undoable step)",
        description="Bring another casebook's work into CASEBOOK: rows keep their identity, "
        "the same source is unified, edits made on both sides and possible duplicate entities "
        "are questions for you; everything else comes across without one.",
    )
    add_casebook_argument(merge)
    merge.add_argument("other", metavar="OTHER.nkcase", help="the casebook to bring in")
    merge.add_argument("--other-passphrase-file", type=Path, metavar="FILE",
                       help="the passphrase of OTHER when it is encrypted (else "
                       f"${PASSPHRASE_ENV}, else it is asked for)")
    merge.add_argument("--dry-run", action="store_true",
                       help="print what would come across and what needs a decision")
    merge.add_argument("--decisions", type=Path, metavar="FILE.json",
                       help="answers to the questions: {\"decisions\": {id: choice}}")
    merge.add_argument("--decisions-template", type=Path, metavar="FILE.json",
                       help="with --dry-run: write the questions to FILE to fill in")
    add_json_flag(merge)
    merge.set_defaults(handler=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    from nkcase.exchange.merge import (
        apply_merge,
        decisions_template,
        describe,
        load_decisions,
        plan_merge,
    )

    if args.decisions_template and not args.dry_run:
        raise UsageError("--decisions-template goes with --dry-run")
    decisions = load_decisions(args.decisions) if args.decisions else {}
    other_args = argparse.Namespace(casebook=args.other,
                                    passphrase_file=args.other_passphrase_file)
    with opened(args, write=not args.dry_run) as casebook, \
            opened(other_args, write=False) as other:
        if casebook.info().id == other.info().id and casebook.info().audit_head == \
                other.info().audit_head:
            print("nothing to merge: the two casebooks hold the same work")
            return 0
        with casebook.reading() as mine, other.reading() as theirs:
            plan = plan_merge(mine, theirs, decisions)
        if args.dry_run:
            _print_plan(plan, describe(plan), decisions, as_json=args.json)
            if args.decisions_template:
                template = decisions_template(plan)
                template["decisions"].update(
                    {k: v for k, v in decisions.items() if k in template["decisions"]})
                args.decisions_template.write_text(
                    json.dumps(template, ensure_ascii=False, indent=2), encoding="utf-8")
                print(f"wrote {args.decisions_template}: fill in each choice, then run "
                      f"nkcase merge {args.casebook} {args.other} --decisions "
                      f"{args.decisions_template}")
            return 0
        decisions = _ask_missing(plan, decisions, args)
        if decisions != (load_decisions(args.decisions) if args.decisions else {}):
            with casebook.reading() as mine, other.reading() as theirs:
                plan = plan_merge(mine, theirs, decisions)
        change = apply_merge(casebook, plan, decisions)
    if change is None:
        print("nothing to merge: everything of the other casebook is here already")
        return 0
    counts = describe(plan)
    print(f"merged: {_counts_line(counts)}")
    print(f"{change.summary}; undo it with Edit > Undo in the app (one step)")
    return 0


def _counts_line(counts: dict[str, Any]) -> str:
    parts = [f"{n} {t.replace('_', ' ')} added" for t, n in counts["insert"].items()]
    parts += [f"{n} {t.replace('_', ' ')} updated" for t, n in counts["update"].items()]
    parts += [f"{n} {t.replace('_', ' ')} deleted" for t, n in counts["delete"].items()]
    parts += [f"{n} {t.replace('_', ' ')} unified" for t, n in counts["unified"].items()]
    return ", ".join(parts) or "the other casebook's audit chain only"


def _print_plan(plan: Any, counts: dict[str, Any], decisions: dict[str, str], *,
                as_json: bool) -> None:
    from nkcase.exchange.merge import decisions_template

    if as_json:
        print(json.dumps({"counts": counts, **decisions_template(plan)}, ensure_ascii=False,
                         indent=2))
        return
    print(f"would merge “{counts['from']['name']}” ({counts['from']['fingerprint']}): "
          f"{_counts_line(counts)}; {counts['audit_events']} audit event(s) of its chain")
    for edit in plan.incoming:
        print(f"~ {edit.line()} (changed there only: comes across)")
    if not plan.questions:
        print("no question: everything comes across without a decision")
    for question in plan.questions:
        decided = decisions.get(question.id)
        print(f"? {question.title} — {question.detail}"
              + (f" [decided: {decided}]" if decided else ""))
        print(f"    id: {question.id}")
        if question.base is not None:
            print(f"    base:  {_values(question.base)}")
        print(f"    here:  {_values(question.here)}")
        print(f"    there: {_values(question.there)}")
        print(f"    choices: {', '.join(question.choices)}")


def _values(values: dict[str, Any]) -> str:
    return "; ".join(f"{k} = {v}" for k, v in values.items()) or "(none: deleted)"


def _ask_missing(plan: Any, decisions: dict[str, str], args: argparse.Namespace
                 ) -> dict[str, str]:
    missing = plan.undecided(decisions)
    if not missing:
        return decisions
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise UsageError(
            f"{len(missing)} question(s) need a decision and there is no terminal to ask on; "
            f"nothing was merged: run nkcase merge {args.casebook} {args.other} --dry-run "
            "--decisions-template FILE.json, fill in each choice, then pass --decisions "
            "FILE.json"
        )
    answered = dict(decisions)
    for question in missing:
        print(f"? {question.title} — {question.detail}")
        if question.base is not None:
            print(f"    base:  {_values(question.base)}")
        print(f"    here:  {_values(question.here)}")
        print(f"    there: {_values(question.there)}")
        while True:
            choice = input(f"    {' / '.join(question.choices)}? ").strip().lower()
            if choice in question.choices:
                answered[question.id] = choice
                break
    return answered


__all__ = ["read_passphrase_file", "register"]
