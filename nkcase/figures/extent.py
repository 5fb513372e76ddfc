"""Where a figure's shapes reach, text included, and shapes moved: a builder keeps labels
inside its figure (a label placed beside a node at the edge reached past it and was cut in the
exports) by measuring what it drew, not by guessing margins."""

from __future__ import annotations

from collections.abc import Iterable

from nkcase.figures.place import Box
from nkcase.figures.shapes import Circle, Group, Line, Polygon, Rect, Shape, Text
from nkcase.figures.text import FigureFonts

ASCENT, DESCENT = 0.95, 0.25
"""A line of text reaches this many times its size above and below its baseline (the
dossier's fonts: capitals and accents above, descenders below)."""


def extent(shapes: Iterable[Shape], fonts: FigureFonts) -> Box | None:
    """The box every shape lies in, strokes and text included (None: no shapes)."""
    boxes = [box for shape in shapes if (box := _box(shape, fonts)) is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _box(shape: Shape, fonts: FigureFonts) -> Box | None:
    if isinstance(shape, Group):
        return extent(shape.children, fonts)
    if isinstance(shape, Text):
        width = fonts.width(shape.text, shape.size, shape.role)
        left = shape.x - {"start": 0.0, "middle": width / 2, "end": width}[shape.anchor]
        return (left, shape.y - shape.size * ASCENT, left + width,
                shape.y + shape.size * DESCENT)
    half = shape.style.width / 2 if shape.style.stroke else 0.0
    if isinstance(shape, Line):
        box = (min(shape.x1, shape.x2), min(shape.y1, shape.y2),
               max(shape.x1, shape.x2), max(shape.y1, shape.y2))
    elif isinstance(shape, Rect):
        box = (shape.x, shape.y, shape.x + shape.width, shape.y + shape.height)
    elif isinstance(shape, Circle):
        box = (shape.cx - shape.r, shape.cy - shape.r, shape.cx + shape.r, shape.cy + shape.r)
    else:
        xs = [p[0] for p in shape.points]
        ys = [p[1] for p in shape.points]
        box = (min(xs), min(ys), max(xs), max(ys))
    return (box[0] - half, box[1] - half, box[2] + half, box[3] + half)


def moved(shape: Shape, dx: float, dy: float) -> Shape:
    """``shape`` moved by (``dx``, ``dy``)."""
    if isinstance(shape, Group):
        return Group(shape.kind, shape.id, tuple(moved(c, dx, dy) for c in shape.children),
                     shape.title)
    if isinstance(shape, Text):
        return Text(shape.x + dx, shape.y + dy, shape.text, shape.size, shape.colour,
                    shape.anchor, shape.role)
    if isinstance(shape, Line):
        return Line(shape.x1 + dx, shape.y1 + dy, shape.x2 + dx, shape.y2 + dy, shape.style)
    if isinstance(shape, Rect):
        return Rect(shape.x + dx, shape.y + dy, shape.width, shape.height, shape.style,
                    shape.radius)
    if isinstance(shape, Circle):
        return Circle(shape.cx + dx, shape.cy + dy, shape.r, shape.style)
    return Polygon(tuple((x + dx, y + dy) for x, y in shape.points), shape.style)
