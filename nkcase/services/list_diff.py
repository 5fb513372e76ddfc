"""What changed between two snapshots of the same list: added, removed and amended records.

Records are matched by ``record_key`` (stable across snapshots: UN DATAID, OFAC uid, EU
logicalId, FtM id) and told apart by ``content_hash``, which ignores the order and markup a list
happens to use: only a change of what the record says is an amendment. The comparison runs in
SQL on the (snapshot, key) index, so it scales to lists of a million records.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from nkcase.errors import UsageError
from nkcase.model import ListRecordRow, ListSnapshot
from nkcase.screening.codec import record_from_json
from nkcase.screening.records import ListRecord
from nkcase.services.list_records import SnapshotInfo, resolve_snapshot, snapshot_info
from nkcase.store import Casebook

# Fields of a ListRecord compared to say what an amendment changed, in the record's order.
COMPARED_FIELDS = tuple(
    f.name for f in fields(ListRecord) if f.name not in ("record_key", "content_hash")
)


@dataclass(frozen=True)
class DiffCounts:
    old_id: str
    new_id: str
    added: int
    removed: int
    amended: int
    unchanged: int

    def describe(self) -> str:
        return (
            f"{self.added:,} added, {self.removed:,} removed, {self.amended:,} amended, "
            f"{self.unchanged:,} unchanged"
        )


@dataclass(frozen=True)
class RecordChange:
    """One record that differs: ``kind`` is "added", "removed" or "amended"; ``fields`` names
    what an amendment changed (see :data:`COMPARED_FIELDS`)."""

    kind: str
    record_key: str
    reference: str | None
    caption: str
    schema: str
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SnapshotDiff:
    old: SnapshotInfo
    new: SnapshotInfo
    counts: DiffCounts
    changes: list[RecordChange]

    def of_kind(self, kind: str) -> list[RecordChange]:
        return [c for c in self.changes if c.kind == kind]


def _one_sided(session: Session, present: str, absent: str) -> list[ListRecordRow]:
    """Records of snapshot ``present`` whose key is not in snapshot ``absent``."""
    other = aliased(ListRecordRow)
    return list(
        session.scalars(
            select(ListRecordRow)
            .outerjoin(
                other,
                and_(other.snapshot_id == absent, other.record_key == ListRecordRow.record_key),
            )
            .where(ListRecordRow.snapshot_id == present, other.id.is_(None))
            .order_by(ListRecordRow.record_key)
        ).all()
    )


def _amended(session: Session, old_id: str, new_id: str) -> list[tuple[str, str, str]]:
    """(record key, old data, new data) of the records whose content hash changed."""
    old = aliased(ListRecordRow)
    new = aliased(ListRecordRow)
    rows = session.execute(
        select(new.record_key, old.data, new.data)
        .join(old, and_(old.snapshot_id == old_id, old.record_key == new.record_key))
        .where(new.snapshot_id == new_id, old.content_hash != new.content_hash)
        .order_by(new.record_key)
    ).all()
    return [(k, o, n) for k, o, n in rows]


def _count_common(session: Session, old_id: str, new_id: str) -> tuple[int, int]:
    """(records in both, of which amended)."""
    old = aliased(ListRecordRow)
    new = aliased(ListRecordRow)
    query = (
        select(func.count(), func.sum(case((old.content_hash != new.content_hash, 1), else_=0)))
        .select_from(new)
        .join(old, and_(old.snapshot_id == old_id, old.record_key == new.record_key))
        .where(new.snapshot_id == new_id)
    )
    both, amended = session.execute(query).one()
    return int(both or 0), int(amended or 0)


def diff_counts(session: Session, old_id: str, new_id: str) -> DiffCounts:
    """How many records were added, removed and amended from ``old_id`` to ``new_id``."""
    both, amended = _count_common(session, old_id, new_id)
    totals = dict(
        session.execute(
            select(ListSnapshot.id, ListSnapshot.record_count).where(
                ListSnapshot.id.in_([old_id, new_id])
            )
        ).all()
    )
    return DiffCounts(
        old_id,
        new_id,
        added=totals[new_id] - both,
        removed=totals[old_id] - both,
        amended=amended,
        unchanged=both - amended,
    )


def changed_fields(old: ListRecord, new: ListRecord) -> list[str]:
    """The fields (:data:`COMPARED_FIELDS`) whose content differs, order aside."""
    found = []
    for name in COMPARED_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if isinstance(before, tuple):
            before, after = sorted(map(repr, before)), sorted(map(repr, after))
        if before != after:
            found.append(name)
    return found


def _change(kind: str, row: ListRecordRow) -> RecordChange:
    return RecordChange(kind, row.record_key, row.reference, row.caption, row.schema)


def diff_snapshots(casebook: Casebook, old_ref: str, new_ref: str) -> SnapshotDiff:
    """Every record added, removed or amended from snapshot ``old_ref`` to ``new_ref`` (two
    snapshots of the same list)."""
    with casebook.reading() as session:
        old = resolve_snapshot(session, old_ref)
        new = resolve_snapshot(session, new_ref)
        if old.id == new.id:
            raise UsageError("that is the same snapshot twice: name an older and a newer one")
        if old.list_code != new.list_code:
            raise UsageError(
                f"the snapshots are of different lists ({old.title} and {new.title}): "
                "only snapshots of the same list can be compared"
            )
        if old.format != new.format:
            raise UsageError(
                f"the snapshots are of the same list in different formats ({old.format} and "
                f"{new.format}), which describe records differently: compare snapshots "
                "imported from the same kind of file"
            )
        changes = [_change("added", r) for r in _one_sided(session, new.id, old.id)]
        changes += [_change("removed", r) for r in _one_sided(session, old.id, new.id)]
        for key, old_data, new_data in _amended(session, old.id, new.id):
            before, after = record_from_json(old_data), record_from_json(new_data)
            changes.append(
                RecordChange(
                    "amended",
                    key,
                    after.reference,
                    after.primary_name,
                    after.schema,
                    changed_fields(before, after),
                )
            )
        return SnapshotDiff(
            snapshot_info(session, old),
            snapshot_info(session, new),
            diff_counts(session, old.id, new.id),
            changes,
        )
