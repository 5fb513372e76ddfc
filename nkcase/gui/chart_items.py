"""The link chart's scene items: entity nodes and relationship lines, drawn like the exports.

Shapes, colours and line styles come from :mod:`nkcase.graph.look`, so the screen, the SVG/PNG
exports and the dossier agree. A node is a pixmap item showing a *stamp*: its schema's shape,
letter and designation ring rendered once per look at the highest zoom's resolution and shared
by every node of that look, so Qt paints 2,000 nodes as 2,000 scaled blits in C++ (no Python
per node, no path filled and stroked per node per frame). Lines are paths in
:mod:`nkcase.gui.chart_lines`. Captions and line labels are drawn by the view over the scene,
for what is in view only, and not at all when zoomed far out, where they could not be read.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem, QGraphicsSceneMouseEvent

from nkcase.figures.wrap import wrap_words
from nkcase.graph.grades import Tier
from nkcase.graph.look import (
    DESIGNATION_COLOUR,
    LINE_LOOKS,
    SELECTED_COLOUR,
    node_look,
)
from nkcase.graph.model import ChartEdge, ChartNode, GradeBy
from nkcase.gui.chart_stamps import HIT_SHAPE, NODE_RADIUS, chart_font, node_stamp

LABEL_WIDTH = 150.0
EDGE_LABEL_WIDTH = 160.0
"""A line's label is cut (…) to this width, or its line's length, whichever is shorter."""
LABEL_LOD = 0.6
"""Below this zoom node captions are hidden: text that small cannot be read, and drawing
thousands of captions would make zooming stutter."""
EDGE_LABEL_LOD = 0.85
"""Below this zoom the lines' labels (smaller text) are hidden."""
LABELLED_NODES = 120
"""At most about this many entities in view get labels (a dense overview shows shapes and
lines only, like a map shows street names only when zoomed in; 120 captions of two lines
already cover half of a 1200×800 view)."""
LABELLED_LINES = 100
"""At most about this many entities in view get their lines' labels."""
HALO = QColor(255, 255, 255, 215)
LABEL_INK = QColor("#1b1f24")
EDGE_INK = QColor("#5f6670")
DESIGNATION_INK = QColor(DESIGNATION_COLOUR)
BADGE_FILL = QColor("#1f3a5f")
BADGE_INK = QColor("#ffffff")
PIN_FILL = QColor("#555555")


LABEL_FONT = chart_font(9.0, bold=True)
EDGE_FONT = chart_font(8.0, italic=True)
LABEL_METRICS = QFontMetricsF(LABEL_FONT)
EDGE_METRICS = QFontMetricsF(EDGE_FONT)
BADGE_FONT = chart_font(7.0, bold=True)
CAPTION_LINES = 2
"""A caption wraps to at most this many lines (cut with "…"); a designation adds one."""


@cache
def line_heights() -> tuple[float, float]:
    """The heights of a caption's line and of a line's label (asked of Qt once: each ask costs
    several microseconds, and a frame draws hundreds of lines of text)."""
    return LABEL_METRICS.height(), EDGE_METRICS.height()


def caption_reach() -> tuple[float, float]:
    """How far a node's caption reaches from its centre: to each side and below (a function:
    fonts are measured once the application runs)."""
    return LABEL_WIDTH / 2 + 2, NODE_RADIUS + 4 + (CAPTION_LINES + 1) * line_heights()[0]


def _elided_lines(text: str, font: QFont, width: float, lines: int = 2) -> list[str]:
    metrics = QFontMetricsF(font)
    return wrap_words(
        text,
        width,
        metrics.horizontalAdvance,
        lambda line, w: metrics.elidedText(line, Qt.TextElideMode.ElideRight, w),
        lines,
    )


