"""Argument helpers shared by the CLI's command modules."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from nkcase.cli.passphrase import passphrase_for
from nkcase.errors import UsageError
from nkcase.store.profiles import casebook_location
from nkcase.vocabulary.levels import HANDLING_LEVELS

if TYPE_CHECKING:
    from nkcase.store import Casebook


@contextmanager
def opened(args: argparse.Namespace, *, write: bool) -> Iterator[Casebook]:
    """The casebook named by ``args.casebook``: for writing (locked) or read-only.

    An encrypted casebook's passphrase comes from ``--passphrase-file``, the environment or the
    terminal (:mod:`nkcase.cli.passphrase`). A ``postgresql://`` address or a profile's name
    opens a team casebook (:mod:`nkcase.store.profiles`).
    """
    from nkcase.store import open_casebook  # SQLAlchemy: not for a command that never opens

    where = casebook_location(args.casebook)
    if isinstance(where, str):
        casebook = open_casebook(where, readonly=not write)
    else:
        casebook = open_casebook(where, readonly=not write, passphrase=passphrase_for(args, where))
    try:
        yield casebook
    finally:
        casebook.close()


def prop_pairs(values: list[str] | None, option: str) -> list[tuple[str, str]]:
    """``["country=th", ...]`` as pairs; a value without ``=`` is a usage error."""
    pairs: list[tuple[str, str]] = []
    for raw in values or []:
        prop, sep, value = raw.partition("=")
        if not sep or not prop.strip():
            raise UsageError(f"{option} takes PROPERTY=VALUE, got “{raw}”")
        pairs.append((prop.strip(), value))
    return pairs


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def add_level_option(
    parser: argparse.ArgumentParser,
    *names: str,
    default: str | None,
    help: str,
    dest: str = "level",
) -> None:
    """A handling-level option (public, internal, protected) under ``names`` (--level)."""
    parser.add_argument(
        *(names or ("--level",)),
        dest=dest,
        default=default,
        choices=HANDLING_LEVELS,
        help=help,
    )
