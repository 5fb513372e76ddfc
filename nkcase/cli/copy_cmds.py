"""``nkcase export casebook``: a copy of the casebook holding nothing above a handling level."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nkcase.cli.common import add_level_option, opened
from nkcase.cli.passphrase import add_casebook_argument, new_passphrase
from nkcase.store import Casebook


def register_copy(sub: Any) -> None:
    """Register ``export casebook`` under ``nkcase export``."""
    copy = sub.add_parser(
        "casebook", help="a casebook copy holding nothing above a handling level",
        description="Write a new casebook holding only what the level shows: no source, "
        "quote, note, file or audit detail of withheld material. Its audit chain starts with "
        "an event citing this casebook's fingerprint and audit head.",
    )
    add_casebook_argument(copy)
    add_level_option(copy, default=None, help="the highest handling level the copy holds")
    copy.add_argument("--out", required=True, type=Path, metavar="COPY.nkcase")
    copy.add_argument("--encrypt", action="store_true",
                      help="encrypt the copy with a new passphrase (--new-passphrase-file, "
                      "NKCASE_NEW_PASSPHRASE, else asked)")
    copy.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                      help="with --encrypt: read the copy's passphrase from FILE")
    copy.set_defaults(handler=cmd_copy)


def cmd_copy(args: argparse.Namespace) -> int:
    from nkcase.errors import UsageError
    from nkcase.exchange.copy import copy_at_level

    if args.level is None:
        raise UsageError("say which level the copy is for: --level public|internal|protected")
    if args.new_passphrase_file and not args.encrypt:
        raise UsageError("--new-passphrase-file goes with --encrypt")
    passphrase = None
    if args.encrypt:
        from nkcase.cli.passphrase import NEW_PASSPHRASE_ENV

        passphrase = new_passphrase(args, args.out.name, option="new_passphrase_file",
                                    env=NEW_PASSPHRASE_ENV)
    with opened(args, write=False) as casebook:
        entity_ids = _entity_ids(casebook, getattr(args, "entity", None))
        result = copy_at_level(casebook, args.out, args.level, passphrase=passphrase,
                               entity_ids=entity_ids)
        was_encrypted = casebook.encrypted
    left = {t: n for t, n in result.left_out.items() if n}
    article = "an" if result.level[0] in "aeiou" else "a"
    what = "" if entity_ids is None else (
        f" of {len(entity_ids)} entit{'y' if len(entity_ids) == 1 else 'ies'} and their context"
    )
    print(f"wrote {result.path}: {article} {result.level} copy{what}"
          + (", encrypted" if result.encrypted else ""))
    kept = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in result.copied.items() if n)
    print(f"holds {kept or 'nothing'}")
    if left:
        print("left out " + ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in left.items()))
    if was_encrypted and not result.encrypted:
        print("nkcase: warning: the casebook is encrypted but this copy is NOT (use --encrypt)")
    return 0


def _entity_ids(casebook: Casebook, refs: list[str] | None) -> list[str] | None:
    """The ids of the entities ``refs`` name (ids, id prefixes, names); None for all."""
    if refs is None:
        return None
    from nkcase.services.lookup import resolve_entity

    with casebook.reading() as session:
        return list(dict.fromkeys(resolve_entity(session, ref).id for ref in refs))
