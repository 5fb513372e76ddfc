"""What a dossier shows of an entity's network and chronology, at the dossier's level.

The chart is the entity's neighbourhood (two steps, or one when two would crowd the page),
laid out with a fixed seed so the same casebook gives the same figure; the chronology is the
entity's timeline. Both are loaded in the dossier's own read session and level, so they show
exactly what the rest of the dossier may show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from nkcase.dossier.data import ChronologyLine
from nkcase.figures import Figure
from nkcase.graph import ChartFilter
from nkcase.graph.figure import DOSSIER_STYLE, chart_figure
from nkcase.graph.layout import layout_chart
from nkcase.services.casefiles import EvidenceRef
from nkcase.services.chart_data import load_chart_graph, walk_view
from nkcase.services.timeline import timeline_in
from nkcase.timeline import TimelineFilter
from nkcase.timeline.figure import timeline_figure

MAX_NODES = 40
"""More entities than this make a page-wide figure unreadable: fewer steps are shown."""
KIND_NAMES = {
    "event": "Event",
    "relationship": "Relationship",
    "fact": "Fact",
    "source": "Published",
}


@dataclass
class EntityFigures:
    network: Figure | None = None
    timeline: Figure | None = None
    chronology: list[ChronologyLine] = field(default_factory=list)
    evidence: list[EvidenceRef] = field(default_factory=list)
    """The quotes the chronology cites (the dossier prints them with the entity's quotes)."""


def entity_figures(
    session: Session, entity_id: str, caption: str, level: str, *, hops: int = 2
) -> EntityFigures:
    found = EntityFigures()
    chart_filter = ChartFilter(level=level)
    ids: list[str] = []
    view = None
    for steps in range(hops, 0, -1):
        ids, view = walk_view(session, [entity_id], steps, chart_filter)
        if len(ids) <= MAX_NODES:
            break
    ids = ids[:MAX_NODES]
    graph = load_chart_graph(session, ids, level, view)  # (the rule as the walk loaded it)
    if graph.edges:
        positions = layout_chart(graph, seed=1)
        found.network = chart_figure(
            graph, positions, title=f"Network of {caption}", style=DOSSIER_STYLE
        )
    line = timeline_in(session, TimelineFilter(entity_ids=frozenset({entity_id}), level=level))
    if line.items:
        found.timeline = timeline_figure(line.items, title=f"Chronology of {caption}")
    for item in line.items:
        refs = line.evidence.get(item.id, [])
        found.evidence += refs
        found.chronology.append(
            ChronologyLine(
                when=item.phrase,
                kind=KIND_NAMES[item.kind],
                what=item.label,
                detail=item.detail if item.kind == "event" and item.detail else None,
                quote_refs=tuple(dict.fromkeys(r.quote_id for r in refs)),
                needs_quotes=item.kind != "source",
            )
        )
    return found