class NodeItem(QGraphicsPixmapItem):
    """An entity: the stamp of its look (schema shape, letter, designation ring). Its caption,
    pin and "+N" badge are drawn by the view over the scene
    (:meth:`ChartView.drawForeground`), only for the nodes in view and only when zoomed in far
    enough to read them."""

    def __init__(self, node: ChartNode, pinned: bool = False) -> None:
        self.look = look = node_look(node.schema)
        self._stamps = (node_stamp(look, bool(node.designation), False),
                        node_stamp(look, bool(node.designation), True))
        super().__init__(self._stamps[0])
        half = self._stamps[0].deviceIndependentSize().width() / 2
        self.setOffset(-half, -half)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.edges: list[EdgeItem] = []
        # set by the scene: called once a drag ends
        self.on_moved: Callable[[NodeItem], None] | None = None
        self.node = node
        self._pinned = pinned
        self.setZValue(2)
        self.lines = _elided_lines(node.caption, LABEL_FONT, LABEL_WIDTH, CAPTION_LINES)
        self._caption_lines: list[tuple[QStaticText, float, QColor]] | None = None
        tip = f"{node.caption} ({node.schema})"
        if node.designation:
            tip += f"\nDesignated: {node.designation}"
        if node.more:
            tip += f"\n{node.more} more link(s) off the chart: double-click to expand"
        self.setToolTip(tip + "\nClick: open its case file · drag: place and pin it")

    def place(self, x: float, y: float) -> None:
        """Put the node at its first place, then watch it move (no change signals while the
        scene is built)."""
        self.setPos(x, y)
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )

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
        return HIT_SHAPE

    def itemChange(  # noqa: N802
        self, change: QGraphicsItem.GraphicsItemChange, value: object
    ) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
            scene = self.scene()
            if scene is not None and hasattr(scene, "lines_moved"):
                scene.lines_moved(self)  # restroke the lines' paths (once per event-loop turn)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setPixmap(self._stamps[1] if value else self._stamps[0])
        return super().itemChange(change, value)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        moved = event.buttonDownScenePos(Qt.MouseButton.LeftButton) != event.scenePos()
        super().mouseReleaseEvent(event)
        if moved and self.on_moved is not None:
            self.on_moved(self)

    def paint_labels(self, painter: QPainter, exposed: QRectF | None = None) -> None:
        """Pin, badge and caption (called by the view for nodes in view); only the caption's
        lines that meet ``exposed`` (scene units), if given."""
        centre = self.pos()
        if self._pinned:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PIN_FILL)
            painter.drawEllipse(centre + QPointF(NODE_RADIUS * 0.8, -NODE_RADIUS * 0.8), 3, 3)
        if self.node.more:
            badge = QRectF(centre.x() + NODE_RADIUS * 0.55, centre.y() + NODE_RADIUS * 0.35,
                           22, 13)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BADGE_FILL)
            painter.drawRoundedRect(badge, 6, 6)
            painter.setFont(BADGE_FONT)
            painter.setPen(BADGE_INK)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"+{self.node.more}")
        y = centre.y() + NODE_RADIUS + 4
        height = line_heights()[0]
        painter.setFont(LABEL_FONT)
        for text, width, colour in self._caption():
            rect = QRectF(centre.x() - width / 2 - 2, y, width + 4, height)
            y += height
            if exposed is not None and not exposed.intersects(rect):
                continue  # (text clipped away entirely still costs its glyphs' drawing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(HALO)
            painter.drawRect(rect)
            painter.setPen(colour)
            painter.drawStaticText(QPointF(rect.x() + 2, rect.y()), text)

    def _caption_texts(self) -> list[tuple[str, QColor]]:
        lines = [(line, LABEL_INK) for line in self.lines]
        if self.node.designation:
            mark = LABEL_METRICS.elidedText("⚑ " + self.node.designation,
                                            Qt.TextElideMode.ElideRight, LABEL_WIDTH)
            lines.append((mark, DESIGNATION_INK))
        return lines

    def label_extent(self) -> QRectF:
        """Where the view draws this node's caption and badge (:meth:`paint_labels`), in
        scene units (within :func:`caption_reach`)."""
        texts = [text for text, _colour in self._caption_texts()]
        width = max((LABEL_METRICS.horizontalAdvance(t) for t in texts), default=0.0)
        centre = self.pos()
        rect = QRectF(centre.x() - width / 2 - 2, centre.y() + NODE_RADIUS + 4, width + 4,
                      len(texts) * line_heights()[0])
        if self.node.more:
            rect = rect.united(QRectF(centre.x() + NODE_RADIUS * 0.55,
                                      centre.y() + NODE_RADIUS * 0.35, 22, 13))
        return rect

    def _caption(self) -> list[tuple[QStaticText, float, QColor]]:
        """The caption's lines laid out once (the first time they are drawn), not per frame."""
        if self._caption_lines is None:
            lines = self._caption_texts()
            self._caption_lines = [(_static(text, LABEL_FONT),
                                    LABEL_METRICS.horizontalAdvance(text), colour)
                                   for text, colour in lines]
        return self._caption_lines


def _static(text: str, font: QFont) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(font=font)
    return static


