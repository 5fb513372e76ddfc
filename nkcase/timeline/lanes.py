"""Packing timeline items into lanes so neither bars nor labels overlap."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def pack_lanes[T](
    items: Sequence[T], extent: Callable[[T], tuple[float, float]], gap: float = 8.0
) -> list[int]:
    """The lane of each item (in order): the first lane whose last item ends ``gap`` before
    this one starts. ``extent`` gives an item's drawn left and right (label included); items
    should come sorted by their left edge for a compact result.

    First fit by a scan of the lanes costs items × lanes — seconds for thousands of items
    whose labels need a thousand lanes at a wide zoom — so the lanes' ends (plus ``gap``) sit
    in a tree of minima, and the first lane that fits is found by descending it. A lane not
    yet opened counts as ending at -inf, so the first fitting lane is the next new one when no
    open lane fits: the same lanes as the scan."""
    size = 1
    while size < max(len(items), 1):
        size *= 2
    free = float("-inf")
    tree = [free] * (2 * size)  # tree[1] is the root; leaves at size..2*size-1 are the lanes
    lanes: list[int] = []
    for item in items:
        left, right = extent(item)
        node = 1
        while node < size:  # some lane fits: at worst the next one not yet opened
            node = 2 * node if tree[2 * node] <= left else 2 * node + 1
        lanes.append(node - size)
        tree[node] = right + gap
        node //= 2
        while node:
            tree[node] = min(tree[2 * node], tree[2 * node + 1])
            node //= 2
    return lanes
