"""Recording every row an operation adds, changes or removes, from the database's own state.

Inside :func:`nkcase.services.changes.operation` a :class:`Recorder` is attached to the session
(``session.info``). It sees three kinds of writes:

- the ORM's flushes (mapper events): the row is read from the database before an update or a
  delete, so the "before" state is exact whatever the objects in memory hold;
- Core statements run through the session (``session.execute(delete(Quote).where(...))``):
  the rows they will touch are read first, the rows they touched read after;
- what the database does by itself: rows removed by ``ON DELETE CASCADE`` (and changed by
  ``ON DELETE SET NULL``) below any deleted row, found by walking the foreign keys of the model.

Raw SQL text that writes a recorded table is refused: it could not be recorded, so it could not
be undone. Writes on a connection taken from the session (``session.connection().execute``)
bypass the recorder; services never do that. The audit log and the casebook header are not
recorded (the operation writes them after it has taken its record).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, event, inspect, or_, select
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, object_session
from sqlalchemy.sql.dml import Delete, Insert, Update
from sqlalchemy.sql.elements import TextClause

from nkcase.model import Base
from nkcase.services.rows import Key, Row, RowChange, table_order
from nkcase.store.batches import chunked

RECORDER_KEY = "nkcase_recorder"
UNRECORDED = frozenset({"audit_event", "casebook"})
_TEXT_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r"\s+[\"`\[]?(\w+)",
    re.IGNORECASE,
)


def recorded_table(name: str) -> Table | None:
    """The model's table ``name`` when writes to it are recorded (None for the index, audit)."""
    if name in UNRECORDED:
        return None
    return Base.metadata.tables.get(name)


