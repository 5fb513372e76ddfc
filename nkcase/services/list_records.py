"""Reading list snapshots and their records: the API screening and the views use.

Snapshots are named by id or an unambiguous id prefix. Records come back as
:class:`StoredRecord` (the casebook's integer id, the snapshot, the parsed
:class:`~nkcase.screening.records.ListRecord`); names and identifiers can be streamed without
decoding whole records, for building a blocking index over a large list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from nkcase.errors import AmbiguousError, NotFoundError
from nkcase.model import ListIdentifier, ListName, ListRecordRow, ListSnapshot, ListSnapshotFile
from nkcase.screening.codec import record_from_json
from nkcase.screening.records import ListRecord
from nkcase.store import Casebook

MIN_PREFIX = 4


@dataclass(frozen=True)
class SnapshotFile:
    role: str
    file_name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class SnapshotInfo:
    """A list snapshot as shown to people and scripts (``nkcase lists show --json``)."""

    id: str
    list_code: str
    format: str
    publisher: str
    title: str
    generated: str | None
    file_name: str
    sha256: str
    size: int
    record_count: int
    counts: dict[str, int]
    warnings: list[str]
    imported_at: str
    imported_by: str
    files: list[SnapshotFile]

    @property
    def label(self) -> str:
        """ "UN Security Council Consolidated List of 2026-01-28" (:func:`snapshot_caption`)."""
        return snapshot_caption(self.title, self.generated, self.imported_at)


def snapshot_caption(title: str, generated: str | None, imported_at: str) -> str:
    """How every output names a snapshot: "OFAC SDN List of 2021-04-20", or "OFAC SDN List,
    undated (imported 2026-12-03)" when the file gives no date (OFAC's CSV set): never the
    import day passed off as the list's date."""
    if generated:
        return f"{title} of {generated}"
    return f"{title}, undated (imported {imported_at[:10]})"


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A list record as stored: ``id`` is the casebook's key for it (``list_record.id``)."""

    id: int
    snapshot_id: str
    record: ListRecord


@dataclass(frozen=True, slots=True)
class StoredName:
    """One name of a stored record, without decoding the record (for blocking indexes)."""

    id: int
    record_id: int
    snapshot_id: str
    name: str
    quality: str
    script: str | None
    lang: str | None
    family: str | None
    parts: tuple[str, ...]


def snapshot_info(session: Session, snapshot: ListSnapshot) -> SnapshotInfo:
    files = session.execute(
        select(
            ListSnapshotFile.role,
            ListSnapshotFile.file_name,
            ListSnapshotFile.sha256,
            ListSnapshotFile.size,
        )
        .where(ListSnapshotFile.snapshot_id == snapshot.id)
        .order_by(ListSnapshotFile.role != "main", ListSnapshotFile.role)
    ).all()
    return SnapshotInfo(
        id=snapshot.id,
        list_code=snapshot.list_code,
        format=snapshot.format,
        publisher=snapshot.publisher,
        title=snapshot.title,
        generated=snapshot.generated,
        file_name=snapshot.file_name,
        sha256=snapshot.sha256,
        size=snapshot.size,
        record_count=snapshot.record_count,
        counts=json.loads(snapshot.counts),
        warnings=json.loads(snapshot.warnings),
        imported_at=snapshot.imported_at,
        imported_by=snapshot.imported_by,
        files=[SnapshotFile(*f) for f in files],
    )


def list_snapshots(casebook: Casebook) -> list[SnapshotInfo]:
    """Every snapshot, grouped by list, oldest first within a list."""
    with casebook.reading() as session:
        snapshots = session.scalars(select(ListSnapshot)).all()
        infos = [snapshot_info(session, s) for s in snapshots]
    return sorted(infos, key=lambda s: (s.list_code, s.generated or "", s.imported_at))


def resolve_snapshot(session: Session, ref: str) -> ListSnapshot:
    """The snapshot ``ref`` names: its id or an unambiguous id prefix."""
    ref = ref.strip().lower()
    found = session.get(ListSnapshot, ref)
    if found is not None:
        return found
    if len(ref) >= MIN_PREFIX:
        matches = session.scalars(
            select(ListSnapshot).where(ListSnapshot.id.startswith(ref)).limit(11)
        ).all()
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listing = "; ".join(f"{m.id[:8]} ({m.title}, {m.generated})" for m in matches[:10])
            raise AmbiguousError(f"“{ref}” names {len(matches)} list snapshots: {listing}")
    raise NotFoundError(f"no list snapshot {ref} (see: nkcase lists show)")


def get_snapshot(casebook: Casebook, ref: str) -> SnapshotInfo:
    with casebook.reading() as session:
        return snapshot_info(session, resolve_snapshot(session, ref))


def previous_snapshot(session: Session, snapshot: ListSnapshot) -> ListSnapshot | None:
    """The snapshot of the same list, in the same format, generated (or imported) just before
    ``snapshot``."""
    others = session.scalars(
        select(ListSnapshot).where(
            ListSnapshot.list_code == snapshot.list_code,
            ListSnapshot.format == snapshot.format,
            ListSnapshot.id != snapshot.id,
        )
    ).all()

    def order(s: ListSnapshot) -> tuple[str, str]:
        return (s.generated or "", s.imported_at)

    earlier = [s for s in others if order(s) < order(snapshot)]
    return max(earlier, key=order) if earlier else None


