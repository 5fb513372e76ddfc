"""Figures as ReportLab vector graphics: a ``Drawing`` (a platypus Flowable) for dossiers.

Text is drawn run by run in the font that covers each character (NanumGothic for Hangul,
DejaVu for Latin, Cyrillic…), exactly as the dossier's paragraphs are, so a figure in a
dossier never shows boxes; characters no font has are shown as ``[U+XXXX]`` and reported.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle as RLCircle
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.shapes import Group as RLGroup
from reportlab.graphics.shapes import Line as RLLine
from reportlab.graphics.shapes import Polygon as RLPolygon
from reportlab.graphics.shapes import Rect as RLRect
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from nkcase.figures.shapes import Circle, Figure, Group, Line, Polygon, Rect, Shape, Style, Text
from nkcase.figures.text import FigureFonts


def _colour(value: str | None, opacity: float = 1.0) -> colors.Color | None:
    if value is None:
        return None
    colour = colors.HexColor(value)
    if opacity < 1:
        colour = colors.Color(colour.red, colour.green, colour.blue, alpha=opacity)
    return colour


def _apply(shape: RLLine | RLRect | RLCircle | RLPolygon, style: Style) -> None:
    shape.strokeColor = _colour(style.stroke, style.opacity)
    shape.strokeWidth = style.width if style.stroke else 0
    if style.dash:
        shape.strokeDashArray = list(style.dash)
    if not isinstance(shape, RLLine):
        shape.fillColor = _colour(style.fill, style.opacity)


class _Builder:
    def __init__(self, height: float, fonts: FigureFonts) -> None:
        self.height = height
        self.fonts = fonts

    def y(self, value: float) -> float:
        return self.height - value

    def add(self, target: RLGroup | Drawing, shape: Shape) -> None:
        h = self.y
        if isinstance(shape, Group):
            group = RLGroup()
            for child in shape.children:
                self.add(group, child)
            target.add(group)
        elif isinstance(shape, Line):
            line = RLLine(shape.x1, h(shape.y1), shape.x2, h(shape.y2))
            _apply(line, shape.style)
            target.add(line)
        elif isinstance(shape, Rect):
            rect = RLRect(
                shape.x,
                h(shape.y + shape.height),
                shape.width,
                shape.height,
                rx=shape.radius,
                ry=shape.radius,
            )
            _apply(rect, shape.style)
            target.add(rect)
        elif isinstance(shape, Circle):
            circle = RLCircle(shape.cx, h(shape.cy), shape.r)
            _apply(circle, shape.style)
            target.add(circle)
        elif isinstance(shape, Polygon):
            points: list[float] = []
            for x, y in shape.points:
                points += [x, h(y)]
            polygon = RLPolygon(points)
            _apply(polygon, shape.style)
            target.add(polygon)
        elif isinstance(shape, Text):
            self._text(target, shape)

    def _text(self, target: RLGroup | Drawing, shape: Text) -> None:
        runs = self.fonts.runs(shape.text, shape.role)
        widths = [stringWidth(run.text, run.font, shape.size) for run in runs]
        total = sum(widths)
        x = shape.x - (
            total / 2 if shape.anchor == "middle" else total if shape.anchor == "end" else 0
        )
        for run, width in zip(runs, widths, strict=True):
            string = String(
                x,
                self.y(shape.y),
                run.text,
                fontName=run.font,
                fontSize=shape.size,
                fillColor=_colour(run.colour or shape.colour),
            )
            target.add(string)
            x += width


def to_drawing(figure: Figure, fonts: FigureFonts | None = None) -> Drawing:
    """The figure as a ReportLab ``Drawing`` of the same size in points."""
    fonts = fonts or FigureFonts()
    drawing = Drawing(figure.width, figure.height)
    builder = _Builder(figure.height, fonts)
    for shape in figure.children:
        builder.add(drawing, shape)
    return drawing
