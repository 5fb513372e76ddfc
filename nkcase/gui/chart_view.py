"""The link chart's canvas: a scene of node and line items, zoom on the wheel, pan by dragging
the background, drag nodes to place (and pin) them, click to open, double-click to expand."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsView,
    QToolTip,
    QWidget,
)

from nkcase.gui.chart_frames import OVERVIEW_UPSCALE, FullFrame, Overview, region_rects
from nkcase.gui.chart_items import (
    EDGE_LABEL_LOD,
    LABEL_LOD,
    LABELLED_LINES,
    LABELLED_NODES,
    EdgeItem,
    NodeItem,
    caption_reach,
)
from nkcase.gui.chart_lines import (
    ARROW_LOD,
    FULL_LINES,
    LINE_LOD,
    SIMPLE_LINES_FROM,
)
from nkcase.gui.chart_scene import ChartScene
from nkcase.gui.chart_stamps import MAX_ZOOM, MIN_ZOOM, NODE_RADIUS

EDGE_TOLERANCE = 6.0
"""Pixels from a line a click still hits it."""
HYSTERESIS = 0.8
"""A count limit of the level of detail, once crossed, is crossed back at this fraction."""
CLICK_SLOP = 4  # pixels a press may move and still be a click
SETTLE_MS = 150
"""A zoom gesture ends when no zoom step came for this long: the view then draws in full."""
PAN_REST_MS = 60
"""The full picture of a big chart whose detail changed in a pan is drawn once the pan rests
this long (each step paints the strip it uncovers at once)."""
OVERVIEW_AFTER_MS = 300
"""The overview image is drawn again this long after the last change of the chart (a drag
changes it at every step)."""


class ChartView(QGraphicsView):
    node_clicked = Signal(str)
    node_double_clicked = Signal(str)
    edge_clicked = Signal(str)

    def __init__(self, scene: ChartScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # Antialiasing is set by what needs it (the lines' tiles, the labels): node stamps are
        # scaled images, which antialiasing would only slow down.
        self.setRenderHints(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Panning scrolls the pixels already drawn and paints only the strip uncovered; zooming
        # repaints the viewport once. Nothing is drawn behind the scene, so no background cache.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        # Scroll bars always shown: one appearing or going as the zoom crosses the chart's size
        # would resize the viewport and repaint it all a second time in that step.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: QPoint | None = None
        # During a zoom gesture the lines are sketched and the labels left out; a single-shot
        # timer, restarted by each step, draws everything once the steps pause.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        # A big chart's pictures drawn a few milliseconds per event-loop turn: the overview
        # drawn scaled during a gesture, and the full picture once the gesture rests.
        self._overview = Overview(self, scene, scene.lines.overview_look)
        self._frame = FullFrame(self, self.viewport(), self._frame_state)
        self._redraw_overview = QTimer(self)
        self._redraw_overview.setSingleShot(True)
        self._redraw_overview.setInterval(OVERVIEW_AFTER_MS)
        self._redraw_overview.timeout.connect(self._start_overview)

    def graph_shown(self) -> None:
        """The scene was rebuilt: its new items take the current level of detail."""
        self.update_detail()
        self._start_overview()

    def _big(self) -> bool:
        return len(self.chart_scene.edges) >= SIMPLE_LINES_FROM

    def picture_changed(self) -> None:
        """The scene's picture changed (see :meth:`ChartScene.picture_changed`)."""
        self._overview.invalidate()
        self._frame.restart_if_pending()
        if self._big():
            self._redraw_overview.start()

    def _start_overview(self) -> None:
        scene = self.chart_scene
        if not self._big():
            self._overview.invalidate()
        elif self.interacting():
            self._redraw_overview.start()  # not while a gesture uses the CPU
        elif self._overview.stale:
            self._overview.start(scene.extent, self.viewport().palette().base().color())

    def _frame_state(self) -> tuple[object, ...]:
        """What the view's full picture depends on."""
        scene = self.chart_scene
        return (self.transform(), self.horizontalScrollBar().value(),
                self.verticalScrollBar().value(), self.viewport().size(), scene.generation,
                scene.detail, scene.edge_labels, scene.lines.simple, scene.lines.arrows)

    def overview_ready(self) -> bool:
        """The overview image of the chart as it is now is drawn (a big chart, not changed
        since; see :mod:`nkcase.gui.chart_frames`)."""
        return self._overview.ready

    def overview_shown(self) -> bool:
        """A gesture step now draws the overview image (see :mod:`nkcase.gui.chart_frames`)."""
        return (self.interacting() and self._overview.ready
                and self.zoom() <= self._overview.scale * OVERVIEW_UPSCALE)

    def full_picture_pending(self) -> bool:
        """The full picture after a gesture is being drawn or waits to be shown (the screen
        still shows the last step's)."""
        return self._frame.pending

    def full_picture_ready(self) -> bool:
        """The full picture after a gesture is drawn and is shown by the next paint."""
        return self._frame.showable()

    @property
    def chart_scene(self) -> ChartScene:
        scene = self.scene()
        assert isinstance(scene, ChartScene)
        return scene

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_step(self, factor: float) -> None:
        """One step of a zoom gesture (a wheel notch, a key press): drawn as a sketch (see
        :meth:`interacting`) until the steps pause for :data:`SETTLE_MS`."""
        scene = self.chart_scene
        if self._big() and not scene.lines.sketching:
            scene.lines.sketching = True
            self._frame.cancel()
            self.viewport().update()
        self._settle.start()
        self.zoom_by(factor)

    def interacting(self) -> bool:
        """A zoom gesture is in progress on a big chart (at least
        :data:`~nkcase.gui.chart_lines.SIMPLE_LINES_FROM` lines; smaller ones are cheap to draw
        in full): each tile draws only its shortest lines, simply
        (:data:`~nkcase.gui.chart_lines.SKETCH_LINES`), and no captions or line labels are
        drawn, so a step of a 2,000-entity chart costs about half a full frame."""
        return self.chart_scene.lines.sketching

    def _settled(self) -> None:
        scene = self.scene()
        if isinstance(scene, ChartScene) and scene.lines.sketching:
            scene.lines.sketching = False
            self._frame.start()  # shown when drawn; until then the last step's picture stays
            if self._overview.stale:
                self._redraw_overview.start()

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = target / self.zoom()
        self.scale(factor, factor)
        self.update_detail()

    def update_detail(self, scrolled: bool = False) -> None:
        """Labels only where they can be read: not below :data:`LABEL_LOD` zoom, and not when
        more than :data:`LABELLED_NODES` entities are in view. A big chart draws simple lines
        unless zoomed in (at least :data:`LINE_LOD`) on a part crossed by at most
        :data:`FULL_LINES` lines. Both counts come from grids (a few dozen lookups) and only
        when zoomed in far enough for them to matter. Once crossed, a count limit must fall a
        fifth below it to be crossed back, so a pan along it does not repaint the whole view
        at every step. A change of detail repaints the view, in the same paint as a zoom; after a
        scroll of a big chart (``scrolled``) it is drawn band by band instead (Qt paints the
        strip uncovered at once; the rest follows a few turns later)."""
        scene = self.chart_scene
        zoom = self.zoom()
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        simple = len(scene.edges) >= SIMPLE_LINES_FROM and (
            zoom < LINE_LOD or scene.lines.count_in(area)
            > FULL_LINES * (HYSTERESIS if scene.lines.simple else 1.0))
        changed = scene.lines.set_look(simple, not simple and zoom >= ARROW_LOD)
        in_view = scene.counts.count_in(area) if zoom >= LABEL_LOD else 0
        labels_limit = LABELLED_NODES * (1.0 if scene.detail else HYSTERESIS)
        detail = zoom >= LABEL_LOD and in_view <= labels_limit
        changed |= scene.set_detail(detail, detail and zoom >= EDGE_LABEL_LOD
                                    and in_view <= LABELLED_LINES, repaint=False)
        if not changed:
            return
        if scrolled and self._big() and not self.interacting():
            self._frame.start_after(PAN_REST_MS)
        else:
            self.viewport().update()

    def fit(self) -> None:
        rect = self.sceneRect()  # (the nodes, lines and captions: ChartScene.fit_rect)
        if rect.isEmpty() or not self.chart_scene.nodes:
            return
        self.fitInView(rect.adjusted(-24, -24, 24, 24), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.2:
            self.zoom_by(1.2 / self.zoom())
        self.update_detail()

    def centre_on_node(self, node_id: str) -> None:
        item = self.chart_scene.nodes.get(node_id)
        if item is not None:
            self.centerOn(item)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A diagonal pan uncovers two strips (an L): Qt would draw, clipped, every item in the
        bounding rect of both, which is the whole view; each strip is painted on its own."""
        region = event.region()
        if not self._frame.drawing and self._paint_ahead(region):
            return
        if region.rectCount() > 1:
            rects = region_rects(region)
            area = sum(r.width() * r.height() for r in rects)
            whole = region.boundingRect()
            if area < whole.width() * whole.height() / 2:
                for rect in rects:
                    super().paintEvent(QPaintEvent(rect))
                return
        super().paintEvent(event)

    def _paint_ahead(self, region: QRegion) -> bool:
        """Paint from a picture drawn ahead: the full picture after a gesture, once it is
        done, or the overview scaled during one; false if neither is to be shown."""
        viewport = self.viewport()
        if self._frame.showable():
            painter = QPainter(viewport)
            self._frame.show(painter, region)
            painter.end()
            return True
        if not self.overview_shown():
            return False
        painter = QPainter(viewport)
        try:
            painter.setClipRegion(region)
            target = QRectF(viewport.rect())
            visible = self.viewportTransform().inverted()[0].mapRect(target)
            self._overview.draw(painter, target, visible)
            selected = self.chart_scene.edges.get(self.chart_scene.selected_edge or "")
            if selected is not None:
                painter.setTransform(self.viewportTransform())
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                selected.paint_selected(painter)
            return True
        finally:
            painter.end()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        scene = self.scene()
        if isinstance(scene, ChartScene) and scene.nodes:  # (no scene while Qt shuts down)
            self._frame.restart_if_pending(PAN_REST_MS)
            self.update_detail(scrolled=True)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._frame.restart_if_pending()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_step(1.15**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_step(1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_step(0.8)
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for item in self.scene().selectedItems():
                if isinstance(item, NodeItem):
                    self.node_clicked.emit(item.entity_id)
            if self.chart_scene.selected_edge is not None:
                self.edge_clicked.emit(self.chart_scene.selected_edge)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        press, self._press = self._press, None
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        here = event.position().toPoint()
        if (here - press).manhattanLength() > CLICK_SLOP:
            return
        item = self._item_at(here)
        if isinstance(item, NodeItem):
            self.node_clicked.emit(item.entity_id)
        elif isinstance(item, EdgeItem):
            self.chart_scene.select_edge(item.relationship_id)
            self.edge_clicked.emit(item.relationship_id)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        item = self._item_at(event.position().toPoint())
        if isinstance(item, NodeItem):
            self.node_double_clicked.emit(item.entity_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _item_at(self, pos: QPoint) -> NodeItem | EdgeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return self.chart_scene.edge_at(self.mapToScene(pos), EDGE_TOLERANCE / self.zoom())

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self._item_at(event.pos())
            if isinstance(item, EdgeItem):
                QToolTip.showText(event.globalPos(), item.tooltip, self.viewport())
                return True
        return super().viewportEvent(event)

    def drawForeground(self, painter: QPainter, exposed: QRectF | QRect) -> None:  # noqa: N802
        """Captions and line labels of what is in ``exposed``, when zoomed in enough
        (see :meth:`update_detail`): Python draws only what is on screen, found through the
        scene's index (the nodes) and the line tiles (the lines)."""
        rect = QRectF(exposed)  # (Qt passes a QRectF; PySide also lets Python pass a QRect)
        scene = self.chart_scene
        selected = scene.edges.get(scene.selected_edge or "")
        if selected is not None:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            selected.paint_selected(painter)
            painter.restore()
        if not scene.detail or scene.lines.sketching:
            return
        painter.save()
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing)
        side, below = caption_reach()  # the nodes whose captions (below them) may reach in
        area = rect.adjusted(-side, -below, side, NODE_RADIUS)
        if scene.edge_labels:
            for edge in scene.edges_in(rect):
                edge.paint_label(painter, rect)
        for node in scene.nodes_in(area):
            node.paint_labels(painter, rect)
        painter.restore()

    def scene_point(self, node_id: str) -> QPointF:
        return self.chart_scene.nodes[node_id].pos()
