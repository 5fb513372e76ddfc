"""One PDF page's text and character boxes, read with pdfium's character-level calls.

The same function reads every page, in this process (:mod:`nkcase.ingest.pdf`) or in a worker
process (:mod:`nkcase.ingest.pdf_pool`), so both ways give identical results.

pdfium's own line breaks ("\\r\\n", marked as generated characters) become "\\n". pdfium marks
a hyphen it found at a line end with U+FFFE and removes the line break: it becomes "-\\n"
again, and the hyphenation repair decides per word whether the hyphen stays ("Indo-Pacific")
or goes ("sanctions").

Speed: the per-character boxes dominate (pdfium has no call that gives a page's boxes at once,
so it takes one call per character). ctypes' own work per call is most of that cost, and it
is smallest when the function has no declared argument types and every argument is already a
ctypes argument object: the call then converts nothing. So each thread keeps one float buffer
with a ready ``byref`` argument per 16-byte box record (:class:`_BoxSlots`, grown as pages need,
reused for every page), and the text page goes in as a ``byref`` of the memory at its address.
With the GIL kept for the call (PYFUNCTYPE), that is about three times as fast per character
as a prototype with declared argument types fed plain integers (what this module did before),
and five times as fast as pypdfium2's wrappers. The call's result is not turned into a Python
object either (a failed call is seen in the record it left unwritten): 12% less again.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import struct
import threading
from array import array
from collections import deque
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c

from nkcase.errors import IngestError
from nkcase.ingest.boxes import CharBoxes
from nkcase.pdf_engine import PdfFile

_HYPHEN_MARK = "\ufffe"
_NAN_RECORD = struct.pack("<4f", math.nan, math.nan, math.nan, math.nan)
_NO_BOX_RECORD = struct.pack("<4f", math.nan, 0.0, 0.0, 0.0)
_PAGE_FIXES = re.compile("\r\n?|\ufffe")
_BOX_RECORD = 16  # FS_RECTF: left, top, right, bottom as float32
# FPDFText_GetLooseCharBox(text_page, index, FS_RECTF*) -> FPDF_BOOL, without declared argument
# types: ctypes passes the ready argument objects given to it as they are (see the docstring).
# PYFUNCTYPE keeps the GIL for the call (a few hundred nanoseconds, no callback into Python),
# which saves releasing and taking it again once per character. Its result is not read (no
# result type: ctypes makes no Python object of it, 12% less time a call): pdfium writes the
# whole record when it succeeds and nothing when it fails, so a record that still holds
# _UNWRITTEN afterwards is a failure. _UNWRITTEN is a signalling NaN, which no arithmetic
# produces, so pdfium never writes it.
_LOOSE_BOX = ctypes.PYFUNCTYPE(None)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value or 0
)
_UNWRITTEN = struct.pack("<I", 0x7FA5A5A5) * 4


class _BoxSlots(threading.local):
    """This thread's box buffer and one ``byref`` argument per record in it.

    Kept as long as the thread lives, sized for the largest page read on it so far (about
    100 bytes a character: 0.2 MB for a book page, a few MB for a dense table page).
    """

    def __init__(self) -> None:
        self.buffer = (ctypes.c_float * 0)()
        self.slots: list[Any] = []
        self.unwritten = b""

    def reserve(self, count: int) -> list[Any]:
        """Arguments for ``count`` records, each record set to :data:`_UNWRITTEN`."""
        if count > len(self.slots):
            size = max(count, 2 * len(self.slots), 4096)
            self.buffer = (ctypes.c_float * (4 * size))()
            self.slots = [ctypes.byref(self.buffer, _BOX_RECORD * i) for i in range(size)]
            self.unwritten = _UNWRITTEN * size
        ctypes.memmove(self.buffer, self.unwritten, _BOX_RECORD * count)
        return self.slots[:count]


_BOX_SLOTS = _BoxSlots()


@dataclass(frozen=True, slots=True)
class PageContent:
    """What one page gives: its text and boxes (None when it has no text), size in points,
    and whether anything is drawn on it (a page with objects but no text needs OCR)."""

    text: str
    boxes: CharBoxes | None
    width: float
    height: float
    has_objects: bool


def read_pages(pdf: PdfFile, start: int, stop: int) -> list[PageContent]:
    """Pages ``start`` to ``stop - 1``, the engine's lock taken for one page at a time."""
    return [read_page(pdf, index) for index in range(start, stop)]


