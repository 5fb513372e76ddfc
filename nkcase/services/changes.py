"""Typed records of what an operation changed, captured from the ORM as it flushes.

Every service runs inside :func:`operation`: one transaction, one audit event, and a
:class:`Change` returned to the caller listing each row before and after. The GUI refreshes
the views named by the change and undoes it by handing it back to :mod:`nkcase.services.history`;
the audit log stores the same row snapshots (big columns as digests).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from nkcase.model import Base
from nkcase.store import Casebook

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row of one table: ``before`` is None for an insert, ``after`` None for a delete."""

    table: str
    key: tuple[Any, ...]
    before: Row | None
    after: Row | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "insert"
        if self.after is None:
            return "delete"
        return "update"

    def value(self, column: str) -> Any:
        row = self.after if self.after is not None else self.before
        assert row is not None
        return row.get(column)


@dataclass(frozen=True, slots=True)
class Change:
    """What one user action changed. ``subject_id`` is the main object's id (the new entity...)."""

    action: str
    summary: str
    rows: tuple[RowChange, ...]
    audit_id: str | None = None
    subject_id: str | None = None

    def ids(self, table: str) -> set[str]:
        """Ids of the rows of ``table`` touched (for tables keyed by ``id``)."""
        return {str(r.value("id")) for r in self.rows if r.table == table}

    @property
    def entity_ids(self) -> set[str]:
        """Every entity whose case file this change affects (to refresh its views)."""
        found = self.ids("entity")
        for row in self.rows:
            for column in ("entity_id", "subject_id", "object_id"):
                value = row.value(column) if row.table != "entity" else None
                if value:
                    found.add(str(value))
        return found

    @property
    def empty(self) -> bool:
        return not self.rows


@dataclass
class Operation:
    """The state of a running service call: the session and what the service reports."""

    session: Session
    action: str
    summary: str = ""
    subject_id: str | None = None
    change: Change | None = None
    _recorder: _Recorder = field(init=False)


def table_order() -> dict[str, int]:
    """Tables in foreign-key dependency order (parents first)."""
    return {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}


def snapshot(obj: Any) -> Row:
    """All column values of a mapped object, by column name."""
    mapper = inspect(obj).mapper
    return {attr.columns[0].name: getattr(obj, attr.key) for attr in mapper.column_attrs}


def _before_snapshot(obj: Any) -> Row:
    state = inspect(obj)
    row: Row = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.deleted:
            row[attr.columns[0].name] = history.deleted[0]
        elif history.unchanged:
            row[attr.columns[0].name] = history.unchanged[0]
        else:
            row[attr.columns[0].name] = getattr(obj, attr.key)
    return row


def _key(obj: Any) -> tuple[Any, ...]:
    mapper = inspect(obj).mapper
    return tuple(getattr(obj, mapper.get_property_by_column(c).key) for c in mapper.primary_key)


class _Recorder:
    """Collects row changes from every flush of one session.

    Deleted and updated rows are read before the flush (the rows still exist); inserted rows
    after it, once their Python-side defaults (ids, timestamps) have been filled in.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[tuple[str, tuple[Any, ...]], RowChange] = {}
        self._pending_new: list[Any] = []
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_flush", self._after_flush)

    def detach(self) -> None:
        event.remove(self.session, "before_flush", self._before_flush)
        event.remove(self.session, "after_flush", self._after_flush)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in session.dirty:
            if session.is_modified(obj, include_collections=False):
                self._merge(obj.__table__.name, _key(obj), _before_snapshot(obj), snapshot(obj))
        for obj in session.deleted:
            self._merge(obj.__table__.name, _key(obj), _before_snapshot(obj), None)

    def _after_flush(self, session: Session, _context: Any) -> None:
        for obj in session.new:
            self._merge(obj.__table__.name, _key(obj), None, snapshot(obj))

    def _merge(
        self, table: str, key: tuple[Any, ...], before: Row | None, after: Row | None
    ) -> None:
        earlier = self.rows.get((table, key))
        if earlier is not None:
            before = earlier.before  # the state before the whole operation counts
        if before is None and after is None:
            self.rows.pop((table, key), None)  # created and deleted within the operation
            return
        self.rows[(table, key)] = RowChange(table, key, before, after)

    def ordered(self) -> tuple[RowChange, ...]:
        order = table_order()
        rows = [r for r in self.rows.values() if r.before != r.after]
        return tuple(sorted(rows, key=lambda r: (order.get(r.table, 0), r.key)))


@contextmanager
def operation(casebook: Casebook, action: str) -> Iterator[Operation]:
    """Run one user action: one transaction, one audit event, a :class:`Change` in ``op.change``.

    The service sets ``op.summary`` (shown as "Undo <summary>") and ``op.subject_id``.
    Any exception rolls everything back: nothing is half-written.
    """
    from nkcase.search import index  # local imports: both use this module's records
    from nkcase.services import audit

    casebook_must_be_writable(casebook)
    session = casebook.session()
    op = Operation(session, action)
    op._recorder = _Recorder(session)
    try:
        with session.begin():
            yield op
            session.flush()
            rows = op._recorder.ordered()
            index.apply_rows(session, rows)
            audit_id = audit.append_event(session, casebook.actor, action, op.summary, rows)
        op.change = Change(action, op.summary, rows, audit_id, op.subject_id)
    finally:
        op._recorder.detach()
        session.close()


def casebook_must_be_writable(casebook: Casebook) -> None:
    from nkcase.errors import CasebookError

    if casebook.readonly:
        raise CasebookError(f"{casebook.path.name} is open read-only")


def digest_value(value: Any) -> Any:
    """What the audit log keeps of a large column value: its SHA-256 and length."""
    if value is None:
        return None
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return {"sha256": hashlib.sha256(data).hexdigest(), "length": len(value)}
