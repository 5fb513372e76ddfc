"""Placing labels where they hide nothing: a grid of occupied rectangles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

Box = tuple[float, float, float, float]
"""(left, top, right, bottom)."""


class Occupancy:
    """Rectangles already drawn, bucketed in a grid so a check costs O(nearby), not O(all)."""

    def __init__(self, cell: float = 60.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for gx in range(int(box[0] // c), int(box[2] // c) + 1):
            for gy in range(int(box[1] // c), int(box[3] // c) + 1):
                yield gx, gy

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells[key].append(box)

    def overlap(self, box: Box) -> float:
        """Total area of ``box`` covered by what is there (0: free)."""
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
                    total += w * h
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
