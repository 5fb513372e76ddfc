"""Applying a merge: one operation, one audit event, one undo step.

:func:`apply_merge` plans again inside the write transaction (the target may have changed since
the plan was shown), refuses when a question is left without a decision, and writes the plan
with SQL expression statements through the operation's session — recorded like any operation,
so undo removes exactly what the merge added and puts back what it changed or deleted. Rows
keep the stamps they had in the other casebook (``stamp=False``): the merged row *is* their
row. The other casebook's audit events and head come along (:mod:`.chains`), and the merge's
own audit event holds the head among its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.orm import Session

from nkcase.errors import ValidationError
from nkcase.exchange.merge.plan import LIST_ROWS, merge_tables, plan_merge
from nkcase.exchange.merge.plan_data import MergePlan
from nkcase.model import (
    Base,
    ListIdentifier,
    ListName,
    ListRecordRow,
    MergedAuditEvent,
    MergedChain,
)
from nkcase.services.changes import Change, operation
from nkcase.services.rows import Key, Row
from nkcase.services.stored_values import large_columns
from nkcase.store import Casebook

MERGE_ACTION = "casebook.merge"
BATCH = 400


def apply_merge(
    casebook: Casebook,
    plan: MergePlan,
    decisions: Mapping[str, str] | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Change | None:
    """Merge the casebook ``plan`` was made from into ``casebook``, with ``decisions``
    (question id → choice). Returns the operation's change (one undo step), or None when
    there was nothing to bring across (merging the same casebook again changes nothing).
    """
    assert plan.other_engine is not None, "a plan made by plan_merge"
    decided = dict(decisions or {})
    try:
        return _apply(casebook, plan, decided, progress)
    except _NothingToDoError:
        return None


def _apply(casebook: Casebook, plan: MergePlan, decided: dict[str, str],
           progress: Callable[[str], None] | None) -> Change | None:
    assert plan.other_engine is not None
    with (
        Session(plan.other_engine) as other,
        other.begin(),
        operation(casebook, MERGE_ACTION, stamp=False) as op,
    ):
        fresh = plan_merge(op.session, other, decided)
        missing = fresh.undecided(decided)
        if missing:
            raise ValidationError(
                f"{len(missing)} question(s) need a decision before merging "
                f"(first: {missing[0].title}); nothing was changed"
            )
        if fresh.empty and fresh.chain is None:
            op.summary = "nothing to merge"
            raise _NothingToDoError
        _write(op.session, other, fresh, progress)
        info = fresh.other
        op.summary = (
            f"Merge “{info['name']}” ({info['fingerprint']}, audit head "
            f"{info['audit_head'][:12]}…)"
        )
    return op.change


class _NothingToDoError(Exception):
    pass


def _where(table: Any, key: Key) -> Any:
    return and_(*(c == v for c, v in zip(table.primary_key.columns, key, strict=True)))


def _write(session: Session, other: Session, plan: MergePlan,
           progress: Callable[[str], None] | None) -> None:
    tables = merge_tables()
    for table in reversed(tables):
        for key in plan.deletes.get(table.name, []):
            session.execute(delete(table).where(_where(table, key)))
    for table in tables:
        for row in plan.updates.get(table.name, []):
            key = tuple(row[c.name] for c in table.primary_key.columns)
            session.execute(update(table).where(_where(table, key)).values(**row))
    record_ids: dict[int, int] = {}
    for table in tables:
        if table.name == "screening_candidate":
            record_ids = _copy_lists(session, other, plan)
        rows = plan.inserts.get(table.name, [])
        if not rows:
            continue
        if progress is not None:
            progress(f"{len(rows)} {table.name.replace('_', ' ')} row(s)")
        if table.name == "screening_candidate":
            rows = [_candidate(session, other, plan, r, record_ids) for r in rows]
        large = large_columns().get(table.name, frozenset())
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            if large:
                batch = [{**r, **_large(other, table, r, large)} for r in batch]
            session.execute(insert(table), batch)
    if plan.chain is not None:
        if plan.chain_events:
            session.execute(insert(_table(MergedAuditEvent)), plan.chain_events)
        session.execute(insert(_table(MergedChain)).values(**plan.chain, merged_by=""))


def _table(model: Any) -> Any:
    return Base.metadata.tables[model.__tablename__]


def _large(other: Session, table: Any, row: Row, columns: frozenset[str]) -> Row:
    key = tuple(row[c.name] for c in table.primary_key.columns)
    found = other.execute(
        select(*(table.c[c] for c in sorted(columns))).where(_where(table, key))
    ).mappings().one()
    return dict(found)


def _copy_lists(session: Session, other: Session, plan: MergePlan) -> dict[int, int]:
    """The records, names and identifiers of the list snapshots only they hold, under new
    integer keys; returns their record id → ours."""
    mapping: dict[int, int] = {}
    records = Base.metadata.tables["list_record"]
    assert {"list_record", "list_name", "list_identifier"} == LIST_ROWS
    for snapshot_id in plan.new_snapshots:
        for row in other.execute(
            select(records).where(records.c.snapshot_id == snapshot_id)
        ).mappings():
            values = {k: v for k, v in row.items() if k != "id"}
            result: Any = session.execute(insert(records).values(**values))
            mapping[row["id"]] = int(result.inserted_primary_key[0])
        for model in (ListName, ListIdentifier):
            table = _table(model)
            rows = [
                {**{k: v for k, v in r.items() if k != "id"}, "record_id": mapping[r["record_id"]]}
                for r in other.execute(
                    select(table).where(table.c.snapshot_id == snapshot_id)
                ).mappings()
            ]
            for start in range(0, len(rows), BATCH):
                session.execute(insert(table), rows[start : start + BATCH])
    return mapping


def _candidate(session: Session, other: Session, plan: MergePlan, row: Row,
               record_ids: dict[int, int]) -> Row:
    """A screening candidate's list record under our key (the same snapshot's record by key
    when the snapshot was unified, the copied record when it came across)."""
    if row["list_record_id"] in record_ids:
        return {**row, "list_record_id": record_ids[row["list_record_id"]]}
    ours = session.scalar(
        select(ListRecordRow.id).where(
            ListRecordRow.snapshot_id == row["snapshot_id"],
            ListRecordRow.record_key == row["record_key"],
        )
    )
    return {**row, "list_record_id": ours if ours is not None else row["list_record_id"]}


def merge_casebooks(
    casebook: Casebook, other: Casebook, decisions: Mapping[str, str] | None = None
) -> Change | None:
    """Plan and apply in one call (tests, scripts): :func:`apply_merge` of a fresh plan."""
    with casebook.reading() as target_session, other.reading() as other_session:
        plan = plan_merge(target_session, other_session, decisions)
    return apply_merge(casebook, plan, decisions)
