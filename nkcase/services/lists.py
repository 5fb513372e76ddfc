"""Importing and removing sanctions list snapshots (bulk operations, see services.bulk).

:func:`import_list` reads a list file of any supported format, keeps its original bytes, and
writes its records, names and identifiers (:class:`~nkcase.services.list_writer.RecordWriter`)
in one transaction with one summary event in the audit log. A file already imported is refused;
a damaged, truncated, hostile or wrong-format file is refused with one line and leaves nothing
behind; so does a cancel. :func:`remove_snapshot` is the only way a snapshot leaves the
casebook: lists are reference data, not on the undo stack.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from nkcase.errors import ConflictError, IngestError
from nkcase.model import (
    ListIdentifier,
    ListName,
    ListRecordRow,
    ListSnapshot,
    ListSnapshotFile,
    new_id,
    utc_now,
)
from nkcase.services.bulk import BulkChange, BulkWriter, bulk_operation
from nkcase.services.list_diff import DiffCounts, diff_counts
from nkcase.services.list_records import (
    SnapshotInfo,
    previous_snapshot,
    resolve_snapshot,
    snapshot_caption,
    snapshot_info,
)
from nkcase.services.list_writer import RecordWriter
from nkcase.store import Casebook

if TYPE_CHECKING:
    from nkcase.screening.parsers import ListFile

#: List file bytes per name, about: 130–560 in the CSV, FtM and UN files, more in OFAC's XML.
#: Too many bytes make fewer names expected, which errs towards keeping the indexes up.
BYTES_PER_NAME = 1024
HASH_BLOCK_BYTES = 2**20
"""Bytes of a list file hashed at a time, between two looks at Cancel."""
ProgressCallback = Callable[[int, int, str], None]
"""``progress(done, total, label)``: bytes of the list file read so far, and a line to show."""


@dataclass(frozen=True)
class ListImport:
    """What an import did: the new snapshot, the audit summary, and what changed since the
    previous snapshot of the same list (None for the first)."""

    snapshot: SnapshotInfo
    change: BulkChange
    since_previous: DiffCounts | None


def import_list(
    casebook: Casebook,
    path: Path,
    *,
    format: str | None = None,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    chunk_bytes: int | None = None,
) -> ListImport:
    """Import the list file at ``path`` as a new snapshot (format told from its bytes unless
    given). Raises a one-line error for a file that cannot be imported; nothing is written then.

    A large file is read by worker processes while this one writes
    (:mod:`nkcase.screening.pipeline`); ``workers`` sets how many (0: none) whatever the
    file's size, ``chunk_bytes`` the size of their pieces: the same rows either way.
    """
    from nkcase.screening.parsers import open_list
    from nkcase.screening.pipeline import RowStream

    source = open_list(Path(path), format)
    before = {role: _identity(part) for role, part in source.parts}
    # the worker processes of a large file start (on a thread) while the file is kept
    with RowStream(source, workers=workers, chunk_bytes=chunk_bytes) as stream:
        snapshot_id = new_id()
        # the snapshot's rows refer only to it and to each other: see bulk_operation
        with bulk_operation(
            casebook, "lists.import", cancelled=cancelled, own_references=True
        ) as bulk:
            header = source.header
            # the workers scan the file meanwhile (its first round): the file is hashed, a
            # file imported before refused (nothing written), and its bytes kept
            with stream.ahead(bulk.check_cancelled):
                hashes = {
                    role: _file_sha256(part, bulk.check_cancelled) for role, part in source.parts
                }
                _refuse_duplicate(bulk, source.path, hashes["main"])
                snapshot_row = _snapshot_row(source, snapshot_id, hashes["main"], casebook.actor)
                bulk.insert(ListSnapshot, [snapshot_row])
                bulk.scope = ("snapshot_id", snapshot_id)
                bulk.subject_id = snapshot_id
                for role, part in source.parts:
                    _store_file(bulk, snapshot_id, role, part, hashes[role])
            writer = RecordWriter(bulk, snapshot_id)
            total = source.path.stat().st_size

            shown = -1

            def report(done: int, _total: int) -> None:
                nonlocal shown
                permille = 1000 * done // total if total else 1000
                if progress is not None and permille != shown:  # at most a thousand reports
                    shown = permille
                    progress(done, total, f"{writer.count:,} records written")

            # the name and identifier indexes built once after the rows, when the file is larger
            # than what the casebook's lists hold (a first import; see the provider)
            expected_names = (
                sum(part.stat().st_size for _role, part in source.parts) // BYTES_PER_NAME
            )
            with bulk.provider.indexes_deferred(
                bulk.session.connection(), ("list_name", "list_identifier"), expected_names
            ) as build_indexes:
                # built once the workers hold the last pieces, which they read meanwhile (the
                # rows after keep the indexes up); without workers, after the last row. Asked
                # at every chunk: OFAC's advanced XML knows where its last piece ends only
                # after its first round
                for chunk in stream.chunks(report, bulk.check_cancelled):
                    writer.write(chunk)
                    tail = stream.tail_bytes
                    if tail and chunk.end >= total - tail:
                        build_indexes()
            if writer.count == 0:
                raise IngestError(f"{source.path.name} holds no records: nothing was imported")
            for role, part in source.parts:  # the bytes kept are the bytes read
                if _identity(part) != before[role]:
                    raise _changed_meanwhile(part)
            final = {
                "record_count": writer.count,
                "counts": json.dumps(dict(sorted(writer.schemata.items()))),
                "warnings": json.dumps(writer.warnings(), ensure_ascii=False),
            }
            bulk.session.execute(
                update(ListSnapshot).where(ListSnapshot.id == snapshot_id).values(**final)
            )
            snapshot_row.update(final)
            bulk.record_row(ListSnapshot, [snapshot_id], None, snapshot_row)
            caption = snapshot_caption(header.title, header.generated, snapshot_row["imported_at"])
            bulk.summary = (
                f"Imported {caption}: {writer.count:,} records, SHA-256 {hashes['main'][:12]}…"
            )
    assert bulk.change is not None
    with casebook.reading() as session:
        snapshot = resolve_snapshot(session, snapshot_id)
        info = snapshot_info(session, snapshot)
        previous = previous_snapshot(session, snapshot)
        since = diff_counts(session, previous.id, snapshot.id) if previous else None
    return ListImport(info, bulk.change, since)


def _refuse_duplicate(bulk: BulkWriter, path: Path, sha256: str) -> None:
    existing = bulk.session.scalars(
        select(ListSnapshot).where(ListSnapshot.sha256 == sha256)
    ).first()
    if existing is not None:
        raise IngestError(
            f"{path.name} is already imported as snapshot {existing.id[:8]}: "
            f"{snapshot_caption(existing.title, existing.generated, existing.imported_at)}"
        )


def _identity(path: Path) -> tuple[int, int, int]:
    """What changes when a file is written to (size, modification time, inode): compared
    before the file is kept and after its records were read."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def _changed_meanwhile(path: Path) -> IngestError:
    """The refusal of a file written to during its import (told by its size, time and inode
    after the rows, or by the bytes kept against the hash taken before)."""
    return IngestError(f"{path.name} changed while it was being imported: nothing was imported")