class EdgeItem:
    """A relationship on the chart: its line, arrowhead and label geometry, kept up to date as
    its nodes move. It is not a scene item: the scene strokes the lines of one evidence tier in
    one area of the chart as one path (:mod:`nkcase.gui.chart_lines`), the view draws
    arrowheads, labels and the selection for what is on screen and finds the line under the
    mouse by distance — thousands of links cost no per-item work."""

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
        self.line = QLineF()
        self.bounds = QRectF()
        self._label: tuple[str, QRectF] | None = None
        self._static: QStaticText | None = None
        self._arrow: QPolygonF | None = None
        self.tooltip = (f"{edge.label}: {edge.caption}\n"
                        + (f"Evidence: {', '.join(edge.grades)}" if edge.grades
                           else "No quote supports this link yet")
                        + "\nClick: list its quotes")
        self.adjust()

    @property
    def relationship_id(self) -> str:
        return self.edge.id

    def tier(self) -> Tier:
        return self.edge.tier(self.grade_by)

    def set_grade_by(self, grade_by: GradeBy) -> None:
        self.grade_by = grade_by

    def adjust(self) -> None:
        """Follow the nodes (the label and arrowhead are measured again when next drawn)."""
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
        self._label = None
        self._static = None

    def arrow(self) -> QPolygonF | None:
        if self._arrow is None and self.edge.directed and self.line.length() > 12:
            line = self.line
            tip = line.p2()
            size = 9.0
            angle = math.atan2(-line.dy(), line.dx())
            left = tip + QPointF(math.sin(angle - math.pi / 3) * size,
                                 math.cos(angle - math.pi / 3) * size)
            right = tip + QPointF(math.sin(angle - 2 * math.pi / 3) * size,
                                  math.cos(angle - 2 * math.pi / 3) * size)
            self._arrow = QPolygonF([tip, left, right, tip])
        return self._arrow

    def shown_label(self) -> tuple[str, QRectF]:
        """The label as it fits along the line (elided) and where it is drawn."""
        if self._label is None:
            line = self.line
            room = min(max(line.length() - 12, 24.0), EDGE_LABEL_WIDTH)
            text = EDGE_METRICS.elidedText(self.label, Qt.TextElideMode.ElideRight, room)
            width = EDGE_METRICS.horizontalAdvance(text)
            mid = line.pointAt(0.5)
            self._label = (text, QRectF(mid.x() - width / 2 - 2,
                                        mid.y() - line_heights()[1] / 2,
                                        width + 4, line_heights()[1]))
        return self._label

    def midpoint(self) -> QPointF:
        return self.line.pointAt(0.5)

    def label_rect(self) -> QRectF:
        return self.shown_label()[1]

    def distance(self, point: QPointF) -> float:
        """Distance from ``point`` to the line (0 on its label)."""
        text, rect = self.shown_label()
        if text and rect.contains(point):
            return 0.0
        a, b = self.line.p1(), self.line.p2()
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(
            0.0, min(1.0, ((point.x() - a.x()) * dx + (point.y() - a.y()) * dy) / length2))
        return math.hypot(point.x() - (a.x() + t * dx), point.y() - (a.y() + t * dy))

    def paint_selected(self, painter: QPainter) -> None:
        look = LINE_LOOKS[self.tier()]
        pen = QPen(QColor(SELECTED_COLOUR), look.width * 1.8 + 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLine(self.line)
        arrow = self.arrow()
        if arrow is not None:
            painter.setBrush(QColor(SELECTED_COLOUR))
            painter.drawPolygon(arrow)

    def label_may_meet(self, area: QRectF) -> bool:
        """Whether the label, centred on the line's middle and at most
        :data:`EDGE_LABEL_WIDTH` wide, may meet ``area``: a test without laying the label out
        (eliding it to its line costs far more, and a pan's strip or a band of the view is
        crossed by hundreds of lines whose labels stand elsewhere)."""
        mid = self.line.center()
        half_w, half_h = EDGE_LABEL_WIDTH / 2 + 2, line_heights()[1] / 2 + 1
        return (area.left() - half_w <= mid.x() <= area.right() + half_w
                and area.top() - half_h <= mid.y() <= area.bottom() + half_h)

    def paint_label(self, painter: QPainter, exposed: QRectF) -> None:
        if not self.label_may_meet(exposed):
            return
        text, rect = self.shown_label()
        if not text or not exposed.intersects(rect):
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(HALO)
        painter.drawRect(rect)
        if self._static is None:
            self._static = _static(text, EDGE_FONT)
        painter.setFont(EDGE_FONT)
        painter.setPen(EDGE_INK)
        painter.drawStaticText(QPointF(rect.x() + 2, rect.y()), self._static)

