"""Loading link charts from a casebook: neighbourhoods by SQL, at a handling level.

Everything here reads. What a level withholds never enters the :class:`ChartGraph` — not the
entity, not the relationship, not a quote's grade — so nothing drawn, exported or saved from it
can show it. Filters (schema, dates, minimum grade) are those of :class:`ChartFilter`, applied
while walking, so a filtered-out link is no path to what lies behind it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.graph import ChartEdge, ChartFilter, ChartGraph, ChartNode
from nkcase.graph.query import filtered
from nkcase.model import Entity, Relationship
from nkcase.services.casefiles import EvidenceRef
from nkcase.services.designations import designations
from nkcase.services.evidence_refs import evidence_refs
from nkcase.services.visibility import LevelView, level_view
from nkcase.store import Casebook
from nkcase.store.batches import chunked

MAX_HOPS = 6


@dataclass(frozen=True)
class _Rel:
    id: str
    schema: str
    subject_id: str
    object_id: str
    role: str
    start: str | None
    end: str | None
    summary: str


def _rels_touching(session: Session, entity_ids: Collection[str] | None) -> dict[str, _Rel]:
    query = select(
        Relationship.id,
        Relationship.schema,
        Relationship.subject_id,
        Relationship.object_id,
        Relationship.role,
        Relationship.start_date,
        Relationship.end_date,
        Relationship.summary,
    )
    if entity_ids is None:
        return {r[0]: _Rel(*r) for r in session.execute(query)}
    found: dict[str, _Rel] = {}
    for chunk in chunked(entity_ids):
        rows = session.execute(
            query.where(or_(Relationship.subject_id.in_(chunk), Relationship.object_id.in_(chunk)))
        )
        found.update({r[0]: _Rel(*r) for r in rows})
    return found


def _entities(session: Session, entity_ids: Collection[str] | None) -> dict[str, tuple[str, str]]:
    """Entity id → (schema, caption)."""
    query = select(Entity.id, Entity.schema, Entity.caption)
    if entity_ids is None:
        return {i: (s, c) for i, s, c in session.execute(query)}
    found: dict[str, tuple[str, str]] = {}
    for chunk in chunked(entity_ids):
        found.update({i: (s, c) for i, s, c in session.execute(query.where(Entity.id.in_(chunk)))})
    return found


def _edge(rel: _Rel, grades: Sequence[str]) -> ChartEdge:
    return ChartEdge(
        id=rel.id,
        schema=rel.schema,
        label=vocabulary.get_schema(rel.schema).label,
        source=rel.subject_id,
        target=rel.object_id,
        role=rel.role,
        start=rel.start,
        end=rel.end,
        summary=rel.summary,
        grades=tuple(grades),
    )


def _grades(session: Session, view: LevelView, rel_ids: Collection[str]) -> dict[str, list[str]]:
    """Relationship id → the grades of its quotes shown at the view's level."""
    refs = evidence_refs(session, "relationship_id", rel_ids)
    out: dict[str, list[str]] = {}
    for rel_id in rel_ids:
        shown = set(view.shown_support(rel_id))
        out[rel_id] = [r.grade for r in refs.get(rel_id, []) if r.quote_id in shown]
    return out


def load_chart_graph(
    session: Session, entity_ids: Collection[str] | None, level: str,
    view: LevelView | None = None,
) -> ChartGraph:
    """The entities (None: all) visible at ``level`` and every visible relationship among
    them, with the count of visible relationships leading off the chart (``more``). ``view``:
    the rule at ``level`` already loaded for these entities (or more), as :func:`walk_view`
    returns it; else it is loaded here."""
    entities = _entities(session, entity_ids)
    rels = _rels_touching(session, list(entities) if entity_ids is not None else None)
    if view is None:
        view = level_view(session, level,
                          entity_ids=None if entity_ids is None else set(entities))
    shown = {e for e in entities if view.shows(e)}
    visible_rels = {k: r for k, r in rels.items() if view.shows(k)}
    inside = {
        k: r for k, r in visible_rels.items() if r.subject_id in shown and r.object_id in shown
    }
    more: dict[str, int] = {}
    for rel in visible_rels.values():
        for end, other in ((rel.subject_id, rel.object_id), (rel.object_id, rel.subject_id)):
            if end in shown and other not in shown:
                more[end] = more.get(end, 0) + 1
    marks = designations(session, sorted(shown))
    grades = _grades(session, view, inside)
    nodes = [
        ChartNode(
            id=e,
            schema=entities[e][0],
            caption=view.caption_at(e, entities[e][1]),
            designation=marks.get(e),
            more=more.get(e, 0),
        )
        for e in sorted(shown)
    ]
    return ChartGraph.of(nodes, (_edge(r, grades[k]) for k, r in sorted(inside.items())))


def walk(
    session: Session, seeds: Collection[str], hops: int, chart_filter: ChartFilter
) -> list[str]:
    """The seeds and every entity within ``hops`` visible, passing relationships of them
    (breadth first; the order entities were reached in)."""
    return walk_view(session, seeds, hops, chart_filter)[0]


