"""The ``nkcase`` command: argument parsing, dispatch and the one-line error contract.

User errors print one line on stderr (``nkcase: error: ...``) and exit 2 (1 for failed
imports); an unexpected error prints one line naming the log file that holds the traceback.
No traceback ever reaches a user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from nkcase import __version__
from nkcase.cli import (
    casebook_cmds,
    demo_cmds,
    entity_cmds,
    export_cmds,
    gui_cmds,
    quote_cmds,
    source_cmds,
)
from nkcase.errors import NkcaseError
from nkcase.logs import log_unexpected

COMMAND_MODULES = [
    casebook_cmds,
    entity_cmds,
    source_cmds,
    quote_cmds,
    export_cmds,
    gui_cmds,
    demo_cmds,
]


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"nkcase: error: {message} (see: {self.prog} --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="nkcase",
        description="Offline case files for investigators of sanctions evasion.",
    )
    parser.add_argument("--version", action="version", version=f"nkcase {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a one-line usage error
        return exit_.code if isinstance(exit_.code, int) else 2
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command is None:
            return gui_cmds.launch(None)
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except NkcaseError as err:
        print(f"nkcase: error: {err.message}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("nkcase: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:
        log_file = log_unexpected(err)
        print(
            f"nkcase: internal error: {type(err).__name__}: {err} (details in {log_file})",
            file=sys.stderr,
        )
        return 3
