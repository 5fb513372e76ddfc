"""Large values in change records: held by the database, not by the undo history.

A :class:`~nkcase.services.changes.Change` lists every row before and after, and the GUI keeps
changes on its undo stack for the whole session. Holding an imported document's original bytes
and frozen text there would keep every document in memory (and in swap, unencrypted, even for
an encrypted casebook) long after its import. So the large columns (those the audit log keeps
as digests, :data:`~nkcase.model.base.DIGEST_IN_AUDIT`) are kept in a change as a
:class:`StoredValue` — a digest standing for the value — wherever the database still holds the
value after the change. Only a value the database no longer holds (a removed row's) stays in
the change, since undoing it needs the value back.

Undo and redo (:mod:`nkcase.services.history`) compare stored values by digest. Undoing an
import reads the values it removes into the change's ``parked`` values, for a redo; the redo
puts them back and drops them from memory again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from nkcase.model import Base
from nkcase.services.rows import Row, RowChange


@dataclass(frozen=True, slots=True)
class StoredValue:
    """A large column value left in the database: its SHA-256 and length."""

    sha256: str
    length: int

    @classmethod
    def of(cls, value: bytes | str) -> StoredValue:
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        return cls(hashlib.sha256(data).hexdigest(), len(value))

    def matches(self, value: Any) -> bool:
        return isinstance(value, bytes | str) and StoredValue.of(value) == self


@cache
def large_columns() -> dict[str, frozenset[str]]:
    """The large columns of each table: those marked to be digested in the audit log."""
    return {
        table.name: frozenset(c.name for c in table.columns if c.info.get("audit") == "digest")
        for table in Base.metadata.sorted_tables
    }


def same_value(stored: Any, current: Any) -> bool:
    """Whether a change's recorded value is the database's current one (digest or equality)."""
    if isinstance(stored, StoredValue):
        return stored.matches(current)
    return bool(stored == current)


def slim(rows: Iterable[RowChange]) -> tuple[RowChange, ...]:
    """``rows`` with every large value the database holds afterwards replaced by a digest."""
    columns = large_columns()
    out: list[RowChange] = []
    for row in rows:
        large = columns.get(row.table, frozenset())
        if not large:
            out.append(row)
            continue
        after = _stored(row.after, large)
        before = row.before
        if before is not None and row.after is not None:
            # A value unchanged by the update is still in the database: a digest will do.
            kept = {c for c in large if c in before and before[c] == row.after.get(c)}
            before = _stored(before, kept)
        out.append(RowChange(row.table, row.key, before, after))
    return tuple(out)


def _stored(row: Row | None, columns: Iterable[str]) -> Row | None:
    if row is None:
        return None
    result = dict(row)
    for column in columns:
        value = result.get(column)
        if isinstance(value, bytes | str):
            result[column] = StoredValue.of(value)
    return result


def large_values(table: str, row: Row) -> Row:
    """The large columns of ``row`` whose value is real (to park it for a later redo)."""
    large = large_columns().get(table, frozenset())
    return {c: v for c, v in row.items() if c in large and not isinstance(v, StoredValue)}


def has_stored(row: Row) -> bool:
    return any(isinstance(v, StoredValue) for v in row.values())
