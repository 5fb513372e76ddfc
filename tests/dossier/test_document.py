"""The PDF as a file: outline, links, metadata, encryption, progress, size."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import nkcase
from nkcase.dossier import QuoteEntry, build_dossier
from nkcase.errors import CancelledError, UsageError

from .conftest import BuildFn, make_document, pdftotext


def _toc(path: Path, password: str | None = None) -> list[tuple[int, str, int | None]]:
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        return [
            (item.level, item.get_title(), item.get_dest().get_index() if item.get_dest() else None)
            for item in pdf.get_toc()
        ]
    finally:
        pdf.close()


def test_outline_has_cover_entities_sections_and_appendix(build: BuildFn) -> None:
    path, result = build(make_document())
    toc = _toc(path)
    titles = [(level, title) for level, title, _page in toc]
    assert (0, "Cover") in titles
    assert (0, "Sample Art Studio") in titles
    assert (0, "EXAMPLE STAR") in titles
    assert (1, "Facts") in titles and (1, "Quotes") in titles
    assert (0, "Sources appendix") in titles
    assert (1, "S1 Invented inspection report") in titles
    pages = [page for _l, _t, page in toc]
    assert all(p is not None and 0 <= p < result.pages for p in pages)
    assert pages == sorted(pages)  # entries point forward through the document


def test_fact_markers_are_links_to_quotes(build: BuildFn) -> None:
    path, _ = build(make_document())
    pdf = pdfium.PdfDocument(str(path))
    try:
        links = 0
        for page in pdf:
            links += sum(1 for obj in page.get_objects() if obj is None)  # keeps page alive
            links += len(list(_page_links(page)))
    finally:
        pdf.close()
    assert links >= 5


def _page_links(page: pdfium.PdfPage) -> list[int]:
    import ctypes

    import pypdfium2.raw as raw

    found = []
    pos = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
        found.append(1)
    return found


def test_metadata(build: BuildFn) -> None:
    path, _ = build(make_document(title="Dossier 만수대"))
    pdf = pdfium.PdfDocument(str(path))
    try:
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    assert meta["Title"] == "Dossier 만수대"
    assert meta["Creator"] == f"nkcase {nkcase.__version__}"
    assert "public" in meta["Subject"]
    assert meta["Author"] == "Test runner"
    assert meta["CreationDate"].startswith("D:20240506070800")


def test_password_encrypts_with_aes256(build: BuildFn) -> None:
    path, _ = build(make_document(), password="correct horse 만수대")
    raw = path.read_bytes()
    assert b"/AESV3" in raw and b"/V 5" in raw
    assert b"Invented passage number" not in raw
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(path))
    assert "Invented passage number 1" in pdftotext(path, password="correct horse 만수대")


def test_bad_passwords_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        build_dossier(make_document(), tmp_path / "x.pdf", password="")
    with pytest.raises(UsageError):
        build_dossier(make_document(), tmp_path / "x.pdf", password="x" * 200)


def test_progress_reports_and_cancel_leaves_no_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    doc = make_document(quotes_per_entity=35)
    build_dossier(doc, tmp_path / "ok.pdf", on_progress=lambda d, t, s: seen.append((d, t, s)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] >= 4
    assert [d for d, _t, _s in seen] == sorted(d for d, _t, _s in seen)

    def cancel(done: int, total: int, label: str) -> None:
        if done == 2:
            raise CancelledError("Stopped.")

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(CancelledError):
        build_dossier(doc, target, on_progress=cancel)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "ok.pdf"]


def test_writes_to_a_stream() -> None:
    buf = io.BytesIO()
    result = build_dossier(make_document(), buf)
    assert buf.getvalue().startswith(b"%PDF-") and result.pages > 1


def test_thousand_quotes_build(build: BuildFn) -> None:
    doc = make_document(quotes_per_entity=1000)
    long = QuoteEntry("long", "s-a", "A long invented passage. " * 600, (1, 9), "C3")
    studio = replace(doc.entities[0], quotes=(*doc.entities[0].quotes, long))
    path, result = build(replace(doc, entities=(studio,)))
    text = pdftotext(path)
    assert "Invented passage number 999 about" in text
    assert result.pages > 30
