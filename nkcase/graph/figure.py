"""A chart as a figure: nodes typed by schema, lines styled by grade, labels that do not hide
each other, and a legend. The positions come from the chart (saved, dragged or laid out), so
the dossier's figure, an SVG export and the screen show the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from nkcase.figures.extent import extent, moved
from nkcase.figures.place import Box, Occupancy
from nkcase.figures.shapes import Circle, Figure, Group, Line, Polygon, Rect, Shape, Style, Text
from nkcase.figures.text import FigureFonts
from nkcase.graph.grades import TIERS
from nkcase.graph.look import (
    DESIGNATION_COLOUR,
    LINE_LOOKS,
    node_look,
    shape_points,
    tier_legend,
)
from nkcase.graph.model import ChartEdge, ChartGraph, ChartNode, GradeBy
from nkcase.vocabulary import get_schema

Point = tuple[float, float]
INK = "#1b1f24"
MUTED = "#5f6670"


LABEL_LINE_CLEARANCE = 14.0  # room kept free at each end of a line under its label


@dataclass(frozen=True, slots=True)
class ChartFigureStyle:
    """Sizes in points. ``max_scale`` keeps a two-node chart from sprawling."""

    max_width: float = 481.0
    max_height: float = 520.0
    node_radius: float = 9.0
    label_size: float = 7.4
    edge_label_size: float = 6.3
    label_width: float = 96.0
    margin: float = 8.0
    max_scale: float = 0.62
    legend: bool = True
    shrink: bool = False
    """Narrow the figure to its content (exports); a dossier keeps the frame's width."""


DOSSIER_STYLE = ChartFigureStyle()
EXPORT_STYLE = ChartFigureStyle(
    max_width=1600.0,
    max_height=1200.0,
    node_radius=13.0,
    label_size=10.5,
    edge_label_size=8.5,
    label_width=150.0,
    margin=16.0,
    max_scale=1.0,
)


def chart_figure(
    graph: ChartGraph,
    positions: Mapping[str, Point],
    *,
    grade_by: GradeBy = "strongest",
    title: str = "",
    style: ChartFigureStyle = DOSSIER_STYLE,
    fonts: FigureFonts | None = None,
) -> Figure:
    """The figure of ``graph`` at ``positions`` (scene units; every node needs one)."""
    fonts = fonts or FigureFonts()
    return _Builder(graph, positions, grade_by, style, fonts).build(title)


