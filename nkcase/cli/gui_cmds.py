"""``nkcase open CASEBOOK``: open a casebook in the desktop app."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("open", help="open a casebook in the desktop app")
    parser.add_argument("casebook", help="the .nkcase file to open")
    parser.set_defaults(handler=cmd_open)


def cmd_open(args: argparse.Namespace) -> int:
    return launch(args.casebook)


def launch(casebook: str | None) -> int:
    """Start the desktop app (on ``casebook`` if given); a missing Qt is a one-line error."""
    try:
        from nkcase.gui.app import run_gui
    except ImportError as err:
        print(f"nkcase: error: the desktop app cannot start: {err}", file=sys.stderr)
        return 2
    return run_gui(casebook)
