"""How charts look, in one place for the screen, the exports and the dossier.

Nodes are typed by schema (shape, colour, a letter inside); lines are drawn by the grade of
their evidence (tier → width and dash): a solid heavy line is a link an A/B source states
plainly, a dotted one rests on hearsay or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nkcase.graph.grades import TIER_LABELS, Tier

NodeShape = Literal["circle", "square", "diamond", "hexagon", "triangle"]


@dataclass(frozen=True, slots=True)
class NodeLook:
    shape: NodeShape
    fill: str
    stroke: str
    letter: str


@dataclass(frozen=True, slots=True)
class LineLook:
    width: float
    dash: tuple[float, ...]
    colour: str


NODE_LOOKS: dict[str, NodeLook] = {
    "Person": NodeLook("circle", "#dbe8f7", "#2f5d8a", "P"),
    "Company": NodeLook("square", "#f6e3c7", "#9a5b00", "C"),
    "Organization": NodeLook("square", "#e7def3", "#5b3f8a", "O"),
    "PublicBody": NodeLook("hexagon", "#e0eee0", "#2e6b34", "G"),
    "LegalEntity": NodeLook("square", "#eeeeee", "#555555", "L"),
    "Vessel": NodeLook("diamond", "#d5eef0", "#1f6f78", "V"),
    "Address": NodeLook("triangle", "#f3e1e1", "#8a3f3f", "A"),
}
DEFAULT_LOOK = NodeLook("circle", "#eeeeee", "#555555", "?")

LINE_LOOKS: dict[Tier, LineLook] = {
    "strong": LineLook(2.4, (), "#1b2a3a"),
    "fair": LineLook(1.5, (), "#3a4a5a"),
    "weak": LineLook(1.3, (6.0, 3.5), "#5a6570"),
    "doubtful": LineLook(1.2, (1.5, 3.0), "#6a7075"),
    "unsupported": LineLook(1.0, (1.0, 4.0), "#a0a6ad"),
}
TIER_NAMES: dict[Tier, str] = {
    "strong": "strong evidence",
    "fair": "fair evidence",
    "weak": "weak evidence",
    "doubtful": "doubtful or ungraded",
    "unsupported": "no quote",
}
DESIGNATION_COLOUR = "#b3261e"
SELECTED_COLOUR = "#e0a000"


def node_look(schema: str) -> NodeLook:
    return NODE_LOOKS.get(schema, DEFAULT_LOOK)


def tier_legend(tier: Tier) -> str:
    """ "strong evidence (A–B and 1–2)" """
    return f"{TIER_NAMES[tier]} ({TIER_LABELS[tier]})" if tier != "unsupported" else "no quote"


def shape_points(
    shape: NodeShape, cx: float, cy: float, r: float
) -> tuple[tuple[float, float], ...]:
    """The outline of a node (y down) for polygon shapes; a circle has none."""
    import math

    if shape == "square":
        s = r * 0.86
        return ((cx - s, cy - s), (cx + s, cy - s), (cx + s, cy + s), (cx - s, cy + s))
    if shape == "diamond":
        return ((cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy))
    if shape == "hexagon":
        return tuple(
            (cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)))
            for a in range(0, 360, 60)
        )
    if shape == "triangle":
        return ((cx, cy - r), (cx + r * 0.95, cy + r * 0.7), (cx - r * 0.95, cy + r * 0.7))
    return ()
