"""``nkcase lists import|show|diff|remove``: sanctions list snapshots.

The services are imported inside the handlers: building the parser for another command never
loads the list parsers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkcase.cli.common import add_json_flag, opened
from nkcase.cli.output import print_json, print_table
from nkcase.cli.passphrase import add_casebook_argument

if TYPE_CHECKING:
    from nkcase.services.list_diff import SnapshotDiff
    from nkcase.services.list_records import SnapshotInfo

FORMAT_CHOICES = ("un", "ofac", "ofac-csv", "eu", "ftm")


def register(commands: Any) -> None:
    lists = commands.add_parser("lists", help="sanctions list snapshots: import, show, compare")
    sub = lists.add_subparsers(dest="lists_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help="import a list file as a new snapshot")
    add_casebook_argument(imp)
    imp.add_argument("file", type=Path, help="consolidated.xml, sdn_advanced.xml, sdn.csv, …")
    imp.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        help="the file's format (told from its bytes if omitted)",
    )
    add_json_flag(imp)
    imp.set_defaults(handler=cmd_import)

    show = sub.add_parser("show", help="the snapshots in the casebook, or one in detail")
    add_casebook_argument(show)
    show.add_argument("snapshot", nargs="?", help="a snapshot id or id prefix")
    add_json_flag(show)
    show.set_defaults(handler=cmd_show)

    diff = sub.add_parser("diff", help="records added, removed and amended between two snapshots")
    add_casebook_argument(diff)
    diff.add_argument("old", help="the older snapshot (id or id prefix)")
    diff.add_argument("new", help="the newer snapshot")
    add_json_flag(diff)
    diff.set_defaults(handler=cmd_diff)

    remove = sub.add_parser("remove", help="remove a snapshot, its records and its files")
    add_casebook_argument(remove)
    remove.add_argument("snapshot", help="a snapshot id or id prefix")
    remove.set_defaults(handler=cmd_remove)


def _counts(info: SnapshotInfo) -> str:
    by_schema = ", ".join(f"{n:,} {schema}" for schema, n in info.counts.items())
    return f"{info.record_count:,} records ({by_schema})" if by_schema else "0 records"


class _Progress:
    """A one-line progress report on stderr, for people at a terminal only."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int, label: str) -> None:
        percent = int(100 * done / total) if total else 100
        if self.enabled and percent != self.shown:
            self.shown = percent
            sys.stderr.write(f"\r{percent:3d}%  {label}   ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.shown >= 0:
            sys.stderr.write("\r" + " " * 60 + "\r")


def cmd_import(args: argparse.Namespace) -> int:
    from nkcase.services.lists import import_list

    progress = _Progress()
    with opened(args, write=True) as casebook:
        try:
            result = import_list(casebook, args.file, format=args.format, progress=progress)
        finally:
            progress.close()
    info = result.snapshot
    if args.json:
        print_json(
            {
                "snapshot": info,
                "since_previous": result.since_previous,
                "audit_id": result.change.audit_id,
            }
        )
        return 0
    print(f"snapshot {info.id}")
    print(f"list: {info.title} ({info.publisher})")
    print(f"date generated: {info.generated or 'not given in the file'}")
    print(f"records: {_counts(info)}")
    print(f"file: {info.file_name}, SHA-256 {info.sha256}")
    for warning in info.warnings:
        print(f"warning: {warning}")
    if result.since_previous is not None:
        print(
            f"since snapshot {result.since_previous.old_id[:8]}: {result.since_previous.describe()}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from nkcase.services.list_records import get_snapshot, list_snapshots

    with opened(args, write=False) as casebook:
        if args.snapshot:
            info = get_snapshot(casebook, args.snapshot)
            if args.json:
                print_json(info)
            else:
                _print_snapshot(info)
            return 0
        snapshots = list_snapshots(casebook)
    if args.json:
        print_json(snapshots)
        return 0
    if not snapshots:
        print("no list snapshots yet (import one with: nkcase lists import CASEBOOK FILE)")
        return 0
    print_table(
        ["id", "list", "generated", "records", "imported (UTC)", "file"],
        [
            (
                s.id[:8],
                s.title,
                s.generated or "—",
                f"{s.record_count:,}",
                s.imported_at[:16].replace("T", " "),
                s.file_name,
            )
            for s in snapshots
        ],
    )
    return 0


def _print_snapshot(info: SnapshotInfo) -> None:
    print(f"snapshot {info.id}")
    print(f"list: {info.title} ({info.publisher}), format {info.format}")
    print(f"date generated: {info.generated or 'not given in the file'}")
    print(f"records: {_counts(info)}")
    print(f"imported: {info.imported_at[:19].replace('T', ' ')} UTC by {info.imported_by}")
    for f in info.files:
        print(f"file ({f.role}): {f.file_name}, {f.size:,} bytes, SHA-256 {f.sha256}")
    for warning in info.warnings:
        print(f"warning: {warning}")


def cmd_diff(args: argparse.Namespace) -> int:
    from nkcase.services.list_diff import diff_snapshots

    with opened(args, write=False) as casebook:
        diff = diff_snapshots(casebook, args.old, args.new)
    if args.json:
        print_json(diff)
    else:
        _print_diff(diff)
    return 0


def _print_diff(diff: SnapshotDiff) -> None:
    print(f"from {diff.old.id[:8]} ({diff.old.label})")
    print(f"  to {diff.new.id[:8]} ({diff.new.label})")
    print(diff.counts.describe())
    for kind in ("added", "removed", "amended"):
        changes = diff.of_kind(kind)
        if not changes:
            continue
        print(f"\n{kind} ({len(changes):,}):")
        print_table(
            ["key", "reference", "schema", "name", "changed" if kind == "amended" else ""],
            [
                (c.record_key, c.reference or "—", c.schema, c.caption, ", ".join(c.fields))
                for c in changes
            ],
        )


def cmd_remove(args: argparse.Namespace) -> int:
    from nkcase.services.lists import remove_snapshot

    with opened(args, write=True) as casebook:
        change = remove_snapshot(casebook, args.snapshot)
    print(change.summary)
    return 0
