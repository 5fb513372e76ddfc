"""Turn a file's bytes into frozen text, page map, character boxes and metadata.

Entry point: :func:`extract` (see :mod:`nkcase.ingest.dispatch`). One module per format
(:mod:`~nkcase.ingest.pdf`, :mod:`~nkcase.ingest.html`, :mod:`~nkcase.ingest.docx`,
:mod:`~nkcase.ingest.text`), repairs in :mod:`nkcase.ingest.repair`, the character box format
in :mod:`nkcase.ingest.boxes`. Pure functions: no database, no network.
"""

from nkcase.ingest.boxes import rects_for_range
from nkcase.ingest.dispatch import KIND_BY_EXTENSION, SUPPORTED_EXTENSIONS, extract, sniff_kind
from nkcase.ingest.types import (
    DocumentMetadata,
    ExtractedDocument,
    ExtractOptions,
    PageSpan,
    RepairEntry,
)

__all__ = [
    "KIND_BY_EXTENSION",
    "SUPPORTED_EXTENSIONS",
    "DocumentMetadata",
    "ExtractOptions",
    "ExtractedDocument",
    "PageSpan",
    "RepairEntry",
    "extract",
    "rects_for_range",
    "sniff_kind",
]
