"""The shapes a figure is made of (points; origin top-left, y down)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Anchor = Literal["start", "middle", "end"]
TextRole = Literal["regular", "bold", "italic"]


@dataclass(frozen=True, slots=True)
class Style:
    """Stroke and fill as "#rrggbb" (None: none); ``dash`` lengths in points."""

    stroke: str | None = "#000000"
    fill: str | None = None
    width: float = 1.0
    dash: tuple[float, ...] = ()
    opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    style: Style = field(default_factory=Style)


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    style: Style = field(default_factory=Style)
    radius: float = 0.0


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float
    style: Style = field(default_factory=Style)


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    style: Style = field(default_factory=Style)


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text; ``y`` is its baseline."""

    x: float
    y: float
    text: str
    size: float = 8.0
    colour: str = "#1b1f24"
    anchor: Anchor = "start"
    role: TextRole = "regular"


@dataclass(frozen=True, slots=True)
class Group:
    """Shapes that together draw one thing: ``kind`` ("node", "edge", "event", "legend"…) and
    the id of what it shows; ``title`` is a tooltip in SVG viewers."""

    kind: str
    id: str
    children: tuple[Shape, ...]
    title: str = ""


Shape = Line | Rect | Circle | Polygon | Text | Group


@dataclass(frozen=True, slots=True)
class Figure:
    width: float
    height: float
    children: tuple[Shape, ...]
    title: str = ""
    description: str = ""

    def groups(self, kind: str) -> list[Group]:
        """Every group of ``kind``, at any depth."""
        found: list[Group] = []

        def visit(shapes: tuple[Shape, ...]) -> None:
            for shape in shapes:
                if isinstance(shape, Group):
                    if shape.kind == kind:
                        found.append(shape)
                    visit(shape.children)

        visit(self.children)
        return found