class _Builder:
    def __init__(
        self,
        graph: ChartGraph,
        positions: Mapping[str, Point],
        grade_by: GradeBy,
        style: ChartFigureStyle,
        fonts: FigureFonts,
    ) -> None:
        self.graph = graph
        self.grade_by = grade_by
        self.s = style
        self.fonts = fonts
        self.room = Occupancy()
        self.positions = {k: positions[k] for k in graph.nodes}
        self._extra = 0.0
        self.points = self._fit(self.positions)

    def _fit(self, positions: Mapping[str, Point], extra: float = 0.0) -> dict[str, Point]:
        """Scene positions to figure points, with room for labels at the sides (``extra``
        points more at each side: what labels placed beside a node took beyond that)."""
        s = self.s
        pad_x = s.label_width / 2 + s.margin + extra
        pad_top = s.node_radius + s.margin + 2
        pad_bottom = s.node_radius + 3 * s.label_size + s.margin
        if not positions:
            self.width, self.body_height = s.max_width, 2 * pad_top
            return {}
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        scale = s.max_scale
        if w > 0:
            scale = min(scale, (s.max_width - 2 * pad_x) / w)
        if h > 0:
            scale = min(scale, (s.max_height - pad_top - pad_bottom) / h)
        content_w = w * scale + 2 * pad_x
        self.width = max(min(s.max_width, 420.0), content_w) if s.shrink else s.max_width
        offset_x = pad_x + max(0.0, (self.width - content_w) / 2)
        self.body_height = h * scale + pad_top + pad_bottom
        x0, y0 = min(xs), min(ys)
        return {
            k: (offset_x + (x - x0) * scale, pad_top + (y - y0) * scale)
            for k, (x, y) in positions.items()
        }

    def build(self, title: str) -> Figure:
        body = self._body()
        for attempt in range(3):  # labels beside the outer nodes may need room: measured
            placed = self._inside(body, extent(body, self.fonts), last=attempt == 2)
            if placed is not None:
                body = placed
                break
            self.room = Occupancy()
            self.points = self._fit(self.positions, self._extra)
            body = self._body()
        children: list[Shape] = list(body)
        height = self.body_height
        if self.s.legend:
            legend, legend_height = self._legend(height)
            children.append(legend)
            height += legend_height
        description = f"{len(self.graph.nodes)} entities, {len(self.graph.edges)} relationships"
        return Figure(self.width, height, tuple(children), title, description)

    def _inside(self, body: list[Shape], box: Box | None, last: bool = False
                ) -> list[Shape] | None:
        """``body`` moved so that everything drawn (``box``, labels included) is inside the
        figure's margins, the figure as tall as that needs and, for an export, as wide; None
        if it is wider than the figure may be (then :meth:`build` lays it out narrower)."""
        if box is None:
            return body
        s = self.s
        need = box[2] - box[0] + 2 * s.margin
        if s.shrink:
            self.width = max(self.width, min(s.max_width, need))
        if need > self.width + 0.01 and not last:
            self._extra += (need - self.width) / 2 + 1.0
            return None
        dx = (self.width - (box[2] - box[0])) / 2 - box[0]  # centred
        dy = s.margin - box[1]
        self.body_height = box[3] - box[1] + 2 * s.margin
        self.points = {k: (x + dx, y + dy) for k, (x, y) in self.points.items()}
        return [moved(shape, dx, dy) for shape in body]

    def _body(self) -> list[Shape]:
        """The nodes, lines and their labels at :attr:`points`."""
        r = self.s.node_radius
        for x, y in self.points.values():
            self.room.add((x - r - 1, y - r - 1, x + r + 1, y + r + 1))
        for edge in self.graph.edges.values():
            self.room.add_line(self.points[edge.source], self.points[edge.target])
        nodes = [self._node(n) for n in sorted(self.graph.nodes.values(), key=_node_order)]
        edges = self._edges()
        return [*edges, *nodes]

    # -- nodes --------------------------------------------------------------------------------
    def _node(self, node: ChartNode) -> Group:
        x, y = self.points[node.id]
        r = self.s.node_radius
        look = node_look(node.schema)
        marked = node.designation is not None
        outline = Style(
            DESIGNATION_COLOUR if marked else look.stroke, look.fill, 1.8 if marked else 1.0
        )
        shapes: list[Shape] = []
        if marked:
            shapes.append(Circle(x, y, r + 3.2, Style(DESIGNATION_COLOUR, None, 1.2)))
        if look.shape == "circle":
            shapes.append(Circle(x, y, r, outline))
        else:
            shapes.append(Polygon(shape_points(look.shape, x, y, r), outline))
        letter_size = r * 0.95
        shapes.append(
            Text(x, y + letter_size * 0.36, look.letter, letter_size, look.stroke, "middle", "bold")
        )
        shapes += self._node_label(node, x, y)
        title = f"{node.caption} ({get_schema(node.schema).label})"
        if marked:
            title += f" — designated: {node.designation}"
        return Group("node", node.id, tuple(shapes), title)

    def _node_label(self, node: ChartNode, x: float, y: float) -> list[Shape]:
        s = self.s
        size = s.label_size
        lines = self.fonts.wrap(node.caption, size, s.label_width, 2, "bold")  # as drawn
        extra = [node.designation] if node.designation else []
        extra_lines = [self.fonts.fit(f"⚑ {e}", size * 0.9, s.label_width) for e in extra]
        all_lines = lines + extra_lines
        widths = [self.fonts.width(t, size, "bold") for t in lines] + [
            self.fonts.width(t, size * 0.9) for t in extra_lines]
        block_w = max(widths, default=0.0)
        block_h = len(all_lines) * size * 1.18
        r = s.node_radius + (3.2 if node.designation else 0) + 1.5
        candidates: list[Box] = [
            (x - block_w / 2, y + r, x + block_w / 2, y + r + block_h),  # below
            (x - block_w / 2, y - r - block_h, x + block_w / 2, y - r),  # above
            (x + r + 2, y - block_h / 2, x + r + 2 + block_w, y + block_h / 2),  # right
            (x - r - 2 - block_w, y - block_h / 2, x - r - 2, y + block_h / 2),  # left
        ]
        box, _overlap = self.room.best(candidates)
        self.room.add(box)
        cx = (box[0] + box[2]) / 2
        # An opaque backing: where no side was free of lines, a line seen through the caption
        # cut it in two on paper ("Co., | Ltd."); the line resumes beyond the caption.
        shapes: list[Shape] = [
            Rect(
                box[0] - 1.5,
                box[1],
                block_w + 3,
                block_h + 1,
                Style(None, "#ffffff", 0),
                radius=1.5,
            )
        ]
        baseline = box[1] + size * 0.95
        for index, text in enumerate(all_lines):
            designation = index >= len(lines)
            shapes.append(
                Text(
                    cx,
                    baseline,
                    text,
                    size * (0.9 if designation else 1.0),
                    DESIGNATION_COLOUR if designation else INK,
                    "middle",
                    "regular" if designation else "bold",
                )
            )
            baseline += size * 1.18
        return shapes

    # -- edges --------------------------------------------------------------------------------
    def _edges(self) -> list[Group]:
        pairs: dict[tuple[str, str], list[ChartEdge]] = defaultdict(list)
        for edge in sorted(self.graph.edges.values(), key=lambda e: e.id):
            low, high = sorted((edge.source, edge.target))
            pairs[(low, high)].append(edge)
        groups = []
        labels: list[tuple[ChartEdge, Point, Point]] = []
        for members in pairs.values():
            for index, edge in enumerate(members):
                offset = (index - (len(members) - 1) / 2) * 7.0
                group, a, b = self._edge(edge, offset)
                groups.append(group)
                labels.append((edge, a, b))
        # labels after every line is known, longest lines first (they have the most room)
        placed = {}
        for edge, a, b in sorted(labels, key=lambda t: -math.dist(t[1], t[2])):
            placed[edge.id] = self._edge_label(edge, a, b)
        return [
            Group(g.kind, g.id, g.children + tuple(placed.get(g.id, ())), g.title) for g in groups
        ]

    def _edge(self, edge: ChartEdge, offset: float) -> tuple[Group, Point, Point]:
        (x1, y1), (x2, y2) = self.points[edge.source], self.points[edge.target]
        length = math.dist((x1, y1), (x2, y2)) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        nx, ny = -uy * offset, ux * offset
        r = self.s.node_radius + 1.5
        a = (x1 + ux * r + nx, y1 + uy * r + ny)
        b = (x2 - ux * r + nx, y2 - uy * r + ny)
        tier = edge.tier(self.grade_by)
        look = LINE_LOOKS[tier]
        shapes: list[Shape] = [Line(*a, *b, Style(look.colour, None, look.width, look.dash))]
        if edge.directed and length > 2 * r:
            head = 4.0 + look.width * 1.6
            bx, by = b
            left = (bx - ux * head + uy * head * 0.5, by - uy * head - ux * head * 0.5)
            right = (bx - ux * head - uy * head * 0.5, by - uy * head + ux * head * 0.5)
            shapes.append(Polygon((b, left, right), Style(look.colour, look.colour, 0.5)))
        grade = edge.strongest if self.grade_by == "strongest" else edge.weakest
        title = f"{edge.label}: {edge.caption}" + (f" — {grade}" if grade else " — no quote")
        return Group("edge", edge.id, tuple(shapes), title), a, b

    def _edge_label(self, edge: ChartEdge, a: Point, b: Point) -> list[Shape]:
        size = self.s.edge_label_size
        length = math.dist(a, b)
        text = self.fonts.fit(edge.caption, size, max(length - 6, self.s.label_width * 1.2),
                              "italic")
        w = self.fonts.width(text, size, "italic")
        h = size * 1.25
        candidates: list[Box] = []
        # On the line when it is long enough to leave both ends (and the arrowhead) visible;
        # else beside it, above or below its middle, so the label never hides the line.
        if w + 2 * LABEL_LINE_CLEARANCE <= length:
            for t in (0.5, 0.36, 0.64, 0.25, 0.75):
                mx, my = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
                candidates.append((mx - w / 2 - 1, my - h / 2, mx + w / 2 + 1, my + h / 2))
        else:
            ux, uy = ((b[0] - a[0]) / length, (b[1] - a[1]) / length) if length else (1.0, 0.0)
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            # the label box's half extent along the line's normal, plus a gap
            reach = abs(uy) * w / 2 + abs(ux) * h / 2 + 2.0
            for side in (-1.0, 1.0):
                cx, cy = mx - uy * reach * side, my + ux * reach * side
                candidates.append((cx - w / 2 - 1, cy - h / 2, cx + w / 2 + 1, cy + h / 2))
        box, overlap = self.room.best(candidates)
        if overlap > 0.35 * w * h:
            return []  # no room: the line keeps its tooltip, the dossier its relationship table
        self.room.add(box)
        cx = (box[0] + box[2]) / 2
        return [
            Rect(
                box[0],
                box[1],
                box[2] - box[0],
                h,
                Style(None, "#ffffff", 0, opacity=0.9),
                radius=1.5,
            ),
            Text(cx, box[1] + size * 0.92, text, size, MUTED, "middle", "italic"),
        ]

    # -- legend -------------------------------------------------------------------------------
    def _legend(self, top: float) -> tuple[Group, float]:
        s = self.s
        size = s.edge_label_size
        items: list[tuple[str, list[Shape], float]] = []
        schemata = sorted({n.schema for n in self.graph.nodes.values()})
        r = size * 0.7
        for schema in schemata:
            look = node_look(schema)
            label = get_schema(schema).label
            mark: Shape = (
                Circle(0, 0, r, Style(look.stroke, look.fill, 0.8))
                if look.shape == "circle"
                else Polygon(shape_points(look.shape, 0, 0, r), Style(look.stroke, look.fill, 0.8))
            )
            items.append((label, [mark], 2 * r))
        tiers = [
            t for t in TIERS if any(e.tier(self.grade_by) == t for e in self.graph.edges.values())
        ]
        for tier in tiers:
            line = LINE_LOOKS[tier]
            items.append(
                (
                    tier_legend(tier),
                    [Line(-9, 0, 9, 0, Style(line.colour, None, line.width, line.dash))],
                    18.0,
                )
            )
        if any(n.designation for n in self.graph.nodes.values()):
            items.append(
                (
                    "on a sanctions list",
                    [Circle(0, 0, r, Style(DESIGNATION_COLOUR, None, 1.2))],
                    2 * r,
                )
            )
        shapes: list[Shape] = []
        x, y = s.margin, top + size * 1.6
        row = size * 1.9
        for label, marks, mark_w in items:
            text_w = self.fonts.width(label, size)
            need = mark_w + 4 + text_w + 12
            if x > s.margin and x + need > self.width - s.margin:
                x, y = s.margin, y + row
            cx = x + mark_w / 2
            for mark in marks:
                shapes.append(moved(mark, cx, y - size * 0.32))
            shapes.append(Text(x + mark_w + 4, y, label, size, MUTED))
            x += need
        return Group("legend", "legend", tuple(shapes)), y - top + size * 0.9


def _node_order(node: ChartNode) -> tuple[str, str]:
    return (node.caption.casefold(), node.id)
