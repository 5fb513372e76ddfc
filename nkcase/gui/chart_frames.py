"""Pictures of a big chart drawn a few milliseconds per event-loop turn, so that no frame of a
zoom gesture, and not the full picture after it, stalls the event loop.

A frame of a 2,000-entity, 5,000-line chart zoomed out costs 20–40 ms of the GUI thread's CPU
(each node a scaled blit with Qt's per-item work, each line stroked pixel by pixel); on a
shared machine that is a stall of 50–80 ms. Two pictures are drawn in bands of rows instead,
one band of about :data:`TURN_MS` per turn of the event loop:

- the *overview*: the whole chart (its nodes and every line, one pixel wide; no labels) at one
  scale, at most :data:`OVERVIEW_PIXELS` large. While the chart is being zoomed
  (``ChartView.interacting``) and the zoom is not far above that scale, each step draws this
  image scaled: one smooth blit of the view's pixels, the same few milliseconds at any zoom,
  and every line is on it (the tiles' sketch leaves out the long ones). It is drawn again,
  band by band, when what it shows changes (a new graph, a moved node, the selection, the
  grading) and no gesture is in progress;
- the *full frame*: once a gesture rests, the view's picture at the zoom it rests at, with the
  labels, drawn through the view's own paint code into an image and shown at once when every
  band is done (until then the last step's picture stays on screen). A scroll, a zoom or a
  change of the scene while it is drawn starts it again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtWidgets import QGraphicsScene, QWidget

TURN_MS = 6.0
"""Milliseconds of drawing per event-loop turn: a band's height is chosen from the time the
last band took so that it takes about this long (drawing a band has a cost of its own, finding
and setting up every item in it, so bands are no thinner than they need to be)."""
FIRST_BAND, MIN_BAND, MAX_BAND = 64, 16, 1024
"""Rows of pixels drawn at a time: at first, and the limits."""
OVERVIEW_PIXELS = 4_000_000
"""The overview image holds at most this many pixels (16 MB): the chart at 100 % up to about
2,000 × 2,000 scene units, smaller beyond."""
OVERVIEW_UPSCALE = 2.0
"""A gesture step at a zoom up to this much above the overview's scale draws the overview
(blurred a little: it is the picture of a moment, drawn sharp once the gesture rests); closer
in, the tiles' sketch, which costs less the fewer nodes are in view (measured on 2,000 nodes,
GUI thread CPU: 15 ms at 130 %, 12 at 170 %, 8.5 at 250 %: most of it the nodes' scaled
blits)."""


def region_rects(region: QRegion) -> list[QRect]:
    """The rectangles that make up ``region`` (what a paint event asks to be painted)."""
    # PySide6 iterates a QRegion (QRegion::begin()/end()), but its stubs (6.12) give QRegion
    # no __iter__, and begin() as a QRect: a stub defect, so the one loop over it is here.
    return [rect for rect in region]  # type: ignore[attr-defined]


class BandPainter(QObject):
    """Draws a picture into an image a band of rows per turn of the event loop (about
    :data:`TURN_MS` each), then calls ``done``."""

    def __init__(self, parent: QObject, done: Callable[[], None]) -> None:
        super().__init__(parent)
        self._done = done
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)
        self._draw: Callable[[QPainter, QRect], None] | None = None
        self._row = 0
        self._rows = FIRST_BAND
        self.image = QImage()
        self.ready = False

    def start(self, size: QSize, ratio: float, fill: QColor,
              draw: Callable[[QPainter, QRect], None]) -> None:
        """Draw ``size`` (logical pixels; ``ratio`` device pixels each) with ``draw(painter,
        band)``, the painter clipped to the band; any picture being drawn is dropped."""
        self.image = QImage(max(1, math.ceil(size.width() * ratio)),
                            max(1, math.ceil(size.height() * ratio)),
                            QImage.Format.Format_RGB32)
        self.image.setDevicePixelRatio(ratio)
        self.image.fill(fill)
        self._size = size
        self._draw = draw
        self._row = 0
        self._rows = FIRST_BAND
        self.ready = False
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self._draw = None
        self.ready = False

    @property
    def busy(self) -> bool:
        return self._draw is not None

    def _turn(self) -> None:
        draw = self._draw
        if draw is None:
            self._timer.stop()
            return
        painter = QPainter(self.image)
        band = QRect(0, self._row, self._size.width(),
                     min(self._rows, self._size.height() - self._row))
        start = time.thread_time()  # the work's own time, not the waits of a busy machine
        painter.save()
        painter.setClipRect(band)
        draw(painter, band)
        painter.restore()
        painter.end()
        took = max((time.thread_time() - start) * 1000, 0.1)
        self._row += band.height()
        self._rows = max(MIN_BAND, min(MAX_BAND, int(band.height() * TURN_MS / took)))
        if self._row >= self._size.height():
            self._timer.stop()
            self._draw = None
            self.ready = True
            self._done()


class Overview:
    """The whole chart as one image, drawn band by band (see the module's docstring)."""

    def __init__(self, parent: QObject, scene: QGraphicsScene,
                 prepare: Callable[[], Callable[[], None]]) -> None:
        self.scene = scene
        self._prepare = prepare  # sets the look of the overview's lines; returns the undo
        self.painter = BandPainter(parent, lambda: None)  # (shown by the next gesture step)
        self.scale = 0.0
        self.area = QRectF()
        self.stale = True

    @property
    def ready(self) -> bool:
        return self.painter.ready and not self.stale

    def invalidate(self) -> None:
        self.stale = True
        self.painter.cancel()

    def start(self, area: QRectF, fill: QColor) -> None:
        """Draw ``area`` of the scene (its items; nothing of the view's foreground)."""
        self.painter.cancel()
        area = area.adjusted(-8, -8, 8, 8)
        scale = min(1.0, math.sqrt(OVERVIEW_PIXELS / max(1.0, area.width() * area.height())))
        self.area, self.scale = area, scale
        self.stale = False
        size = QSize(math.ceil(area.width() * scale), math.ceil(area.height() * scale))

        def draw(painter: QPainter, band: QRect) -> None:
            source = QRectF(area.x() + band.x() / scale, area.y() + band.y() / scale,
                            band.width() / scale, band.height() / scale)
            restore = self._prepare()
            try:
                self.scene.render(painter, QRectF(band), source,
                                  Qt.AspectRatioMode.IgnoreAspectRatio)
            finally:
                restore()

        self.painter.start(size, 1.0, fill, draw)

    def draw(self, painter: QPainter, target: QRectF, visible: QRectF) -> bool:
        """Draw the part of the overview in ``visible`` (scene units) onto ``target`` (the
        view's pixels of that part); false if it is not ready."""
        if not self.ready:
            return False
        shown = visible.intersected(self.area)
        if shown.isEmpty():
            return True
        sx = target.width() / visible.width()
        sy = target.height() / visible.height()
        into = QRectF(target.x() + (shown.x() - visible.x()) * sx,
                      target.y() + (shown.y() - visible.y()) * sy,
                      shown.width() * sx, shown.height() * sy)
        source = QRectF((shown.x() - self.area.x()) * self.scale,
                        (shown.y() - self.area.y()) * self.scale,
                        shown.width() * self.scale, shown.height() * self.scale)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(into, self.painter.image, source)
        return True


class FullFrame:
    """The view's full picture at its current zoom and scroll, drawn band by band through its
    own paint code (``viewport.render``), then shown at once."""

    def __init__(self, parent: QObject, viewport: QWidget,
                 state: Callable[[], tuple[object, ...]]) -> None:
        self.viewport = viewport
        self._state = state  # what the picture depends on: transform, scroll, scene generation
        self.painter = BandPainter(parent, self._drawn)
        self.drawing = False
        """True while the view's paint code runs for a band (it must not show this frame)."""
        self._for: tuple[object, ...] | None = None
        self._later = QTimer(self.painter)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self.start)

    @property
    def pending(self) -> bool:
        """A full picture is to be drawn, is being drawn or waits to be shown."""
        return self._later.isActive() or self.painter.busy or self.painter.ready

    def start_after(self, ms: int) -> None:
        """Draw the full picture once nothing restarted it for ``ms`` (a pan rests)."""
        self.painter.cancel()
        self._later.start(ms)

    def start(self) -> None:
        self._later.stop()
        viewport = self.viewport
        self._for = self._state()

        def draw(painter: QPainter, band: QRect) -> None:
            self.drawing = True
            try:
                viewport.render(painter, band.topLeft(), QRegion(band),
                                QWidget.RenderFlag.DrawWindowBackground)
            finally:
                self.drawing = False

        self.painter.start(viewport.size(), viewport.devicePixelRatioF(),
                           viewport.palette().base().color(), draw)

    def cancel(self) -> None:
        self._later.stop()
        self.painter.cancel()
        self._for = None

    def restart_if_pending(self, after_ms: int = 0) -> None:
        """What the view shows changed while a full picture was drawn: draw it again (once
        nothing restarted it for ``after_ms``)."""
        if self.pending:
            if after_ms:
                self.start_after(after_ms)
            else:
                self.start()

    def _drawn(self) -> None:
        if self._for != self._state():
            self.start()
            return
        self.viewport.update()

    def showable(self) -> bool:
        """The finished picture is of what the view shows now."""
        if not self.painter.ready or self.drawing:
            return False
        if self._for != self._state():
            self.cancel()
            return False
        return True

    def show(self, painter: QPainter, region: QRegion) -> None:
        """Paint ``region`` from the finished picture (:meth:`showable`); once the whole view
        was painted from it, it is dropped (later paints draw the scene again)."""
        image = self.painter.image
        ratio = image.devicePixelRatio()
        for rect in region_rects(region):
            source = QRectF(rect.x() * ratio, rect.y() * ratio,
                            rect.width() * ratio, rect.height() * ratio)
            painter.drawImage(QRectF(rect), image, source)
        if region.boundingRect().contains(QRect(QPoint(0, 0), self.viewport.size())):
            self.cancel()
