"""The link chart's lines, stroked as a few paths: one per evidence tier per area of the chart.

One item per link would cost Qt (and Python) work per link per frame; one path for all links
of a tier strokes thousands of lines at once, but every frame strokes them all, also those far
off screen when zoomed in or outside the strip a pan uncovers. So the chart is cut into a grid
of areas (tiles) and each line into the pieces it has in each tile it crosses; a tile holds one
path per tier of its pieces, with a bounding rect no bigger than the tile. The scene's BSP index
then hands the painter only the tiles in view (or in the uncovered strip), a moved node
restrokes only the tiles its lines cross, and the tiles answer "which lines are here" for the
view's labels and clicks without a loop over all links.

Zoomed out on a big chart (or in on a dense part of it) the lines are drawn simply: one-pixel
lines of their tier's colour and dash, without antialiasing (Qt's fast cosmetic stroker).
Zoomed in on a part, with their tier's width, antialiased, and their arrowheads (kept in the
tile as one more path, so they too are drawn without Python per line).

While the view is being zoomed (a gesture: wheel steps a few tens of milliseconds apart) each
tile draws its *sketch*: at most :data:`SKETCH_LINES` of its lines, the shortest ones, as simple
lines. Stroking costs per pixel of line (about 30 ns on a laptop core), and on a dense chart
the long lines crossing the whole view are most of a frame's pixels and least of its meaning;
the view draws everything again once the gesture has paused (``ChartView``).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from nkcase.graph.grades import Tier
from nkcase.graph.look import LINE_LOOKS
from nkcase.gui.chart_items import EDGE_LABEL_WIDTH, EdgeItem

TILES_ACROSS = 16
"""About this many tiles across the chart's larger side."""
TILE_MIN = 200.0
"""Scene units: tiles no smaller (a small chart is one tile)."""
SIMPLE_LINES_FROM = 400
"""Charts with at least this many lines draw them simply when zoomed out (below
:data:`LINE_LOD`); smaller charts are cheap enough to draw in full at every zoom."""
LINE_LOD = 0.6
"""Zoom below which a big chart's lines are simple one-pixel lines."""
ARROW_LOD = 0.3
"""Zoom below which arrowheads (a few pixels then) are not drawn; simple lines have none."""
FULL_LINES = 600
"""A big chart's lines are simple also when more lines than this cross the view (the lines of
a dense part are not read one by one; antialiasing thousands of wide lines costs a frame)."""
SKETCH_LINES = 40
"""At most this many lines per tile are drawn during a zoom gesture (the shortest ones)."""


def line_pen(tier: Tier, simple: bool) -> QPen:
    """The pen of a tier: its width and dash, or a one-pixel line of its colour and dash."""
    look = LINE_LOOKS[tier]
    width = 0.0 if simple else look.width  # 0: Qt's one-pixel cosmetic line
    pen = QPen(QColor(look.colour), width)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # the pieces of a line meet without overlapping
    if look.dash:
        pen.setDashPattern([d / max(width, 1.0) for d in look.dash])
    return pen


PENS: dict[tuple[Tier, bool], QPen] = {
    (tier, simple): line_pen(tier, simple) for tier in LINE_LOOKS for simple in (False, True)
}
ARROW_BRUSHES: dict[Tier, QBrush] = {tier: QBrush(QColor(look.colour))
                                     for tier, look in LINE_LOOKS.items()}


