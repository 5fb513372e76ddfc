"""``nkcase demo`` (write the demo casebook) and ``nkcase doctor`` (check this machine)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from nkcase.cli.passphrase import add_passphrase_option, new_passphrase
from nkcase.errors import UsageError


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help="write a demo casebook (an invented case with every kind of source)",
        description="Write a demo casebook built from documents nkcase writes itself: a DOCX "
        "field report, a PDF report, a saved news page, a protected debrief and a Korean text "
        "in EUC-KR, with entities, facts, relationships and quotes. Everything in it is "
        "fictional.",
    )
    demo.add_argument(
        "casebook", nargs="?",
        help="the file to write (default: nkcase-demo.nkcase in your documents folder)",
    )
    demo.add_argument("--force", action="store_true", help="replace an existing file")
    demo.add_argument(
        "--encrypt", action="store_true", help="make it an encrypted casebook (a passphrase)"
    )
    add_passphrase_option(demo, new=True)
    demo.set_defaults(handler=cmd_demo)

    doctor = commands.add_parser(
        "doctor",
        help="check that this machine can run nkcase (Qt, fonts, SQLite, folders, PDF engine)",
    )
    doctor.add_argument(
        "--no-qt", action="store_true", help="skip the Qt check (for machines without a GUI)"
    )
    doctor.add_argument(
        "--font-dir", action="append", type=Path, metavar="DIR",
        help="look for fonts only in DIR (repeatable) instead of the system and bundled folders",
    )
    doctor.set_defaults(handler=cmd_doctor)


def cmd_demo(args: argparse.Namespace) -> int:
    from nkcase.demo.builder import build_demo

    target = Path(args.casebook) if args.casebook else None
    if args.passphrase_file is not None and not args.encrypt:
        raise UsageError("--passphrase-file is for an encrypted demo: add --encrypt")
    passphrase = new_passphrase(args, "the demo casebook") if args.encrypt else None
    started = time.perf_counter()
    path = build_demo(target, force=args.force, passphrase=passphrase)
    elapsed = time.perf_counter() - started
    encrypted = "encrypted " if args.encrypt else ""
    print(f"wrote the {encrypted}demo casebook {path} in {elapsed:.1f} s")
    print(f"open it with: nkcase open {path}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from nkcase import doctor

    results = doctor.run_checks(font_dirs=args.font_dir, qt=not args.no_qt)
    for result in results:
        print(result.line())
    failed = sum(1 for r in results if not r.ok)
    print("all checks pass" if not failed else f"{failed} check(s) failed")
    return 0 if not failed else 1
