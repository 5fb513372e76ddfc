"""PDF extraction: text and page map, boxes, metadata, ligatures, hyphenation, scans, passwords."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from nkcase.errors import CancelledError, IngestError, PasswordRequiredError
from nkcase.ingest import extract, rects_for_range
from nkcase.ingest.boxes import unpack
from tests.fixtures import documents


def test_text_and_page_map(text_pdf: Path) -> None:
    doc = extract(text_pdf.read_bytes(), "report.pdf")
    assert doc.kind == "pdf" and doc.page_count == len(documents.SAMPLE_PAGES)
    for page, expected in zip(doc.pages, documents.SAMPLE_PAGES, strict=True):
        assert doc.text[page.start : page.end] == expected
        assert page.has_text_layer
        assert page.width == pytest.approx(595.28, abs=0.1)
        assert page.height == pytest.approx(841.89, abs=0.1)
    # Pages are separated by one blank line.
    assert doc.text == "\n\n".join(documents.SAMPLE_PAGES)
    assert doc.metadata.title == "Harbour report"
    assert doc.metadata.author == "Ana Silva"
    assert doc.metadata.published is not None and len(doc.metadata.published) == 10
    assert doc.warnings == [] and doc.repairs == []


def test_boxes_align_with_text_and_give_one_rect_per_line(text_pdf: Path) -> None:
    doc = extract(text_pdf.read_bytes(), "report.pdf")
    assert doc.char_boxes is not None
    boxes = unpack(doc.char_boxes)
    assert len(boxes) == len(doc.text)
    # Separator and line breaks have no box; letters have one.
    assert boxes.box(doc.pages[0].end) is None
    assert boxes.box(doc.text.index("\n")) is None
    assert boxes.box(0) is not None

    second = doc.pages[1]
    quote_start = doc.text.index("Morning Crane")
    quote_end = doc.text.index("residential") + len("residential")
    rects = rects_for_range(doc.char_boxes, doc.pages, quote_start, quote_end)
    assert [r[0] for r in rects] == [1, 1]  # two lines on the second page
    (_, x0a, y0a, x1a, y1a), (_, x0b, y0b, _, y1b) = rects
    assert x0a > 50 and x0b == pytest.approx(50, abs=0.5)  # second line starts at the margin
    assert y0b < y0a and y1b <= y1a  # the second line is lower on the page (origin bottom-left)
    assert 0 < y0a < second.height and x1a < second.width

    # A quote across a page break gets rectangles on both pages.
    across = rects_for_range(doc.char_boxes, doc.pages, doc.pages[0].end - 8, second.start + 5)
    assert {r[0] for r in across} == {0, 1}


def test_a_character_pdfium_gives_no_box_for_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfium's box call can fail for a character (it then writes nothing): that character
    gets no box (NaN, zero size), never a stale box of an earlier page."""
    import math

    from nkcase.ingest import pdf_pages
    from nkcase.pdf_engine import PdfFile

    book = Path(__file__).resolve().parents[1] / "data" / "pdf" / "book-24-pages.pdf"
    with PdfFile(book.read_bytes()) as pdf:
        normal = pdf_pages.read_page(pdf, 2)
        pdf_pages.read_page(pdf, 4)  # a longer page: its boxes stay behind in the buffer
        real = pdf_pages._LOOSE_BOX

        def every_other(page: object, index: int, record: object) -> None:
            if index % 2:
                real(page, index, record)

        monkeypatch.setattr(pdf_pages, "_LOOSE_BOX", every_other)
        failing = pdf_pages.read_page(pdf, 2)
    assert normal.boxes is not None and failing.boxes is not None
    assert failing.text == normal.text
    kept = lost = 0
    for i in range(len(normal.text)):
        box = tuple(column[i] for column in failing.boxes.columns())
        if box == tuple(column[i] for column in normal.boxes.columns()) or (
            math.isnan(box[0]) and math.isnan(normal.boxes.x0[i])
        ):
            kept += 1
        else:
            assert math.isnan(box[0]) and box[1:] == (0.0, 0.0, 0.0), (i, box)
            lost += 1
    assert lost >= len(normal.text) // 3 and kept >= len(normal.text) // 3


def test_progress_and_cancel(text_pdf: Path) -> None:
    calls: list[tuple[int, int]] = []
    extract(text_pdf.read_bytes(), "r.pdf", on_progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (3, 3) and calls[0] == (0, 3)

    def cancel(done: int, total: int) -> None:
        if done == 1:
            raise CancelledError("cancelled")

    with pytest.raises(CancelledError):
        extract(text_pdf.read_bytes(), "r.pdf", on_progress=cancel)


def test_ligature_characters_are_expanded(docs_dir: Path) -> None:
    path, plain = documents.make_ligature_pdf(docs_dir / "lig.pdf")
    doc = extract(path.read_bytes(), "lig.pdf")
    assert doc.text == plain
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in doc.text)


def test_line_end_hyphenation(docs_dir: Path) -> None:
    page = (
        "The committee extended the sanc-\ntions to the Indo-\nPacific ship-\nping firms and "
        "Kim Jong-\nun was named; the route re-\nemerges in the long-\nterm plan."
    )
    path = documents.make_text_pdf(docs_dir / "hyph.pdf", [page])
    doc = extract(path.read_bytes(), "hyph.pdf")
    for kept in ("sanctions", "Indo-Pacific", "shipping", "Jong-un", "re-emerges", "long-term"):
        assert kept in doc.text
    hyphenation = [r for r in doc.repairs if r.kind == "hyphenation"]
    assert len(hyphenation) == 6
    for repair in hyphenation:
        assert doc.text[repair.start : repair.end] == repair.after
        assert repair.before.replace("-\n", "-").replace("-", "") == repair.after.replace("-", "")


