"""The link chart's canvas: a scene of node and line items, zoom on the wheel, pan by dragging
the background, drag nodes to place (and pin) them, click to open, double-click to expand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from nkcase.graph.model import ChartGraph, GradeBy
from nkcase.gui.chart_items import EdgeItem, NodeItem

MIN_ZOOM, MAX_ZOOM = 0.03, 4.0
CLICK_SLOP = 4  # pixels a press may move and still be a click


class ChartScene(QGraphicsScene):
    """Builds the items of a chart; reports nodes dragged to a new place."""

    node_moved = Signal(str, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}

    def show_graph(
        self,
        graph: ChartGraph,
        positions: Mapping[str, tuple[float, float]],
        pinned: set[str],
        grade_by: GradeBy,
    ) -> None:
        selected = {i.entity_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        self.clear()
        self.nodes, self.edges = {}, {}
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
                                grade_by, offset)
                self.addItem(item)
                self.edges[edge_id] = item

    def set_grade_by(self, grade_by: GradeBy) -> None:
        for item in self.edges.values():
            item.set_grade_by(grade_by)

    def _moved(self, item: NodeItem) -> None:
        for other in self.selectedItems():  # a dragged selection moves together
            if isinstance(other, NodeItem) and other is not item:
                other.pinned = True
                self.node_moved.emit(other.entity_id, other.pos().x(), other.pos().y())
        item.pinned = True
        item.update()
        self.node_moved.emit(item.entity_id, item.pos().x(), item.pos().y())


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
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: QPoint | None = None

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

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect()
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.2:
            self.zoom_by(1.2 / self.zoom())

    def centre_on_node(self, node_id: str) -> None:
        item = self.chart_scene.nodes.get(node_id)
        if item is not None:
            self.centerOn(item)

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

    def scene_point(self, node_id: str) -> QPointF:
        return self.chart_scene.nodes[node_id].pos()
