"""A timeline as a figure: one band per kind of item, items packed in lanes, an axis whose
ticks follow the span (decades to days), partial dates drawn as the period they cover.

An item dated "2019" is a pale bar across 2019 labelled "2019", never a point on 1 January; a
span with a partial start or end has pale ends for the uncertain part; a relationship that
may still hold runs to the right edge and fades.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from nkcase.figures.shapes import Anchor, Figure, Group, Line, Polygon, Rect, Shape, Style, Text
from nkcase.figures.text import FigureFonts
from nkcase.timeline.lanes import pack_lanes
from nkcase.timeline.look import KIND_COLOURS
from nkcase.timeline.model import KIND_LABELS, KIND_ORDER, TimelineItem, sort_items
from nkcase.timeline.scale import ticks

INK = "#1b1f24"
MUTED = "#5f6670"
GRID = "#e3e6ea"


@dataclass(frozen=True, slots=True)
class TimelineFigureStyle:
    width: float = 481.0
    label_size: float = 6.8
    row: float = 12.5
    margin: float = 6.0
    band_label_width: float = 58.0
    max_label_width: float = 300.0


DOSSIER_TIMELINE = TimelineFigureStyle()
EXPORT_TIMELINE = TimelineFigureStyle(
    width=1200.0,
    label_size=10.0,
    row=19.0,
    margin=12.0,
    band_label_width=96.0,
    max_label_width=320.0,
)


def timeline_figure(
    items: Sequence[TimelineItem],
    *,
    title: str = "",
    style: TimelineFigureStyle = DOSSIER_TIMELINE,
    fonts: FigureFonts | None = None,
) -> Figure:
    fonts = fonts or FigureFonts()
    ordered = sort_items(items)
    s = style
    if not ordered:
        empty = Text(s.margin, s.margin + s.label_size, "No dated items.", s.label_size, MUTED)
        return Figure(s.width, s.margin * 2 + s.label_size * 1.5, (empty,), title)
    first = min(i.earliest for i in ordered)
    last = max(i.latest for i in ordered)
    total = max((last - first).days + 1, 60)
    pad = max(total // 30, 5)
    first, last = first - timedelta(days=pad), last + timedelta(days=pad)
    left = s.margin + s.band_label_width
    right = s.width - s.margin
    per_day = (right - left) / ((last - first).days + 1)

    def x(day: date, end_of_day: bool = False) -> float:
        return left + ((day - first).days + (1 if end_of_day else 0)) * per_day

    children: list[Shape] = []
    y = s.margin
    bands: list[tuple[str, list[TimelineItem]]] = []
    for kind_name in sorted({i.kind for i in ordered}, key=KIND_ORDER.__getitem__):
        bands.append((kind_name, [i for i in ordered if i.kind == kind_name]))
    grid_top = y
    item_groups: list[Shape] = []
    band_shapes: list[Shape] = []
    for band_index, (kind, members) in enumerate(bands):
        labels: list[str] = []
        extents: list[tuple[float, float]] = []
        placements: list[tuple[str, float, float]] = []
        for item in members:
            x0 = x(item.earliest, False)
            x1 = right if item.open and not item.end else x(item.latest, True)
            x1 = max(x1, x0 + 4)
            full = fonts.fit(f"{item.phrase} · {item.label}", s.label_size, s.max_label_width)
            side, shown, extent = _label_place(fonts, full, s.label_size, x0, x1, left, right)
            labels.append(shown)
            placements.append((side, x0, x1))
            extents.append(extent)
        lanes = pack_lanes(list(range(len(members))), extents.__getitem__, gap=4.0)
        lane_count = max(lanes) + 1
        band_h = lane_count * s.row + 4
        if band_index % 2 == 0:
            band_shapes.append(
                Rect(s.margin, y, s.width - 2 * s.margin, band_h, Style(None, "#f6f7f9", 0))
            )
        band_shapes.append(
            Text(
                s.margin + 2,
                y + s.row * 0.7,
                KIND_LABELS[kind],
                s.label_size,
                MUTED,
                "start",
                "bold",
            )
        )
        for item, label, lane, (side, x0, x1) in zip(
            members, labels, lanes, placements, strict=True
        ):
            top = y + 2 + lane * s.row
            item_groups.append(_item(item, label, side, x0, x1, top, s, x))
        y += band_h
    grid_bottom = y
    axis: list[Shape] = [Line(left, grid_bottom, right, grid_bottom, Style(MUTED, None, 0.6))]
    shown_ticks = ticks(first, last, per_day)
    for tick in shown_ticks:
        tx = x(tick.day)
        if tx < left - 0.5 or tx > right + 0.5:
            continue
        axis.append(
            Line(tx, grid_top, tx, grid_bottom, Style("#c9ced6" if tick.major else GRID, None, 0.5))
        )
        axis.append(Line(tx, grid_bottom, tx, grid_bottom + 3, Style(MUTED, None, 0.6)))
        axis.append(
            Text(
                tx, grid_bottom + 3 + s.label_size, tick.label, s.label_size * 0.95, MUTED, "middle"
            )
        )
    height = grid_bottom + 3 + s.label_size * 1.6 + s.margin
    children = [*band_shapes, Group("axis", "axis", tuple(axis)), *item_groups]
    description = f"{len(ordered)} dated items from {ordered[0].start} to {ordered[-1].when}"
    return Figure(s.width, height, tuple(children), title, description)


def _item(
    item: TimelineItem,
    label: str,
    side: str,
    x0: float,
    x1: float,
    top: float,
    s: TimelineFigureStyle,
    x: Callable[[date, bool], float],
) -> Group:
    strong, pale = KIND_COLOURS[item.kind]
    text_mid = top + s.row * 0.42
    if side == "inside":
        # a label inside a bar would hide it: the bar runs thin under the label instead
        mid, bar_h = top + s.row * 0.9, s.row * 0.2
        text_mid = top + s.row * 0.36
    else:
        mid, bar_h = text_mid, s.row * 0.46
    shapes: list[Shape] = []
    if item.is_span:
        # pale where the partial start or end leaves the day open, solid where it is certain
        solid_from = x(item.first.latest, True) if item.first.precision != "day" else x0
        if item.open and not item.end:
            solid_to = x1 - min(24.0, (x1 - x0) / 3)
        else:
            solid_to = x(item.last.earliest, False) if item.last.precision != "day" else x1
        shapes.append(Rect(x0, mid - bar_h / 2, x1 - x0, bar_h, Style(None, pale, 0), 1.0))
        if solid_to > solid_from:
            shapes.append(
                Rect(
                    solid_from,
                    mid - bar_h / 2,
                    solid_to - solid_from,
                    bar_h,
                    Style(None, strong, 0),
                    1.0,
                )
            )
        if item.open and not item.end:
            shapes.append(
                Polygon(
                    ((x1, mid), (x1 - 5, mid - bar_h / 2 - 1), (x1 - 5, mid + bar_h / 2 + 1)),
                    Style(None, pale, 0),
                )
            )
    elif item.first.precision == "day":
        cx, r = (x0 + x1) / 2, bar_h * 0.75
        shapes.append(
            Polygon(
                ((cx, mid - r), (cx + r, mid), (cx, mid + r), (cx - r, mid)),
                Style(strong, strong, 0.6),
            )
        )
    else:
        # a date known to the month or the year: the whole period, bracketed
        shapes.append(Rect(x0, mid - bar_h / 2, x1 - x0, bar_h, Style(strong, pale, 0.6), 1.0))
    tx = {"right": x1 + 3, "left": x0 - 3, "inside": x0 + 3}[side]
    anchor: Anchor = "end" if side == "left" else "start"
    shapes.append(Text(tx, text_mid + s.label_size * 0.36, label, s.label_size, INK, anchor))
    grades = f" — {', '.join(item.grades)}" if item.grades else ""
    return Group(item.kind, item.id, tuple(shapes), f"{item.when}: {item.label}{grades}")


def _label_place(
    fonts: FigureFonts, text: str, size: float, x0: float, x1: float, left: float, right: float
) -> tuple[str, str, tuple[float, float]]:
    """Where an item's label goes — right of it, inside its bar, left of it, or cut short
    on the side with more room — and the extent (shape and label) it takes in its lane."""
    w = fonts.width(text, size)
    if x1 + 3 + w <= right:
        return "right", text, (x0, x1 + 3 + w)
    if x1 - x0 >= w + 6:
        return "inside", text, (x0, x1)
    if x0 - 3 - w >= left:
        return "left", text, (x0 - 3 - w, x1)
    if right - x1 >= x0 - left:
        cut = fonts.fit(text, size, max(right - x1 - 3, 20.0))
        return "right", cut, (x0, x1 + 3 + fonts.width(cut, size))
    if x1 - x0 >= x0 - left:
        cut = fonts.fit(text, size, max(x1 - x0 - 6, 20.0))
        return "inside", cut, (x0, x1)
    cut = fonts.fit(text, size, max(x0 - left - 3, 20.0))
    return "left", cut, (x0 - 3 - fonts.width(cut, size), x1)
