"""The timeline canvas: bands of items on a horizontal time axis that zooms from centuries to
days (the wheel zooms time, not text), partial dates drawn as the period they cover.

The scene is built once per set of items, at the zoom that fits them (lanes packed so labels
do not overlap there). Zooming only scales the view's x axis: bars stretch, while diamonds and
labels ignore the view's scale (they keep their size in pixels), a label is painted only when
there is room for it before the next item in its lane, and the axis, grid and band titles are
painted for the visible range only. So a zoom step costs what Qt's own transform costs, not a
rebuild."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
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
    fit_per_day,
)
from nkcase.gui.timeline_scene import BAND_SHADE, ID_ROLE, MUTED, TimelineScene, cosmetic_pen
from nkcase.timeline.scale import ticks


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

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier or not steps:
            super().wheelEvent(event)
            return
        self.zoom_time(1.25**steps, event.position().x())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
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

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
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
        font = QFont(scene.label_font)
        font.setPointSizeF(8.5)
        painter.setFont(font)
        for tx, label in self.axis_ticks():
            painter.drawLine(QPointF(tx, AXIS - 8), QPointF(tx, AXIS - 4))
            painter.drawText(QPointF(tx + 3, AXIS - 10), label)
        metrics = QFontMetricsF(scene.label_font)
        painter.setFont(scene.label_font)
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

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
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
        major, minor = cosmetic_pen(QColor("#c9ced6"), 0.8), cosmetic_pen(QColor("#e3e6ea"), 0.8)
        for tick in ticks(first, last, scene.per_day):
            tx = scene.x(tick.day)
            if tx >= BAND_LABEL:
                painter.setPen(major if tick.major else minor)
                painter.drawLine(QPointF(tx, rect.top()), QPointF(tx, rect.bottom()))
