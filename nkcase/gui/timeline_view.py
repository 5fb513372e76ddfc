"""The timeline canvas: bands of items on a horizontal time axis that zooms from centuries to
days (the wheel zooms time, not text), partial dates drawn as the period they cover."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from nkcase.timeline.lanes import pack_lanes
from nkcase.timeline.look import KIND_COLOURS
from nkcase.timeline.model import KIND_LABELS, KIND_ORDER, TimelineItem
from nkcase.timeline.scale import ticks

ROW = 24.0
AXIS = 30.0
BAND_LABEL = 110.0
MIN_PX_PER_DAY, MAX_PX_PER_DAY = 0.004, 120.0
ID_ROLE = 0


class TimelineScene(QGraphicsScene):
    """Lays items out for one zoom (pixels per day); rebuilt when the zoom changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items_: list[TimelineItem] = []
        self.origin = date(2000, 1, 1)
        self.per_day = 1.0
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.shapes: dict[str, QGraphicsItem] = {}

    def x(self, day: date, end_of_day: bool = False) -> float:
        return BAND_LABEL + ((day - self.origin).days + (1 if end_of_day else 0)) * self.per_day

    def day_at(self, x: float) -> date:
        days = (x - BAND_LABEL) / self.per_day
        return self.origin + timedelta(days=int(days))

    def set_items(self, items: list[TimelineItem]) -> None:
        self.items_ = items
        if items:
            self.origin = min(i.earliest for i in items) - timedelta(days=30)

    def rebuild(self) -> None:
        self.clear()
        self.shapes = {}
        metrics = QFontMetricsF(self.font)
        y = AXIS
        if not self.items_:
            text = self.addSimpleText("No dated items for this choice.", self.font)
            text.setPos(BAND_LABEL, y + 6)
            return
        right_edge = max(self.x(i.latest, True) for i in self.items_) + 60
        kinds = sorted({i.kind for i in self.items_}, key=KIND_ORDER.__getitem__)
        for band_index, kind in enumerate(kinds):
            members = [i for i in self.items_ if i.kind == kind]
            extents = []
            for item in members:
                x0 = self.x(item.earliest)
                x1 = right_edge if item.open and not item.end else self.x(item.latest, True)
                x1 = max(x1, x0 + 6)
                label = f"{item.phrase} · {item.label}"
                width = metrics.horizontalAdvance(label)
                inside = x1 - x0 >= width + 12  # a long bar carries its label
                extents.append((x0, x1, label, x1 if inside else x1 + 4 + width))
            lanes = pack_lanes(list(range(len(members))), lambda k, e=extents: (e[k][0], e[k][3]))
            height = (max(lanes) + 1) * ROW + 6
            if band_index % 2 == 0:
                band = self.addRect(QRectF(0, y, right_edge + 2000, height),
                                    QPen(Qt.PenStyle.NoPen), QBrush(QColor("#f6f7f9")))
                band.setZValue(-2)
            title = self.addSimpleText(KIND_LABELS[kind], self.font)
            title.setBrush(QColor("#5f6670"))
            title.setPos(6, y + 4)
            for item, (x0, x1, label, end), lane in zip(members, extents, lanes, strict=True):
                self._item(item, x0, x1, label, y + 3 + lane * ROW, inside=end == x1)
            y += height
        self.setSceneRect(QRectF(0, 0, right_edge + 400, y + 10))

    def _item(
        self, item: TimelineItem, x0: float, x1: float, label: str, top: float, inside: bool
    ) -> None:
        strong, pale = (QColor(c) for c in KIND_COLOURS[item.kind])
        text_mid = top + ROW * 0.42
        if inside:  # a label on the bar would hide it: the bar runs thin under the label
            mid, h, text_mid = top + ROW * 0.9, ROW * 0.18, top + ROW * 0.36
        else:
            mid, h = text_mid, ROW * 0.45
        tip = f"{item.when}: {item.label}"
        if item.detail:
            tip += f"\n{item.detail}"
        tip += "\n" + (f"Evidence: {', '.join(item.grades)}" if item.grades else
                       "No quote" if item.kind != "source" else "Publication date")
        if item.is_span or item.first.precision != "day":
            shape: QGraphicsItem = QGraphicsRectItem(QRectF(x0, mid - h / 2, x1 - x0, h))
            shape.setBrush(QBrush(pale))
            shape.setPen(QPen(strong, 1.0) if not item.is_span else QPen(Qt.PenStyle.NoPen))
            if item.is_span:
                solid_from = (self.x(item.first.latest, True)
                              if item.first.precision != "day" else x0)
                solid_to = (x1 - min(24.0, (x1 - x0) / 3) if item.open and not item.end else
                            self.x(item.last.earliest) if item.last.precision != "day" else x1)
                if solid_to > solid_from:
                    inner = QGraphicsRectItem(QRectF(solid_from, mid - h / 2,
                                                     solid_to - solid_from, h), shape)
                    inner.setBrush(QBrush(strong))
                    inner.setPen(QPen(Qt.PenStyle.NoPen))
        else:
            cx, r = (x0 + x1) / 2, h * 0.8
            shape = QGraphicsPolygonItem(QPolygonF([QPointF(cx, mid - r), QPointF(cx + r, mid),
                                                    QPointF(cx, mid + r), QPointF(cx - r, mid)]))
            shape.setBrush(QBrush(strong))
            shape.setPen(QPen(strong, 0.8))
        shape.setData(ID_ROLE, item.id)
        shape.setToolTip(tip)
        shape.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.addItem(shape)
        text = QGraphicsSimpleTextItem(label)
        text.setFont(self.font)
        metrics = QFontMetricsF(self.font)
        text_x = x0 + 6 if inside else x1 + 4
        text.setPos(text_x, text_mid - metrics.height() / 2)
        text.setData(ID_ROLE, item.id)
        text.setToolTip(tip)
        self.addItem(text)
        self.shapes[item.id] = shape


