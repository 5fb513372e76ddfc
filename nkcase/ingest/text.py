"""Plain text and Markdown: decode (see :mod:`nkcase.ingest.encoding`), normalise line
endings, and rejoin words split by lost ligatures when the text shows that damage (text
copied out of PDFs often does)."""

from __future__ import annotations

from nkcase.errors import IngestError
from nkcase.ingest.encoding import decode, looks_binary
from nkcase.ingest.repair.pipeline import repair_text
from nkcase.ingest.types import DocumentMetadata, ExtractedDocument

EXTRACTOR_VERSION = "1"


def extract_text(data: bytes, *, markdown: bool = False) -> ExtractedDocument:
    """Extract a text or Markdown file. Raises IngestError for empty or binary data."""
    text, encoding = decode(data)
    if looks_binary(text):
        raise IngestError(f"binary data, not text: control characters in the {encoding} text")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise IngestError("the text file holds only blank space")
    result = repair_text(text)
    return ExtractedDocument(
        text=result.text,
        kind="text",
        media_type="text/markdown" if markdown else "text/plain",
        extractor="markdown" if markdown else "text",
        extractor_version=EXTRACTOR_VERSION,
        metadata=DocumentMetadata(encoding=encoding),
        repairs=result.repairs,
    )