def _snapshot_row(source: ListFile, snapshot_id: str, sha256: str, actor: str) -> dict[str, Any]:
    """The new snapshot's row, before its records are counted."""
    header = source.header
    return {
        "id": snapshot_id,
        "list_code": header.list_code,
        "format": header.format,
        "publisher": header.publisher,
        "title": header.title,
        "generated": header.generated,
        "file_name": source.path.name,
        "sha256": sha256,
        "size": source.path.stat().st_size,
        "record_count": 0,
        "counts": "{}",
        "warnings": "[]",
        "imported_at": utc_now(),
        "imported_by": actor,
    }


def _file_sha256(path: Path, check: Callable[[], None]) -> str:
    """SHA-256 of the file at ``path``, read in blocks; ``check`` (Cancel) between them."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK_BYTES):
            check()
            digest.update(block)
    return digest.hexdigest()


def _store_file(bulk: BulkWriter, snapshot_id: str, role: str, path: Path, sha256: str) -> None:
    """Keep the original bytes of ``path``, streamed into the casebook, in a row written once
    with their SHA-256 (hashed before: setting the hash after the bytes made SQLite write the
    whole row again, the bytes with it, 0.3 s for 57 MB). The bytes written are hashed too:
    a file whose bytes are not those hashed changed meanwhile, and is refused."""
    file_id = new_id()
    size = path.stat().st_size
    row = {
        "id": file_id,
        "snapshot_id": snapshot_id,
        "role": role,
        "file_name": path.name,
        "sha256": sha256,
        "size": size,
    }
    provider = bulk.provider
    bulk.session.execute(insert(ListSnapshotFile).values(**row, data=provider.reserve_file(size)))
    bulk.inserted["list_snapshot_file"] = bulk.inserted.get("list_snapshot_file", 0) + 1
    written = provider.write_file(
        bulk.session.connection(),
        "list_snapshot_file",
        "data",
        ("id", file_id),
        path,
        bulk.cancelled,
    )
    if written != sha256:
        raise _changed_meanwhile(path)
    bulk.record_row(
        ListSnapshotFile, [file_id], None, {**row, "data": {"sha256": sha256, "length": size}}
    )


def remove_snapshot(casebook: Casebook, ref: str) -> BulkChange:
    """Remove a snapshot with its records and original files (recorded in the audit log).

    Refused while something in the casebook still refers to its records (a confirmed match
    citing it, for instance): that must be resolved first.
    """
    try:
        with bulk_operation(casebook, "lists.remove") as bulk:
            snapshot = resolve_snapshot(bulk.session, ref)
            snapshot_table = ListSnapshot.__table__
            before = dict(
                bulk.session.execute(
                    select(snapshot_table).where(snapshot_table.c.id == snapshot.id)
                )
                .mappings()
                .one()
            )
            files = bulk.session.execute(
                select(
                    ListSnapshotFile.id,
                    ListSnapshotFile.role,
                    ListSnapshotFile.file_name,
                    ListSnapshotFile.sha256,
                    ListSnapshotFile.size,
                ).where(ListSnapshotFile.snapshot_id == snapshot.id)
            ).all()
            bulk.scope = ("snapshot_id", snapshot.id)
            bulk.subject_id = snapshot.id
            label = snapshot_caption(snapshot.title, snapshot.generated, snapshot.imported_at)
            for model in (ListName, ListIdentifier, ListRecordRow, ListSnapshotFile):
                bulk.delete_scope(model)
            bulk.session.delete(snapshot)
            bulk.session.flush()
            for file_id, role, name, sha, size in files:
                file_row = {
                    "id": file_id,
                    "snapshot_id": before["id"],
                    "role": role,
                    "file_name": name,
                    "sha256": sha,
                    "size": size,
                    "data": {"sha256": sha, "length": size},
                }
                bulk.record_row(ListSnapshotFile, [file_id], file_row, None)
            bulk.record_row(ListSnapshot, [before["id"]], before, None)
            bulk.summary = (
                f"Removed list snapshot {label} ({before['record_count']:,} records, "
                f"SHA-256 {before['sha256'][:12]}…)"
            )
    except IntegrityError:
        raise ConflictError(
            f"list snapshot {ref} is still cited in this casebook (a reviewed match refers to "
            "its records): remove or re-review those first; nothing was removed"
        ) from None
    assert bulk.change is not None
    return bulk.change
