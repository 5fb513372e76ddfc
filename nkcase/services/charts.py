"""Saved link charts: save (create or replace) by name, list, open, rename, delete.

Each write is one undoable operation, so saving over a chart by mistake is undone like any
edit. The chart's content is a :class:`~nkcase.graph.state.ChartState` stored as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nkcase.errors import AmbiguousError, NotFoundError, ValidationError
from nkcase.graph.state import ChartState
from nkcase.model import Chart, utc_now
from nkcase.services.changes import Change, operation
from nkcase.store import Casebook

MAX_NAME = 200


@dataclass(frozen=True)
class ChartRecord:
    id: str
    name: str
    entity_count: int
    created_at: str
    updated_at: str


def _clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise ValidationError("a chart needs a name")
    if len(text) > MAX_NAME:
        raise ValidationError(f"a chart name has at most {MAX_NAME} characters")
    return text


def save_chart(casebook: Casebook, name: str, state: ChartState) -> Change:
    """Save ``state`` as the chart called ``name``, replacing a chart of that name."""
    clean = _clean_name(name)
    text = state.to_json()
    with operation(casebook, "chart.save") as op:
        chart = op.session.scalars(select(Chart).where(Chart.name == clean)).one_or_none()
        if chart is None:
            chart = Chart(name=clean, state=text)
            op.session.add(chart)
            op.session.flush()
            op.summary = f"Save chart “{clean}”"
        else:
            chart.state = text
            chart.updated_at = utc_now()
            op.summary = f"Update chart “{clean}”"
        op.subject_id = chart.id
    assert op.change is not None
    return op.change


def rename_chart(casebook: Casebook, ref: str, new_name: str) -> Change:
    clean = _clean_name(new_name)
    with operation(casebook, "chart.rename") as op:
        chart = resolve_chart(op.session, ref)
        clash = op.session.scalars(select(Chart).where(Chart.name == clean)).one_or_none()
        if clash is not None and clash.id != chart.id:
            raise ValidationError(f"a chart called “{clean}” exists already")
        old, chart.name = chart.name, clean
        chart.updated_at = utc_now()
        op.summary = f"Rename chart “{old}” to “{clean}”"
        op.subject_id = chart.id
    assert op.change is not None
    return op.change


def delete_chart(casebook: Casebook, ref: str) -> Change:
    with operation(casebook, "chart.delete") as op:
        chart = resolve_chart(op.session, ref)
        op.session.delete(chart)
        op.summary = f"Delete chart “{chart.name}”"
        op.subject_id = chart.id
    assert op.change is not None
    return op.change


def resolve_chart(session: Session, ref: str) -> Chart:
    """The chart named ``ref`` (exact, then case-insensitive) or with that id."""
    text = " ".join(ref.split())
    chart = session.scalars(select(Chart).where(Chart.name == text)).one_or_none()
    if chart is None:
        chart = session.get(Chart, ref.strip())
    if chart is None:
        found = session.scalars(
            select(Chart).where(func.lower(Chart.name) == text.lower()).limit(2)
        ).all()
        if len(found) > 1:
            raise AmbiguousError(f"several charts are called “{text}” in other cases")
        chart = found[0] if found else None
    if chart is None:
        raise NotFoundError(f"no chart called “{text}”")
    return chart


def _record(chart: Chart, state: ChartState) -> ChartRecord:
    return ChartRecord(
        chart.id, chart.name, len(state.entity_ids), chart.created_at, chart.updated_at
    )


def list_charts(casebook: Casebook) -> list[ChartRecord]:
    with casebook.reading() as session:
        charts = session.scalars(select(Chart).order_by(func.lower(Chart.name))).all()
        return [_record(c, ChartState.from_json(c.state)) for c in charts]


def open_chart(casebook: Casebook, ref: str) -> tuple[ChartRecord, ChartState]:
    with casebook.reading() as session:
        chart = resolve_chart(session, ref)
        state = ChartState.from_json(chart.state)
        return _record(chart, state), state
