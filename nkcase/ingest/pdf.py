"""PDF extraction with pdfium: text per page in reading order, page map, character boxes.

Pages are joined by one blank line (``"\\n\\n"``); ``ExtractedDocument.pages`` gives each page's
exact slice, so the separator carries no meaning of its own. pdfium's own line breaks ("\\r\\n",
marked as generated characters) become "\\n". pdfium marks a hyphen it found at a line end
with U+FFFE and removes the line break: it becomes "-\\n" again, and the hyphenation repair
decides per word whether the hyphen stays ("Indo-Pacific") or goes ("sanctions").

Speed: the per-character boxes dominate. They are read with one ctypes call per character
into a float buffer through a bare function prototype (integers for pointers, no Python
objects per call), which is about three times faster than pypdfium2's wrappers.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import struct
from array import array
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nkcase.errors import IngestError, PasswordRequiredError
from nkcase.ingest.boxes import CharBoxes, pack
from nkcase.ingest.repair.pipeline import repair_text
from nkcase.ingest.types import DocumentMetadata, ExtractedDocument, PageSpan

EXTRACTOR = "pdf-pypdfium2"
EXTRACTOR_VERSION = "2"  # 2: damage-proven lost-ligature repair, unmapped glyphs
PAGE_SEPARATOR = "\n\n"
_HYPHEN_MARK = "\ufffe"
_REPORTLAB_PLACEHOLDERS = {"untitled", "anonymous", "unspecified", ""}

_LOOSE_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value or 0
)


def _open(data: bytes, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if password is None:
                raise PasswordRequiredError(
                    "the PDF is encrypted: give its password with --password"
                ) from exc
            raise PasswordRequiredError("wrong password for encrypted PDF") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise IngestError("the PDF uses an unsupported encryption scheme") from exc
        raise IngestError("the PDF is damaged and cannot be read (truncated?)") from exc


def pdf_date(value: str | None) -> str | None:
    """``D:20200315120000+01'00'`` → ``2020-03-15`` (partial when the PDF is vague)."""
    if not value:
        return None
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not 1 <= int(month or "1") <= 12 or not 1 <= int(day or "1") <= 31:
        return year
    return "-".join(part for part in (year, month, day) if part)


def _metadata(doc: pdfium.PdfDocument) -> DocumentMetadata:
    try:
        raw: dict[str, str] = doc.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, UnicodeDecodeError):
        raw = {}
    meta = DocumentMetadata()

    def clean(key: str) -> str | None:
        value = (raw.get(key) or "").strip()
        return None if value.lower() in _REPORTLAB_PLACEHOLDERS else value

    meta.title = clean("Title")
    meta.author = clean("Author")
    meta.published = pdf_date(raw.get("CreationDate"))
    for key in ("Subject", "Keywords", "Creator", "Producer", "ModDate", "CreationDate"):
        value = clean(key)
        if value:
            meta.extra[key.lower()] = value
    return meta


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
    chars = list(text)
    at = text.find(_HYPHEN_MARK)
    while at != -1:
        if pdfium_c.FPDFText_GetUnicode(textpage, at) == 0:
            chars[at] = "\ufffd"
        at = text.find(_HYPHEN_MARK, at + 1)
    return "".join(chars)


_NAN_RECORD = struct.pack("<4f", math.nan, math.nan, math.nan, math.nan)
_PAGE_FIXES = re.compile("\r\n?|\ufffe")


def _page_content(textpage: Any, count: int) -> tuple[str, CharBoxes]:
    """A page's text and the loose box (the line's full height, as selection uses) of each
    character, with pdfium's "\r\n" made "\n" and its hyphen marker made "-\n".

    The normalisation is done on the raw 16-byte box records (one slice per line) before the
    records are split into columns, so its cost follows the number of lines, not characters.
    """
    text = _page_text(textpage, count)
    raw = (ctypes.c_float * (4 * count))()
    base = ctypes.addressof(raw)
    handle = ctypes.cast(textpage, ctypes.c_void_p)
    addresses = range(base, base + 16 * count, 16)
    ok = bytes(map(_LOOSE_BOX, itertools.repeat(handle, count), range(count), addresses))
    failed = ok.find(0)
    while failed != -1:
        raw[4 * failed] = math.nan
        failed = ok.find(0, failed + 1)
    records = bytes(raw)  # FS_RECTF per character: left, top, right, bottom
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


def extract_pdf(
    data: bytes,
    *,
    password: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    protected: frozenset[str] = frozenset(),
) -> ExtractedDocument:
    """Extract a PDF; see the module docstring. Raises IngestError / PasswordRequiredError.

    ``protected``: lower-case tokens of entity names the lost-ligature repair never extends.
    """
    doc = _open(data, password)
    try:
        page_count = len(doc)
        if on_progress:
            on_progress(0, page_count)
        parts: list[str] = []
        boxes = CharBoxes.empty()
        pages: list[PageSpan] = []
        warnings: list[str] = []
        offset = 0
        for index in range(page_count):
            page = pdfium_c.FPDF_LoadPage(doc.raw, index)
            if not page:
                raise IngestError(f"the PDF is damaged: page {index + 1} cannot be read")
            try:
                width = pdfium_c.FPDF_GetPageWidthF(page)
                height = pdfium_c.FPDF_GetPageHeightF(page)
                textpage = pdfium_c.FPDFText_LoadPage(page)
                try:
                    count = max(0, pdfium_c.FPDFText_CountChars(textpage)) if textpage else 0
                    text, page_boxes = _page_content(textpage, count) if count else ("", None)
                finally:
                    if textpage:
                        pdfium_c.FPDFText_ClosePage(textpage)
                has_objects = pdfium_c.FPDFPage_CountObjects(page) > 0
            finally:
                pdfium_c.FPDF_ClosePage(page)
            has_text = bool(text.strip())
            if not has_text:
                text, page_boxes = "", None
                if has_objects:
                    warnings.append(f"page {index + 1}: no text layer: OCR needed")
            if index:
                parts.append(PAGE_SEPARATOR)
                boxes.append_none(len(PAGE_SEPARATOR))
                offset += len(PAGE_SEPARATOR)
            parts.append(text)
            if page_boxes is not None:
                boxes.extend(page_boxes)
            pages.append(PageSpan(index, offset, offset + len(text), width, height, has_text))
            offset += len(text)
            if on_progress:
                on_progress(index + 1, page_count)
        metadata = _metadata(doc)
    finally:
        doc.close()
    text = "".join(parts)
    if not any(p.has_text_layer for p in pages):
        warnings.append("the PDF has no text layer at all: OCR needed to quote it")
    result = repair_text(
        text,
        boxes=boxes,
        pages=pages,
        hyphenation=True,
        unmapped_glyphs=True,
        protected=protected,
    )
    metadata.extra["languages"] = ",".join(result.languages)
    return ExtractedDocument(
        text=result.text,
        kind="pdf",
        media_type="application/pdf",
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        pages=result.pages,
        char_boxes=pack(result.boxes) if result.boxes is not None else None,
        metadata=metadata,
        warnings=warnings,
        repairs=result.repairs,
    )
