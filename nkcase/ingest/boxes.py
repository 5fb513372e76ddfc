"""Per-character boxes of a PDF's frozen text, packed compactly, and highlight rectangles.

Packed format (``ExtractedDocument.char_boxes``), version 1::

    b"NKB1"  uint32-LE count  zlib( planes( x0[count] y0[count] x1[count] y1[count] ) )

Each column holds ``count`` little-endian IEEE float32 values, one per code point of the frozen
text, so box ``i`` belongs to ``text[i]``. ``planes`` stores the columns' bytes as byte planes
(every float's byte 1, then every byte 2, then byte 3), as Blosc's shuffle does, so the slowly
changing high bytes compress well; byte 0, the lowest 8 bits of the mantissa, is dropped (read
back as zero), which leaves 15 mantissa bits: an error below 0.02 pt on a 600 pt page.
Coordinates are PDF points in the page's user space as pdfium reports them (origin
bottom-left, y up; ``x0 < x1``, ``y0 < y1``); the page a character is on comes from
the document's page map, not from the boxes.

Why float32 and not 16-bit quantised integers: without numpy, converting millions of values
in Python costs ~0.6 s for a 300-page report, while float32 columns are copied and shuffled by
C-level slicing; the three byte planes compress (zlib level 1) to about 2–3 bytes a character.

A character without a box (page separators, line breaks pdfium generated, letters a repair
inserted where nothing was printed) has NaN in ``x0`` (the sentinel); readers also ignore
boxes of zero size.
"""

from __future__ import annotations

import math
import struct
import sys
import threading
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from nkcase.errors import IngestError
from nkcase.ingest.types import PageSpan

MAGIC = b"NKB1"
_HEADER = struct.Struct("<4sI")
NO_BOX = math.nan


@dataclass(slots=True)
class CharBoxes:
    """Unpacked boxes: four float columns aligned with the text (NaN ``x0`` = no box)."""

    x0: array[float]
    y0: array[float]
    x1: array[float]
    y1: array[float]

    @classmethod
    def empty(cls) -> CharBoxes:
        return cls(array("f"), array("f"), array("f"), array("f"))

    def __len__(self) -> int:
        return len(self.x0)

    def columns(self) -> tuple[array[float], array[float], array[float], array[float]]:
        return self.x0, self.y0, self.x1, self.y1

    def extend(self, other: CharBoxes) -> None:
        for mine, theirs in zip(self.columns(), other.columns(), strict=True):
            mine.extend(theirs)

    def append_none(self, count: int) -> None:
        """Append ``count`` characters without a box."""
        blank = array("f", [NO_BOX]) * count
        for column in self.columns():
            column.extend(blank)

    def box(self, index: int) -> tuple[float, float, float, float] | None:
        """The box of character ``index`` or None when it has none."""
        x0, y0, x1, y1 = self.x0[index], self.y0[index], self.x1[index], self.y1[index]
        if math.isnan(x0) or (x1 <= x0 and y1 <= y0):
            return None
        return x0, y0, x1, y1


def pack(boxes: CharBoxes, level: int = 1) -> bytes:
    """Pack boxes into the version-1 format described in the module docstring."""
    body = b"".join(column.tobytes() for column in boxes.columns())
    if sys.byteorder != "little":  # pragma: no cover - nkcase targets little-endian machines
        swapped = [array("f", column) for column in boxes.columns()]
        for column in swapped:
            column.byteswap()
        body = b"".join(column.tobytes() for column in swapped)
    shuffled = b"".join(body[k::4] for k in range(1, 4))
    return _HEADER.pack(MAGIC, len(boxes)) + zlib.compress(shuffled, level)


