"""Figures: charts and timelines as plain shapes, drawn as SVG, as ReportLab vector graphics
(dossiers) and as PNG — one description, three renderers, so every export looks the same.

A :class:`Figure` holds shapes in points, y growing downwards; :class:`Group` gives shapes a
meaning ("node", "edge", "event"…) that the SVG keeps as classes and ids.
"""

from nkcase.figures.shapes import (
    Circle,
    Figure,
    Group,
    Line,
    Polygon,
    Rect,
    Shape,
    Style,
    Text,
)

__all__ = ["Circle", "Figure", "Group", "Line", "Polygon", "Rect", "Shape", "Style", "Text"]
