"""``nkcase new``, ``info``, ``upgrade``, ``audit``, ``check``."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from nkcase.cli.common import add_json_flag, opened
from nkcase.cli.output import print_json, print_table
from nkcase.cli.passphrase import add_casebook_argument, add_passphrase_option, new_passphrase
from nkcase.errors import UsageError
from nkcase.model import AuditEvent, Entity, Quote, Relationship, Source
from nkcase.services import audit
from nkcase.services.check import check_casebook
from nkcase.store import create_casebook
from nkcase.store.migrate import current_revision


def register(commands: Any) -> None:
    new = commands.add_parser("new", help="create a new casebook file")
    new.add_argument("casebook", help="the file to create, e.g. restaurants.nkcase")
    new.add_argument("--name", help="the investigation's name (default: the file name)")
    new.add_argument(
        "--encrypt", action="store_true",
        help="encrypt it with a passphrase (SQLCipher; see docs/security.md)",
    )
    add_passphrase_option(new, new=True)
    new.set_defaults(handler=cmd_new)

    info = commands.add_parser("info", help="what a casebook holds")
    add_casebook_argument(info)
    add_json_flag(info)
    info.set_defaults(handler=cmd_info)

    upgrade = commands.add_parser(
        "upgrade", help="bring a casebook made by an older nkcase to this version's schema"
    )
    add_casebook_argument(upgrade)
    upgrade.set_defaults(handler=cmd_upgrade)

    log = commands.add_parser("audit", help="the audit log: who changed what, when")
    add_casebook_argument(log)
    log.add_argument("--last", type=int, metavar="N", help="only the newest N events")
    add_json_flag(log)
    log.set_defaults(handler=cmd_audit)

    check = commands.add_parser(
        "check", help="verify SQLite integrity, references and the audit chain"
    )
    add_casebook_argument(check)
    check.set_defaults(handler=cmd_check)


@dataclass(frozen=True)
class CasebookSummary:
    path: str
    id: str
    name: str
    fingerprint: str
    created_at: str
    created_by: str
    schema_revision: str | None
    encrypted: bool
    entities: int
    relationships: int
    sources: int
    quotes: int
    audit_events: int


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.casebook)
    if args.passphrase_file is not None and not args.encrypt:
        raise UsageError("--passphrase-file is for an encrypted casebook: add --encrypt")
    passphrase = new_passphrase(args, path.name) if args.encrypt else None
    with create_casebook(path, args.name, passphrase=passphrase) as casebook:
        info = casebook.info()
        what = "encrypted, fingerprint" if casebook.encrypted else "fingerprint"
        print(f"created {path} “{info.name}” ({what} {info.fingerprint})")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        info = casebook.info()
        with casebook.reading() as session:

            def count(model: Any) -> int:
                return int(session.scalar(select(func.count()).select_from(model)) or 0)

            summary = CasebookSummary(
                path=casebook.location,
                id=info.id,
                name=info.name,
                fingerprint=info.fingerprint,
                created_at=info.created_at,
                created_by=info.created_by,
                schema_revision=current_revision(casebook.engine),
                encrypted=casebook.encrypted,
                entities=count(Entity),
                relationships=count(Relationship),
                sources=count(Source),
                quotes=count(Quote),
                audit_events=count(AuditEvent),
            )
    if args.json:
        print_json(summary)
    else:
        for field_name, value in vars(summary).items():
            print(f"{field_name.replace('_', ' ')}: {value}")
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    """Open the casebook for writing once: that upgrades an older schema (a file keeps a
    backup of itself as it was) — what read-only commands ask for, since they write nothing."""
    with opened(args, write=True) as casebook:
        done = casebook.upgraded
        revision = current_revision(casebook.engine)
        location = casebook.location
    if done is None:
        print(f"{location} is already at revision {revision}")
    else:
        print(f"upgraded {location} from revision {done.from_revision} to {done.to_revision}; "
              f"the file as it was: {done.backup_path}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook, casebook.reading() as session:
        events = audit.list_events(session, limit=args.last)
    if args.json:
        print_json(events)
    else:
        print_table(
            ["#", "when (UTC)", "who", "what"],
            [(e.seq, e.at[:19].replace("T", " "), e.actor, e.summary) for e in events],
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with opened(args, write=False) as casebook:
        problems = check_casebook(casebook)
    if problems:
        for line in problems:
            print(f"FAIL {line}")
        print(f"{casebook.path.name}: {len(problems)} problem(s)")
        return 1
    print(f"{casebook.path.name}: integrity ok, references ok, audit chain ok")
    return 0
