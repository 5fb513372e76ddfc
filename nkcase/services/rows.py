"""One row's change, the unit of every record: what an operation did, undo, the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from nkcase.model import Base

Row = dict[str, Any]
Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row of one table: ``before`` is None for an insert, ``after`` None for a delete."""

    table: str
    key: Key
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
        """The column's value after the change (before it, for a delete)."""
        row = self.after if self.after is not None else self.before
        assert row is not None
        return row.get(column)

    def values(self, column: str) -> set[Any]:
        """The column's values before and after (both matter: a fact moved off a name)."""
        return {row.get(column) for row in (self.before, self.after) if row is not None}


@cache
def table_order() -> dict[str, int]:
    """Tables in foreign-key dependency order (parents first)."""
    return {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}
