"""Kind sniffing, refusals with clear messages, and the box format."""

from __future__ import annotations

import math
import os
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkcase.errors import IngestError
from nkcase.ingest import SUPPORTED_EXTENSIONS, extract, rects_for_range, sniff_kind
from nkcase.ingest.boxes import CharBoxes, pack, unpack
from nkcase.ingest.types import PageSpan
from tests.fixtures import documents


def test_sniff_kind_prefers_bytes() -> None:
    assert sniff_kind(b"%PDF-1.7\n...", "report.txt") == "pdf"
    assert sniff_kind(documents.png_bytes(), "scan.pdf") is None
    assert sniff_kind(b"<!DOCTYPE html><html><body>x</body></html>", "page") == "html"
    assert sniff_kind(b"plain words", "notes.md") == "markdown"
    assert sniff_kind(b"plain words", "notes.xyz") is None
    assert {".pdf", ".html", ".htm", ".mhtml", ".docx", ".txt", ".md"} <= SUPPORTED_EXTENSIONS


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty file (0 bytes)"),
        (os.urandom(4096), "random.txt", "binary data, not text"),
        (bytes(range(1, 32)) * 100, "controls.txt", "binary data, not text"),
        (b"GIF89a" + bytes(100), "pic.pdf", "not a PDF: the file is a GIF image named .pdf"),
        (b"just some words", "data.xyz", "unsupported file type .xyz"),
    ],
)
def test_refusals(data: bytes, name: str, message: str) -> None:
    with pytest.raises(IngestError) as info:
        extract(data, name)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


finite = st.floats(-2000, 2000, allow_nan=False, width=32)


@given(st.lists(st.tuples(finite, finite, finite, finite) | st.none(), max_size=50))
def test_pack_roundtrip(items: list[tuple[float, float, float, float] | None]) -> None:
    boxes = CharBoxes.empty()
    for item in items:
        if item is None:
            boxes.append_none(1)
        else:
            for column, value in zip(boxes.columns(), item, strict=True):
                column.append(value)
    back = unpack(pack(boxes))
    assert len(back) == len(boxes)
    for i, item in enumerate(items):
        if item is None:
            assert math.isnan(back.x0[i])
        else:
            for column, value in zip(back.columns(), item, strict=True):
                assert column[i] == pytest.approx(value, abs=max(0.02, abs(value) * 4e-5))


def test_rects_merge_lines_and_skip_unboxed() -> None:
    # Two lines of three characters, a newline between them without a box.
    line1 = [(10.0 + 5 * i, 700.0, 15.0 + 5 * i, 712.0) for i in range(3)]
    line2 = [(10.0 + 5 * i, 686.0, 15.0 + 5 * i, 698.0) for i in range(3)]
    boxes = CharBoxes.empty()
    for box in line1:
        for column, value in zip(boxes.columns(), box, strict=True):
            column.append(value)
    boxes.append_none(1)
    for box in line2:
        for column, value in zip(boxes.columns(), box, strict=True):
            column.append(value)
    pages = [PageSpan(0, 0, 7, 200, 800)]
    rects = rects_for_range(pack(boxes), pages, 1, 6)
    assert rects == [(0, 15.0, 700.0, 25.0, 712.0), (0, 10.0, 686.0, 20.0, 698.0)]
    assert rects_for_range(boxes, pages, 3, 4) == []
    assert isinstance(boxes.x0, array)


def test_unpack_rejects_garbage() -> None:
    with pytest.raises(IngestError):
        unpack(b"XXXX\x00\x00\x00\x00")