def read_page(pdf: PdfFile, index: int) -> PageContent:
    """Page ``index`` (0-based). Raises IngestError when pdfium cannot load it."""
    with pdf.calls() as document:
        page = pdfium_c.FPDF_LoadPage(document, index)
        if not page:
            raise IngestError(f"the PDF is damaged: page {index + 1} cannot be read")
        try:
            width = pdfium_c.FPDF_GetPageWidthF(page)
            height = pdfium_c.FPDF_GetPageHeightF(page)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            try:
                count = max(0, pdfium_c.FPDFText_CountChars(textpage)) if textpage else 0
                text, boxes = _page_content(textpage, count) if count else ("", None)
            finally:
                if textpage:
                    pdfium_c.FPDFText_ClosePage(textpage)
            has_objects = pdfium_c.FPDFPage_CountObjects(page) > 0
        finally:
            pdfium_c.FPDF_ClosePage(page)
    if not text.strip():
        text, boxes = "", None
    return PageContent(text, boxes, width, height, has_objects)


def _page_text(textpage: Any, count: int) -> str:
    """All characters of a page, one Python character per pdfium character index."""
    buffer = ctypes.create_string_buffer(count * 2 + 2)
    pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: count * 2].decode("utf-16-le", "replace")
    if len(text) == count and "\x00" not in text:
        if _HYPHEN_MARK in text:
            text = _unmapped_glyphs(textpage, text)
        return text
    # pdfium leaves out unmapped glyphs and writes astral characters as surrogate pairs: fall
    # back to one call per character so indexes stay aligned with the boxes.
    chars = []
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code == 2:
            chars.append(_HYPHEN_MARK)
        elif code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            chars.append("\ufffd")
        else:
            chars.append(chr(code))
    return "".join(chars)


def _unmapped_glyphs(textpage: Any, text: str) -> str:
    """pdfium's bulk text writes U+FFFE both for a hyphen it found at a line end (code 2) and
    for a glyph without Unicode mapping (code 0, often a ligature the font does not map):
    the second becomes U+FFFD, which the lost-ligature repair reads as proof of damage."""
    unmapped = []
    at = text.find(_HYPHEN_MARK)
    while at != -1:
        if pdfium_c.FPDFText_GetUnicode(textpage, at) == 0:
            unmapped.append(at)
        at = text.find(_HYPHEN_MARK, at + 1)
    if not unmapped:  # the usual case: every mark is a hyphen, the text stays as it is
        return text
    pieces: list[str] = []
    position = 0
    for at in unmapped:
        pieces += (text[position:at], "\ufffd")
        position = at + 1
    pieces.append(text[position:])
    return "".join(pieces)


def _unwritten_record(records: bytes, start: int) -> int:
    """The offset of the first record from ``start`` (a record's offset) that pdfium left
    unwritten, or -1."""
    at = records.find(_UNWRITTEN, start)
    while at != -1 and at % _BOX_RECORD:  # the bytes of two records: not a record
        at = records.find(_UNWRITTEN, at + 1)
    return at


def _page_content(textpage: Any, count: int) -> tuple[str, CharBoxes]:
    """A page's text and the loose box (the line's full height, as selection uses) of each
    character, with pdfium's "\r\n" made "\n" and its hyphen marker made "-\n".

    The normalisation is done on the raw 16-byte box records (one slice per line) before the
    records are split into columns, so its cost follows the number of lines, not characters.
    """
    text = _page_text(textpage, count)
    slots = _BOX_SLOTS.reserve(count)
    # The text page's address as a ready pointer argument (nothing is read at that address;
    # the caller calls this only for a text page that loaded, never NULL).
    address = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    handle = ctypes.byref(ctypes.c_char.from_address(address))
    deque(map(_LOOSE_BOX, itertools.repeat(handle, count), range(count), slots), maxlen=0)
    records = ctypes.string_at(_BOX_SLOTS.buffer, _BOX_RECORD * count)
    failed = _unwritten_record(records, 0)
    if failed != -1:  # no box: NaN left, the rest zero (pdfium wrote nothing there)
        fixed = bytearray(records)
        while failed != -1:
            fixed[failed : failed + _BOX_RECORD] = _NO_BOX_RECORD
            failed = _unwritten_record(records, failed + _BOX_RECORD)
        records = bytes(fixed)
    pieces: list[str] = []
    chunks: list[bytes] = []
    position = 0
    for match in _PAGE_FIXES.finditer(text):
        start = match.start()
        pieces.append(text[position:start])
        chunks.append(records[position * 16 : start * 16])
        if match.group() == "\ufffe":
            pieces.append("-\n")
            chunks.append(records[start * 16 : start * 16 + 16] + _NAN_RECORD)
        else:
            pieces.append("\n")
            chunks.append(_NAN_RECORD)
        position = match.end()
    if position:
        pieces.append(text[position:])
        chunks.append(records[position * 16 :])
        text, records = "".join(pieces), b"".join(chunks)
    floats = array("f")
    floats.frombytes(records)
    return text, CharBoxes(floats[0::4], floats[3::4], floats[2::4], floats[1::4])
