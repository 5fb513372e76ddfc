"""Text encodings, HTML pages, MHTML archives and DOCX files."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.errors import IngestError
from nkcase.ingest import extract
from tests.fixtures import documents as d

LONG_ENGLISH = "The agency paid the developers through a shell company in the port city."


@pytest.mark.parametrize(
    ("text", "encoding", "bom", "reported"),
    [
        (d.KOREAN, "utf-8", True, "utf-8"),
        (d.RUSSIAN, "utf-16-le", True, "utf-16-le"),
        (d.JAPANESE, "utf-16-be", True, "utf-16-be"),
        (d.KOREAN + " " + LONG_ENGLISH, "utf-16-le", False, "utf-16-le"),
        (d.FRENCH, "utf-16-be", False, "utf-16-be"),
        (d.KOREAN, "euc-kr", False, "cp949"),
        (d.KOREAN, "iso2022_kr", False, "iso2022_kr"),
        (d.JAPANESE, "shift_jis", False, "cp932"),
        (d.CHINESE, "big5", False, "big5hkscs"),
        (d.RUSSIAN, "cp1251", False, "cp1251"),
        (d.FRENCH, "cp1252", False, "cp1252"),
        (d.ARABIC, "cp1256", False, "cp1256"),
        (d.CZECH, "cp1250", False, "cp1250"),
    ],
)
def test_text_encodings(tmp_path: Path, text: str, encoding: str, bom: bool, reported: str) -> None:
    path = d.make_text(tmp_path / "note.txt", text, encoding, bom=bom)
    doc = extract(path.read_bytes(), path.name)
    assert doc.text == text
    assert doc.metadata.encoding == reported
    assert doc.kind == "text" and doc.media_type == "text/plain"


def test_line_endings_and_markdown(tmp_path: Path) -> None:
    path = d.make_text(tmp_path / "n.md", "# Title\r\nline one\rline two\r\n", "utf-8")
    doc = extract(path.read_bytes(), "n.md")
    assert doc.text == "# Title\nline one\nline two\n"
    assert doc.media_type == "text/markdown" and doc.repairs == []


@pytest.mark.parametrize(
    ("encoding", "paragraph", "declare"),
    [("utf-8", d.FRENCH, True), ("cp1250", d.CZECH, True), ("euc-kr", d.KOREAN, False)],
)
def test_html_article_and_metadata(
    tmp_path: Path, encoding: str, paragraph: str, declare: bool
) -> None:
    paragraphs = [paragraph * 2, LONG_ENGLISH * 2]
    path = d.make_html(tmp_path / "page.html", paragraphs, encoding=encoding, declare=declare)
    doc = extract(path.read_bytes(), "page.html")
    assert doc.kind == "html"
    assert paragraph in doc.text and LONG_ENGLISH in doc.text
    for boilerplate in ("Subscribe now", "All rights reserved", "tracking pixel", "Most read"):
        assert boilerplate not in doc.text
    meta = doc.metadata
    assert meta.title == "Tanker seized off the coast"
    assert meta.author == "Mira Okafor"
    assert meta.publisher == "Harbour Watch"
    assert meta.published == "2021-04-09"
    assert meta.url == "https://news.example.org/tanker-seized"


def test_mhtml(tmp_path: Path) -> None:
    path = d.make_mhtml(tmp_path / "saved.mhtml", [d.FRENCH * 2, LONG_ENGLISH * 2])
    doc = extract(path.read_bytes(), "saved.mhtml")
    assert d.FRENCH in doc.text and "Subscribe now" not in doc.text
    assert doc.metadata.title == "Tanker seized off the coast"


def test_docx_body_order_tables_headers_footnotes(tmp_path: Path) -> None:
    path = d.make_docx(tmp_path / "notes.docx")
    doc = extract(path.read_bytes(), "notes.docx")
    text = doc.text
    assert text.startswith("INTERNAL - case notes\n")
    first = text.index(d.SAMPLE_PAGES[0].split("\n")[0])
    table = text.index("Morning Crane | 9123456")
    second = text.index(d.SAMPLE_PAGES[1].split("\n")[0])
    notes = text.index("[1] Registry extract obtained in April.")
    assert first < table < second < notes < text.index("Prepared by the research desk")
    assert "Dandong.[1]" in text
    assert doc.metadata.title == "Case notes on Harbour Star"
    assert doc.metadata.author == "Research desk"
    assert doc.metadata.published == "2022-05-17"


def test_docx_without_footnotes(tmp_path: Path) -> None:
    path = d.make_docx(tmp_path / "plain.docx", footnote=None)
    doc = extract(path.read_bytes(), "plain.docx")
    assert "Footnotes" not in doc.text and "Morning Crane | 9123456" in doc.text


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = d.make_zip_bomb(tmp_path / "bomb.docx")
    with pytest.raises(IngestError, match=r"DOCX expands to 40\.0 MB when unpacked; refused"):
        extract(path.read_bytes(), "bomb.docx")


def test_docx_encrypted_or_legacy_and_truncated(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(IngestError, match=r"encrypted .* or legacy Word \.doc"):
        extract(ole, "secret.docx")
    data = d.make_docx(tmp_path / "cut.docx").read_bytes()
    with pytest.raises(IngestError, match="damaged"):
        extract(data[: len(data) // 2], "cut.docx")
