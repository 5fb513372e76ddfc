"""What a PDF import stores stays exactly what it was: text, page map, character boxes, repairs.

Quotes anchor to the frozen text by offset and are highlighted from the character boxes, so a
change that makes extraction faster must not move a single character or box. The PDFs are
fixed files (``tests/data/pdf``, made by ``tests/fixtures``: generating them again in a test
run is not byte-stable, other tests register fonts under the same names), and the digests of
what their extraction stores were recorded before the speed work of issue 12 (character boxes
then read one ctypes call at a time with converted arguments, packed after the last repair).
A new extractor version that changes the output on purpose records new digests here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from nkcase.ingest.pdf import extract_pdf
from nkcase.services.repair_log import pages_to_json, repairs_to_json

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"

# file: digest of what its extraction stores
RECORDED = {
    # image-only cover, embedded and standard fonts, hyphenation, running heads, footnotes
    "book-24-pages.pdf": "0aa351310410d373739e8125acc5f81d3a0df48d2422dbef6dbaeee648fd5989",
    # ligature code points (U+FB01...) in the text layer
    "ligature-characters.pdf": "a0c53121691c4d6cd778e1c7f3399b6e856fe390d3217f00036f6fd8a2450b6e",
    # ligature glyphs without a Unicode mapping (pdfium's per-character fallback)
    "unmapped-ligatures.pdf": "346c7b02cb4d68259af85e8db90883bc47b4a041e3c30fda952f3cc99649d35d",
}


def _digest(*parts: bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(len(part).to_bytes(8, "little"))
        sha.update(part)
    return sha.hexdigest()


def stored_digest(data: bytes) -> str:
    """A digest of what an import stores of ``data`` (the text version's extracted columns)."""
    doc = extract_pdf(data, workers=0)
    return _digest(
        doc.text.encode("utf-8"),
        pages_to_json(doc.pages).encode("utf-8"),
        doc.char_boxes or b"",
        repairs_to_json(doc.repairs).encode("utf-8"),
        "\n".join(doc.warnings).encode("utf-8"),
    )


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_extraction_stores_exactly_the_recorded_bytes(name: str) -> None:
    assert stored_digest((PDFS / name).read_bytes()) == RECORDED[name]