NORDIC_PAGES = {
    # Our own prose; each a document of its language, whose word list decides the hyphens.
    "nb": (
        "Rederiet har ifølge regis-\nteret ingen ansatte, men myndig-\nhetene i Bergen fant at "
        "skipet sann-\nsynligvis slo av senderen da det var i ho-\nrisonten utenfor kysten. "
        "Mannskapet bestod av sju sjøfolk, og TV-\napparatet om bord viste nyheter fra "
        "Kim Jong-\nun hver kveld. Saken er sendt videre til påtale-\nmyndigheten, som "
        "vurderer tiltale.",
        ("registeret", "myndighetene", "sannsynligvis", "i horisonten utenfor"),
        ("TV-apparatet", "Jong-un"),
    ),
    "da": (
        "Et rederi i København har ifølge offent-\nlige dokumenter ejet tre fragtskibe, som "
        "senere blev solgt til et selskab på Marshall-\nøerne. Direktøren siger, at alle "
        "betalinger gik gennem en vel-\nkendt bank, og at myndig-\nhederne har fået adgang "
        "til kontrakterne. Efterforskerne mener, at prisen var langt under værdien, og at "
        "flere virk-\nsomheder var involveret.",
        ("offentlige", "velkendt", "myndighederne", "virksomheder"),
        ("Marshall-øerne",),
    ),
    "sv": (
        "Ett fartyg som seglade under svensk flagg såldes förra våren till ett bolag i Hong-\n"
        "kong. Enligt handlingar som tidningen har tagit del av ändrades fartygets namn två "
        "gånger, och kust-\nbevakningen upptäckte att fartyget hade stängt av sin sän-\ndare. "
        "Tull-\nverket har inlett en utredning om exporten stridit mot sanktionerna.",
        ("kustbevakningen", "sändare", "Tullverket", "bolag i Hongkong."),
        (),
    ),
}


@pytest.mark.parametrize("lang", sorted(NORDIC_PAGES))
def test_line_end_hyphenation_in_nordic_languages(docs_dir: Path, lang: str) -> None:
    """Norwegian, Danish and Swedish have word lists: a typesetter's hyphen inside a word
    goes ("ho-⏎risonten" → "horisonten", which a quote typed from the page finds), one before
    a capital or in a name stays."""
    page, joined, kept = NORDIC_PAGES[lang]
    path = documents.make_text_pdf(docs_dir / f"{lang}.pdf", [page])
    doc = extract(path.read_bytes(), f"{lang}.pdf")
    for word in (*joined, *kept):
        assert word in doc.text, word
    assert doc.text.replace("\n", " ").count("-") == len(kept)
    assert {r.kind for r in doc.repairs} == {"hyphenation"}
    for repair in doc.repairs:
        assert doc.text[repair.start : repair.end] == repair.after


def test_scanned_pages_are_flagged(docs_dir: Path) -> None:
    path = documents.make_scanned_pdf(docs_dir / "scan.pdf", ["A typed cover page."], 2)
    doc = extract(path.read_bytes(), "scan.pdf")
    assert [p.has_text_layer for p in doc.pages] == [True, False, False]
    assert doc.warnings == [
        "page 2: no text layer: OCR needed",
        "page 3: no text layer: OCR needed",
    ]
    only_scans = documents.make_scanned_pdf(docs_dir / "scan-only.pdf", [], 1)
    doc = extract(only_scans.read_bytes(), "scan-only.pdf")
    assert doc.text == "" and not doc.pages[0].has_text_layer
    assert any("no text layer at all" in w for w in doc.warnings)


def test_encrypted_pdf(encrypted_pdf: Path) -> None:
    data = encrypted_pdf.read_bytes()
    with pytest.raises(PasswordRequiredError, match="encrypted: give its password"):
        extract(data, "locked.pdf")
    with pytest.raises(PasswordRequiredError, match="wrong password"):
        extract(data, "locked.pdf", password="nope")
    doc = extract(data, "locked.pdf", password="s3cret")
    assert "Morning Crane" in doc.text


_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_SOFFICE is None, reason="LibreOffice is not installed (no soffice on PATH)")
def test_libreoffice_pdf(docs_dir: Path) -> None:
    source = documents.make_docx(docs_dir / "lo.docx")
    subprocess.run(
        [
            str(_SOFFICE),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docs_dir),
            str(source),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    doc = extract((docs_dir / "lo.pdf").read_bytes(), "lo.pdf")
    assert "Morning Crane" in doc.text


def test_hostile_pdfs_raise_clear_errors() -> None:
    with pytest.raises(IngestError, match="damaged"):
        extract(documents.truncated_pdf_bytes(), "cut.pdf")
    with pytest.raises(IngestError):
        extract(documents.xref_loop_pdf_bytes(), "loop.pdf")
    with pytest.raises(IngestError, match=r"not a PDF: the file is a PNG image named \.pdf"):
        extract(documents.png_bytes(), "photo.pdf")
