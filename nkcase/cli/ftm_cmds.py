"""``nkcase export ftm`` and ``nkcase import-ftm``: FollowTheMoney entity lines out and in.

The exchange modules are imported inside the handlers: building the parser for another command
never loads them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nkcase.cli.common import add_level_option, opened
from nkcase.cli.passphrase import add_casebook_argument

REPORT_LINES = 40
"""Problems printed one per line; past this many, a count of the rest."""


def register(commands: Any) -> None:
    imp = commands.add_parser(
        "import-ftm", help="import FollowTheMoney entity lines (OpenSanctions, Aleph)")
    add_casebook_argument(imp)
    imp.add_argument("file", type=Path, help="a .ftm.json / entities.ftm.json file")
    imp.add_argument("--dataset", help="the dataset to record (default: the lines' datasets)")
    imp.set_defaults(handler=cmd_import)


def add_export_parser(sub: Any) -> None:
    """``export ftm`` (registered by the export command's module)."""
    ftm = sub.add_parser("ftm", help="FollowTheMoney entity lines (one JSON object per line)")
    add_casebook_argument(ftm)
    ftm.add_argument("--out", required=True, type=Path, help="the .ftm.json file to write")
    ftm.add_argument("--entity", action="append", metavar="ENTITY",
                     help="only this case file with its links (repeatable; default: all)")
    add_level_option(
        ftm, default="internal",
        help="leave out everything above this handling level, and what was learned only "
        "from it (default internal)",
    )
    ftm.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from nkcase.exchange.ftm.export import export_ftm
    from nkcase.services.lookup import resolve_entity

    with opened(args, write=False) as casebook:
        entity_ids = None
        if args.entity:
            with casebook.reading() as session:
                entity_ids = [resolve_entity(session, ref).id for ref in args.entity]
        result = export_ftm(casebook, args.out, level=args.level, entity_ids=entity_ids)
    counts = ", ".join(f"{n} {schema}" for schema, n in sorted(result.by_schema.items()))
    print(f"wrote {result.path}: {result.lines} entities ({counts or 'none'})")
    if result.withheld.anything:
        from nkcase.cli.level_cmds import withheld_line

        print(withheld_line(result.withheld, args.level))
    if result.as_notes:
        print(f"{result.as_notes} value(s) FtM's types refuse written as labelled notes")
    if result.as_unknown_link:
        print(f"{result.as_unknown_link} link(s) FtM's ranges refuse written as UnknownLink")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from nkcase.exchange.ftm.importer import import_ftm

    with opened(args, write=True) as casebook:
        result = import_ftm(casebook, args.file, dataset=args.dataset)
    created = sum(result.created.values())
    updated = sum(result.updated.values())
    print(f"imported {args.file.name} (SHA-256 {result.sha256}): {created} new, "
          f"{updated} updated, of {result.lines} line(s)")
    report = result.report()
    for line in report[:REPORT_LINES]:
        print(f"nkcase: not imported: {line}", file=sys.stderr)
    if len(report) > REPORT_LINES:
        print(f"nkcase: … and {len(report) - REPORT_LINES} more", file=sys.stderr)
    return 0
