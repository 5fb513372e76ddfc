"""PDF extraction with pdfium: text per page in reading order, page map, character boxes.

Pages are joined by one blank line (``"\\n\\n"``); ``ExtractedDocument.pages`` gives each page's
exact slice, so the separator carries no meaning of its own. How one page is read (line ends,
hyphens, boxes) is in :mod:`nkcase.ingest.pdf_pages`; a large PDF's pages are read on every
core (:mod:`nkcase.ingest.pdf_pool`), with exactly the result of reading them one by one.
pdfium is reached only through :mod:`nkcase.pdf_engine`, which holds its lock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nkcase.ingest.boxes import CharBoxes, PackInBackground, pack
from nkcase.ingest.pdf_pages import PageContent
from nkcase.ingest.pdf_pool import read_all_pages
from nkcase.ingest.repair.pipeline import repair_text
from nkcase.ingest.types import DocumentMetadata, ExtractedDocument, PageSpan
from nkcase.pdf_engine import PdfFile

EXTRACTOR = "pdf-pypdfium2"
EXTRACTOR_VERSION = "2"  # 2: damage-proven lost-ligature repair, unmapped glyphs
PAGE_SEPARATOR = "\n\n"
_REPORTLAB_PLACEHOLDERS = {"untitled", "anonymous", "unspecified", ""}


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


def _metadata(raw: dict[str, str]) -> DocumentMetadata:
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


def extract_pdf(
    data: bytes,
    *,
    password: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    protected: frozenset[str] = frozenset(),
    workers: int | None = None,
) -> ExtractedDocument:
    """Extract a PDF; see the module docstring. Raises IngestError / PasswordRequiredError.

    ``on_progress(pages_done, page_count)`` may raise CancelledError to stop. ``protected``:
    lower-case tokens of entity names the lost-ligature repair never extends. ``workers``:
    worker processes to read pages in (None: chosen by page count and cores; 0: none).
    """
    with PdfFile(data, password) as pdf:
        page_count = pdf.page_count
        if on_progress:
            on_progress(0, page_count)

        def on_pages(done: int) -> None:
            if on_progress:
                on_progress(done, page_count)

        contents = read_all_pages(pdf, data, password, on_pages, workers)
        metadata = _metadata(pdf.metadata())
    text, boxes, pages, warnings = _join_pages(contents)
    early: list[PackInBackground] = []  # boxes packed while the last repair stage runs
    result = repair_text(
        text,
        boxes=boxes,
        pages=pages,
        hyphenation=True,
        unmapped_glyphs=True,
        protected=protected,
        boxes_before_last_stage=lambda settled: early.append(PackInBackground(settled)),
    )
    packed: bytes | None = None
    if result.boxes is not None:
        settled = early[0] if early and early[0].boxes is result.boxes else None
        packed = settled.result() if settled is not None else pack(result.boxes)
    metadata.extra["languages"] = ",".join(result.languages)
    return ExtractedDocument(
        text=result.text,
        kind="pdf",
        media_type="application/pdf",
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        pages=result.pages,
        char_boxes=packed,
        metadata=metadata,
        warnings=warnings,
        repairs=result.repairs,
    )


def _join_pages(
    contents: Sequence[PageContent],
) -> tuple[str, CharBoxes, list[PageSpan], list[str]]:
    """The document's text and boxes, its page map, and a warning per page that needs OCR."""
    parts: list[str] = []
    boxes = CharBoxes.empty()
    pages: list[PageSpan] = []
    warnings: list[str] = []
    offset = 0
    for index, content in enumerate(contents):
        if not content.text and content.has_objects:
            warnings.append(f"page {index + 1}: no text layer: OCR needed")
        if index:
            parts.append(PAGE_SEPARATOR)
            boxes.append_none(len(PAGE_SEPARATOR))
            offset += len(PAGE_SEPARATOR)
        parts.append(content.text)
        if content.boxes is not None:
            boxes.extend(content.boxes)
        end = offset + len(content.text)
        pages.append(PageSpan(index, offset, end, content.width, content.height,
                              bool(content.text)))
        offset = end
    if not any(page.has_text_layer for page in pages):
        warnings.append("the PDF has no text layer at all: OCR needed to quote it")
    return "".join(parts), boxes, pages, warnings
