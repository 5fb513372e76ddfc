"""The link chart's scene: node and line items placed from a laid-out graph, with the indexes
the view asks what is under the pointer or in view (the view: :mod:`nkcase.gui.chart_view`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGraphicsScene,
    QWidget,
)

from nkcase.graph.model import ChartGraph, GradeBy
from nkcase.gui.chart_items import (
    EdgeItem,
    NodeItem,
    caption_reach,
)
from nkcase.gui.chart_lines import (
    LineTiles,
)
from nkcase.gui.chart_stamps import NODE_RADIUS

SCENE_MARGIN = 8.0
"""Scene units around everything drawn (a view fitted to the chart keeps this much white)."""


class NodeCounts:
    """How many nodes stand in each cell of a coarse grid: "about how many entities are in
    view" (the level of detail's question at every zoom and scroll step) in a few dozen
    lookups, not a Python object per node in view."""

    CELL = 100.0

    def __init__(self) -> None:
        self.counts: dict[tuple[int, int], int] = defaultdict(int)
        self.cells: dict[str, tuple[int, int]] = {}

    def cell(self, point: QPointF) -> tuple[int, int]:
        return (math.floor(point.x() / self.CELL), math.floor(point.y() / self.CELL))

    def place(self, node_id: str, point: QPointF) -> None:
        new = self.cell(point)
        old = self.cells.get(node_id)
        if old == new:
            return
        if old is not None:
            self.counts[old] -= 1
        self.counts[new] += 1
        self.cells[node_id] = new

    def count_in(self, rect: QRectF) -> int:
        """The nodes in the cells ``rect`` touches (a little more than those in it)."""
        (left, top), (right, bottom) = self.cell(rect.topLeft()), self.cell(rect.bottomRight())
        if (right - left + 1) * (bottom - top + 1) > len(self.counts):
            return sum(n for (x, y), n in self.counts.items()
                       if left <= x <= right and top <= y <= bottom)
        counts = self.counts
        return sum(counts.get((x, y), 0)
                   for x in range(left, right + 1) for y in range(top, bottom + 1))


class ChartScene(QGraphicsScene):
    """Builds the items of a chart; reports nodes dragged to a new place."""

    node_moved = Signal(str, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.lines = LineTiles(self)
        self.counts = NodeCounts()
        self.detail = True
        self.edge_labels = True
        self.extent = QRectF()
        self._restroke_pending = False
        self.selected_edge: str | None = None
        self.generation = 0
        """Counts changes of what the scene draws (the views' pictures drawn ahead of time,
        :mod:`nkcase.gui.chart_frames`, are of one generation)."""
        self.selectionChanged.connect(self.picture_changed)

    def show_graph(
        self,
        graph: ChartGraph,
        positions: Mapping[str, tuple[float, float]],
        pinned: set[str],
        grade_by: GradeBy,
    ) -> None:
        selected = {i.entity_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        self.lines.clear()
        self.clear()
        self.nodes, self.edges = {}, {}
        self.counts = NodeCounts()
        self.grade_by = grade_by
        self.selected_edge = None
        for node_id, node in graph.nodes.items():
            item = NodeItem(node, pinned=node_id in pinned)
            x, y = positions.get(node_id, (0.0, 0.0))
            item.place(x, y)
            item.on_moved = self._moved
            self.addItem(item)
            if node_id in selected:
                item.setSelected(True)
            self.nodes[node_id] = item
            self.counts.place(node_id, item.pos())
        pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        for edge in sorted(graph.edges.values(), key=lambda e: e.id):
            low, high = sorted((edge.source, edge.target))
            pairs[(low, high)].append(edge.id)
        for members in pairs.values():
            for index, edge_id in enumerate(members):
                edge = graph.edges[edge_id]
                offset = (index - (len(members) - 1) / 2) * 9.0
                self.edges[edge_id] = EdgeItem(edge, self.nodes[edge.source],
                                               self.nodes[edge.target], grade_by, offset)
        self.extent = self.itemsBoundingRect()
        self.lines.build(self.edges.values(), self.extent)
        self.fit_rect()
        self.set_detail(self.detail, self.edge_labels, force=True)
        self.picture_changed()

    def fit_rect(self, grow: bool = False) -> None:
        """The scene's rect: its items and room for the captions the views draw below and
        beside the nodes (a caption below the lowest node or beside the outermost ones was cut
        at the view's edge, out of reach of the scroll bars). The room is what the longest
        caption takes (:func:`~nkcase.gui.chart_items.caption_reach`), whatever the names, so
        the names never move the chart on screen. ``grow`` (a node dropped): only larger, and
        taking in what the views show, which stay where they are (a view centres a scene
        smaller than itself: a new rect would move the chart under the dropped node)."""
        rect = self.itemsBoundingRect()
        side, below = caption_reach()
        m = SCENE_MARGIN
        rect = rect.adjusted(-(side - NODE_RADIUS) - m, -m,
                             side - NODE_RADIUS + m, below - NODE_RADIUS + m)
        if not grow:
            self.setSceneRect(rect)
            return
        anchors = []
        for view in self.views():
            shown = QRectF(view.viewport().rect()).adjusted(-1, -1, 1, 1)
            rect = rect.united(view.viewportTransform().inverted()[0].mapRect(shown))
            anchors.append((view, view.mapToScene(QPoint(0, 0))))
        self.setSceneRect(self.sceneRect().united(rect))
        for view, anchor in anchors:  # scrolled back by what the new rect moved it
            moved = view.mapFromScene(anchor)
            for bar, by in ((view.horizontalScrollBar(), moved.x()),
                            (view.verticalScrollBar(), moved.y())):
                bar.setValue(bar.value() + by)

    def nodes_in(self, area: QRectF) -> list[NodeItem]:
        """The nodes in or partly in ``area``, found through the scene's BSP index (no Python
        loop over all nodes, no point made per node)."""
        found = self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
        return [item for item in found if isinstance(item, NodeItem)]

    def reset(self) -> None:
        """Nothing on the chart."""
        self.lines.clear()
        self.clear()
        self.nodes, self.edges = {}, {}
        self.selected_edge = None
        self.extent = QRectF()
        self.setSceneRect(QRectF())
        self.picture_changed()

    def set_grade_by(self, grade_by: GradeBy) -> None:
        self.grade_by = grade_by
        for edge in self.edges.values():
            edge.set_grade_by(grade_by)
        self.lines.regrade()
        self.set_detail(self.detail, self.edge_labels, force=True)
        self.picture_changed()

    def set_detail(self, shown: bool, edge_labels: bool = True, force: bool = False,
                   repaint: bool = True) -> bool:
        """Captions and line labels (drawn by the view) only when zoomed in far enough; true
        if that changed (the views are repainted, unless ``repaint`` is false: the caller
        repaints)."""
        changed = self.edge_labels != (shown and edge_labels) or shown != self.detail
        if (force or changed) and repaint:
            self.repaint_views()
        self.edge_labels = shown and edge_labels
        self.detail = shown
        return changed

    def picture_changed(self) -> None:
        """What the chart draws changed (items, lines, selection): the views' pictures drawn
        ahead of time are out of date."""
        self.generation += 1
        for view in self.views():
            changed = getattr(view, "picture_changed", None)
            if changed is not None:
                changed()

    def repaint_views(self) -> None:
        """Repaint the views' viewports whole, in the same paint as a zoom or scroll now
        pending (``QGraphicsScene.update()`` would paint them once more, a turn later)."""
        for view in self.views():
            view.viewport().update()

    def lines_moved(self, node: NodeItem) -> None:
        """A node moved: restroke its lines' tiles once this turn of the event loop ends."""
        self.counts.place(node.entity_id, node.pos())
        self.lines.touch(node.edges)
        if not self._restroke_pending:
            self._restroke_pending = True
            QTimer.singleShot(0, self._restroke)

    def _restroke(self) -> None:
        self._restroke_pending = False
        self.lines.restroke()
        self.picture_changed()

    def edge_at(self, point: QPointF, tolerance: float) -> EdgeItem | None:
        """The line nearest ``point`` within ``tolerance`` scene units (its label counts)."""
        return self.lines.edge_at(point, tolerance)

    def edges_in(self, rect: QRectF) -> list[EdgeItem]:
        """The lines whose bounding box meets ``rect``."""
        return self.lines.edges_in(rect)

    def select_edge(self, relationship_id: str | None) -> None:
        self.selected_edge = relationship_id
        if relationship_id is not None:
            self.clearSelection()
        self.update()
        self.picture_changed()

    def _moved(self, item: NodeItem) -> None:
        for other in self.selectedItems():  # a dragged selection moves together
            if isinstance(other, NodeItem) and other is not item:
                other.pinned = True
                self.node_moved.emit(other.entity_id, other.pos().x(), other.pos().y())
        item.pinned = True
        self.fit_rect(grow=True)
        self.node_moved.emit(item.entity_id, item.pos().x(), item.pos().y())
