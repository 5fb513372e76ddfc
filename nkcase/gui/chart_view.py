"""The link chart's canvas: a scene of node and line items, zoom on the wheel, pan by dragging
the background, drag nodes to place (and pin) them, click to open, double-click to expand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from nkcase.graph.look import LINE_LOOKS
from nkcase.graph.model import ChartGraph, GradeBy
from nkcase.gui.chart_items import (
    EDGE_LABEL_LOD,
    LABEL_LOD,
    LABELLED_LINES,
    LABELLED_NODES,
    EdgeItem,
    NodeItem,
)

MIN_ZOOM, MAX_ZOOM = 0.03, 4.0
LABEL_MARGIN = 90.0
"""Scene units around an exposed area whose nodes may have captions reaching into it."""
CLICK_SLOP = 4  # pixels a press may move and still be a click


class ChartScene(QGraphicsScene):
    """Builds the items of a chart; reports nodes dragged to a new place."""

    node_moved = Signal(str, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.overview: list[QGraphicsPathItem] = []
        self.detail = True
        self.edge_labels = True
        self.extent = QRectF()
        self.edge_layer = self._layer(1.0)

    def show_graph(
        self,
        graph: ChartGraph,
        positions: Mapping[str, tuple[float, float]],
        pinned: set[str],
        grade_by: GradeBy,
    ) -> None:
        selected = {i.entity_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        self.clear()
        self.nodes, self.edges, self.overview = {}, {}, []
        self.grade_by = grade_by
        # the lines' layer: hiding it hides every line item in one call (levels of detail)
        self.edge_layer = self._layer(1.0)
        for node_id, node in graph.nodes.items():
            item = NodeItem(node, pinned=node_id in pinned)
            x, y = positions.get(node_id, (0.0, 0.0))
            item.setPos(x, y)
            item.on_moved = self._moved
            self.addItem(item)
            item.setSelected(node_id in selected)
            self.nodes[node_id] = item
        pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        for edge in sorted(graph.edges.values(), key=lambda e: e.id):
            low, high = sorted((edge.source, edge.target))
            pairs[(low, high)].append(edge.id)
        for members in pairs.values():
            for index, edge_id in enumerate(members):
                edge = graph.edges[edge_id]
                offset = (index - (len(members) - 1) / 2) * 9.0
                item = EdgeItem(edge, self.nodes[edge.source], self.nodes[edge.target],
                                self.edge_layer, grade_by, offset)
                self.edges[edge_id] = item
        self._build_overview()
        self.set_detail(self.detail, self.edge_labels, force=True)

    def reset(self) -> None:
        """Nothing on the chart."""
        self.clear()
        self.nodes, self.edges, self.overview = {}, {}, []
        self.edge_layer = self._layer(1.0)

    def set_grade_by(self, grade_by: GradeBy) -> None:
        self.grade_by = grade_by
        for item in self.edges.values():
            item.set_grade_by(grade_by)
        self._build_overview()
        self.set_detail(self.detail, self.edge_labels, force=True)

    def set_detail(self, shown: bool, edge_labels: bool = True, force: bool = False) -> None:
        """Zoomed in: every line its own item with its label and arrow (clickable). Zoomed
        far out: labels hidden, and all lines of one style drawn as one path, so a chart of
        thousands of links repaints in one stroke per style instead of one item per link."""
        if self.edge_labels != (shown and edge_labels) or shown != self.detail:
            self.update()  # the view draws the labels over the scene
        self.edge_labels = shown and edge_labels
        if shown == self.detail and not force:
            return
        self.detail = shown
        self.edge_layer.setVisible(shown)
        for path in self.overview:
            path.setVisible(not shown)

    def _layer(self, z: float) -> QGraphicsItem:
        layer = QGraphicsRectItem()
        layer.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        layer.setZValue(z)
        self.addItem(layer)
        return layer

    def _build_overview(self) -> None:
        for item in self.overview:
            self.removeItem(item)
        paths: dict[str, QPainterPath] = {}
        for edge in self.edges.values():
            path = paths.setdefault(edge.edge.tier(self.grade_by), QPainterPath())
            line = edge.line
            path.moveTo(line.p1())
            path.lineTo(line.p2())
        self.overview = []
        for tier, path in paths.items():
            look = LINE_LOOKS[tier]  # type: ignore[index]
            pen = QPen(QColor(look.colour), look.width)
            pen.setCosmetic(True)
            if look.dash:
                pen.setDashPattern([d / max(look.width, 0.5) for d in look.dash])
            item = QGraphicsPathItem(path)
            item.setPen(pen)
            item.setZValue(1)
            item.setVisible(not self.detail)
            self.addItem(item)
            self.overview.append(item)

    def _moved(self, item: NodeItem) -> None:
        for other in self.selectedItems():  # a dragged selection moves together
            if isinstance(other, NodeItem) and other is not item:
                other.pinned = True
                self.node_moved.emit(other.entity_id, other.pos().x(), other.pos().y())
        item.pinned = True
        self.node_moved.emit(item.entity_id, item.pos().x(), item.pos().y())
        if not self.detail:
            self._build_overview()


class ChartView(QGraphicsView):
    node_clicked = Signal(str)
    node_double_clicked = Signal(str)
    edge_clicked = Signal(str)

    def __init__(self, scene: ChartScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: QPoint | None = None

    def graph_shown(self) -> None:
        """The scene was rebuilt: its new items take the current level of detail."""
        self.chart_scene.extent = self.chart_scene.itemsBoundingRect()
        self.update_detail()

    @property
    def chart_scene(self) -> ChartScene:
        scene = self.scene()
        assert isinstance(scene, ChartScene)
        return scene

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = target / self.zoom()
        self.scale(factor, factor)
        self.update_detail()

    def update_detail(self) -> None:
        """Labels only where they can be read: not below :data:`LABEL_LOD` zoom, and not when
        more entities are in view than :data:`LABELLED_NODES` (estimated from the share of the
        chart's extent the view shows)."""
        scene = self.chart_scene
        zoom = self.zoom()
        extent = scene.extent
        in_view = float(len(scene.nodes))
        if extent.width() > 0 and extent.height() > 0:
            shown = self.mapToScene(self.viewport().rect()).boundingRect().intersected(extent)
            share = (shown.width() * shown.height()) / (extent.width() * extent.height())
            in_view *= min(1.0, max(share, 0.0))
        detail = zoom >= LABEL_LOD and in_view <= LABELLED_NODES
        scene.set_detail(detail, zoom >= EDGE_LABEL_LOD and in_view <= LABELLED_LINES)
        # an overview of thousands of lines draws twice as fast without antialiasing
        self.setRenderHint(QPainter.RenderHint.Antialiasing, detail or len(scene.nodes) < 300)

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect()
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.2:
            self.zoom_by(1.2 / self.zoom())
        self.update_detail()

    def centre_on_node(self, node_id: str) -> None:
        item = self.chart_scene.nodes.get(node_id)
        if item is not None:
            self.centerOn(item)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        if self.chart_scene.nodes:
            self.update_detail()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for item in self.scene().selectedItems():
                if isinstance(item, NodeItem):
                    self.node_clicked.emit(item.entity_id)
                elif isinstance(item, EdgeItem):
                    self.edge_clicked.emit(item.relationship_id)
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
            self.scene().clearSelection()
            item.setSelected(True)
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
            if isinstance(item, NodeItem | EdgeItem):
                return item
        return None

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """Captions, letters and line labels of what is in ``rect``, when zoomed in enough
        (see :meth:`update_detail`): Python draws only what is on screen."""
        scene = self.chart_scene
        if not scene.detail:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        found = scene.items(rect.adjusted(-LABEL_MARGIN, -LABEL_MARGIN, LABEL_MARGIN,
                                          LABEL_MARGIN))
        if scene.edge_labels:
            for item in found:
                if isinstance(item, EdgeItem):
                    item.paint_label(painter)
        for item in found:
            if isinstance(item, NodeItem):
                item.paint_labels(painter)
        painter.restore()

    def scene_point(self, node_id: str) -> QPointF:
        return self.chart_scene.nodes[node_id].pos()
