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
from typing import Any, NoReturn

from nkcase import __version__
from nkcase.errors import NkcaseError

# Which module of nkcase.cli registers each command. A command imports only its own module
# (and what that module imports: the services it uses), so `nkcase entity list` never loads the
# dossier builder, ReportLab or pdfium, and `nkcase --version` loads no command at all. Only
# the overview (`nkcase --help`, a usage error without a command) registers every module.
COMMANDS: dict[str, str] = {
    "new": "casebook_cmds",
    "info": "casebook_cmds",
    "upgrade": "casebook_cmds",
    "audit": "casebook_cmds",
    "check": "casebook_cmds",
    "encrypt": "crypto_cmds",
    "decrypt": "crypto_cmds",
    "rekey": "crypto_cmds",
    "entity": "entity_cmds",
    "relate": "entity_cmds",
    "import": "source_cmds",
    "source": "source_cmds",
    "verify": "source_cmds",
    "quote": "quote_cmds",
    "link": "quote_cmds",
    "search": "quote_cmds",
    "mentions": "quote_cmds",
    "reanchor": "quote_cmds",
    "note": "level_cmds",
    "release": "level_cmds",
    "mark": "level_cmds",
    "levels": "level_cmds",
    "export": "export_cmds",
    "merge": "merge_cmds",
    "import-ftm": "ftm_cmds",
    "checkout": "fieldwork_cmds",
    "checkin": "fieldwork_cmds",
    "lists": "list_cmds",
    "screen": "screen_cmds",
    "event": "event_cmds",
    "chart": "chart_cmds",
    "timeline": "timeline_cmds",
    "server": "server_cmds",
    "open": "gui_cmds",
    "demo": "demo_cmds",
    "doctor": "demo_cmds",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line on stderr and exit 2.

    Options are never abbreviated: ``--passphrase SECRET`` must be refused, not taken for
    ``--passphrase-file`` (a passphrase is never an argument: nkcase.cli.passphrase).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

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


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules to register for ``argv``: the command's own, or all of them.

    ``nkcase`` alone starts the desktop app (registered by ``gui_cmds``); options before any
    command (``--version``) need no module; ``--help`` and unknown commands show every command.
    """
    if not argv:
        return (COMMANDS["open"],)
    first = argv[0]
    if first in COMMANDS:
        return (COMMANDS[first],)
    if first == "--version":
        return ()
    return COMMAND_MODULES


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(argv)
    except NkcaseError as err:
        print(f"nkcase: error: {err.message}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("nkcase: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except ImportError as err:  # a fault of the installation, not of the user's input
        from nkcase.installation import installation_error

        problem = installation_error(err)
        print(f"nkcase: error: {problem.message}", file=sys.stderr)
        return problem.exit_code
    except Exception as err:
        from nkcase.logs import log_unexpected  # logging: only when something went wrong

        log_file = log_unexpected(err)
        print(
            f"nkcase: internal error: {type(err).__name__}: {err} (details in {log_file})",
            file=sys.stderr,
        )
        return 3


def _run(argv: list[str]) -> int:
    parser = build_parser(modules_for(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a one-line usage error
        return exit_.code if isinstance(exit_.code, int) else 2
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command is None:
            from nkcase.cli.gui_cmds import launch

            return launch(None)
        parser.print_help()
        return 2
    return int(handler(args) or 0)
