"""The link chart's scene items: entity nodes and relationship lines, drawn like the exports.

Shapes, colours and line styles come from :mod:`nkcase.graph.look`, so the screen, the SVG/PNG
exports and the dossier agree. Labels are skipped when zoomed far out (level of detail), which
keeps panning and zooming a 2,000-node chart smooth.
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
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

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
LABEL_LOD = 0.45
"""Below this zoom labels are not drawn (they would be unreadable anyway)."""


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


LABEL_FONT = _font(9.0, bold=True)
EDGE_FONT = _font(8.0)
EDGE_FONT.setItalic(True)
LETTER_FONT = _font(11.0, bold=True)


def _elided_lines(text: str, font: QFont, width: float, lines: int = 2) -> list[str]:
    metrics = QFontMetricsF(font)
    words = text.split()
    out: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        out.append(current)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in out[:lines]]


class NodeItem(QGraphicsItem):
    """An entity: its schema's shape and letter, its caption, a designation ring, and a
    "+N" badge when it has links to entities not on the chart."""

    def __init__(self, node: ChartNode, pinned: bool = False) -> None:
        super().__init__()
        self.edges: list[EdgeItem] = []
        self.pinned = pinned
        self.on_moved = None  # set by the scene: called once a drag ends
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(2)
        self.set_node(node)

    def set_node(self, node: ChartNode) -> None:
        self.prepareGeometryChange()
        self.node = node
        self.lines = _elided_lines(node.caption, LABEL_FONT, LABEL_WIDTH)
        if node.designation:
            self.lines.append("⚑ " + node.designation)
        metrics = QFontMetricsF(LABEL_FONT)
        self.label_height = metrics.height() * len(self.lines)
        width = max((metrics.horizontalAdvance(line) for line in self.lines), default=0.0)
        self._bounds = QRectF(
            -max(width / 2, NODE_RADIUS + 8), -NODE_RADIUS - 8,
            max(width, 2 * NODE_RADIUS + 16), 2 * NODE_RADIUS + 12 + self.label_height,
        )
        tip = f"{node.caption} ({node.schema})"
        if node.designation:
            tip += f"\nDesignated: {node.designation}"
        if node.more:
            tip += f"\n{node.more} more link(s) off the chart: double-click to expand"
        self.setToolTip(tip)
        self.update()

    @property
    def entity_id(self) -> str:
        return self.node.id

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), NODE_RADIUS + 4, NODE_RADIUS + 4)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        look = node_look(self.node.schema)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        if self.node.designation:
            painter.setPen(QPen(QColor(DESIGNATION_COLOUR), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), NODE_RADIUS + 5, NODE_RADIUS + 5)
        pen = QPen(QColor(SELECTED_COLOUR if selected else look.stroke), 3.0 if selected else 1.4)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(look.fill)))
        if look.shape == "circle":
            painter.drawEllipse(QPointF(0, 0), NODE_RADIUS, NODE_RADIUS)
        else:
            polygon = QPolygonF([QPointF(x, y) for x, y in shape_points(look.shape, 0, 0,
                                                                          NODE_RADIUS)])
            painter.drawPolygon(polygon)
        if lod < LABEL_LOD:
            return
        painter.setPen(QColor(look.stroke))
        painter.setFont(LETTER_FONT)
        painter.drawText(QRectF(-NODE_RADIUS, -NODE_RADIUS, 2 * NODE_RADIUS, 2 * NODE_RADIUS),
                         Qt.AlignmentFlag.AlignCenter, look.letter)
        if self.pinned:
            painter.setPen(QPen(QColor("#555555"), 1.0))
            painter.setBrush(QColor("#555555"))
            painter.drawEllipse(QPointF(NODE_RADIUS * 0.8, -NODE_RADIUS * 0.8), 3, 3)
        if self.node.more:
            badge = QRectF(NODE_RADIUS * 0.55, NODE_RADIUS * 0.35, 20, 13)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1f3a5f"))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(QColor("#ffffff"))
            painter.setFont(_font(7.0, bold=True))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"+{self.node.more}")
        metrics = QFontMetricsF(LABEL_FONT)
        y = NODE_RADIUS + 4
        for index, line in enumerate(self.lines):
            designation = bool(self.node.designation) and index == len(self.lines) - 1
            painter.setFont(LABEL_FONT)
            width = metrics.horizontalAdvance(line)
            rect = QRectF(-width / 2 - 2, y, width + 4, metrics.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 210))
            painter.drawRect(rect)
            painter.setPen(QColor(DESIGNATION_COLOUR if designation else "#1b1f24"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, line)
            y += metrics.height()

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
        return super().itemChange(change, value)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        moved = event.buttonDownScenePos(Qt.MouseButton.LeftButton) != event.scenePos()
        super().mouseReleaseEvent(event)
        if moved and self.on_moved is not None:
            self.on_moved(self)


class EdgeItem(QGraphicsItem):
    """A relationship: a line styled by the grade of its evidence, an arrow for directed
    schemata, and its role and dates as a label."""

    def __init__(self, edge: ChartEdge, source: NodeItem, target: NodeItem,
                 grade_by: GradeBy = "strongest", offset: float = 0.0) -> None:
        super().__init__()
        self.edge = edge
        self.source = source
        self.target = target
        self.grade_by = grade_by
        self.offset = offset
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        self.line = QLineF()
        source.edges.append(self)
        target.edges.append(self)
        self.label = edge.caption
        grade = edge.strongest if grade_by == "strongest" else edge.weakest
        self.setToolTip(f"{edge.label}: {edge.caption}\n"
                        + (f"Evidence: {', '.join(edge.grades)}" if edge.grades
                           else "No quote supports this link yet")
                        + "\nClick to list its quotes")
        self.grade = grade
        self.adjust()

    @property
    def relationship_id(self) -> str:
        return self.edge.id

    def set_grade_by(self, grade_by: GradeBy) -> None:
        self.grade_by = grade_by
        self.update()

    def adjust(self) -> None:
        a, b = self.source.pos(), self.target.pos()
        length = math.hypot(b.x() - a.x(), b.y() - a.y()) or 1.0
        ux, uy = (b.x() - a.x()) / length, (b.y() - a.y()) / length
        nx, ny = -uy * self.offset, ux * self.offset
        r = NODE_RADIUS + 3
        self.prepareGeometryChange()
        self.line = QLineF(a.x() + ux * r + nx, a.y() + uy * r + ny,
                           b.x() - ux * r + nx, b.y() - uy * r + ny)

    def midpoint(self) -> QPointF:
        return self.line.pointAt(0.5)

    def boundingRect(self) -> QRectF:  # noqa: N802
        metrics = QFontMetricsF(EDGE_FONT)
        pad = max(metrics.horizontalAdvance(self.label) / 2, 12) + 4
        return QRectF(self.line.p1(), self.line.p2()).normalized().adjusted(-pad, -pad, pad, pad)

    def shape(self) -> QPainterPath:
        path = QPainterPath(self.line.p1())
        path.lineTo(self.line.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(path)
        metrics = QFontMetricsF(EDGE_FONT)
        width = metrics.horizontalAdvance(self.label)
        mid = self.midpoint()
        shape.addRect(QRectF(mid.x() - width / 2 - 2, mid.y() - metrics.height() / 2,
                             width + 4, metrics.height()))
        return shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        look = LINE_LOOKS[self.edge.tier(self.grade_by)]
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.3)
        colour = QColor(SELECTED_COLOUR if self.isSelected() else look.colour)
        pen = QPen(colour, look.width * (1.6 if self.isSelected() else 1.0))
        if look.dash:
            pen.setDashPattern([d / max(look.width, 0.5) for d in look.dash])
        painter.setPen(pen)
        painter.drawLine(self.line)
        if self.edge.directed and self.line.length() > 8:
            angle = math.atan2(-self.line.dy(), self.line.dx())
            size = 7 + look.width * 1.5
            tip = self.line.p2()
            left = tip + QPointF(math.sin(angle - math.pi / 3) * size,
                                 math.cos(angle - math.pi / 3) * size)
            right = tip + QPointF(math.sin(angle - math.pi + math.pi / 3) * size,
                                  math.cos(angle - math.pi + math.pi / 3) * size)
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour)
            painter.drawPolygon(QPolygonF([tip, left, right]))
        if lod < LABEL_LOD or not self.label:
            return
        metrics = QFontMetricsF(EDGE_FONT)
        room = max(self.line.length() - 12, 24.0)
        label = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, room)
        width = metrics.horizontalAdvance(label)
        mid = self.midpoint()
        rect = QRectF(mid.x() - width / 2 - 2, mid.y() - metrics.height() / 2, width + 4,
                      metrics.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRect(rect)
        painter.setFont(EDGE_FONT)
        painter.setPen(QColor("#5f6670"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
