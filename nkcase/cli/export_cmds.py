"""``nkcase export dossier``: PDF dossiers for hand-off."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nkcase.cli.common import add_level_option, opened
from nkcase.cli.passphrase import add_casebook_argument
from nkcase.errors import UsageError
from nkcase.services.casefiles import list_entities
from nkcase.services.dossier_export import export_dossier
from nkcase.services.lookup import resolve_entity


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="export dossiers and FollowTheMoney lines")
    sub = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    dossier = sub.add_parser("dossier", help="a PDF dossier of one, several or all entities")
    add_casebook_argument(dossier)
    which = dossier.add_mutually_exclusive_group(required=True)
    which.add_argument("--entity", action="append", metavar="ENTITY", help="repeatable")
    which.add_argument("--all", action="store_true", help="every entity in the casebook")
    dossier.add_argument(
        "--out", required=True, type=Path, help="the PDF (or, with --per-entity, a folder)"
    )
    add_level_option(
        dossier, default="internal",
        help="leave out everything above this handling level, and what was learned only "
        "from it (default internal)",
    )
    dossier.add_argument("--password", help="encrypt the PDF (AES-256) with this password")
    dossier.add_argument("--per-entity", action="store_true", help="one PDF per entity")
    dossier.add_argument("--prepared-by", help="name on the cover (default: you)")
    dossier.add_argument(
        "--no-figures", action="store_true",
        help="leave out each entity's network chart and chronology",
    )
    dossier.set_defaults(handler=cmd_dossier)
    from nkcase.cli.copy_cmds import register_copy

    register_copy(sub)
    from nkcase.cli.ftm_cmds import add_export_parser

    add_export_parser(sub)


def cmd_dossier(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        if args.all:
            entity_ids = [e.id for e in list_entities(casebook)]
            if not entity_ids:
                raise UsageError("the casebook has no entities to export")
        else:
            with casebook.reading() as session:
                entity_ids = [resolve_entity(session, ref).id for ref in args.entity]
        result = export_dossier(
            casebook,
            entity_ids,
            args.out,
            level=args.level,
            password=args.password,
            per_entity=args.per_entity,
            prepared_by=args.prepared_by,
            with_figures=not args.no_figures,
        )
    for warning in result.warnings:
        print(f"nkcase: warning: {warning}", file=sys.stderr)
    for path in result.paths:
        print(f"wrote {path}")
    if result.withheld.anything:
        from nkcase.cli.level_cmds import withheld_line

        print(withheld_line(result.withheld, args.level))
    print(f"{result.pages} page(s)")
    return 0
