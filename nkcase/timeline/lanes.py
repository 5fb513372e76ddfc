"""Packing timeline items into lanes so neither bars nor labels overlap."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def pack_lanes[T](
    items: Sequence[T], extent: Callable[[T], tuple[float, float]], gap: float = 8.0
) -> list[int]:
    """The lane of each item (in order): the first lane whose last item ends ``gap`` before
    this one starts. ``extent`` gives an item's drawn left and right (label included); items
    should come sorted by their left edge for a compact result."""
    lane_ends: list[float] = []
    lanes: list[int] = []
    for item in items:
        left, right = extent(item)
        for index, end in enumerate(lane_ends):
            if end + gap <= left:
                lane_ends[index] = right
                lanes.append(index)
                break
        else:
            lane_ends.append(right)
            lanes.append(len(lane_ends) - 1)
    return lanes