class LinesPath(QGraphicsPathItem):
    """The lines of one tier in one tile, and their arrowheads. It strokes them with the pen
    its tiles choose now (simple or full, see :meth:`LineTiles.set_look`): switching costs no
    item update, which would paint the whole chart a second time a turn later."""

    def __init__(self, tiles: LineTiles, tier: Tier) -> None:
        super().__init__()
        self.tiles = tiles
        self.tier = tier
        self.edges: list[EdgeItem] = []
        self.lines = QPainterPath()
        self.arrows = QPainterPath()
        self.sketch = self.lines
        self.setPen(PENS[(tier, False)])  # the wider pen: the bounding rect covers both
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the view

    def set_paths(self, lines: QPainterPath, arrows: QPainterPath,
                  sketch: QPainterPath | None = None) -> None:
        """The tier's pieces in the tile, their arrowheads and the pieces drawn during a
        gesture (None: all of them)."""
        self.lines, self.arrows = lines, arrows
        self.sketch = lines if sketch is None else sketch
        both = QPainterPath(lines)
        both.addPath(arrows)
        self.setPath(both)  # (its bounding rect and index entry cover the arrowheads too)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        tiles = self.tiles
        if tiles.sketching:
            painter.setPen(PENS[(self.tier, True)])
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.sketch)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not tiles.simple)
        painter.setPen(PENS[(self.tier, tiles.simple)])
        painter.setBrush(Qt.BrushStyle.NoBrush)  # filling a path of lines is wasted work
        painter.drawPath(self.lines)
        if tiles.arrows and not self.arrows.isEmpty():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ARROW_BRUSHES[self.tier])
            painter.drawPath(self.arrows)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # (state is not saved)


Tile = tuple[int, int]
Piece = tuple[float, float, float, float]


def cut(x1: float, y1: float, x2: float, y2: float, size: float) -> dict[Tile, Piece]:
    """The pieces of a line in each tile of ``size`` it crosses (at the tiles' borders)."""
    dx, dy = x2 - x1, y2 - y1
    cuts = [0.0, 1.0]
    for start, delta in ((x1, dx), (y1, dy)):
        if delta:
            low, high = sorted((start, start + delta))
            k = math.floor(low / size) + 1
            while k * size < high:
                cuts.append((k * size - start) / delta)
                k += 1
    cuts.sort()
    pieces: dict[Tile, Piece] = {}
    for a, b in itertools.pairwise(cuts):
        if b - a <= 1e-9:
            continue
        mid = (a + b) / 2
        tile = (math.floor((x1 + dx * mid) / size), math.floor((y1 + dy * mid) / size))
        pieces[tile] = (x1 + dx * a, y1 + dy * a, x1 + dx * b, y1 + dy * b)
    return pieces


