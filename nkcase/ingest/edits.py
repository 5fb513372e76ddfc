"""Apply text edits while keeping character boxes and the repair log aligned with the text.

Every normalisation and repair stage returns a list of :class:`Edit`; :func:`apply_edits`
rebuilds the text once per stage (slices between edits, so the cost follows the number of
edits, not the length of the text), moves the boxes with their characters, re-bases the
offsets of repairs logged by earlier stages and logs the new ones.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nkcase.ingest.boxes import NO_BOX, CharBoxes
from nkcase.ingest.types import PageSpan, RepairEntry


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``kind`` None = normalisation, not logged."""

    start: int
    end: int
    replacement: str
    kind: str | None = None


@dataclass(slots=True)
class Edited:
    """The result of :func:`apply_edits`."""

    text: str
    boxes: CharBoxes | None
    repairs: list[RepairEntry]
    pages: list[PageSpan]


def _common_affixes(old: str, new: str) -> tuple[int, int]:
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return prefix, suffix


def _middle_boxes(
    boxes: CharBoxes, start: int, old_mid: int, new_mid: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Boxes for the ``new_mid`` changed characters that replace the ``old_mid`` ones at
    ``start``: the old middle's boxes in proportion, and a single old box (a ligature glyph)
    split evenly across the letters that replace it."""
    cols: tuple[list[float], list[float], list[float], list[float]] = ([], [], [], [])
    if new_mid <= 0:
        return cols
    src = boxes.columns()
    single = boxes.box(start) if old_mid == 1 and new_mid > 1 else None
    if single is not None:
        x0, y0, x1, y1 = single
        step = (x1 - x0) / new_mid
        for j in range(new_mid):
            for k, v in enumerate((x0 + j * step, y0, x0 + (j + 1) * step, y1)):
                cols[k].append(v)
    elif old_mid == 0:
        for k in range(4):
            cols[k].extend([NO_BOX] * new_mid)
    else:
        for j in range(new_mid):
            at = start + (j * old_mid) // new_mid
            for k in range(4):
                cols[k].append(src[k][at])
    return cols


def _map_position(starts: list[int], edits: Sequence[Edit], deltas: list[int], pos: int) -> int:
    """Where old offset ``pos`` lands after the edits (edits are sorted and disjoint)."""
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return pos
    edit = edits[i]
    before = deltas[i]  # shift accumulated before edit i
    if pos >= edit.end:
        return pos + before + len(edit.replacement) - (edit.end - edit.start)
    if pos == edit.start:
        return pos + before
    # Inside a replaced span: clamp to the end of the replacement.
    return edit.start + before + len(edit.replacement)


def apply_edits(
    text: str,
    edits: Sequence[Edit],
    *,
    boxes: CharBoxes | None = None,
    repairs: Sequence[RepairEntry] = (),
    pages: Sequence[PageSpan] = (),
) -> Edited:
    """Apply sorted, non-overlapping ``edits``; see the module docstring."""
    if not edits:
        return Edited(text, boxes, list(repairs), list(pages))
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    parts: list[str] = []
    # Per box column, the pieces of float32 bytes it is made of (runs copied from the old
    # column, boxes made for replacements), joined once at the end.
    pieces: tuple[list[bytes | memoryview], ...] = ([], [], [], [])
    logged: list[RepairEntry] = []
    pos = 0
    box_pos = 0  # where the boxes still to copy start (before pos when a suffix was kept)
    # The box columns' float32 bytes, copied a run at a time (4 bytes a character).
    box_bytes = [memoryview(c).cast("B") for c in boxes.columns()] if boxes is not None else []
    shift = 0
    starts: list[int] = []
    deltas: list[int] = []
    applied: list[Edit] = []
    for edit in ordered:
        if edit.start < pos:
            continue  # overlapping edit: keep the first, drop this one
        parts.append(text[pos : edit.start])
        old = text[edit.start : edit.end]
        parts.append(edit.replacement)
        if boxes is not None:
            # Characters kept at either end of the replacement keep their boxes: copied with
            # the unchanged text before the edit, and (the suffix) with the text after it.
            prefix, suffix = _common_affixes(old, edit.replacement)
            middle = _middle_boxes(
                boxes,
                edit.start + prefix,
                len(old) - prefix - suffix,
                len(edit.replacement) - prefix - suffix,
            )
            for k in range(4):
                pieces[k].append(box_bytes[k][4 * box_pos : 4 * (edit.start + prefix)])
                if middle[k]:
                    pieces[k].append(array("f", middle[k]).tobytes())
            box_pos = edit.end - suffix
        new_start = edit.start + shift
        if edit.kind is not None:
            logged.append(
                RepairEntry(
                    edit.kind, new_start, new_start + len(edit.replacement), old, edit.replacement
                )
            )
        starts.append(edit.start)
        deltas.append(shift)
        applied.append(edit)
        shift += len(edit.replacement) - (edit.end - edit.start)
        pos = edit.end
    parts.append(text[pos:])
    new_boxes: CharBoxes | None = None
    if boxes is not None:
        columns = []
        for k in range(4):
            pieces[k].append(box_bytes[k][4 * box_pos :])
            column = array("f")
            column.frombytes(b"".join(pieces[k]))
            columns.append(column)
        new_boxes = CharBoxes(*columns)

    def moved(p: int) -> int:
        return _map_position(starts, applied, deltas, p)

    rebased = [
        RepairEntry(r.kind, moved(r.start), moved(r.end), r.before, r.after, r.reverted)
        for r in repairs
    ]
    new_pages = [
        PageSpan(p.index, moved(p.start), moved(p.end), p.width, p.height, p.has_text_layer)
        for p in pages
    ]
    all_repairs = sorted([*rebased, *logged], key=lambda r: (r.start, r.end))
    return Edited("".join(parts), new_boxes, all_repairs, new_pages)


def offset_mapper(edits: Sequence[Edit]) -> Callable[[int], int | None]:
    """Where an offset of the text before ``edits`` lands after them; None for an offset
    strictly inside a replaced span (no place in the new text corresponds to it)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    starts = [e.start for e in ordered]
    deltas = list(
        itertools.accumulate((len(e.replacement) - (e.end - e.start) for e in ordered), initial=0)
    )

    def mapped(pos: int) -> int | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        edit = ordered[i]
        if pos == edit.start:
            return pos + deltas[i]
        if pos < edit.end:
            return None
        return pos + deltas[i + 1]

    return mapped
