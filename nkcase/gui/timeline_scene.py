"""The timeline's scene: the items as bars, diamonds and labels in lanes, built once per set of
items at the zoom that fits them, then only rescaled (see :mod:`nkcase.gui.timeline_view`)."""


from bisect import bisect_left, bisect_right, insort
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractGraphicsShapeItem,
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QWidget,
)

from nkcase.gui.timeline_layout import (
    AXIS,
    BAND_LABEL,
    ROW,
    Placement,
    TimelineLayout,
    date_range,
    item_dates,
    lay_out,
)
from nkcase.timeline.look import KIND_COLOURS
from nkcase.timeline.model import TimelineItem

ID_ROLE = 0
ITEMS_PER_TURN = 300
"""Items added to the scene per event-loop turn (a few tens of milliseconds)."""
MUTED = QColor("#5f6670")
BAND_SHADE = QColor("#f6f7f9")


def cosmetic_pen(colour: QColor, width: float = 1.0) -> QPen:
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
        self.label_font = QFont()  # (not ``font``: that would hide QGraphicsScene.font())
        self.label_font.setPointSizeF(9.0)
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
        self._metrics = QFontMetricsF(self.label_font)
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
        self.show_layout(lay_out(self.items_, self.base_per_day, self.label_font))

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
        self._metrics = QFontMetricsF(self.label_font)
        if not self.items_:
            text = self.addSimpleText("No dated items for this choice.", self.label_font)
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

            def add_more() -> None:
                if token == self.builds:  # not when a newer layout replaced this one
                    self._add_pending()

            QTimer.singleShot(0, self, add_more)

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
            shape: QAbstractGraphicsShapeItem = TimelineBar(QRectF(x0, mid - h / 2, x1 - x0, h))
            shape.setBrush(QBrush(pale))
            shape.setPen(cosmetic_pen(strong) if not item.is_span else cosmetic_pen(pale))
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
        text.setFont(self.label_font)
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
