"""Node stamps: each look of a node (schema shape, colour, letter, designation ring, selection)
drawn once and shared by every node that looks so.

Filling and stroking an antialiased path per node per frame is what made a 2,000-node chart
stutter; a stamp is drawn once, at the resolution of the highest zoom, and Qt paints each node
as a scaled copy of it (a blit in C++, no Python). A pixmap is implicitly shared: 2,000 nodes
hold a dozen images.
"""

from __future__ import annotations

import math
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)

from nkcase.graph.look import DESIGNATION_COLOUR, SELECTED_COLOUR, NodeLook, shape_points

MIN_ZOOM, MAX_ZOOM = 0.03, 4.0
NODE_RADIUS = 16.0


def chart_font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


LETTER_FONT = chart_font(11.0, bold=True)


def _outline(look: NodeLook, designated: bool) -> QPainterPath:
    path = QPainterPath()
    if look.shape == "circle":
        path.addEllipse(QPointF(0, 0), NODE_RADIUS, NODE_RADIUS)
    else:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in
                                   shape_points(look.shape, 0, 0, NODE_RADIUS)]))
        path.closeSubpath()
    if designated:
        path.addEllipse(QPointF(0, 0), NODE_RADIUS + 5, NODE_RADIUS + 5)
    return path


def stamp_scale() -> float:
    """Pixels per scene unit of the stamps: sharp at the highest zoom on the sharpest screen."""
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    return MAX_ZOOM * max(1.0, ratio)


@cache
def node_stamp(look: NodeLook, designated: bool, selected: bool) -> QPixmap:
    """A node of one look (shape, fill, outline, letter, designation ring, selection), drawn
    once at :func:`stamp_scale`; its device pixel ratio makes it one node wide in scene units."""
    scale = stamp_scale()
    half = NODE_RADIUS + (7.0 if designated else 2.0)  # the outline's half width fits
    side = math.ceil(2 * half * scale)
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    painter.scale(side / (2 * half), side / (2 * half))
    painter.translate(half, half)
    if selected:
        pen = QPen(QColor(SELECTED_COLOUR), 3.0)
    else:
        pen = QPen(QColor(DESIGNATION_COLOUR if designated else look.stroke),
                   2.0 if designated else 1.4)
    painter.setPen(pen)
    painter.setBrush(QBrush(QColor(look.fill)))
    painter.drawPath(_outline(look, designated))
    painter.setFont(LETTER_FONT)
    painter.setPen(QColor(look.stroke))
    painter.drawText(QRectF(-NODE_RADIUS, -NODE_RADIUS, 2 * NODE_RADIUS, 2 * NODE_RADIUS),
                     Qt.AlignmentFlag.AlignCenter, look.letter)
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(side / (2 * half))
    return pixmap


def _hit_shape() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(0, 0), NODE_RADIUS + 4, NODE_RADIUS + 4)
    return path


HIT_SHAPE = _hit_shape()
"""Where a node is hit by the mouse: one path for every node, never recomputed."""
