"""Where the command line gets an encrypted casebook's passphrase: never from its arguments.

A passphrase on the command line would be seen by anyone on the machine (``ps``, the shell's
history). So it comes, in this order, from:

1. ``--passphrase-file FILE`` — the file's text, less one trailing line break (for scripts:
   keep the file on an encrypted disk, readable by you alone);
2. the environment variable ``NKCASE_PASSPHRASE`` (for scripts);
3. a prompt on the terminal that does not echo (getpass), when there is a terminal.

A new passphrase (``new --encrypt``, ``encrypt``, ``demo --encrypt``) comes from the same
places and is asked twice on a terminal; ``rekey`` takes the new one from
``--new-passphrase-file`` or ``NKCASE_NEW_PASSPHRASE``, or asks.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from nkcase.errors import PassphraseNeededError, UsageError

PASSPHRASE_ENV = "NKCASE_PASSPHRASE"
NEW_PASSPHRASE_ENV = "NKCASE_NEW_PASSPHRASE"
NOT_RECOVERABLE = (
    "nkcase keeps no copy of the passphrase: if it is forgotten, the casebook cannot be opened"
)


def add_passphrase_option(parser: argparse.ArgumentParser, *, new: bool = False) -> None:
    what = "the new passphrase" if new else "the passphrase of an encrypted casebook"
    parser.add_argument(
        "--passphrase-file", type=Path, metavar="FILE",
        help=f"read {what} from FILE (else ${PASSPHRASE_ENV}, else it is asked for)",
    )


def add_casebook_argument(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """The ``casebook`` argument (a file, a ``postgresql://`` address or a profile's name),
    with ``--passphrase-file`` for an encrypted file."""
    parser.add_argument(
        "casebook", help=help or "a casebook file, a postgresql:// address or a profile name"
    )
    add_passphrase_option(parser)


def passphrase_for(args: argparse.Namespace, path: Path) -> str | None:
    """The passphrase of the casebook at ``path`` when it is encrypted (None for a plain one)."""
    from nkcase.store.encryption import is_encrypted_casebook

    if not is_encrypted_casebook(path):
        return None
    given = _given(getattr(args, "passphrase_file", None), PASSPHRASE_ENV)
    if given is not None:
        return given
    if not _can_ask():
        raise PassphraseNeededError(
            f"{path.name} is encrypted: give its passphrase with --passphrase-file FILE or "
            f"{PASSPHRASE_ENV} (there is no terminal to ask on)"
        )
    return getpass.getpass(f"Passphrase for {path.name}: ")


def new_passphrase(
    args: argparse.Namespace, what: str, *, option: str = "passphrase_file",
    env: str = PASSPHRASE_ENV,
) -> str:
    """A new passphrase for ``what`` (checked for length); asked twice on a terminal."""
    from nkcase.store.encryption import check_new_passphrase

    given = _given(getattr(args, option, None), env)
    if given is None:
        if not _can_ask():
            flag = "--" + option.replace("_", "-")
            raise PassphraseNeededError(
                f"{what} needs a new passphrase: give it with {flag} FILE or {env} "
                "(there is no terminal to ask on)"
            )
        print(f"Choose a passphrase for {what}. {NOT_RECOVERABLE}.", file=sys.stderr)
        given = getpass.getpass("New passphrase: ")
        check_new_passphrase(given)
        if getpass.getpass("The same passphrase again: ") != given:
            raise UsageError("the two passphrases differ; nothing was changed")
    check_new_passphrase(given)
    return given


def _given(file: Path | None, env: str) -> str | None:
    if file is not None:
        return read_passphrase_file(file)
    value = os.environ.get(env)
    return value if value else None


def read_passphrase_file(
    file: Path, *, what: str = "passphrase", option: str = "--passphrase-file"
) -> str:
    """The passphrase (or other secret, ``what``) in ``file``: its UTF-8 text less one trailing
    line break. ``option`` names the flag in messages."""
    if not file.is_file():
        # Not named: it may be the passphrase itself, given by mistake.
        raise UsageError(
            f"there is no {what} file by that name ({option} takes a FILE holding "
            f"the {what}, never the {what} itself)"
        )
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise UsageError(f"cannot read the {what} file {file}: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"the {what} file {file} is not UTF-8 text") from None
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            text = text[: -len(ending)]
            break
    if not text:
        raise UsageError(f"the {what} file {file} is empty")
    return text


def secret_from_file_or_terminal(
    file: Path | None, *, what: str, option: str, prompt: str
) -> str:
    """A secret from ``file`` (``option``), else asked twice on the terminal without echo;
    a one-line error when there is neither (a script without the file)."""
    if file is not None:
        return read_passphrase_file(file, what=what, option=option)
    if not _can_ask():
        raise UsageError(f"give the {what} with {option} FILE (there is no terminal to ask on)")
    given = getpass.getpass(f"{prompt}: ")
    if not given:
        raise UsageError(f"an empty {what} is not stored; nothing was changed")
    if getpass.getpass("The same again: ") != given:
        raise UsageError(f"the two {what}s differ; nothing was changed")
    return given


def _can_ask() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