class Recorder:
    """Collects the row changes of one operation's session (see the module docstring)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[tuple[str, Key], RowChange] = {}
        session.info[RECORDER_KEY] = self
        event.listen(session, "do_orm_execute", self._on_execute)

    def detach(self) -> None:
        event.remove(self.session, "do_orm_execute", self._on_execute)
        self.session.info.pop(RECORDER_KEY, None)

    def ordered(self) -> tuple[RowChange, ...]:
        """The net changes, parents before children (rows changed and changed back dropped)."""
        order = table_order()
        rows = [r for r in self.rows.values() if r.before != r.after]
        return tuple(sorted(rows, key=lambda r: (order.get(r.table, 0), r.key)))

    def merge(self, table: str, key: Key, before: Row | None, after: Row | None) -> None:
        earlier = self.rows.get((table, key))
        if earlier is not None:
            before = earlier.before  # the state before the whole operation counts
        if before is None and after is None:
            self.rows.pop((table, key), None)  # created and removed within the operation
            return
        self.rows[(table, key)] = RowChange(table, key, before, after)

    # -- rows read from the database ------------------------------------------------------
    def record_deletes(self, conn: Connection, table: Table, rows: Sequence[Row]) -> None:
        """Record ``rows`` of ``table`` as about to be deleted, with what the database's
        ``ON DELETE`` actions will do to the rows that refer to them."""
        for row in rows:
            self.merge(table.name, key_of(table, row), row, None)
        for fk, child in _referring_keys(table):
            values = {row[fk.column.name] for row in rows if row[fk.column.name] is not None}
            if not values:
                continue
            column = fk.parent
            found = _select_in(conn, child, column, values)
            if fk.ondelete and fk.ondelete.upper() == "CASCADE":
                self.record_deletes(conn, child, found)
            elif fk.ondelete and fk.ondelete.upper() == "SET NULL":
                for row in found:
                    self.merge(child.name, key_of(child, row), row, {**row, column.name: None})

    def record_after(self, conn: Connection, table: Table, keys: Iterable[Key]) -> None:
        """Record the current state of the rows with ``keys`` as their state after."""
        wanted = list(dict.fromkeys(keys))
        current = {key_of(table, row): row for row in _select_keys(conn, table, wanted)}
        for key in wanted:
            earlier = self.rows.get((table.name, key))
            self.merge(table.name, key, earlier.after if earlier else None, current.get(key))

    def record_rewritten(self, table: Table, rows: Sequence[Row]) -> None:
        """Record ``rows`` of ``table``, already recorded by this operation, in the state a
        statement that rewrote them returned (``UPDATE … RETURNING``) as their state after."""
        for row in rows:
            key = key_of(table, row)
            earlier = self.rows.get((table.name, key))
            if earlier is None:
                raise RuntimeError(f"{table.name} {key} was rewritten before it was recorded")
            self.merge(table.name, key, earlier.after, row)

    def _before(self, conn: Connection, table: Table, keys: Iterable[Key]) -> None:
        """Record the rows with ``keys`` as they are now, unchanged (an update follows)."""
        for row in _select_keys(conn, table, list(keys)):
            self.merge(table.name, key_of(table, row), row, row)

    # -- Core statements ------------------------------------------------------------------
    def _on_execute(self, state: ORMExecuteState) -> Any:
        statement = state.statement
        if isinstance(statement, TextClause):
            match = _TEXT_WRITE.match(statement.text)
            if match and recorded_table(match.group(1)) is not None:
                raise RuntimeError(
                    f"raw SQL writing to {match.group(1)} inside an operation cannot be "
                    "recorded (nor undone): write it with the SQL expression language"
                )
            return None
        if not isinstance(statement, Insert | Update | Delete):
            return None
        target = statement.table
        table = recorded_table(target.name) if isinstance(target, Table) else None
        if table is None:
            return None
        conn = self.session.connection()
        if isinstance(statement, Delete):
            where = statement.whereclause
            query = select(table) if where is None else select(table).where(where)
            rows = [dict(r) for r in conn.execute(query).mappings()]
            self.record_deletes(conn, table, rows)
            return None
        if isinstance(statement, Update):
            where = statement.whereclause
            query = select(*table.primary_key.columns)
            keys = [tuple(r) for r in conn.execute(query if where is None else query.where(where))]
            self._before(conn, table, keys)
            result = state.invoke_statement()
            self.record_after(conn, table, keys)
            return result
        result = state.invoke_statement()
        self.record_after(conn, table, _inserted_keys(table, statement, state, result))
        return result


def key_of(table: Table, row: Row) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _referring_keys(table: Table) -> list[tuple[Any, Table]]:
    """Foreign keys of other recorded tables that point at ``table`` with an ON DELETE action."""
    found = []
    for child in Base.metadata.sorted_tables:
        if recorded_table(child.name) is None:
            continue
        for fk in child.foreign_keys:
            if fk.column.table is table and fk.ondelete:
                found.append((fk, child))
    return found


def _select_in(conn: Connection, table: Table, column: Any, values: set[Any]) -> list[Row]:
    ordered = sorted(values, key=str)
    rows: list[Row] = []
    for chunk in chunked(ordered):
        query = select(table).where(column.in_(chunk))
        rows.extend(dict(r) for r in conn.execute(query).mappings())
    return rows


def _select_keys(conn: Connection, table: Table, keys: list[Key]) -> list[Row]:
    columns = list(table.primary_key.columns)
    rows: list[Row] = []
    for chunk in chunked(keys):
        where: ColumnElement[bool]
        if len(columns) == 1:
            where = columns[0].in_([k[0] for k in chunk])
        else:
            where = or_(*(and_(*(c == v for c, v in zip(columns, k, strict=True))) for k in chunk))
        rows.extend(dict(r) for r in conn.execute(select(table).where(where)).mappings())
    return rows


def _inserted_keys(
    table: Table, statement: Insert, state: ORMExecuteState, result: Any
) -> list[Key]:
    """The keys of the rows an INSERT wrote: from its values, else as the database reports."""
    names = [c.name for c in table.primary_key.columns]
    params: Any = state.parameters
    batches: list[dict[str, Any]] = (
        [dict(p) for p in params] if isinstance(params, list) else [dict(params or {})]
    )
    values = statement.compile().params
    keys: list[Key] = []
    for batch in batches:
        merged = {**values, **batch}
        if all(merged.get(n) is not None for n in names):
            keys.append(tuple(merged[n] for n in names))
    if len(keys) == len(batches):
        return keys
    return [tuple(k) for k in result.inserted_primary_key_rows]


# -- the ORM's own flushes (mapper events, for every session with a recorder) --------------


def _recorder_of(target: Any) -> Recorder | None:
    session = object_session(target)
    return None if session is None else session.info.get(RECORDER_KEY)


def _table_of(mapper: Mapper[Any]) -> Table | None:
    local = mapper.local_table
    return recorded_table(local.name) if isinstance(local, Table) else None


def _key_of_object(mapper: Mapper[Any], target: Any) -> Key:
    identity = inspect(target).identity
    if identity is not None:
        return tuple(identity)
    return tuple(mapper.primary_key_from_instance(target))


def _row_in_memory(mapper: Mapper[Any], target: Any, table: Table) -> Row | None:
    """The just-inserted row from the object itself (no read back of large columns), or None
    when the database may have set a column the object does not hold (it is read back then).

    A column never assigned and without a server-side default or computation was written as
    NULL (the ORM leaves it out of the INSERT): its value is known without reading it back,
    which saves one SELECT per inserted row of a large import."""
    loaded = inspect(target).dict
    row: Row = {}
    for column in table.columns:
        prop = mapper.get_property_by_column(column)
        if prop.key in loaded:
            row[column.name] = loaded[prop.key]
        elif column.server_default is None and column.computed is None and not column.primary_key:
            row[column.name] = None
        else:
            return None
    return row


@event.listens_for(Base, "before_delete", propagate=True)
def _before_delete(mapper: Mapper[Any], conn: Connection, target: Any) -> None:
    recorder, table = _recorder_of(target), _table_of(mapper)
    if recorder is not None and table is not None:
        rows = _select_keys(conn, table, [_key_of_object(mapper, target)])
        recorder.record_deletes(conn, table, rows)


def _row_is_written(target: Any) -> bool:
    """Whether the flush writes the object's row: the ORM also calls the update hooks for an
    object whose collections alone changed (a fact appended to an entity), and no UPDATE of its
    row is issued then, so there is nothing to read before or after."""
    session = object_session(target)
    return session is not None and session.is_modified(target, include_collections=False)


@event.listens_for(Base, "before_update", propagate=True)
def _before_update(mapper: Mapper[Any], conn: Connection, target: Any) -> None:
    recorder, table = _recorder_of(target), _table_of(mapper)
    if recorder is not None and table is not None and _row_is_written(target):
        recorder._before(conn, table, [_key_of_object(mapper, target)])


@event.listens_for(Base, "after_update", propagate=True)
def _after_update(mapper: Mapper[Any], conn: Connection, target: Any) -> None:
    recorder, table = _recorder_of(target), _table_of(mapper)
    if recorder is not None and table is not None and _row_is_written(target):
        recorder.record_after(conn, table, [_key_of_object(mapper, target)])


@event.listens_for(Base, "after_insert", propagate=True)
def _after_insert(mapper: Mapper[Any], conn: Connection, target: Any) -> None:
    recorder, table = _recorder_of(target), _table_of(mapper)
    if recorder is None or table is None:
        return
    row = _row_in_memory(mapper, target, table)
    if row is None:
        recorder.record_after(conn, table, [_key_of_object(mapper, target)])
    else:
        recorder.merge(table.name, key_of(table, row), None, row)
