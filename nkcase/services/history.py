"""Undo and redo of any :class:`~nkcase.services.changes.Change`.

One mechanism serves every operation: a change lists each row before and after (cascades
included), so undoing writes the ``before`` states back and redoing the ``after`` states. Both
first check that the rows are still as the change left them (or as before it, for redo), and
afterwards that they touched no other row (a later note on an entity whose creation is undone
would go with it by cascade); either way they refuse with a
:class:`~nkcase.errors.ConflictError` and write nothing — an undo never overwrites or removes
later work. Undo and redo are operations themselves: one transaction and one audit event each,
run by the GUI on its writer thread like every other write.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.orm import Session

from nkcase.errors import ConflictError
from nkcase.model import Base
from nkcase.services.changes import Change, Row, RowChange, operation, table_order
from nkcase.store import Casebook


def undo(casebook: Casebook, change: Change) -> Change:
    """Revert ``change``; returns the change the revert made (for the GUI to refresh)."""
    return _apply(casebook, change, reverse=True)


def redo(casebook: Casebook, change: Change) -> Change:
    """Apply ``change`` again after it was undone."""
    return _apply(casebook, change, reverse=False)


def _apply(casebook: Casebook, change: Change, *, reverse: bool) -> Change:
    verb = "undo" if reverse else "redo"
    targets = [RowChange(r.table, r.key, r.after, r.before) if reverse else r for r in change.rows]
    with operation(casebook, f"{verb}:{change.action}") as op:
        op.summary = f"{verb.capitalize()} {change.summary}"
        op.subject_id = change.subject_id
        _check_current(op.session, targets, verb, change.summary)
        order = table_order()
        inserts = sorted((r for r in targets if r.kind == "insert"), key=lambda r: order[r.table])
        updates = [r for r in targets if r.kind == "update"]
        deletes = sorted((r for r in targets if r.kind == "delete"), key=lambda r: -order[r.table])
        for row in inserts:
            op.session.execute(insert(_table(row.table)).values(**_require(row.after)))
        for row in updates:
            op.session.execute(
                update(_table(row.table)).where(_where(row)).values(**_require(row.after))
            )
        for row in deletes:
            op.session.execute(delete(_table(row.table)).where(_where(row)))
        op.session.expire_all()
        # The recorder saw every statement above and what the database did by itself.
        expected = {(r.table, r.key) for r in targets}
        others = [r for r in op.recorder.ordered() if (r.table, r.key) not in expected]
        if others:
            raise ConflictError(
                f"cannot {verb} “{change.summary}”: {len(others)} later "
                f"{'change depends' if len(others) == 1 else 'changes depend'} on it "
                f"({', '.join(sorted({r.table.replace('_', ' ') for r in others}))})"
            )
    assert op.change is not None
    return op.change


def _table(name: str) -> Any:
    return Base.metadata.tables[name]


def _require(row: Row | None) -> Row:
    assert row is not None
    return row


def _where(row: RowChange) -> Any:
    table = _table(row.table)
    return and_(
        *(column == value for column, value in zip(table.primary_key.columns, row.key, strict=True))
    )


def _check_current(session: Session, targets: list[RowChange], verb: str, summary: str) -> None:
    for row in targets:
        table = _table(row.table)
        current = session.execute(select(table).where(_where(row))).mappings().one_or_none()
        expected = row.before  # the state the row must be in now
        if expected is None:
            if current is not None:
                raise ConflictError(f"cannot {verb} “{summary}”: it was changed since")
            continue
        if current is None or any(current[k] != v for k, v in expected.items()):
            raise ConflictError(f"cannot {verb} “{summary}”: it was changed since")
