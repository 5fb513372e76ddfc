"""The ``nkcase`` command: argument parsing, dispatch and the one-line error contract.

User errors print one line on stderr (``nkcase: error: ...``) and exit 2 (1 for failed
imports); an unexpected error prints one line naming the log file that holds the traceback.
No traceback ever reaches a user.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from nkcase import __version__
from nkcase.cli import gui_cmds
from nkcase.errors import NkcaseError

# The command modules (of nkcase.cli), imported only when a parser is built with them: most
# import their services at once (SQLAlchemy and the ORM model, ~0.7 s). Starting the desktop
# app (``nkcase`` alone, ``nkcase open FILE``) parses with the GUI command only, so its window
# is shown before the core loads.
COMMAND_MODULES = (
    "casebook_cmds",
    "entity_cmds",
    "source_cmds",
    "quote_cmds",
    "export_cmds",
    "gui_cmds",
    "demo_cmds",
)
GUI_COMMAND_MODULES = ("gui_cmds",)


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"nkcase: error: {message} (see: {self.prog} --help)\n")
        raise SystemExit(2)


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="nkcase",
        description="Offline case files for investigators of sanctions evasion.",
    )
    parser.add_argument("--version", action="version", version=f"nkcase {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name in modules:
        importlib.import_module(f"nkcase.cli.{name}").register(commands)
    return parser


def starts_gui(argv: Sequence[str]) -> bool:
    """Whether ``argv`` starts the desktop app: no arguments, or ``open ...``."""
    return not argv or argv[0] == "open"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(GUI_COMMAND_MODULES if starts_gui(argv) else COMMAND_MODULES)
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
        from nkcase.logs import log_unexpected  # logging: only when something went wrong

        log_file = log_unexpected(err)
        print(
            f"nkcase: internal error: {type(err).__name__}: {err} (details in {log_file})",
            file=sys.stderr,
        )
        return 3
