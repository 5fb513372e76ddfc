"""The link chart's scene items: entity nodes and relationship lines, drawn like the exports.

Shapes, colours and line styles come from :mod:`nkcase.graph.look`, so the screen, the SVG/PNG
exports and the dossier agree. Every item is made of Qt's own shape and text items, which Qt
paints in C++: a 2,000-node, 5,000-line chart pans and zooms without calling Python per item.
Captions and line labels are drawn by the view over the scene, for what is in view only, and
not at all when zoomed far out, where they could not be read.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
)

from nkcase.figures.wrap import wrap_words
from nkcase.graph.look import (
    DESIGNATION_COLOUR,
    LINE_LOOKS,
    SELECTED_COLOUR,
    node_look,
    shape_points,
)
from nkcase.graph.model import ChartEdge, ChartNode, GradeBy

NODE_RADIUS = 16.0
LABEL_WIDTH = 150.0
LABEL_LOD = 0.6
"""Below this zoom node labels are hidden and lines drawn as one path per style: text that
small cannot be read, and drawing thousands of labels would make zooming stutter."""
EDGE_LABEL_LOD = 0.85
"""Below this zoom the lines' labels (smaller text) are hidden."""
LABELLED_NODES = 200
"""At most about this many entities in view get labels (a dense overview shows shapes and
lines only, like a map shows street names only when zoomed in)."""
LABELLED_LINES = 100
"""At most about this many entities in view get their lines' labels."""
HALO = QColor(255, 255, 255, 215)



def _font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


LABEL_FONT = _font(9.0, bold=True)
EDGE_FONT = _font(8.0, italic=True)
LABEL_METRICS = QFontMetricsF(LABEL_FONT)
EDGE_METRICS = QFontMetricsF(EDGE_FONT)
LETTER_FONT = _font(11.0, bold=True)
BADGE_FONT = _font(7.0, bold=True)


def _elided_lines(text: str, font: QFont, width: float, lines: int = 2) -> list[str]:
    metrics = QFontMetricsF(font)
    return wrap_words(
        text,
        width,
        metrics.horizontalAdvance,
        lambda line, w: metrics.elidedText(line, Qt.TextElideMode.ElideRight, w),
        lines,
    )


