"""``nkcase encrypt``, ``decrypt``, ``rekey``: an encrypted casebook's passphrase and copies."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nkcase.cli.common import opened
from nkcase.cli.passphrase import (
    NEW_PASSPHRASE_ENV,
    add_casebook_argument,
    add_passphrase_option,
    new_passphrase,
)
from nkcase.errors import CasebookError
from nkcase.store import open_casebook
from nkcase.store.casebook import is_encrypted_casebook
from nkcase.store.encryption import CasebookKey
from nkcase.store.rekey import encrypt_in_place, export_copy


def register(commands: Any) -> None:
    encrypt = commands.add_parser(
        "encrypt", help="encrypt a casebook in place with a new passphrase",
        description="Encrypt a plain casebook in place (through a complete, checked encrypted "
        "copy that replaces it). The old file's bytes are overwritten where the file system "
        "allows; copies made before (backups, synced folders) stay readable.",
    )
    encrypt.add_argument("casebook")
    add_passphrase_option(encrypt, new=True)
    encrypt.set_defaults(handler=cmd_encrypt)

    decrypt = commands.add_parser(
        "decrypt", help="write a plain (unencrypted) copy of an encrypted casebook",
    )
    add_casebook_argument(decrypt)
    decrypt.add_argument("--out", required=True, type=Path, metavar="PLAIN.nkcase",
                         help="the plain copy to write (the casebook stays encrypted)")
    decrypt.set_defaults(handler=cmd_decrypt)

    rekey = commands.add_parser("rekey", help="change an encrypted casebook's passphrase")
    add_casebook_argument(rekey)
    rekey.add_argument(
        "--new-passphrase-file", type=Path, metavar="FILE",
        help=f"read the new passphrase from FILE (else ${NEW_PASSPHRASE_ENV}, else it is asked)",
    )
    rekey.set_defaults(handler=cmd_rekey)


def cmd_encrypt(args: argparse.Namespace) -> int:
    path = Path(args.casebook)
    if is_encrypted_casebook(path):
        raise CasebookError(
            f"{path.name} is already encrypted; change its passphrase with nkcase rekey"
        )
    key = CasebookKey.new(new_passphrase(args, path.name))
    with open_casebook(path) as casebook:
        encrypt_in_place(casebook, key)
    print(f"encrypted {path}")
    _warn_about_backups(path)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        if not casebook.encrypted:
            raise CasebookError(f"{casebook.path.name} is not encrypted")
        export_copy(casebook, args.out, None)
    print(f"wrote {args.out}: a plain copy, NOT encrypted (anyone with the file can read it)")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    with opened(args, write=True) as casebook:
        if not casebook.encrypted:
            raise CasebookError(
                f"{casebook.path.name} is not encrypted; encrypt it with nkcase encrypt"
            )
        passphrase = new_passphrase(
            args, casebook.path.name, option="new_passphrase_file", env=NEW_PASSPHRASE_ENV
        )
        encrypt_in_place(casebook, CasebookKey.new(passphrase))
    print(f"changed the passphrase of {args.casebook}")
    return 0


def _warn_about_backups(path: Path) -> None:
    """Plain backups written before schema upgrades still lie beside the casebook: say so."""
    backups = sorted(path.parent.glob(f"{path.stem}.rev*.backup{path.suffix}"))
    plain = [b for b in backups if not is_encrypted_casebook(b)]
    if plain:
        print(f"warning: {len(plain)} unencrypted backup(s) of this casebook remain beside it "
              f"(delete them if they are no longer needed): "
              + ", ".join(b.name for b in plain), file=sys.stderr)