class TimelineView(QGraphicsView):
    item_clicked = Signal(str)

    def __init__(self, scene: TimelineScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setViewportMargins(0, 0, 0, 0)

    @property
    def timeline_scene(self) -> TimelineScene:
        scene = self.scene()
        assert isinstance(scene, TimelineScene)
        return scene

    def fit(self) -> None:
        scene = self.timeline_scene
        if not scene.items_:
            scene.rebuild()
            return
        first = min(i.earliest for i in scene.items_)
        last = max(i.latest for i in scene.items_)
        span = max((last - first).days + 60, 30)
        width = max(self.viewport().width() - BAND_LABEL - 280, 200)
        scene.per_day = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, width / span))
        scene.rebuild()
        self.horizontalScrollBar().setValue(0)

    def zoom_time(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom the time axis by ``factor`` keeping the day under ``anchor_x`` (view pixels)."""
        scene = self.timeline_scene
        anchor_x = self.viewport().width() / 2 if anchor_x is None else anchor_x
        scene_x = self.mapToScene(int(anchor_x), 0).x()
        day = (scene_x - BAND_LABEL) / scene.per_day
        scene.per_day = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, scene.per_day * factor))
        scene.rebuild()
        new_x = BAND_LABEL + day * scene.per_day
        bar = self.horizontalScrollBar()
        bar.setValue(int(bar.value() + (new_x - scene_x)))

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier or not steps:
            super().wheelEvent(event)
            return
        self.zoom_time(1.25**steps, event.position().x())
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        for item in self.items(event.position().toPoint()):
            item_id = item.data(ID_ROLE)
            if item_id:
                self.item_clicked.emit(str(item_id))
                return

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """The axis, always at the top of the view, with ticks for the current zoom."""
        scene = self.timeline_scene
        if not scene.items_:
            return
        top_left = self.mapToScene(0, 0)
        width = self.viewport().width()
        x_left, x_right = top_left.x(), self.mapToScene(width, 0).x()
        y = top_left.y()
        painter.save()
        painter.fillRect(QRectF(x_left, y, x_right - x_left, AXIS - 4), QColor(255, 255, 255, 235))
        painter.setPen(QPen(QColor("#5f6670"), 0.8))
        painter.drawLine(QPointF(x_left, y + AXIS - 4), QPointF(x_right, y + AXIS - 4))
        first = scene.day_at(max(x_left, BAND_LABEL))
        last = scene.day_at(x_right)
        font = QFont(scene.font)
        font.setPointSizeF(8.5)
        painter.setFont(font)
        for tick in ticks(first, last, scene.per_day):
            tx = scene.x(tick.day)
            if tx < BAND_LABEL:
                continue
            painter.setPen(QPen(QColor("#5f6670"), 0.8))
            painter.drawLine(QPointF(tx, y + AXIS - 8), QPointF(tx, y + AXIS - 4))
            painter.drawText(QPointF(tx + 3, y + AXIS - 10), tick.label)
        painter.restore()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """Grid lines under the items, one per tick of the current zoom."""
        super().drawBackground(painter, rect)
        scene = self.timeline_scene
        if not scene.items_:
            return
        first = scene.day_at(max(rect.left(), BAND_LABEL))
        last = scene.day_at(rect.right())
        for tick in ticks(first, last, scene.per_day):
            tx = scene.x(tick.day)
            if tx >= BAND_LABEL:
                painter.setPen(QPen(QColor("#c9ced6" if tick.major else "#e3e6ea"), 0.8))
                painter.drawLine(QPointF(tx, rect.top()), QPointF(tx, rect.bottom()))
