"""The timeline canvas: bands of items on a horizontal time axis that zooms from centuries to
days (the wheel zooms time, not text), partial dates drawn as the period they cover.

The scene is built once per set of items, at the zoom that fits them (lanes packed so labels
do not overlap there). Zooming only scales the view's x axis: bars stretch, while diamonds and
labels ignore the view's scale (they keep their size in pixels), a label is painted only when
there is room for it before the next item in its lane, and the axis, grid and band titles are
painted for the visible range only. So a zoom step costs what Qt's own transform costs, not a
rebuild."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from nkcase.gui.timeline_layout import (
    AXIS,
    BAND_LABEL,
    MAX_PX_PER_DAY,
    MIN_PX_PER_DAY,
    ROW,
    Placement,
    TimelineLayout,
    date_range,
    fit_per_day,
    item_dates,
    lay_out,
)
from nkcase.timeline.look import KIND_COLOURS
from nkcase.timeline.model import TimelineItem
from nkcase.timeline.scale import ticks

ID_ROLE = 0
ITEMS_PER_TURN = 300
"""Items added to the scene per event-loop turn (a few tens of milliseconds)."""
MUTED = QColor("#5f6670")
BAND_SHADE = QColor("#f6f7f9")


def _cosmetic(colour: QColor, width: float = 1.0) -> QPen:
    """A pen as wide on screen at any zoom (the view scales x only)."""
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    return pen


class TimelineBar(QGraphicsRectItem):
    """A period in scene units with a cosmetic outline. Qt would widen its bounds and shape by
    half the pen in scene units — hundreds of pixels once zoomed in to days — so they are the
    period itself."""

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.rect())
        return path


def _zoom_needed(room: float, need: float) -> float:
    """The zoom from which a label needing ``need`` pixels fits in ``room`` scene units."""
    return 0.0 if room == float("inf") else need / room if room > 0 else float("inf")


class TimelineScene(QGraphicsScene):
    """Items laid out once per set of items at ``base_per_day`` pixels per day (the zoom that
    fits them); the view scales x by ``zoom``, so the shown zoom is ``per_day``."""

    built = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items_: list[TimelineItem] = []
        self.origin = date(2000, 1, 1)
        self.base_per_day = 1.0
        self.zoom = 1.0
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.shapes: dict[str, QGraphicsItem] = {}
        self.labels: dict[str, QGraphicsSimpleTextItem] = {}
        self._thresholds: list[tuple[float, int]] = []
        """(zoom from which a label fits, its number), sorted: a zoom step shows or hides only
        the labels whose threshold it crosses (Qt's own text items paint in C++)."""
        self._numbered: list[QGraphicsSimpleTextItem] = []
        self.inside: dict[str, tuple[float, float, float, float]] = {}
        """Items whose label is drawn on their bar: the bar's x0, x1 (scene units), the
        label's width in pixels and its y, so the view can slide the label along a bar that
        starts left of the view (zoomed in on a long period, its label stays on screen)."""
        self.bands: list[tuple[str, float, float]] = []
        """Band title, top and height (scene units), painted by the view at its left edge."""
        self.builds = 0
        """How many times the items were laid out (zooming never does it)."""
        self._pending: list[Placement] = []
        self._metrics = QFontMetricsF(self.font)
        self.dirty = True
        self.first_day = self.last_day = self.origin

    @property
    def per_day(self) -> float:
        """Pixels per day on screen at the current zoom."""
        return self.base_per_day * self.zoom

    def x(self, day: date, end_of_day: bool = False) -> float:
        days = (day - self.origin).days + (1 if end_of_day else 0)
        return BAND_LABEL + days * self.base_per_day

    def day_at(self, x: float) -> date:
        days = int((x - BAND_LABEL) / self.base_per_day)
        ordinal = min(max(self.origin.toordinal() + days, 1), date.max.toordinal())
        return date.fromordinal(ordinal)

    def set_items(self, items: list[TimelineItem]) -> None:
        self.items_ = items
        self.dirty = True
        self.first_day, self.last_day, self.origin = date_range(items)

    def rebuild(self) -> None:
        """Lay the items out at ``base_per_day`` (zoom 1) and show them."""
        self.show_layout(lay_out(self.items_, self.base_per_day, self.font))

    def show_layout(self, layout: TimelineLayout) -> None:
        """Show items laid out (perhaps on a worker thread) by :func:`lay_out`: the top lanes
        (in view after a fit) now, the rest a batch per event-loop turn, so thousands of items
        never stall it."""
        self.clear()
        self.items_ = layout.items
        self.first_day, self.last_day, self.origin = layout.first_day, layout.last_day, \
            layout.origin
        self.base_per_day = layout.per_day
        self.shapes, self.labels, self.bands = {}, {}, list(layout.bands)
        self._thresholds, self._numbered, self.inside = [], [], {}
        self.zoom = 1.0
        self.dirty = False
        self.builds += 1
        self._metrics = QFontMetricsF(self.font)
        if not self.items_:
            text = self.addSimpleText("No dated items for this choice.", self.font)
            text.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            text.setPos(BAND_LABEL, AXIS + 6)
        self.setSceneRect(QRectF(0, 0, *layout.size))
        self._pending = list(reversed(layout.placements))
        self._add_pending()
        self.built.emit()

    def set_zoom(self, zoom: float) -> None:
        """Record the view's x scale and show the labels that have room at it (and only
        those: a hidden label is neither painted nor clicked)."""
        low, high = sorted((self.zoom, zoom))
        self.zoom = zoom
        start = bisect_left(self._thresholds, (low, -1))
        end = bisect_right(self._thresholds, (high, len(self._numbered)))
        for threshold, number in self._thresholds[start:end]:
            self._numbered[number].setVisible(threshold <= zoom)

    @property
    def pending(self) -> int:
        """Items laid out but not yet in the scene (added a batch per event-loop turn)."""
        return len(self._pending)

    def _add_pending(self) -> None:
        batch = self._pending[-ITEMS_PER_TURN:]
        del self._pending[-ITEMS_PER_TURN:]
        for placement in reversed(batch):
            self._item(*placement)
        if self._pending:
            token = self.builds
            QTimer.singleShot(0, self, lambda: token == self.builds and self._add_pending())

    def _item(self, item: TimelineItem, x0: float, x1: float, label: str, width: float,
              top: float, inside: bool, room: float, need: float) -> None:
        first, last = item_dates(item)
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
        if item.is_span or first.precision != "day":
            # the true period in scene units: the view's zoom stretches it, the pen stays thin
            shape: QGraphicsItem = TimelineBar(QRectF(x0, mid - h / 2, x1 - x0, h))
            shape.setBrush(QBrush(pale))
            shape.setPen(_cosmetic(strong) if not item.is_span else _cosmetic(pale))
            if item.is_span:
                solid_from = self.x(first.latest, True) if first.precision != "day" else x0
                solid_to = (x1 - min(24.0, (x1 - x0) / 3) if item.open and not item.end else
                            self.x(last.earliest) if last.precision != "day" else x1)
                if solid_to > solid_from:
                    inner = TimelineBar(QRectF(solid_from, mid - h / 2,
                                                     solid_to - solid_from, h), shape)
                    inner.setBrush(QBrush(strong))
                    inner.setPen(QPen(Qt.PenStyle.NoPen))
            label_x, dx = (x0, 6.0) if inside else (x1, 4.0)
        else:
            # a day: a diamond of constant size in pixels, at the middle of that day
            cx, r = (x0 + x1) / 2, h * 0.8
            shape = QGraphicsPolygonItem(QPolygonF([QPointF(0, -r), QPointF(r, 0),
                                                    QPointF(0, r), QPointF(-r, 0)]))
            shape.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            shape.setPos(cx, mid)
            shape.setBrush(QBrush(strong))
            shape.setPen(QPen(strong, 0.8))
            label_x, dx = cx, r + 4.0
            room += x1 - cx  # the label starts after the diamond, not after the day
        shape.setData(ID_ROLE, item.id)
        shape.setToolTip(tip)
        shape.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.addItem(shape)
        text = QGraphicsSimpleTextItem(label)
        text.setFont(self.font)
        text.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        text.setTransform(QTransform.fromTranslate(dx, 0))  # pixels right of its anchor
        text.setPos(label_x, text_mid - self._metrics.height() / 2)
        threshold = _zoom_needed(room, need)
        text.setVisible(threshold <= self.zoom)
        insort(self._thresholds, (threshold, len(self._numbered)))
        self._numbered.append(text)
        text.setData(ID_ROLE, item.id)
        text.setToolTip(tip)
        self.addItem(text)
        self.shapes[item.id] = shape
        self.labels[item.id] = text
        if inside:
            self.inside[item.id] = (x0, x1, need, text.pos().y())


class TimelineView(QGraphicsView):
    item_clicked = Signal(str)

    def __init__(self, scene: TimelineScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportMargins(0, 0, 0, 0)
        scene.built.connect(self._built)
        self._slid: dict[str, QGraphicsSimpleTextItem] = {}
        """Labels moved off their bar's start to the view's left edge (see :meth:`_slide`)."""

    @property
    def timeline_scene(self) -> TimelineScene:
        scene = self.scene()
        assert isinstance(scene, TimelineScene)
        return scene

    def _built(self) -> None:
        self._slid = {}  # (the labels slid were deleted with the old items)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        self.setTransform(QTransform.fromScale(self.timeline_scene.zoom, 1.0))
        self._slide()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        self._slide()

    def _slide(self) -> None:
        """A label on a bar that starts left of the view slides to the view's left edge (not
        past its bar's end), so zoomed in to days on a long period its label stays in view;
        labels slid earlier go back once their bar's start is in view again (or the bar is
        scrolled out of view)."""
        scene = self.scene()
        if not isinstance(scene, TimelineScene) or not scene.inside:
            return
        inverse = self.viewportTransform().inverted()[0]
        left = max(inverse.map(QPointF(0, 0)).x(), BAND_LABEL)
        top = inverse.map(QPointF(0, 0)).y() - ROW
        bottom = top + self.viewport().height() + ROW
        crossing: dict[str, QGraphicsSimpleTextItem] = {}
        # a loop over the bars that carry their label (long ones: few), not a query of the
        # scene's index, which would test each item that ignores the view's scale on its own
        for item_id, (x0, x1, need, y) in scene.inside.items():
            if x0 < left < x1 and top <= y <= bottom:
                label = scene.labels[item_id]
                x = max(x0, min(left, x1 - need / scene.zoom))
                if label.pos().x() != x:
                    label.setPos(x, y)
                crossing[item_id] = label
        for item_id, label in self._slid.items():
            if item_id not in crossing and item_id in scene.inside:
                x0, _x1, _need, y = scene.inside[item_id]
                label.setPos(x0, y)
        self._slid = crossing

    def fit(self) -> None:
        """The whole time range in view; lays the items out only when they changed."""
        scene = self.timeline_scene
        if not scene.items_:
            if scene.dirty:
                scene.rebuild()
            return
        per_day = fit_per_day(scene.items_, self.viewport().width())
        if scene.dirty:
            scene.base_per_day = per_day
            scene.rebuild()
        else:
            scene.set_zoom(per_day / scene.base_per_day)
            self._apply_zoom()
        self.horizontalScrollBar().setValue(0)

    def zoom_time(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom the time axis by ``factor`` keeping the day under ``anchor_x`` (view pixels):
        only the view's x scale changes, nothing is laid out again."""
        scene = self.timeline_scene
        anchor_x = self.viewport().width() / 2 if anchor_x is None else anchor_x
        scene_x = self.viewportTransform().inverted()[0].map(QPointF(anchor_x, 0)).x()
        per_day = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, scene.per_day * factor))
        scene.set_zoom(per_day / scene.base_per_day)
        self._apply_zoom()
        new_x = self.viewportTransform().map(QPointF(scene_x, 0)).x()
        bar = self.horizontalScrollBar()
        bar.setValue(round(bar.value() + (new_x - anchor_x)))
        self.viewport().update()

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

    def _visible_days(self) -> tuple[date, date]:
        scene = self.timeline_scene
        inverse = self.viewportTransform().inverted()[0]
        x_left = inverse.map(QPointF(0, 0)).x()
        x_right = inverse.map(QPointF(self.viewport().width(), 0)).x()
        return scene.day_at(max(x_left, BAND_LABEL)), scene.day_at(x_right)

    def axis_ticks(self) -> list[tuple[float, str]]:
        """The axis ticks in view now: their x in view pixels and their labels."""
        scene = self.timeline_scene
        if not scene.items_:
            return []
        to_view = self.viewportTransform()
        left = to_view.map(QPointF(BAND_LABEL, 0)).x()
        first, last = self._visible_days()
        out = []
        for tick in ticks(first, last, scene.per_day):
            tx = to_view.map(QPointF(scene.x(tick.day), 0)).x()
            if tx >= left - 0.5:
                out.append((tx, tick.label))
        return out

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """The axis at the top of the view, ticks for the visible range at the current zoom,
        and the band titles at its left edge: painted in pixels, never scaled."""
        scene = self.timeline_scene
        if not scene.items_:
            return
        to_view = self.viewportTransform()
        width = self.viewport().width()
        painter.save()
        painter.resetTransform()
        painter.fillRect(QRectF(0, 0, width, AXIS - 4), QColor(255, 255, 255, 235))
        painter.setPen(QPen(MUTED, 0.8))
        painter.drawLine(QPointF(0, AXIS - 4), QPointF(width, AXIS - 4))
        font = QFont(scene.font)
        font.setPointSizeF(8.5)
        painter.setFont(font)
        for tx, label in self.axis_ticks():
            painter.drawLine(QPointF(tx, AXIS - 8), QPointF(tx, AXIS - 4))
            painter.drawText(QPointF(tx + 3, AXIS - 10), label)
        metrics = QFontMetricsF(scene.font)
        painter.setFont(scene.font)
        for title, top, height in scene.bands:
            y = to_view.map(QPointF(0, top)).y()
            if y + height < AXIS or y > self.viewport().height():
                continue
            box = QRectF(2, max(y + 2, AXIS - 2), metrics.horizontalAdvance(title) + 8,
                         metrics.height() + 2)
            painter.fillRect(box, QColor(255, 255, 255, 215))
            painter.setPen(MUTED)
            painter.drawText(QPointF(box.left() + 4, box.top() + 1 + metrics.ascent()), title)
        painter.restore()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """Grid lines under the items, one per tick of the visible range at the current zoom."""
        super().drawBackground(painter, rect)
        scene = self.timeline_scene
        if not scene.items_:
            return
        for index, (_title, top, height) in enumerate(scene.bands):
            if index % 2 == 0:  # every other band shaded, as wide as any zoom shows
                painter.fillRect(QRectF(rect.left(), top, rect.width(), height), BAND_SHADE)
        first = scene.day_at(max(rect.left(), BAND_LABEL))
        last = scene.day_at(rect.right())
        major, minor = _cosmetic(QColor("#c9ced6"), 0.8), _cosmetic(QColor("#e3e6ea"), 0.8)
        for tick in ticks(first, last, scene.per_day):
            tx = scene.x(tick.day)
            if tx >= BAND_LABEL:
                painter.setPen(major if tick.major else minor)
                painter.drawLine(QPointF(tx, rect.top()), QPointF(tx, rect.bottom()))
