"""Operations and the typed records of what they changed.

Every service runs inside :func:`operation`: one write transaction, one audit event, and a
:class:`Change` returned to the caller listing each row before and after — every row, those the
database removed by ``ON DELETE CASCADE`` and those written by Core statements included
(:mod:`nkcase.services.recorder`). The same record serves the views (through its semantic
:attr:`Change.flags`), undo and redo (:mod:`nkcase.services.history`) and the audit log (which
stores the snapshots with big columns as digests). Large values the database still holds
are kept in a change as digests (:mod:`nkcase.services.stored_values`), not in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from nkcase.errors import CasebookBusyError, CasebookError
from nkcase.services.change_flags import ChangeFlags, flags_for
from nkcase.services.recorder import Recorder
from nkcase.services.rows import Key, Row, RowChange, table_order
from nkcase.services.stored_values import StoredValue, slim
from nkcase.store import Casebook

__all__ = [
    "Change",
    "ChangeFlags",
    "Key",
    "Operation",
    "Row",
    "RowChange",
    "combine",
    "operation",
    "table_order",
]


@dataclass(frozen=True, slots=True)
class Change:
    """What one user action changed. ``subject_id`` is the main object's id (the new entity...)."""

    action: str
    summary: str
    rows: tuple[RowChange, ...]
    audit_id: str | None = None
    subject_id: str | None = None
    #: Large values an undo took out of the database, kept for a redo (by table and key).
    parked: dict[tuple[str, Key], Row] = field(default_factory=dict, compare=False, repr=False)

    @property
    def flags(self) -> ChangeFlags:
        """What kinds of thing changed: views refresh on these, not on table names."""
        return flags_for(self.rows)

    def ids(self, table: str) -> set[str]:
        """Ids of the rows of ``table`` touched (for tables keyed by ``id``)."""
        return {str(r.value("id")) for r in self.rows if r.table == table}

    def deleted_ids(self, table: str) -> set[str]:
        """Ids of the rows of ``table`` this change removed."""
        return {str(r.value("id")) for r in self.rows if r.table == table and r.kind == "delete"}

    @property
    def entity_ids(self) -> set[str]:
        """Every entity whose case file this change affects (to refresh its views)."""
        found = self.ids("entity")
        for row in self.rows:
            if row.table == "entity":
                continue
            for column in ("entity_id", "subject_id", "object_id"):
                found.update(str(v) for v in row.values(column) if v)
        return found

    @property
    def source_ids(self) -> set[str]:
        """Every source whose record, text or quotes this change affects."""
        found = self.ids("source")
        for row in self.rows:
            if row.table != "source":
                found.update(str(v) for v in row.values("source_id") if v)
        return found

    @property
    def empty(self) -> bool:
        return not self.rows


def combine(changes: Sequence[Change]) -> Change:
    """Several changes made one after the other, as one (one undo step: "create the entity,
    then quote it"). Named after the last; each row keeps its first before and last after."""
    if len(changes) == 1:
        return changes[0]
    merged: dict[tuple[str, Key], RowChange] = {}
    for change in changes:
        for row in change.rows:
            earlier = merged.get((row.table, row.key))
            before = earlier.before if earlier is not None else row.before
            if before is None and row.after is None:
                merged.pop((row.table, row.key), None)
            else:
                merged[(row.table, row.key)] = RowChange(row.table, row.key, before, row.after)
    order = table_order()
    rows = sorted(
        (r for r in merged.values() if r.before != r.after),
        key=lambda r: (order.get(r.table, 0), r.key),
    )
    last = changes[-1]
    parked: dict[tuple[str, Key], Row] = {}
    for change in changes:
        parked.update(change.parked)
    return Change(last.action, last.summary, tuple(rows), last.audit_id, last.subject_id, parked)


@dataclass
class Operation:
    """The state of a running service call: the session and what the service reports."""

    session: Session
    action: str
    summary: str = ""
    subject_id: str | None = None
    change: Change | None = None
    recorder: Recorder = field(init=False)


@contextmanager
def operation(casebook: Casebook, action: str, *, stamp: bool = True) -> Iterator[Operation]:
    """Run one user action: one transaction, one audit event, a :class:`Change` in ``op.change``.

    The service sets ``op.summary`` (shown as "Undo <summary>") and ``op.subject_id``, and
    writes through ``op.session`` (ORM objects or SQL expression statements; both recorded).
    The rows it writes in a versioned table get the next ``version`` and this operation's audit
    event id as ``origin`` (:mod:`nkcase.model.versioned`); ``stamp=False`` is for undo, redo
    and merges, which write rows back with the stamps they had.
    The transaction takes the write lock when it begins. Any exception rolls everything back:
    nothing is half-written.
    """
    from nkcase.model import new_id
    from nkcase.search import index  # local imports: both use this module's records
    from nkcase.services import audit
    from nkcase.services.stamps import stamp_rows

    casebook_must_be_writable(casebook)
    session = casebook.session()
    op = Operation(session, action)
    op.recorder = Recorder(session)
    event_id = new_id()
    try:
        with session.begin():
            yield op
            session.flush()
            if stamp:
                stamp_rows(session, op.recorder, event_id)
            rows = op.recorder.ordered()
            index.apply_rows(session, rows)
            audit_id = audit.append_event(
                session, casebook.actor, action, op.summary, rows, event_id=event_id
            )
        op.change = Change(action, op.summary, slim(rows), audit_id, op.subject_id)
    except OperationalError as err:
        raise_if_busy(casebook, err)
        raise
    finally:
        op.recorder.detach()
        session.close()


def raise_if_busy(casebook: Casebook, err: OperationalError) -> None:
    """Say "busy" in one line when another writer held the casebook too long (a write that
    could not start); other database errors are left to the caller."""
    if casebook.provider.is_busy(err):
        raise CasebookBusyError(
            f"{casebook.path.name} is busy: another program kept it locked for too long; "
            "nothing was changed, try again"
        ) from err


def casebook_must_be_writable(casebook: Casebook) -> None:
    if casebook.readonly:
        raise CasebookError(f"{casebook.path.name} is open read-only")


def digest_value(value: Any) -> Any:
    """What the audit log keeps of a large column value: its SHA-256 and length."""
    if value is None:
        return None
    stored = StoredValue.of(value if isinstance(value, bytes) else str(value))
    return {"sha256": stored.sha256, "length": stored.length}
