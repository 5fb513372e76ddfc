"""Placing labels where they hide nothing: a grid of occupied rectangles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

Box = tuple[float, float, float, float]
"""(left, top, right, bottom)."""


class Occupancy:
    """Rectangles already drawn, bucketed in a grid so a check costs O(nearby), not O(all).

    Each rectangle has a weight: a label over another label or a node costs its full area, a
    label over a line only a part of it (lines are thin, but a label on one hides it).
    ``gap`` keeps labels that far apart even when they do not touch.
    """

    def __init__(self, cell: float = 60.0, gap: float = 2.0) -> None:
        self.cell = cell
        self.gap = gap
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
        self.weights: dict[Box, float] = {}

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for gx in range(int(box[0] // c), int(box[2] // c) + 1):
            for gy in range(int(box[1] // c), int(box[3] // c) + 1):
                yield gx, gy

    def add(self, box: Box, weight: float = 1.0) -> None:
        if box in self.weights:
            self.weights[box] = max(self.weights[box], weight)
            return
        self.weights[box] = weight
        for key in self._keys(box):
            self.cells[key].append(box)

    def add_line(
        self, a: tuple[float, float], b: tuple[float, float], weight: float = 0.35
    ) -> None:
        """A line as small boxes along it (so labels keep off it where they can)."""
        import math

        length = math.dist(a, b)
        steps = max(1, int(length // 6))
        for i in range(steps + 1):
            x = a[0] + (b[0] - a[0]) * i / steps
            y = a[1] + (b[1] - a[1]) * i / steps
            self.add((x - 1.5, y - 1.5, x + 1.5, y + 1.5), weight)

    def overlap(self, box: Box) -> float:
        """Weighted area of ``box`` (grown by the gap) covered by what is there (0: free)."""
        g = self.gap
        box = (box[0] - g, box[1] - g, box[2] + g, box[3] + g)
        seen: set[Box] = set()
        total = 0.0
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                w = min(box[2], other[2]) - max(box[0], other[0])
                h = min(box[3], other[3]) - max(box[1], other[1])
                if w > 0 and h > 0:
                    total += w * h * self.weights[other]
        return total

    def best(self, candidates: list[Box]) -> tuple[Box, float]:
        """The first free candidate, else the least covered one, with its overlap."""
        best_box, best_overlap = candidates[0], float("inf")
        for box in candidates:
            covered = self.overlap(box)
            if covered == 0:
                return box, 0.0
            if covered < best_overlap:
                best_box, best_overlap = box, covered
        return best_box, best_overlap
