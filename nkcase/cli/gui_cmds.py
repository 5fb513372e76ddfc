"""``nkcase open CASEBOOK``: open a casebook in the desktop app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("open", help="open a casebook in the desktop app")
    parser.add_argument(
        "casebook", help="the .nkcase file, a postgresql:// address or a profile name to open"
    )
    parser.set_defaults(handler=cmd_open)


def cmd_open(args: argparse.Namespace) -> int:
    return launch(args.casebook)


def launch(casebook: str | None) -> int:
    """Start the desktop app (on ``casebook`` if given); a missing Qt is a one-line error."""
    if casebook is not None and not Path(casebook).exists() and not _team(casebook):
        print(f"nkcase: error: no casebook at {casebook}", file=sys.stderr)
        return 2
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    ):
        # Qt would abort the process without a display; say so in one line instead.
        print(
            "nkcase: error: no display to open the desktop app on (run it in a desktop "
            "session; the command-line tools work anywhere: nkcase --help)",
            file=sys.stderr,
        )
        return 2
    try:
        from nkcase.gui.app import run_gui
    except ImportError as err:
        from nkcase.installation import installation_error

        problem = installation_error(err)
        print(f"nkcase: error: the desktop app cannot start: {problem.message}", file=sys.stderr)
        return problem.exit_code
    return run_gui(casebook)


def _team(casebook: str) -> bool:
    """Whether ``casebook`` names a team casebook (an address or a profile). Asked only when
    no such file exists: the store (and the core it imports) loads after the window shows."""
    from nkcase.store.profiles import casebook_location

    return isinstance(casebook_location(casebook), str)
