"""pdfium behind one lock: every caller in the core may use it from any thread at once."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from nkcase.dossier.crops import render_quote_crop
from nkcase.errors import IngestError, PasswordRequiredError, ValidationError
from nkcase.ingest import rects_for_range
from nkcase.pdf_engine import PdfFile
from nkcase.services import reanchor, sources
from nkcase.services.source_records import source_text
from nkcase.store import Casebook
from tests.fixtures import documents

ROUNDS = 50


def _digest(image_pixels: bytes) -> str:
    return hashlib.sha256(image_pixels).hexdigest()


def test_crops_reextraction_and_rendering_from_many_threads_at_once(
    casebook: Casebook, tmp_path: Path
) -> None:
    """50 rounds of each, on six threads: no crash, and every result is the one a single
    thread gets (a pdfium corrupted by two threads at once gives wrong pixels or text)."""
    pdf = documents.make_scanned_pdf(
        tmp_path / "mixed.pdf", [*documents.SAMPLE_PAGES, documents.FRENCH], image_pages=2
    )
    data = pdf.read_bytes()
    outcome, _ = sources.import_file(casebook, pdf)
    assert outcome.source_id is not None
    source_id = outcome.source_id
    frozen = source_text(casebook, source_id)
    start = frozen.text.index("Morning Crane")
    rects = [r[1:] for r in rects_for_range(frozen.char_boxes or b"", frozen.pages, start,
                                            start + 40)]
    page = frozen.page_in_view(start)
    assert page == 1 and rects

    def crop() -> str:
        return _digest(render_quote_crop(data, None, 1, rects, dpi=90))

    def reextract() -> int | None:
        """The new text version's number: None when extraction gave the stored text again."""
        return reanchor.reextract_source(casebook, source_id).new_version

    def render(index: int) -> str:
        with PdfFile(data) as document:
            return _digest(document.render(index, 1.2).pixels)

    expected_crop, expected_text = crop(), None
    expected_pages = [render(i) for i in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        crops = [pool.submit(crop) for _ in range(ROUNDS)]
        texts = [pool.submit(reextract) for _ in range(ROUNDS)]
        pages = [pool.submit(render, n % 6) for n in range(ROUNDS)]
        assert {f.result() for f in crops} == {expected_crop}
        assert {f.result() for f in texts} == {expected_text}
        assert [f.result() for f in pages] == [expected_pages[n % 6] for n in range(ROUNDS)]


def test_render_maps_rectangles_and_reports_page_size() -> None:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(100, 700, "A line to find on the page.")
    canvas.showPage()
    canvas.save()
    with PdfFile(buffer.getvalue()) as pdf:
        image = pdf.render(0, 2.0, [(100, 690, 200, 710)])
    assert (image.page_width, image.page_height) == pytest.approx(A4)
    assert (image.width, image.height) == (round(A4[0] * 2), round(A4[1] * 2))
    assert len(image.pixels) == image.stride * image.height and image.mode in ("RGBX", "RGBA")
    left, top, right, bottom = image.boxes[0]
    assert (left, right) == (200, 400)  # x doubled
    assert (top, bottom) == (round((A4[1] - 710) * 2), round((A4[1] - 690) * 2))  # y flipped


def test_open_errors_are_the_users_to_fix(tmp_path: Path) -> None:
    locked = documents.make_encrypted_pdf(tmp_path / "locked.pdf").read_bytes()
    with pytest.raises(PasswordRequiredError, match="encrypted"):
        PdfFile(locked)
    with pytest.raises(PasswordRequiredError, match="wrong password"):
        PdfFile(locked, "nope")
    with PdfFile(locked, "s3cret") as pdf:
        assert pdf.page_count == 3
        with pytest.raises(ValidationError, match="Page 4 is outside this 3-page PDF"):
            pdf.render(3, 1.0)
    with pytest.raises(IngestError, match="damaged"):
        PdfFile(documents.truncated_pdf_bytes())
