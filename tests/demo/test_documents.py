"""The demo documents: every format, deterministic, and saying what the builder quotes."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from nkcase.demo import documents, texts


@pytest.fixture(scope="module")
def docs() -> dict[str, documents.DemoDocument]:
    return {d.key: d for d in documents.demo_documents()}


def test_every_kind_of_document_is_written(docs: dict[str, documents.DemoDocument]) -> None:
    assert {d.kind for d in docs.values()} == {"docx", "pdf", "html", "text"}
    assert docs["field-report"].data[:2] == b"PK"
    assert docs["shipping-review"].data.startswith(b"%PDF-")
    assert b"<html" in docs["news-page"].data


def test_documents_are_byte_identical_between_builds(
    docs: dict[str, documents.DemoDocument],
) -> None:
    again = {d.key: d.data for d in documents.demo_documents()}
    assert again == {k: d.data for k, d in docs.items()}


def test_imo_number_has_a_valid_check_digit() -> None:
    assert texts.imo_check_digit(texts.VESSEL_IMO[:6]) == int(texts.VESSEL_IMO[6])
    assert texts.imo_check_digit("905490") != 9  # a wrong digit is noticed (real: 9054909)


def test_korean_brief_is_euc_kr_not_utf8(docs: dict[str, documents.DemoDocument]) -> None:
    data = docs["korean-brief"].data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert texts.SONAMU_HANGUL in data.decode("euc_kr")


def test_docx_has_header_footer_and_table(docs: dict[str, documents.DemoDocument]) -> None:
    from docx import Document

    document = Document(io.BytesIO(docs["field-report"].data))
    section = document.sections[0]
    assert texts.DEMO_NOTICE in section.header.paragraphs[0].text
    assert section.footer.paragraphs[0].text
    assert document.tables and document.tables[0].cell(1, 1).text == texts.RUNGRA_HANGUL
    body = "\n".join(p.text for p in document.paragraphs)
    for passage in (texts.FR_VISIT, texts.FR_SIGN, texts.FR_MANAGER, texts.FR_VAN):
        assert passage in body
    with zipfile.ZipFile(io.BytesIO(docs["field-report"].data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {documents._ZIP_TIME}


def test_pdf_has_three_pages_and_real_ligature_characters(
    docs: dict[str, documents.DemoDocument], tmp_path: Path,
) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(docs["shipping-review"].data)
    try:
        assert len(pdf) == 3
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert texts.VESSEL_IMO in text
    # pdfium decomposes ligatures when it extracts; poppler shows what the file really holds.
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "review.pdf"
    path.write_bytes(docs["shipping-review"].data)
    raw = subprocess.run(
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "\ufb01" in raw and "\ufb02" in raw


def test_html_has_metadata_and_boilerplate(docs: dict[str, documents.DemoDocument]) -> None:
    html = docs["news-page"].data.decode("utf-8")
    for needle in ('property="og:title"', 'name="author"', 'property="article:published_time"',
                   'rel="canonical"', "<nav>", "<footer>", texts.NEWS_URL):
        assert needle in html


def test_write_documents_writes_files(tmp_path: Path) -> None:
    paths = documents.write_documents(tmp_path / "docs")
    assert set(paths) == {"field-report", "shipping-review", "news-page", "debrief", "korean-brief"}
    assert all(p.is_file() and p.stat().st_size > 100 for p in paths.values())