def walk_view(
    session: Session, seeds: Collection[str], hops: int, chart_filter: ChartFilter,
    also: Collection[str] = (),
) -> tuple[list[str], LevelView]:
    """:func:`walk`, and the visibility rule it read with, loaded for everything found and
    ``also`` (the chart's other entities): :func:`load_chart_graph` takes it, so a chart of
    one hop loads the rule once (it loaded it three times: for the seeds, for the hop and
    for the chart). Each hop loads it once for what is found so far and what the hop
    touches; the seeds' own load is the first hop's."""
    if not 0 <= hops <= MAX_HOPS:
        from nkcase.errors import ValidationError

        raise ValidationError(f"hops must be between 0 and {MAX_HOPS}")
    extra = set(also)
    known = _entities(session, seeds)
    rels = _rels_touching(session, list(known)) if hops else {}
    ends = {r.subject_id for r in rels.values()} | {r.object_id for r in rels.values()}
    known.update(_entities(session, ends - set(known)))
    view = level_view(session, chart_filter.level, entity_ids=set(known) | extra)
    found = [
        s
        for s in dict.fromkeys(seeds)
        if s in known and view.shows(s) and chart_filter.node_passes(_node(s, known[s]))
    ]
    seen = set(found)
    frontier = list(found)
    for hop in range(hops):
        if hop:  # (the first hop's relationships and ends were read with the seeds)
            rels = _rels_touching(session, frontier)
            ends = {r.subject_id for r in rels.values()} | {r.object_id for r in rels.values()}
            known.update(_entities(session, ends - set(known)))
            view = level_view(session, chart_filter.level, entity_ids=seen | ends | extra)
        grades = _grades(session, view, [k for k in rels if view.shows(k)])
        reached: list[str] = []
        frontier_set = set(frontier)
        for rel_id, rel in sorted(rels.items()):
            if not view.shows(rel_id) or not chart_filter.edge_passes(_edge(rel, grades[rel_id])):
                continue
            for end, other in ((rel.subject_id, rel.object_id), (rel.object_id, rel.subject_id)):
                if end not in frontier_set or other in seen or other not in known:
                    continue
                if view.shows(other) and chart_filter.node_passes(_node(other, known[other])):
                    seen.add(other)
                    reached.append(other)
        if not reached:
            break
        found += reached
        frontier = reached
    return found, view


def _node(entity_id: str, row: tuple[str, str]) -> ChartNode:
    return ChartNode(entity_id, row[0], row[1])


# -- what the CLI, the GUI and the dossier call ------------------------------------------------


def neighbourhood_chart(
    casebook: Casebook,
    seeds: Collection[str],
    *,
    hops: int = 1,
    chart_filter: ChartFilter | None = None,
) -> ChartGraph:
    """The chart of ``seeds`` and their neighbours up to ``hops`` away, filtered."""
    chart_filter = chart_filter or ChartFilter()
    with casebook.reading() as session:
        ids, view = walk_view(session, seeds, hops, chart_filter)
        return filtered(load_chart_graph(session, ids, chart_filter.level, view), chart_filter)


def whole_chart(casebook: Casebook, chart_filter: ChartFilter | None = None) -> ChartGraph:
    """Every entity and relationship the filter and its level allow."""
    chart_filter = chart_filter or ChartFilter()
    with casebook.reading() as session:
        return filtered(load_chart_graph(session, None, chart_filter.level), chart_filter)


def chart_of(
    casebook: Casebook, entity_ids: Collection[str], chart_filter: ChartFilter | None = None
) -> ChartGraph:
    """Exactly these entities (those still there and visible) and their relationships."""
    chart_filter = chart_filter or ChartFilter()
    with casebook.reading() as session:
        return filtered(load_chart_graph(session, entity_ids, chart_filter.level), chart_filter)


def expand(
    casebook: Casebook,
    shown: Collection[str],
    from_ids: Collection[str],
    *,
    hops: int = 1,
    chart_filter: ChartFilter | None = None,
) -> ChartGraph:
    """The chart of ``shown`` plus what lies within ``hops`` of ``from_ids`` (the GUI's
    "expand"): one read, so the result is consistent."""
    chart_filter = chart_filter or ChartFilter()
    with casebook.reading() as session:
        reached, view = walk_view(session, from_ids, hops, chart_filter, also=shown)
        ids = list(dict.fromkeys([*shown, *reached]))
        return filtered(load_chart_graph(session, ids, chart_filter.level, view), chart_filter)


def relationship_evidence(
    casebook: Casebook, relationship_id: str, level: str
) -> list[EvidenceRef]:
    """The quotes shown for one relationship at ``level`` (what clicking its line lists)."""
    with casebook.reading() as session:
        rel = session.get(Relationship, relationship_id)
        if rel is None:
            return []
        view = level_view(session, level, entity_ids=[rel.subject_id, rel.object_id])
        shown = set(view.shown_support(relationship_id))
        refs = evidence_refs(session, "relationship_id", [relationship_id]).get(relationship_id, [])
        return [r for r in refs if r.quote_id in shown]
