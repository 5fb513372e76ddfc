"""Queries over a :class:`ChartGraph`: n-hop neighbourhoods and filters.

The services answer the same questions with SQL on a whole casebook
(:mod:`nkcase.services.chart_data`), using the same ``ChartFilter.node_passes`` and
``edge_passes`` so both agree; these work on a graph already in memory (the GUI's chart, tests).
"""

from __future__ import annotations

from collections.abc import Iterable

from nkcase.graph.model import ChartFilter, ChartGraph


def filtered(graph: ChartGraph, chart_filter: ChartFilter) -> ChartGraph:
    """The graph without the nodes and edges the filter leaves out (and edges to those nodes)."""
    nodes = [n for n in graph.nodes.values() if chart_filter.node_passes(n)]
    edges = [e for e in graph.edges.values() if chart_filter.edge_passes(e)]
    return ChartGraph.of(nodes, edges)


def neighbourhood(
    graph: ChartGraph,
    seeds: Iterable[str],
    hops: int,
    chart_filter: ChartFilter | None = None,
) -> set[str]:
    """Ids of the seeds and of every node within ``hops`` edges of them, walking only through
    nodes and edges the filter keeps (a withheld or filtered link is no path)."""
    if hops < 0:
        raise ValueError("hops must be 0 or more")
    view = filtered(graph, chart_filter) if chart_filter is not None else graph
    incident = view.incident()
    found = {s for s in seeds if s in view.nodes}
    frontier = set(found)
    for _hop in range(hops):
        reached: set[str] = set()
        for node_id in frontier:
            for edge in incident.get(node_id, ()):
                other = edge.target if edge.source == node_id else edge.source
                if other not in found:
                    reached.add(other)
        if not reached:
            break
        found |= reached
        frontier = reached
    return found
