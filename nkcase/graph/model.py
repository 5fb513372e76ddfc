"""The chart's records: nodes (entities), edges (relationships) and the filters over them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from nkcase.graph.grades import Tier, grade_tier, strongest, weakest
from nkcase.vocabulary.dates import PartialDate

UNDIRECTED_SCHEMATA = frozenset({"Associate", "Family"})
"""Relationship schemata whose two ends play the same part (drawn without an arrow)."""

GradeBy = Literal["strongest", "weakest"]


@dataclass(frozen=True, slots=True)
class ChartNode:
    """An entity on the chart. ``designation`` is filled by the screening providers (a
    sanctions list entry); ``more`` counts its shown-level relationships to entities not on
    the chart (the "expand" hint)."""

    id: str
    schema: str
    caption: str
    designation: str | None = None
    more: int = 0


@dataclass(frozen=True, slots=True)
class ChartEdge:
    """A relationship on the chart with the grades of the quotes shown for it."""

    id: str
    schema: str
    label: str
    """The schema's label ("Ownership")."""
    source: str
    """The subject entity's id (the owner, the director…)."""
    target: str
    role: str = ""
    start: str | None = None
    end: str | None = None
    summary: str = ""
    grades: tuple[str, ...] = ()
    """Grades of the shown quotes supporting it ("B2", …); empty: unsupported."""

    @property
    def directed(self) -> bool:
        return self.schema not in UNDIRECTED_SCHEMATA

    @property
    def strongest(self) -> str | None:
        return strongest(self.grades)

    @property
    def weakest(self) -> str | None:
        return weakest(self.grades)

    def tier(self, by: GradeBy = "strongest") -> Tier:
        return grade_tier(self.strongest if by == "strongest" else self.weakest)

    @property
    def dates(self) -> str:
        """ "2018-06 –", "– 2020", "2018 – 2020" or ""."""
        if self.start and self.end:
            return f"{self.start} – {self.end}"
        if self.start:
            return f"{self.start} –"
        if self.end:
            return f"– {self.end}"
        return ""

    @property
    def caption(self) -> str:
        """What the line's label says: its role (or schema) and its dates."""
        words = self.role or self.label
        return f"{words} · {self.dates}" if self.dates else words

    def overlaps(self, date_from: str | None, date_to: str | None) -> bool:
        """Whether the relationship may have held between the two dates (undated: yes)."""
        lo = PartialDate.parse(date_from).earliest if date_from else None
        hi = PartialDate.parse(date_to).latest if date_to else None
        if self.end and lo is not None and PartialDate.parse(self.end).latest < lo:
            return False
        return not (self.start and hi is not None and PartialDate.parse(self.start).earliest > hi)


@dataclass(frozen=True, slots=True)
class ChartFilter:
    """What a chart leaves out. ``level`` is applied when the graph is loaded (what is above it
    never enters a :class:`ChartGraph`); the rest by :func:`nkcase.graph.query.filtered`."""

    schemata: frozenset[str] | None = None
    """Entity schemata shown (None: all)."""
    date_from: str | None = None
    date_to: str | None = None
    min_grade: str | None = None
    """Edges whose strongest shown quote is at least this grade ("C3"); None: all edges."""
    level: str = "internal"

    def node_passes(self, node: ChartNode) -> bool:
        return self.schemata is None or node.schema in self.schemata

    def edge_passes(self, edge: ChartEdge) -> bool:
        from nkcase.graph.grades import meets_minimum

        if self.min_grade is not None and not meets_minimum(edge.strongest, self.min_grade):
            return False
        return edge.overlaps(self.date_from, self.date_to)


@dataclass
class ChartGraph:
    """Nodes and edges by id, with an adjacency index built on demand."""

    nodes: dict[str, ChartNode] = field(default_factory=dict)
    edges: dict[str, ChartEdge] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: Iterable[ChartNode], edges: Iterable[ChartEdge]) -> ChartGraph:
        graph = cls({n.id: n for n in nodes}, {})
        graph.edges = {
            e.id: e for e in edges if e.source in graph.nodes and e.target in graph.nodes
        }
        return graph

    def incident(self) -> dict[str, list[ChartEdge]]:
        """Node id → its edges."""
        found: dict[str, list[ChartEdge]] = defaultdict(list)
        for edge in self.edges.values():
            found[edge.source].append(edge)
            found[edge.target].append(edge)
        return found

    def subgraph(self, node_ids: Iterable[str]) -> ChartGraph:
        keep = set(node_ids)
        return ChartGraph.of((n for i, n in self.nodes.items() if i in keep), self.edges.values())