class PackInBackground:
    """:func:`pack` of ``boxes`` on a helper thread, started at once.

    Most of packing is zlib, which releases the GIL, so it runs beside the Python work that
    follows (the last repair stage of a PDF, which seldom moves a box). ``boxes`` must not be
    changed while it runs (the repairs never change boxes in place: they make new columns).
    """

    def __init__(self, boxes: CharBoxes, level: int = 1) -> None:
        self.boxes = boxes
        self._packed: bytes | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(level,), name="nkcase-pack-boxes", daemon=True
        )
        self._thread.start()

    def _run(self, level: int) -> None:
        try:
            self._packed = pack(self.boxes, level)
        except BaseException as err:  # handed to the thread that asks for the result
            self._error = err

    def result(self) -> bytes:
        """The packed boxes (waits for the thread; raises what packing raised)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._packed is not None
        return self._packed


def unpack(packed: bytes) -> CharBoxes:
    """Inverse of :func:`pack`. Raises IngestError for data that is not packed boxes."""
    if len(packed) < _HEADER.size:
        raise IngestError("character boxes are damaged (too short)")
    magic, count = _HEADER.unpack_from(packed)
    if magic != MAGIC:
        raise IngestError("character boxes are in an unknown format")
    try:
        shuffled = zlib.decompress(packed[_HEADER.size :])
    except zlib.error as exc:
        raise IngestError("character boxes are damaged (bad compression)") from exc
    plane = count * 4
    if len(shuffled) != 3 * plane:
        raise IngestError("character boxes are damaged (wrong length)")
    body = bytearray(count * 16)
    for k in range(1, 4):
        body[k::4] = shuffled[(k - 1) * plane : k * plane]
    floats = array("f")
    floats.frombytes(bytes(body))
    if sys.byteorder != "little":  # pragma: no cover
        floats.byteswap()
    column = count
    return CharBoxes(
        floats[0:column],
        floats[column : 2 * column],
        floats[2 * column : 3 * column],
        floats[3 * column :],
    )


def _page_of(pages: Sequence[PageSpan], offset: int) -> PageSpan | None:
    for page in pages:
        if page.start <= offset < page.end:
            return page
    return None


def _same_line(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """True when ``b`` continues the line of ``a``: vertical overlap over half the smaller
    height, and ``b`` does not jump back left past where ``a`` starts."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    smaller = min(a[3] - a[1], b[3] - b[1])
    if smaller <= 0:
        return abs(a[1] - b[1]) < 1.0
    return overlap >= 0.5 * smaller and b[0] >= a[0] - 1.0


def rects_for_range(
    packed: bytes | CharBoxes, pages: Sequence[PageSpan], start: int, end: int
) -> list[tuple[int, float, float, float, float]]:
    """Highlight rectangles for ``text[start:end]``: one ``(page_index, x0, y0, x1, y1)`` per
    line of the quote on each page, in PDF points with the origin bottom-left.

    Characters are merged while they stay on one line (see :func:`_same_line`); characters
    without a box (line breaks, page separators) are skipped, so a quote across a page break
    yields rectangles on both pages.
    """
    boxes = unpack(packed) if isinstance(packed, bytes | bytearray) else packed
    end = min(end, len(boxes))
    rects: list[tuple[int, float, float, float, float]] = []
    current: list[float] | None = None
    current_page = -1
    last: tuple[float, float, float, float] | None = None
    page: PageSpan | None = None
    for offset in range(max(start, 0), end):
        if page is None or not page.start <= offset < page.end:
            page = _page_of(pages, offset)
            if page is None:
                continue
        box = boxes.box(offset)
        if box is None:
            continue
        if current is not None and page.index == current_page and last and _same_line(last, box):
            current[0] = min(current[0], box[0])
            current[1] = min(current[1], box[1])
            current[2] = max(current[2], box[2])
            current[3] = max(current[3], box[3])
        else:
            if current is not None:
                rects.append((current_page, *_rounded(current)))
            current = [box[0], box[1], box[2], box[3]]
            current_page = page.index
        last = box
    if current is not None:
        rects.append((current_page, *_rounded(current)))
    return rects


def _rounded(rect: list[float]) -> tuple[float, float, float, float]:
    return round(rect[0], 2), round(rect[1], 2), round(rect[2], 2), round(rect[3], 2)
