"""The link chart's core: a graph of entities and relationships with the grades of their
evidence, queries over it (neighbourhoods, filters), layouts, saved state and figures.

Pure Python (no Qt, no database): :mod:`nkcase.services.chart_data` loads a
:class:`ChartGraph` from a casebook at a handling level; the GUI, the CLI and the dossier
draw the same graph with the same layout.
"""

from nkcase.graph.grades import grade_tier, meets_minimum, strongest, weakest
from nkcase.graph.model import ChartEdge, ChartFilter, ChartGraph, ChartNode
from nkcase.graph.query import filtered, neighbourhood

__all__ = [
    "ChartEdge",
    "ChartFilter",
    "ChartGraph",
    "ChartNode",
    "filtered",
    "grade_tier",
    "meets_minimum",
    "neighbourhood",
    "strongest",
    "weakest",
]
