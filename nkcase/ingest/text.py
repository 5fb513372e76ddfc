"""Plain text and Markdown: decode (see :mod:`nkcase.ingest.encoding`), normalise line
endings, and rejoin words split by lost ligatures when the text proves that damage (text
copied out of PDFs often does)."""

from __future__ import annotations

from nkcase.errors import IngestError
from nkcase.ingest.encoding import decode, describe_decoding, looks_binary
from nkcase.ingest.repair.pipeline import repair_text
from nkcase.ingest.types import DocumentMetadata, ExtractedDocument, ExtractOptions

EXTRACTOR_VERSION = "2"  # 2: damage-proven lost-ligature repair; truthful decoding


def extract_text(
    data: bytes, *, markdown: bool = False, options: ExtractOptions | None = None
) -> ExtractedDocument:
    """Extract a text or Markdown file. Raises IngestError for empty or binary data."""
    options = options or ExtractOptions()
    decoded = decode(data, forced=options.encoding)
    text = decoded.text
    if looks_binary(text):
        raise IngestError(
            f"binary data, not text: control characters in the {decoded.encoding} text"
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise IngestError("the text file holds only blank space")
    result = repair_text(text, protected=options.protected)
    metadata = DocumentMetadata(encoding=decoded.encoding)
    describe_decoding(metadata, decoded)
    metadata.extra["languages"] = ",".join(result.languages)
    return ExtractedDocument(
        text=result.text,
        kind="text",
        media_type="text/markdown" if markdown else "text/plain",
        extractor="markdown" if markdown else "text",
        extractor_version=EXTRACTOR_VERSION,
        metadata=metadata,
        warnings=list(decoded.warnings),
        repairs=result.repairs,
    )
