"""What a PDF import stores stays exactly what it was: text, page map, character boxes, repairs.

Quotes anchor to the frozen text by offset and are highlighted from the character boxes, so a
change that makes extraction faster must not move a single character or box. The digests below
were recorded from the extraction before its speed work (character boxes read one ctypes call
at a time with converted arguments); every later change must reproduce them byte for byte.
A new extractor version that changes the output on purpose records new digests here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from nkcase.ingest.pdf import extract_pdf
from nkcase.services.repair_log import pages_to_json, repairs_to_json
from tests.fixtures.book import make_book_pdf
from tests.fixtures.documents import make_ligature_pdf, make_unmapped_ligature_pdf

# name: (digest of the PDF's bytes, digest of what is stored)
RECORDED = {
    "book": ("91613f0377f990d83aa4809e0c93b5e3b8d1e3b78dd0219fccffe9b1a8cc83db",
        "0aa351310410d373739e8125acc5f81d3a0df48d2422dbef6dbaeee648fd5989"),
    "ligatures": ("0c41306e56ed35d2628e7f464dc85899b87d405010c0f14f5273c8f3b79bc2f2",
        "a0c53121691c4d6cd778e1c7f3399b6e856fe390d3217f00036f6fd8a2450b6e"),
    "unmapped": ("02aff04a431e5ebb4030b1ef2ac5324b07f323cd6356961634160cb489f07bab",
        "346c7b02cb4d68259af85e8db90883bc47b4a041e3c30fda952f3cc99649d35d"),
}


def _pdf(name: str, folder: Path) -> bytes:
    if name == "book":  # image cover, two fonts, hyphenation, running heads, footnotes
        return make_book_pdf(folder / "book.pdf", pages=24).read_bytes()
    if name == "ligatures":
        return make_ligature_pdf(folder / "ligatures.pdf")[0].read_bytes()
    return make_unmapped_ligature_pdf(folder / "unmapped.pdf")[0].read_bytes()


def _digest(*parts: bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(len(part).to_bytes(8, "little"))
        sha.update(part)
    return sha.hexdigest()


def stored_digest(data: bytes) -> str:
    doc = extract_pdf(data, workers=0)
    return _digest(
        doc.text.encode("utf-8"),
        pages_to_json(doc.pages).encode("utf-8"),
        doc.char_boxes or b"",
        repairs_to_json(doc.repairs).encode("utf-8"),
        "\n".join(doc.warnings).encode("utf-8"),
    )


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_extraction_stores_exactly_the_recorded_bytes(name: str, tmp_path: Path) -> None:
    data = _pdf(name, tmp_path)
    pdf_digest, stored = RECORDED[name]
    if hashlib.sha256(data).hexdigest() != pdf_digest:
        pytest.skip(f"the generated {name} PDF differs from the recorded one on this machine "
                    "(other fonts or ReportLab version): its digests do not apply")
    assert stored_digest(data) == stored