def _stored(rows: Iterable[tuple[int, str, str]]) -> list[StoredRecord]:
    return [StoredRecord(i, s, record_from_json(data)) for i, s, data in rows]


def iter_records(
    session: Session, snapshot_ids: Sequence[str], *, batch: int = 2000
) -> Iterator[StoredRecord]:
    """Every record of the snapshots, in id order, read ``batch`` at a time."""
    query = select(ListRecordRow.id, ListRecordRow.snapshot_id, ListRecordRow.data).where(
        ListRecordRow.snapshot_id.in_(snapshot_ids)
    )
    for rows in _pages(session, query, ListRecordRow.id, batch):
        yield from _stored(rows)


def records_by_id(session: Session, ids: Iterable[int]) -> dict[int, StoredRecord]:
    """The stored records with these ids (missing ids are left out)."""
    wanted = sorted(set(ids))
    found: dict[int, StoredRecord] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(ListRecordRow.id, ListRecordRow.snapshot_id, ListRecordRow.data).where(
                ListRecordRow.id.in_(wanted[start : start + 500])
            )
        ).all()
        found.update((r.id, r) for r in _stored(rows))
    return found


def record_by_key(session: Session, snapshot_id: str, record_key: str) -> StoredRecord | None:
    row = session.execute(
        select(ListRecordRow.id, ListRecordRow.snapshot_id, ListRecordRow.data).where(
            ListRecordRow.snapshot_id == snapshot_id, ListRecordRow.record_key == record_key
        )
    ).first()
    return _stored([tuple(row)])[0] if row is not None else None  # type: ignore[list-item]


def iter_names(
    session: Session, snapshot_ids: Sequence[str], *, batch: int = 5000
) -> Iterator[StoredName]:
    """Every name of the snapshots' records, in id order, without decoding the records."""
    query = select(
        ListName.id,
        ListName.record_id,
        ListName.snapshot_id,
        ListName.name,
        ListName.quality,
        ListName.script,
        ListName.lang,
        ListName.family,
        ListName.parts,
    ).where(ListName.snapshot_id.in_(snapshot_ids))
    for rows in _pages(session, query, ListName.id, batch):
        for name_id, record_id, snapshot_id, name, quality, script, lang, family, parts in rows:
            yield StoredName(name_id, record_id, snapshot_id, name, quality, script, lang,
                             family, tuple(json.loads(parts)))


def iter_name_texts(
    session: Session, snapshot_ids: Sequence[str], *, batch: int = 20_000
) -> Iterator[tuple[int, str]]:
    """(record id, name) of every name of the snapshots, in name id order: all a blocking index
    needs, read without the other columns (a million names: no million decoded parts)."""
    query = select(ListName.id, ListName.record_id, ListName.name).where(
        ListName.snapshot_id.in_(snapshot_ids)
    )
    for rows in _pages(session, query, ListName.id, batch):
        for _name_id, record_id, name in rows:
            yield record_id, name


def _pages(
    session: Session, query: Select[*tuple[Any, ...]], key: Any, batch: int
) -> Iterator[Any]:
    """The rows of ``query`` (whose first column is ``key``) in ``key`` order, ``batch`` at a
    time: keyset pages, so a million rows are never held at once nor skipped by an offset."""
    last = 0
    while rows := session.execute(query.where(key > last).order_by(key).limit(batch)).all():
        yield rows
        last = rows[-1][0]


def records_with_identifier(
    session: Session, kind: str, value: str, snapshot_ids: Sequence[str] | None = None
) -> list[int]:
    """Ids of the records listing identifier ``value`` (normal form, e.g. "IMO9876543")."""
    query = select(ListIdentifier.record_id).where(
        ListIdentifier.kind == kind, ListIdentifier.value == value
    )
    if snapshot_ids is not None:
        query = query.where(ListIdentifier.snapshot_id.in_(snapshot_ids))
    return sorted(set(session.scalars(query).all()))


def verify_list_files(casebook: Casebook) -> tuple[int, list[str]]:
    """Re-hash every stored list file (read in chunks); (files checked, one line per file that
    no longer matches its SHA-256)."""
    problems: list[str] = []
    with casebook.reading() as session:
        files = session.execute(
            select(
                ListSnapshotFile.id,
                ListSnapshotFile.file_name,
                ListSnapshotFile.sha256,
                ListSnapshot.title,
                ListSnapshot.generated,
            ).join(ListSnapshot, ListSnapshot.id == ListSnapshotFile.snapshot_id)
        ).all()
        connection = session.connection()
        for file_id, name, sha, title, generated in files:
            label = f"list file {name} of {title} ({generated or 'undated'})"
            actual = casebook.provider.stored_file_sha256(
                connection, "list_snapshot_file", "data", ("id", file_id)
            )
            if actual is None:
                problems.append(f"{label}: original file missing")
            elif actual != sha:
                problems.append(f"{label}: original does not match its SHA-256")
    return len(files), problems
