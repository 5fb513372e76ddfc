"""Bulk writes of reference data: 100k+ rows in one audited operation, outside the undo stack.

Sanctions lists (and later other reference data) arrive as files of hundreds of thousands of
records. Writing them through :func:`nkcase.services.changes.operation` would capture every row
for undo and audit; instead a bulk operation is

- one transaction: everything or nothing is written, also on an error or a cancel half-way;
- streamed: rows go in as executemany batches of plain Core inserts, never held all at once;
- audited as a summary: one event in the hash chain with the subject rows (the snapshot and its
  files, large columns as digests) and the number of rows written per table, scoped by a column
  ("list_record where snapshot_id = …"), instead of every row;
- not undoable: the caller offers its own command to remove what it added (``nkcase lists
  remove``), which is itself a bulk operation recording what it deleted;
- run with Python's cyclic garbage collector paused (:func:`collector_paused`): reading a list
  makes millions of small objects and almost no cycles, and the collector's full passes over the
  growing heap were 4–10 % of a list import's CPU time.

:func:`verify_bulk_events` lets ``nkcase check`` prove the rows are still all there: for every
scope added and not removed since, the count in the casebook equals the count in the audit log.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Table, delete, func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from nkcase.errors import CancelledError
from nkcase.model import AuditEvent, Base
from nkcase.services import audit
from nkcase.services.change_flags import ChangeFlags
from nkcase.services.changes import Row, casebook_must_be_writable, raise_if_busy
from nkcase.store import Casebook
from nkcase.store.providers import BULK_IMPORT_OPTION, StoreProvider

BATCH_ROWS = 2000
BULK_KEY = "bulk"


@dataclass(frozen=True, slots=True)
class BulkChange:
    """What a bulk operation did, as the audit log records it: counts per table, not rows.

    It is not a :class:`~nkcase.services.changes.Change`: it never goes on the undo stack.
    """

    action: str
    summary: str
    subject_id: str | None
    scope: tuple[str, str] | None
    inserted: dict[str, int]
    deleted: dict[str, int]
    audit_id: str

    @property
    def flags(self) -> ChangeFlags:
        """What kind of thing changed, as operations' changes say it (``flags.lists``)."""
        from nkcase.services.change_flags import TABLE_FLAGS

        names = {
            flag
            for table in (*self.inserted, *self.deleted)
            for flag, _holds in TABLE_FLAGS.get(table, ())
        }
        return ChangeFlags(**dict.fromkeys(names, True))


@dataclass
class BulkWriter:
    """The state of a running bulk operation: its session, the rows written, cancellation.

    The caller sets :attr:`summary` (one line for the audit log), :attr:`subject_id` and
    :attr:`scope` (column, value) naming the rows it writes, and adds the subject rows it wants
    in the audit event with :meth:`record_row`.
    """

    session: Session
    provider: StoreProvider
    cancelled: Callable[[], bool] | None = None
    summary: str = ""
    subject_id: str | None = None
    scope: tuple[str, str] | None = None
    inserted: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    change: BulkChange | None = None

    def check_cancelled(self) -> None:
        """Raise :class:`CancelledError` (rolling everything back) if the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise CancelledError("cancelled: nothing was written")

    def insert(self, table: Table | type[Base], rows: Sequence[dict[str, Any]]) -> None:
        """Insert ``rows`` (one executemany per :data:`BATCH_ROWS`), counting them."""
        target = _table(table)
        for start in range(0, len(rows), BATCH_ROWS):
            self.check_cancelled()
            self.session.execute(insert(target), list(rows[start : start + BATCH_ROWS]))
        self.inserted[target.name] = self.inserted.get(target.name, 0) + len(rows)

    def insert_many(
        self, table: Table | type[Base], columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """Insert ``rows`` given as tuples in ``columns`` order: the fast path for large batches
        (no per-row statement processing), counted like :meth:`insert`."""
        target = _table(table)
        self.check_cancelled()
        if rows:
            self.provider.insert_rows(self.session.connection(), target.name, columns, rows)
        self.inserted[target.name] = self.inserted.get(target.name, 0) + len(rows)

    def delete_scope(self, table: Table | type[Base]) -> int:
        """Delete every row of ``table`` in :attr:`scope`; returns how many."""
        assert self.scope is not None, "set the scope before deleting by it"
        target = _table(table)
        column, value = self.scope
        result = self.session.execute(delete(target).where(target.c[column] == value))
        count = int(getattr(result, "rowcount", 0) or 0)
        self.deleted[target.name] = self.deleted.get(target.name, 0) + count
        return count

    def record_row(
        self, table: Table | type[Base], key: Sequence[Any], before: Row | None, after: Row | None
    ) -> None:
        """Put one row (a subject: the snapshot, its files) in the audit event, as any
        operation's rows are; large values should already be digests."""
        self.rows.append(
            {"table": _table(table).name, "key": list(key), "before": before, "after": after}
        )


