"""Laying a timeline out for the screen: bands, lanes and the room each label has, as plain
numbers at one zoom (pixels per day). No scene is touched, so the timeline panel does it on the
worker thread with the load; ``gui/timeline_view.py`` then only adds the items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from PySide6.QtGui import QFont, QFontMetricsF

from nkcase.timeline.lanes import pack_lanes_within
from nkcase.timeline.model import KIND_LABELS, KIND_ORDER, TimelineItem
from nkcase.vocabulary.dates import PartialDate

ROW = 24.0
AXIS = 30.0
BAND_LABEL = 110.0
MIN_PX_PER_DAY, MAX_PX_PER_DAY = 0.004, 120.0
LABEL_GAP = 8.0
"""Pixels kept between a label and the next item in its lane (as when lanes are packed)."""
FIT_SLACK = 0.9
"""Labels are packed to fit down to this fraction of the zoom laid out for: the view's fit
may come out a little narrower (a scroll bar appears) and should not hide them all."""
LABELLED_LANES = 16
"""Lanes of a band packed so that labels fit at the zoom laid out for; the items that do not
fit there go into the first lane their bar fits, their labels shown once zoomed in enough
(:func:`~nkcase.timeline.lanes.pack_lanes_within`)."""


@lru_cache(maxsize=8192)
def _partial(raw: str) -> PartialDate:
    """A parsed date, parsed once: thousands of items share their years and months."""
    return PartialDate.parse(raw)


def item_dates(item: TimelineItem) -> tuple[PartialDate, PartialDate]:
    """An item's first and last date (``item.first``/``item.last`` parse on every call)."""
    first = _partial(item.start)
    return first, _partial(item.end) if item.end else first


Placement = tuple[TimelineItem, float, float, str, float, float, bool, float, float]
"""An item laid out: x0, x1 (scene units at zoom 1), label, its width, top, label inside the
bar, the label's room (scene units) and the pixels it needs."""


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    """Items laid out at ``per_day`` pixels per day, placements sorted from the top."""

    items: list[TimelineItem]
    per_day: float
    origin: date
    first_day: date
    last_day: date
    bands: tuple[tuple[str, float, float], ...]
    placements: tuple[Placement, ...]
    size: tuple[float, float]


def date_range(items: list[TimelineItem]) -> tuple[date, date, date]:
    """The first and last day of the items, and the origin of the scene's x (a month before)."""
    if not items:
        return date(2000, 1, 1), date(2000, 1, 1), date(2000, 1, 1)
    first = min(item_dates(i)[0].earliest for i in items)
    last = max(item_dates(i)[1].latest for i in items)
    return first, last, first - timedelta(days=30)


def fit_per_day(items: list[TimelineItem], width: float) -> float:
    """The zoom that shows all ``items`` in a view ``width`` pixels wide."""
    first, last, _origin = date_range(items)
    span = max((last - first).days + 60, 30)
    room = max(width - BAND_LABEL - 280, 200)
    return min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, room / span))


def lay_out(items: list[TimelineItem], per_day: float, font: QFont) -> TimelineLayout:
    """Bands, lanes and label room of ``items`` at ``per_day``: plain numbers, no scene, so a
    worker thread can do it (Qt's font metrics are reentrant)."""
    first_day, last_day, origin = date_range(items)

    def x(day: date, end_of_day: bool = False) -> float:
        return BAND_LABEL + ((day - origin).days + (1 if end_of_day else 0)) * per_day

    metrics = QFontMetricsF(font)
    y = AXIS
    if not items:
        return TimelineLayout(items, per_day, origin, first_day, last_day, (), (),
                              (BAND_LABEL + 400, y + 40))
    right_edge = x(last_day, True) + 60
    bands: list[tuple[str, float, float]] = []
    placed: list[tuple[float, int, Placement]] = []
    for kind in sorted({i.kind for i in items}, key=KIND_ORDER.__getitem__):
        members = [i for i in items if i.kind == kind]
        # per member: x0, x1, label, label width, label inside the bar, end of its label
        extents: list[tuple[float, float, str, float, bool, float]] = []
        for item in members:
            first, last = item_dates(item)
            x0 = x(first.earliest)
            x1 = right_edge if item.open and not item.end else x(last.latest, True)
            label = f"{item.phrase} · {item.label}"
            width = metrics.horizontalAdvance(label)
            inside = x1 - x0 >= width + 12  # a long bar carries its label
            drawn = max(x1, x0 + 6)  # a diamond or a thin bar still takes some pixels
            extents.append((x0, x1, label, width, inside,
                            x1 + LABEL_GAP if inside
                            else drawn + (4 + width + LABEL_GAP) / FIT_SLACK))
        lanes = pack_lanes_within(
            extents,
            lambda e: (e[0], e[5]),
            lambda e: max(e[1], e[0] + 6) + LABEL_GAP,
            LABELLED_LANES,
            0.0,  # (the labels' extents include the gap, the bars' have 8 pixels)
        )
        # the room of each label: to the next item in its lane (the last one: unbounded)
        next_start = [float("inf")] * len(members)
        last_in_lane: dict[int, int] = {}
        for k, lane in enumerate(lanes):
            if lane in last_in_lane:
                next_start[last_in_lane[lane]] = extents[k][0]
            last_in_lane[lane] = k
        height = (max(lanes) + 1) * ROW + 6
        bands.append((KIND_LABELS[kind], y, height))
        for k, (item, lane) in enumerate(zip(members, lanes, strict=True)):
            x0, x1, label, width, inside, _end = extents[k]
            room, need = ((x1 - x0, width + 12) if inside else
                          (next_start[k] - x1, width + 4 + LABEL_GAP))
            top = y + 3 + lane * ROW
            placed.append((top, len(placed), (item, x0, x1, label, width, top, inside, room, need)))
        y += height
    placed.sort(key=lambda p: (p[0], p[1]))
    return TimelineLayout(items, per_day, origin, first_day, last_day, tuple(bands),
                          tuple(p[2] for p in placed), (right_edge + 400, y + 10))
