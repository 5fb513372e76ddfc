"""``nkcase import``, ``nkcase source list|show|text|export-original|grade|edit``, ``verify``
(the repair actions are in :mod:`nkcase.cli.repair_cmds`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nkcase.cli import repair_cmds
from nkcase.cli.common import add_json_flag, add_level_option, opened
from nkcase.cli.output import print_json, print_table
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.services import originals, source_edits, sources
from nkcase.services.source_records import list_sources, source_record, source_text


def register(commands: Any) -> None:
    imp = commands.add_parser("import", help="import documents (files or folders)")
    add_casebook_argument(imp)
    imp.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    imp.add_argument("--password", help="password of encrypted PDFs")
    imp.add_argument("--title")
    imp.add_argument("--url")
    imp.add_argument("--published", help="publication date: 2019, 2019-12 or 2019-12-03")
    imp.add_argument("--retrieved", help="when the document was obtained")
    imp.add_argument("--reliability", help="Admiralty source grade A–F")
    add_level_option(
        imp, "--level", "--handling", dest="handling", default="internal",
        help="handling level of the imported sources (default internal); protected for a "
        "confidential source: what only it supports is protected too",
    )
    add_json_flag(imp)
    imp.set_defaults(handler=cmd_import)

    source = commands.add_parser("source", help="list, show and export sources")
    sub = source.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="every source with its hash and grade")
    add_casebook_argument(lst)
    add_json_flag(lst)
    lst.set_defaults(handler=cmd_list)
    for name, handler, help_text in (
        ("show", cmd_show, "a source's metadata"),
        ("text", cmd_text, "a source's frozen text"),
    ):
        p = sub.add_parser(name, help=help_text)
        add_casebook_argument(p)
        p.add_argument("source", help="id, id prefix, title, file name or SHA-256 prefix")
        add_json_flag(p)
        p.set_defaults(handler=handler)
    exp = sub.add_parser("export-original", help="write the original file back out")
    add_casebook_argument(exp)
    exp.add_argument("source")
    exp.add_argument("--out", required=True, type=Path)
    exp.set_defaults(handler=cmd_export_original)
    grade = sub.add_parser("grade", help="set reliability (A–F) and handling level")
    add_casebook_argument(grade)
    grade.add_argument("source")
    grade.add_argument("--reliability")
    add_level_option(grade, "--level", "--handling", dest="handling", default=None,
                     help="the source's handling level")
    grade.set_defaults(handler=cmd_grade)

    edit = sub.add_parser("edit", help="correct a source's title, publisher, dates or URL")
    add_casebook_argument(edit)
    edit.add_argument("source")
    edit.add_argument("--title")
    edit.add_argument("--publisher")
    edit.add_argument("--published")
    edit.add_argument("--retrieved")
    edit.add_argument("--url")
    edit.set_defaults(handler=cmd_edit)

    repair_cmds.register(sub)

    verify = commands.add_parser("verify", help="re-hash every original file")
    add_casebook_argument(verify)
    verify.set_defaults(handler=cmd_verify)


def cmd_import(args: argparse.Namespace) -> int:
    options = sources.ImportOptions(
        password=args.password,
        title=args.title,
        url=args.url,
        published=args.published,
        retrieved=args.retrieved,
        reliability=args.reliability,
        handling=args.handling,
    )
    with opened(args, write=True) as casebook:
        summary = sources.import_paths(casebook, [Path(p) for p in args.paths], options)
    if args.json:
        print_json({"summary": summary.describe(), "outcomes": summary.outcomes})
    else:
        for o in summary.outcomes:
            if o.status == "imported":
                extra = f", {o.pages} pages" if o.pages else ""
                extra += f", {o.repairs} repairs" if o.repairs else ""
                print(f"imported  {o.path}  “{o.title}” ({o.source_id}{extra})")
                for warning in o.warnings:
                    print(f"          warning: {warning}")
            elif o.status == "already present":
                print(f"present   {o.path}  {o.message}")
            elif o.status == "skipped":
                print(f"skipped   {o.path}  {o.message}")
        print(summary.describe())
    for o in summary.failed:
        print(f"nkcase: error: {o.path}: {o.message}", file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        rows = list_sources(casebook)
    if args.json:
        print_json(rows)
    else:
        print_table(
            ["id", "kind", "pages", "grade", "handling", "sha256", "title"],
            [
                (
                    r.id[:8],
                    r.kind,
                    r.pages or "",
                    r.reliability_label,
                    r.handling,
                    r.sha256[:16],
                    r.title + (f"  [{len(r.warnings)} warning(s)]" if r.warnings else ""),
                )
                for r in rows
            ],
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        record = source_record(casebook, args.source)
        provenance = repair_cmds.text_provenance(casebook, record.id)
    if args.json:
        print_json(record)
    else:
        for key, value in vars(record).items():
            if value not in (None, [], ""):
                print(f"{key.replace('_', ' ')}: {value}")
        for line in repair_cmds.provenance_lines(provenance):
            print(line)
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        record = source_record(casebook, args.source)
        text = source_text(casebook, record.id)
    if args.json:
        print_json(
            {
                "source_id": text.source_id,
                "text_version": text.number,
                "text": text.text,
                "pages": text.pages,
            }
        )
    else:
        sys.stdout.write(text.text if text.text.endswith("\n") else text.text + "\n")
    return 0


def cmd_export_original(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        record = source_record(casebook, args.source)
        digest = originals.export_original(casebook, record.id, args.out)
    print(f"wrote {args.out} (sha256 {digest})")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    with opened(args, write=True) as casebook:
        record = source_record(casebook, args.source)
        if args.reliability is not None:
            source_edits.grade_source(casebook, record.id, args.reliability)
        if args.handling is not None:
            source_edits.set_source_handling(casebook, record.id, args.handling)
        record = source_record(casebook, record.id)
    print(f"{record.title}: reliability {record.reliability_label}, handling {record.handling}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with opened(args, write=True) as casebook:
        record = source_record(casebook, args.source)
        change = source_edits.edit_source(
            casebook,
            record.id,
            title=args.title,
            publisher=args.publisher,
            published=args.published,
            retrieved=args.retrieved,
            url=args.url,
        )
    print(change.summary)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from nkcase.services.list_records import verify_list_files

    with opened(args, write=False) as casebook:
        problems = originals.verify_originals(casebook)
        count = len(list_sources(casebook))
        list_files, list_problems = verify_list_files(casebook)
    problems += list_problems
    for line in problems:
        print(f"FAIL {line}")
    if problems:
        return 1
    lists = f" and {list_files} list file(s)" if list_files else ""
    print(f"{count} original(s){lists} verified: every SHA-256 matches")
    return 0