def _table(table: Table | type[Base]) -> Table:
    found = table if isinstance(table, Table) else table.__table__
    assert isinstance(found, Table)
    return found


@contextmanager
def bulk_operation(
    casebook: Casebook,
    action: str,
    *,
    cancelled: Callable[[], bool] | None = None,
    own_references: bool = False,
) -> Iterator[BulkWriter]:
    """Run one bulk write: one transaction, one summary event in the audit chain.

    After the block, ``writer.change`` holds the :class:`BulkChange`. Any exception (a damaged
    file found half-way, :class:`CancelledError`) rolls everything back.

    ``own_references``: the operation only adds rows, and they refer only to rows it wrote
    itself (a list snapshot's records, names and identifiers): the store may then leave out
    its per-row reference checks and give the transaction a larger page cache
    (:data:`~nkcase.store.providers.BULK_IMPORT_OPTION`). Never for an operation that deletes
    (cascades and refusals rely on the checks) or copies rows it did not make.
    """
    casebook_must_be_writable(casebook)
    session = casebook.session()
    writer = BulkWriter(session, casebook.provider, cancelled)
    try:
        with collector_paused(), session.begin():
            if own_references:  # the option must be there when the transaction begins
                session.connection(execution_options={BULK_IMPORT_OPTION: True})
            yield writer
            session.flush()
            writer.check_cancelled()
            summary_entry = {
                BULK_KEY: {
                    "scope": list(writer.scope) if writer.scope else None,
                    "inserted": writer.inserted,
                    "deleted": writer.deleted,
                }
            }
            audit_id = audit.append_event_json(
                session, casebook.actor, action, writer.summary, [*writer.rows, summary_entry]
            )
        writer.change = BulkChange(
            action,
            writer.summary,
            writer.subject_id,
            writer.scope,
            dict(writer.inserted),
            dict(writer.deleted),
            audit_id,
        )
    except OperationalError as err:
        raise_if_busy(casebook, err)
        raise
    finally:
        session.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (reference counting still frees
    everything that is not in a cycle). An import of 20,000 list records leaves a few thousand
    objects in cycles at most, whatever its size, while the collector's passes (most of all its
    full passes, which walk every object the process holds) cost 4–10 % of its CPU time. The
    collector is process-wide: whoever found it enabled enables it again, so overlapping
    blocks in two threads leave it enabled after the last one. In the app automatic collection
    is off already (``gui/gui_thread_gc.py`` collects on the GUI thread only): there this
    changes nothing and never switches it back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def verify_bulk_events(engine: Engine) -> list[str]:
    """Whether the rows every bulk operation wrote are still all there (empty = yes).

    Replays the bulk events of the audit log: a scope's counts are what was inserted into it,
    minus what a later bulk operation deleted; each must equal the rows present now.
    """
    expected: dict[tuple[str, str, str], int] = {}
    labels: dict[tuple[str, str, str], str] = {}
    with engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent.seq, AuditEvent.summary, AuditEvent.changes)
            .where(AuditEvent.changes.contains(f'"{BULK_KEY}":'))
            .order_by(AuditEvent.seq)
        ).all()
        for seq, summary, changes in events:
            for entry in json.loads(changes):
                bulk = entry.get(BULK_KEY) if isinstance(entry, dict) else None
                if not bulk or not bulk.get("scope"):
                    continue
                column, value = bulk["scope"]
                for table, count in bulk.get("inserted", {}).items():
                    key = (table, column, value)
                    expected[key] = expected.get(key, 0) + int(count)
                    labels[key] = f"audit event #{seq} ({summary})"
                for table in bulk.get("deleted", {}):
                    expected.pop((table, column, value), None)
        problems: list[str] = []
        tables = Base.metadata.tables
        for (table, column, value), count in expected.items():
            if table not in tables:
                problems.append(
                    f"{labels[(table, column, value)]} wrote to an unknown table {table}"
                )
                continue
            target = tables[table]
            if column not in target.c:
                continue  # the subject row itself (the snapshot), recorded in the event
            present = conn.execute(
                select(func.count()).select_from(target).where(target.c[column] == value)
            ).scalar_one()
            if present != count:
                problems.append(
                    f"{labels[(table, column, value)]} wrote {count} rows of {table}, "
                    f"but {present} are present: reference data was altered outside nkcase"
                )
    return problems
