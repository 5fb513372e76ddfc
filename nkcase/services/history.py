"""Undo and redo of any :class:`~nkcase.services.changes.Change`.

One mechanism serves every operation: a change lists each row before and after (cascades
included), so undoing writes the ``before`` states back and redoing the ``after`` states. Both
first check that the rows are still as the change left them (or as before it, for redo), and
afterwards that they touched no other row (a later note on an entity whose creation is undone
would go with it by cascade); either way they refuse with a
:class:`~nkcase.errors.ConflictError` and write nothing — an undo never overwrites or removes
later work. Undo and redo are operations themselves: one transaction and one audit event each,
run by the GUI on its writer thread like every other write.

Large values (original files, frozen texts) are in a change as digests wherever the database
holds them (:mod:`nkcase.services.stored_values`): they are compared by digest, and a replay
that removes such a row parks its values in the change until the replay the other way puts
them back.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.orm import Session

from nkcase.errors import ConflictError
from nkcase.model import AuditEvent, Base
from nkcase.services.changes import Change, Key, Row, RowChange, operation, table_order
from nkcase.services.stored_values import StoredValue, has_stored, large_values, same_value
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
    with operation(casebook, f"{verb}:{change.action}", stamp=False) as op:
        op.summary = f"{verb.capitalize()} {change.summary}"
        op.subject_id = change.subject_id
        current = _check_current(op.session, targets, verb, change.summary)
        order = table_order()
        inserts = sorted((r for r in targets if r.kind == "insert"), key=lambda r: order[r.table])
        updates = [r for r in targets if r.kind == "update"]
        deletes = sorted((r for r in targets if r.kind == "delete"), key=lambda r: -order[r.table])
        parking: dict[tuple[str, Key], Row] = {}
        for row in inserts:
            values = _writable(change, row, {}, verb)
            op.session.execute(insert(_table(row.table)).values(**values))
        for row in updates:
            values = _writable(change, row, current[(row.table, row.key)], verb)
            op.session.execute(update(_table(row.table)).where(_where(row)).values(**values))
        for row in deletes:
            parked = large_values(row.table, current[(row.table, row.key)])
            if parked:
                parking[(row.table, row.key)] = parked
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
    for row in targets:  # committed: the database holds what was put back, not the change
        if row.after is not None:
            change.parked.pop((row.table, row.key), None)
    change.parked.update(parking)
    return op.change


def _table(name: str) -> Any:
    return Base.metadata.tables[name]


def _writable(change: Change, row: RowChange, current: Row, verb: str) -> Row:
    """The values to write for ``row``: digests resolved to the values they stand for.

    A digest of a value the row still holds is left out of an update; any other comes from
    the values parked when the row was removed.
    """
    assert row.after is not None
    if not has_stored(row.after):
        return row.after
    parked = change.parked.get((row.table, row.key), {})
    values: Row = {}
    for column, value in row.after.items():
        if not isinstance(value, StoredValue):
            values[column] = value
        elif column in current and value.matches(current[column]):
            continue
        elif column in parked and value.matches(parked[column]):
            values[column] = parked[column]
        else:
            raise ConflictError(
                f"cannot {verb} “{change.summary}”: its stored content is no longer at hand"
            )
    return values


def _where(row: RowChange) -> Any:
    table = _table(row.table)
    return and_(
        *(column == value for column, value in zip(table.primary_key.columns, row.key, strict=True))
    )


def _changed_by(session: Session, row: RowChange) -> str:
    """Who changed the row last and how (" by ben (role desk): Edit Albatross"), from the audit
    log: on a team casebook the change may be a colleague's. Empty when nothing names it."""
    needle = json.dumps(list(row.key), ensure_ascii=False, separators=(",", ":"))
    found = session.execute(
        select(AuditEvent.actor, AuditEvent.summary)
        .where(AuditEvent.changes.contains(f'"key":{needle}', autoescape=True))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    return "" if found is None else f" by {found[0]} ({found[1]})"


def _check_current(
    session: Session, targets: list[RowChange], verb: str, summary: str
) -> dict[tuple[str, Key], Row]:
    """Refuse unless every row is as the replay expects; returns the rows as they are now."""
    found: dict[tuple[str, Key], Row] = {}
    for row in targets:
        table = _table(row.table)
        current = session.execute(select(table).where(_where(row))).mappings().one_or_none()
        expected = row.before  # the state the row must be in now
        if expected is None:
            changed = current is not None
        else:
            changed = current is None or any(
                not same_value(v, current[k]) for k, v in expected.items()
            )
        if changed:
            raise ConflictError(
                f"cannot {verb} “{summary}”: it was changed since{_changed_by(session, row)}; "
                "nothing was changed"
            )
        if current is None:  # expected None too: the row is still absent, as it should be
            continue
        found[(row.table, row.key)] = dict(current)
    return found