class NodeItem(QGraphicsPathItem):
    """An entity: its schema's shape (and a designation ring). Its letter, caption and "+N"
    badge are drawn by the view over the scene (:meth:`ChartView.drawForeground`), only for
    the nodes in view and only when zoomed in far enough to read them."""

    def __init__(self, node: ChartNode, pinned: bool = False) -> None:
        super().__init__()
        self.edges: list[EdgeItem] = []
        self.on_moved = None  # set by the scene: called once a drag ends
        self.node = node
        self._pinned = pinned
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setZValue(2)
        self.look = look = node_look(node.schema)
        path = QPainterPath()
        if look.shape == "circle":
            path.addEllipse(QPointF(0, 0), NODE_RADIUS, NODE_RADIUS)
        else:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in
                                       shape_points(look.shape, 0, 0, NODE_RADIUS)]))
            path.closeSubpath()
        if node.designation:
            path.addEllipse(QPointF(0, 0), NODE_RADIUS + 5, NODE_RADIUS + 5)
        self.setPath(path)
        self.setBrush(QBrush(QColor(look.fill)))
        self._pen = QPen(QColor(DESIGNATION_COLOUR if node.designation else look.stroke),
                         2.0 if node.designation else 1.4)
        self.setPen(self._pen)
        self.lines = _elided_lines(node.caption, LABEL_FONT, LABEL_WIDTH)
        tip = f"{node.caption} ({node.schema})"
        if node.designation:
            tip += f"\nDesignated: {node.designation}"
        if node.more:
            tip += f"\n{node.more} more link(s) off the chart: double-click to expand"
        self.setToolTip(tip + "\nClick: open its case file · drag: place and pin it")

    @property
    def entity_id(self) -> str:
        return self.node.id

    @property
    def pinned(self) -> bool:
        return self._pinned

    @pinned.setter
    def pinned(self, value: bool) -> None:
        self._pinned = value
        self.update()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), NODE_RADIUS + 4, NODE_RADIUS + 4)
        return path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
            scene = self.scene()
            if scene is not None and hasattr(scene, "lines_moved"):
                scene.lines_moved()  # restroke the lines' paths (once per event-loop turn)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setPen(QPen(QColor(SELECTED_COLOUR), 3.0) if value else self._pen)
        return super().itemChange(change, value)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        moved = event.buttonDownScenePos(Qt.MouseButton.LeftButton) != event.scenePos()
        super().mouseReleaseEvent(event)
        if moved and self.on_moved is not None:
            self.on_moved(self)

    def paint_labels(self, painter: QPainter, letters: bool = True) -> None:
        """Letter, pin, badge and caption (called by the view for nodes in view)."""
        centre = self.pos()
        if letters:
            painter.setFont(LETTER_FONT)
            painter.setPen(QColor(self.look.stroke))
            painter.drawText(QRectF(centre.x() - NODE_RADIUS, centre.y() - NODE_RADIUS,
                                    2 * NODE_RADIUS, 2 * NODE_RADIUS),
                             Qt.AlignmentFlag.AlignCenter, self.look.letter)
        if self._pinned:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#555555"))
            painter.drawEllipse(centre + QPointF(NODE_RADIUS * 0.8, -NODE_RADIUS * 0.8), 3, 3)
        if self.node.more:
            badge = QRectF(centre.x() + NODE_RADIUS * 0.55, centre.y() + NODE_RADIUS * 0.35,
                           22, 13)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1f3a5f"))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setFont(BADGE_FONT)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"+{self.node.more}")
        metrics = LABEL_METRICS
        y = centre.y() + NODE_RADIUS + 4
        lines = [(line, "#1b1f24") for line in self.lines]
        if self.node.designation:
            lines.append(("⚑ " + self.node.designation, DESIGNATION_COLOUR))
        painter.setFont(LABEL_FONT)
        for text, colour in lines:
            width = metrics.horizontalAdvance(text)
            rect = QRectF(centre.x() - width / 2 - 2, y, width + 4, metrics.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(HALO)
            painter.drawRect(rect)
            painter.setPen(QColor(colour))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            y += metrics.height()


class EdgeItem:
    """A relationship on the chart: its line, arrowhead and label geometry, kept up to date as
    its nodes move. It is not a scene item: the scene strokes all lines of one evidence tier
    as one path, the view draws arrowheads, labels and the selection for what is on screen and
    finds the line under the mouse by distance — thousands of links cost no per-item work."""

    def __init__(self, edge: ChartEdge, source: NodeItem, target: NodeItem,
                 grade_by: GradeBy = "strongest", offset: float = 0.0) -> None:
        self.edge = edge
        self.source = source
        self.target = target
        self.offset = offset
        self.grade_by = grade_by
        source.edges.append(self)
        target.edges.append(self)
        self.label = edge.caption
        self.shown_label = ""
        self.line = QLineF()
        self._label_rect = QRectF()
        self._arrow: QPolygonF | None = None
        self.tooltip = (f"{edge.label}: {edge.caption}\n"
                        + (f"Evidence: {', '.join(edge.grades)}" if edge.grades
                           else "No quote supports this link yet")
                        + "\nClick: list its quotes")
        self.adjust()

    @property
    def relationship_id(self) -> str:
        return self.edge.id

    def set_grade_by(self, grade_by: GradeBy) -> None:
        self.grade_by = grade_by

    def adjust(self) -> None:
        a, b = self.source.pos(), self.target.pos()
        length = math.hypot(b.x() - a.x(), b.y() - a.y()) or 1.0
        ux, uy = (b.x() - a.x()) / length, (b.y() - a.y()) / length
        nx, ny = -uy * self.offset, ux * self.offset
        r = NODE_RADIUS + 3
        line = QLineF(a.x() + ux * r + nx, a.y() + uy * r + ny,
                      b.x() - ux * r + nx, b.y() - uy * r + ny)
        self.line = line
        self.bounds = QRectF(line.p1(), line.p2()).normalized().adjusted(-12, -12, 12, 12)
        self._arrow = None
        if self.edge.directed and line.length() > 12:
            tip = line.p2()
            size = 9.0
            angle = math.atan2(-line.dy(), line.dx())
            left = tip + QPointF(math.sin(angle - math.pi / 3) * size,
                                 math.cos(angle - math.pi / 3) * size)
            right = tip + QPointF(math.sin(angle - 2 * math.pi / 3) * size,
                                  math.cos(angle - 2 * math.pi / 3) * size)
            self._arrow = QPolygonF([tip, left, right, tip])
        self.shown_label = EDGE_METRICS.elidedText(self.label, Qt.TextElideMode.ElideRight,
                                                   max(line.length() - 12, 24.0))
        width = EDGE_METRICS.horizontalAdvance(self.shown_label)
        mid = line.pointAt(0.5)
        self._label_rect = QRectF(mid.x() - width / 2 - 2, mid.y() - EDGE_METRICS.height() / 2,
                                  width + 4, EDGE_METRICS.height())

    def midpoint(self) -> QPointF:
        return self.line.pointAt(0.5)

    def label_rect(self) -> QRectF:
        return self._label_rect

    def distance(self, point: QPointF) -> float:
        """Distance from ``point`` to the line (0 on its label)."""
        if self.shown_label and self._label_rect.contains(point):
            return 0.0
        a, b = self.line.p1(), self.line.p2()
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(
            0.0, min(1.0, ((point.x() - a.x()) * dx + (point.y() - a.y()) * dy) / length2))
        return math.hypot(point.x() - (a.x() + t * dx), point.y() - (a.y() + t * dy))

    def paint_selected(self, painter: QPainter) -> None:
        look = LINE_LOOKS[self.edge.tier(self.grade_by)]
        pen = QPen(QColor(SELECTED_COLOUR), look.width * 1.8 + 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLine(self.line)
        if self._arrow is not None:
            painter.setBrush(QColor(SELECTED_COLOUR))
            painter.drawPolygon(self._arrow)

    def paint_arrow(self, painter: QPainter, exposed: QRectF) -> None:
        """The arrowhead, if its tip is in ``exposed`` (drawn by the view when zoomed in)."""
        if self._arrow is None or not exposed.contains(self.line.p2()):
            return
        colour = QColor(LINE_LOOKS[self.edge.tier(self.grade_by)].colour)
        painter.setPen(QPen(colour, 0.8))
        painter.setBrush(colour)
        painter.drawPolygon(self._arrow)

    def paint_label(self, painter: QPainter, exposed: QRectF) -> None:
        rect = self._label_rect
        if not self.shown_label or not exposed.intersects(rect):
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(HALO)
        painter.drawRect(rect)
        painter.setFont(EDGE_FONT)
        painter.setPen(QColor("#5f6670"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.shown_label)


class LinesPath(QGraphicsPathItem):
    """All lines of one evidence tier as one path. Thousands of long lines are stroked
    without antialiasing (twice as fast; lines that dense are not read one by one)."""

    ANTIALIAS_BELOW = 400
    """Lines stroked with antialiasing when a path holds fewer than this many."""

    def __init__(self, path: QPainterPath, lines: int) -> None:
        super().__init__(path)
        self.smooth = lines < self.ANTIALIAS_BELOW

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.smooth)
        super().paint(painter, option, widget)