class LineTiles:
    """The lines of a chart cut into tiles of its scene (see the module's docstring)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: dict[tuple[Tile, Tier], LinesPath] = {}
        self.members: dict[Tile, dict[str, EdgeItem]] = defaultdict(dict)
        self.pieces: dict[str, dict[Tile, Piece]] = {}
        self.size = TILE_MIN
        self.simple = False
        self.arrows = True
        self.sketching = False
        """Draw each tile's sketch (during a zoom gesture), see :data:`SKETCH_LINES`."""
        self.dirty: set[Tile] = set()

    def build(self, edges: Iterable[EdgeItem], extent: QRectF) -> None:
        """Cut every line into the tiles it crosses and stroke all tiles."""
        self.clear()
        self.size = max(TILE_MIN, max(extent.width(), extent.height()) / TILES_ACROSS)
        for edge in edges:
            self._place(edge)
        self.dirty = set(self.members)
        self.restroke()

    def _place(self, edge: EdgeItem) -> None:
        line = edge.line
        pieces = cut(line.x1(), line.y1(), line.x2(), line.y2(), self.size)
        self.pieces[edge.relationship_id] = pieces
        for tile in pieces:
            self.members[tile][edge.relationship_id] = edge
        self.dirty.update(pieces)

    def clear(self) -> None:
        for item in self.items.values():
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items, self.members, self.pieces, self.dirty = {}, defaultdict(dict), {}, set()

    def touch(self, edges: Iterable[EdgeItem]) -> None:
        """These lines moved: cut them again; the tiles they left or entered are restroked by
        the next :meth:`restroke`."""
        for edge in edges:
            for tile in self.pieces.pop(edge.relationship_id, {}):
                self.members[tile].pop(edge.relationship_id, None)
                self.dirty.add(tile)
            self._place(edge)

    def regrade(self) -> None:
        """Every line's tier may have changed (strongest or weakest evidence)."""
        self.dirty = set(self.members)
        self.restroke()

    def restroke(self) -> None:
        """Rebuild the paths of the tiles marked dirty."""
        for tile in self.dirty:
            paths: dict[Tier, tuple[QPainterPath, QPainterPath]] = {}
            members: dict[Tier, list[EdgeItem]] = defaultdict(list)
            here = self.members.get(tile, {})
            sketches: dict[Tier, QPainterPath] | None = None
            if len(here) > SKETCH_LINES:
                sketches = defaultdict(QPainterPath)
                for edge in sorted(here.values(),
                                   key=lambda e: (e.line.length(), e.relationship_id)
                                   )[:SKETCH_LINES]:
                    x1, y1, x2, y2 = self.pieces[edge.relationship_id][tile]
                    sketch = sketches[edge.tier()]
                    sketch.moveTo(x1, y1)
                    sketch.lineTo(x2, y2)
            for edge_id, edge in here.items():
                tier = edge.tier()
                if tier not in paths:
                    paths[tier] = (QPainterPath(), QPainterPath())
                lines, arrows = paths[tier]
                x1, y1, x2, y2 = self.pieces[edge_id][tile]
                lines.moveTo(x1, y1)
                lines.lineTo(x2, y2)
                arrow = edge.arrow()
                if arrow is not None and tile == self._tile_of(edge.line.p2()):
                    arrows.addPolygon(arrow)
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
                item.set_paths(*paths[tier], None if sketches is None
                               else sketches.get(tier, QPainterPath()))
                item.edges = members[tier]
        self.dirty = set()

    def _tile_of(self, point: QPointF) -> Tile:
        return (math.floor(point.x() / self.size), math.floor(point.y() / self.size))

    def count_in(self, rect: QRectF) -> int:
        """How many lines have a piece in the tiles ``rect`` touches (a line crossing several
        of them counts once in each)."""
        (left, top) = self._tile_of(rect.topLeft())
        (right, bottom) = self._tile_of(rect.bottomRight())
        if (right - left + 1) * (bottom - top + 1) > len(self.members):
            return sum(len(m) for (x, y), m in self.members.items()
                       if left <= x <= right and top <= y <= bottom)
        members = self.members
        return sum(len(members[(x, y)]) for x in range(left, right + 1)
                   for y in range(top, bottom + 1) if (x, y) in members)

    def set_look(self, simple: bool, arrows: bool) -> bool:
        """One-pixel lines (zoomed out on a big chart) or each tier's own width, with or without
        arrowheads; true if that changed (the caller repaints its view)."""
        changed = (simple, arrows) != (self.simple, self.arrows)
        self.simple, self.arrows = simple, arrows
        return changed

    def overview_look(self) -> Callable[[], None]:
        """Every line simply, no arrowheads (the overview image, ``chart_frames.Overview``);
        returns what puts the look back."""
        before = (self.simple, self.arrows, self.sketching)
        self.simple, self.arrows, self.sketching = True, False, False

        def restore() -> None:
            self.simple, self.arrows, self.sketching = before

        return restore

    def edges_in(self, rect: QRectF) -> list[EdgeItem]:
        """The lines whose bounding box meets ``rect``, found through the tiles near it (a
        label, at most :data:`EDGE_LABEL_WIDTH` wide, may stand beside its line's tiles), in
        the order of their ids."""
        found: dict[str, EdgeItem] = {}
        reach = EDGE_LABEL_WIDTH / 2 + 12
        near = rect.adjusted(-reach, -reach, reach, reach)
        for item in self.scene.items(near, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, LinesPath):
                for edge in item.edges:
                    if edge.bounds.intersects(rect):
                        found[edge.relationship_id] = edge
        # in one order whatever the rect: overlapping labels of a strip or band drawn on its
        # own stack as they do in a paint of the whole view
        return [found[k] for k in sorted(found)]

    def edge_at(self, point: QPointF, tolerance: float) -> EdgeItem | None:
        """The line nearest ``point`` within ``tolerance`` scene units (its label counts)."""
        area = QRectF(point.x() - tolerance, point.y() - tolerance, 2 * tolerance, 2 * tolerance)
        best, best_distance = None, tolerance
        for edge in self.edges_in(area):
            found = edge.distance(point)
            if found <= best_distance:
                best, best_distance = edge, found
        return best
