"""``nkcase checkout`` / ``nkcase checkin``: fieldwork copies of a team casebook.

A fieldwork copy is a casebook file made from a team casebook at a handling level (the copy of
:mod:`nkcase.exchange.copy`), taken offline, edited, and merged back (the merge of
:mod:`nkcase.exchange.merge`: rows keep their identity, edits made on both sides are questions
for a person). These commands are those two with the team store's words and argument order.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nkcase.cli.common import add_json_flag, add_level_option
from nkcase.cli.passphrase import add_casebook_argument


def register(commands: Any) -> None:
    out = commands.add_parser(
        "checkout", help="a fieldwork copy of a team casebook, at a handling level",
        description="Write a casebook file holding what LEVEL shows of the team casebook (all "
        "of it, or the chosen entities with their names, facts, notes, relationships, the "
        "entities at the other end by name, their events and the quotes and sources that are "
        "their evidence), to take offline; bring it back with nkcase checkin.",
    )
    add_casebook_argument(out)
    which = out.add_mutually_exclusive_group(required=True)
    which.add_argument("--entity", nargs="+", action="extend", metavar="E",
                       help="the entities to take (ids, id prefixes or names)")
    which.add_argument("--all", action="store_true", help="the whole casebook at the level")
    add_level_option(out, default="protected", help="the highest level the copy holds "
                     "(default: protected, everything)")
    out.add_argument("--out", required=True, type=Path, metavar="FIELD.nkcase")
    out.add_argument("--encrypt", action="store_true",
                     help="encrypt the copy (its passphrase from --new-passphrase-file, "
                     "NKCASE_NEW_PASSPHRASE, else asked)")
    out.add_argument("--new-passphrase-file", type=Path, metavar="FILE")
    out.set_defaults(handler=cmd_checkout)

    back = commands.add_parser(
        "checkin", help="merge a fieldwork copy back into its team casebook",
        description="Merge FIELD.nkcase into CASEBOOK (nkcase merge CASEBOOK FIELD.nkcase).",
    )
    back.add_argument("field", metavar="FIELD.nkcase")
    add_casebook_argument(back)
    back.add_argument("--field-passphrase-file", type=Path, metavar="FILE",
                      help="the fieldwork copy's passphrase when it is encrypted")
    back.add_argument("--dry-run", action="store_true")
    back.add_argument("--decisions", type=Path, metavar="FILE.json")
    back.add_argument("--decisions-template", type=Path, metavar="FILE.json")
    add_json_flag(back)
    back.set_defaults(handler=cmd_checkin)


def cmd_checkout(args: argparse.Namespace) -> int:
    from nkcase.cli.copy_cmds import cmd_copy

    return cmd_copy(args)


def cmd_checkin(args: argparse.Namespace) -> int:
    from nkcase.cli.merge_cmds import cmd_merge

    merge_args = argparse.Namespace(**vars(args))
    merge_args.other = args.field
    merge_args.other_passphrase_file = args.field_passphrase_file
    return cmd_merge(merge_args)


