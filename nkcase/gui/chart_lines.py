"""The link chart's lines, stroked as a few paths: one per evidence tier per area of the chart.

One item per link would cost Qt (and Python) work per link per frame; one path for all links
of a tier strokes thousands of lines at once, but every frame strokes them all, also those far
off screen when zoomed in. So the chart is cut into a grid of areas (tiles) and each tile holds
one path per tier for the links whose middle lies in it: the scene's BSP index then hands the
painter only the tiles in view, a moved node restrokes only its links' tiles, and the tiles
answer "which lines are here" for the view's labels and clicks without a loop over all links.

Zoomed out on a big chart (or in on a dense part of it) the lines are drawn simply: one-pixel
lines of their tier's colour and dash, without antialiasing (Qt's fast cosmetic stroker).
Zoomed in on a part, with their tier's width, antialiased.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from nkcase.graph.grades import Tier
from nkcase.graph.look import LINE_LOOKS
from nkcase.gui.chart_items import EdgeItem

TILES_ACROSS = 8
"""About this many tiles across the chart's larger side."""
TILE_MIN = 400.0
"""Scene units: tiles no smaller (a small chart is one tile)."""
SIMPLE_LINES_FROM = 400
"""Charts with at least this many lines draw them simply when zoomed out (below
:data:`LINE_LOD`); smaller charts are cheap enough to draw in full at every zoom."""
LINE_LOD = 0.6
"""Zoom below which a big chart's lines are simple one-pixel lines."""
FULL_LINES_NODES = 600
"""A big chart's lines are simple also when more entities than this are in view (the lines
of a dense overview are not read one by one; antialiasing thousands costs a frame)."""


def line_pen(tier: Tier, simple: bool) -> QPen:
    """The pen of a tier: its width and dash, or a one-pixel line of its colour and dash."""
    look = LINE_LOOKS[tier]
    width = 0.0 if simple else look.width  # 0: Qt's one-pixel cosmetic line
    pen = QPen(QColor(look.colour), width)
    pen.setCosmetic(True)
    if look.dash:
        pen.setDashPattern([d / max(width, 1.0) for d in look.dash])
    return pen


PENS: dict[tuple[Tier, bool], QPen] = {
    (tier, simple): line_pen(tier, simple) for tier in LINE_LOOKS for simple in (False, True)
}


class LinesPath(QGraphicsPathItem):
    """The lines of one tier in one tile. It strokes them with the pen its tiles choose now
    (simple or full, see :meth:`LineTiles.set_simple`): switching costs no item update, which
    would paint the whole chart a second time a turn later."""

    def __init__(self, tiles: LineTiles, tier: Tier) -> None:
        super().__init__()
        self.tiles = tiles
        self.tier = tier
        self.edges: list[EdgeItem] = []
        self.setPen(PENS[(tier, False)])  # the wider pen: the bounding rect covers both
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the view

    def paint(self, painter: QPainter, option, widget=None) -> None:
        simple = self.tiles.simple
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not simple)
        painter.setPen(PENS[(self.tier, simple)])
        painter.setBrush(Qt.BrushStyle.NoBrush)  # filling a path of lines is wasted work
        painter.drawPath(self.path())


class LineTiles:
    """The lines of a chart in tiles of its scene (see the module's docstring)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: dict[tuple[tuple[int, int], Tier], LinesPath] = {}
        self.members: dict[tuple[int, int], list[EdgeItem]] = defaultdict(list)
        self.size = TILE_MIN
        self.simple = False
        self.dirty: set[tuple[int, int]] = set()

    def build(self, edges: Iterable[EdgeItem], extent: QRectF) -> None:
        """Put every line in the tile of its middle and stroke all tiles."""
        self.clear()
        self.size = max(TILE_MIN, max(extent.width(), extent.height()) / TILES_ACROSS)
        for edge in edges:
            mid = edge.midpoint()
            edge.tile = (math.floor(mid.x() / self.size), math.floor(mid.y() / self.size))
            self.members[edge.tile].append(edge)
        self.dirty = set(self.members)
        self.restroke()

    def clear(self) -> None:
        for item in self.items.values():
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items, self.members, self.dirty = {}, defaultdict(list), set()

    def touch(self, edges: Iterable[EdgeItem]) -> None:
        """These lines moved: their tiles are restroked by the next :meth:`restroke`."""
        self.dirty.update(edge.tile for edge in edges)

    def regrade(self) -> None:
        """Every line's tier may have changed (strongest or weakest evidence)."""
        self.dirty = set(self.members)
        self.restroke()

    def restroke(self) -> None:
        """Rebuild the paths of the tiles marked dirty (lines stay in their first tile: a
        tile's path, and so its bounding rect, follows its lines wherever they are dragged)."""
        for tile in self.dirty:
            paths: dict[Tier, QPainterPath] = {}
            members: dict[Tier, list[EdgeItem]] = defaultdict(list)
            for edge in self.members.get(tile, ()):
                tier = edge.tier()
                path = paths.get(tier)
                if path is None:
                    path = paths[tier] = QPainterPath()
                path.moveTo(edge.line.p1())
                path.lineTo(edge.line.p2())
                members[tier].append(edge)
            for tier in LINE_LOOKS:
                item = self.items.get((tile, tier))
                if tier not in paths:
                    if item is not None:
                        self.scene.removeItem(self.items.pop((tile, tier)))
                    continue
                if item is None:
                    item = self.items[(tile, tier)] = LinesPath(self, tier)
                    self.scene.addItem(item)
                item.setPath(paths[tier])
                item.edges = members[tier]
        self.dirty = set()

    def set_simple(self, simple: bool) -> bool:
        """One-pixel lines (zoomed out on a big chart) or each tier's own width; true if that
        changed (the caller repaints its view)."""
        changed = simple != self.simple
        self.simple = simple
        return changed

    def edges_in(self, rect: QRectF) -> list[EdgeItem]:
        """The lines whose bounding box meets ``rect``, found through the tiles in it."""
        found: list[EdgeItem] = []
        reach = rect.adjusted(-12, -12, 12, 12)  # a line's box reaches 12 units past it
        for item in self.scene.items(reach, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, LinesPath):
                found.extend(e for e in item.edges if e.bounds.intersects(rect))
        return found

    def edge_at(self, point: QPointF, tolerance: float) -> EdgeItem | None:
        """The line nearest ``point`` within ``tolerance`` scene units (its label counts)."""
        reach = max(tolerance, 14.0)  # a label may stand a little off its line's box
        area = QRectF(point.x() - reach, point.y() - reach, 2 * reach, 2 * reach)
        best, best_distance = None, tolerance
        for edge in self.edges_in(area):
            found = edge.distance(point)
            if found <= best_distance:
                best, best_distance = edge, found
        return best
