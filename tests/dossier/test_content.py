"""What a reader finds in the dossier text: every fact, quote, hash, name in any script."""

from __future__ import annotations

import re
from dataclasses import replace

from nkcase.dossier import QuoteEntry, WithheldSummary

from .conftest import CYRILLIC, HAN, HANGUL_ALIAS, TRICKY, BuildFn, make_document, pdftotext


def _flat(text: str) -> str:
    """pdftotext output with all runs of whitespace made single spaces (lines wrap)."""
    return re.sub(r"\s+", " ", text)


def test_every_fact_quote_and_source_hash_is_in_the_text(build: BuildFn) -> None:
    doc = make_document()
    path, result = build(doc)
    text = _flat(pdftotext(path))
    for entity in doc.entities:
        assert entity.caption in text
        for fact in entity.facts:
            assert fact.label in text
            assert fact.value in text
        for quote in entity.quotes:
            assert quote.text in text
            assert quote.grade is not None and f"grade {quote.grade}" in text
    for source in doc.sources:
        assert source.sha256 is not None and source.sha256 in text
        assert source.title in text
    assert result.pages >= 4
    assert result.missing_characters == {}


def test_scripts_and_markup_characters_come_back_literally(build: BuildFn) -> None:
    path, result = build(make_document())
    text = pdftotext(path)
    for needle in (HANGUL_ALIAS, CYRILLIC, HAN, TRICKY):
        assert needle in text, needle
    assert "&amp;" not in text and "&lt;" not in text
    assert any("Nanum" in f for f in result.fonts_used)


def test_markup_in_user_text_is_never_interpreted(build: BuildFn) -> None:
    doc = make_document()
    evil = '<b>bold?</b> <a href="#q1">link</a> &nbsp; </para>'
    studio = replace(doc.entities[0], summary=evil)
    path, _ = build(replace(doc, entities=(studio, *doc.entities[1:])))
    assert evil in _flat(pdftotext(path))


def test_unsupported_values_and_withheld_note_are_marked(build: BuildFn) -> None:
    path, _ = build(make_document())
    text = _flat(pdftotext(path))
    assert "studio.example unsupported" in text
    assert "3 quotes from 1 source are withheld at level public." in text


def test_no_withheld_note_when_nothing_was_withheld(build: BuildFn) -> None:
    path, _ = build(make_document(withheld=WithheldSummary()))
    assert "withheld at level" not in pdftotext(path)


def test_every_page_has_level_header_and_page_x_of_y(build: BuildFn) -> None:
    path, result = build(make_document(level="protected"))
    pages = pdftotext(path).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == result.pages
    for number, page in enumerate(pages, start=1):
        assert "PROTECTED" in page
        assert f"page {number} of {result.pages}" in _flat(page)
    assert "HANDLING LEVEL: PROTECTED" in pages[0]


def test_quote_from_unknown_source_and_unknown_reference_are_warned(build: BuildFn) -> None:
    doc = make_document()
    stray = QuoteEntry("stray", "no-such-source", "An invented stray passage.")
    studio = doc.entities[0]
    facts = (*studio.facts, replace(studio.facts[0], label="Phone", quote_refs=("missing-q",)))
    studio = replace(studio, quotes=(*studio.quotes, stray), facts=facts)
    path, result = build(replace(doc, entities=(studio,)))
    assert "An invented stray passage." in _flat(pdftotext(path))
    assert any("no-such-source" in w for w in result.warnings)
    assert any("missing-q" in w for w in result.warnings)


def test_same_input_gives_same_text_and_bytes(build: BuildFn) -> None:
    doc = make_document()
    first, _ = build(doc, "one.pdf")
    second, _ = build(doc, "two.pdf")
    assert pdftotext(first, layout=True) == pdftotext(second, layout=True)
    assert first.read_bytes() == second.read_bytes()


def test_quote_heads_link_to_their_source_and_are_link_targets(build: BuildFn) -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    path, result = build(make_document(quotes_per_entity=6))
    targets: dict[int, list[int]] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            pos = ctypes.c_int(0)
            link = raw.FPDF_LINK()
            while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
                dest = raw.FPDFLink_GetDest(pdf.raw, link)
                targets.setdefault(index, []).append(raw.FPDFDest_GetDestPageIndex(pdf.raw, dest))
            page.close()
    finally:
        pdf.close()
    appendix = result.pages - 1
    to_appendix = sum(t.count(appendix) for page, t in targets.items() if page < appendix)
    assert to_appendix >= 7 + 3  # every quote head (7) and source heading (3) links there
    # Page 2 holds the studio's facts, whose markers link forward to the quotes.
    assert any(1 <= t < appendix for t in targets[1])
    text = _flat(pdftotext(path))
    assert "[1] · p. 1 · grade D4 · S1" in text
    assert "[4] · grade B2 · S2" in text


def test_an_overlong_quote_head_wraps_instead_of_running_off_the_page(build: BuildFn) -> None:
    doc = make_document()
    grade = "B2 " + " ".join(f"reassessed{i}" for i in range(40))
    odd = QuoteEntry("odd", "s-a", "An invented passage with an odd grade.", (3, 3), grade)
    studio = replace(doc.entities[0], quotes=(*doc.entities[0].quotes, odd))
    path, _ = build(replace(doc, entities=(studio,)))
    text = _flat(pdftotext(path))
    assert f"grade {grade} · S1" in text
    lines = pdftotext(path, layout=True).splitlines()
    assert max(len(line) for line in lines) < 140  # wrapped, not one endless line


def test_single_line_breaks_in_a_quote_read_as_spaces(build: BuildFn) -> None:
    doc = make_document()
    q = QuoteEntry(
        "nl", "s-a", "Until 2019 she\nwas called Example Reed.\n\nNew paragraph.", (2, 2)
    )
    studio = replace(doc.entities[0], quotes=(q,))
    path, _ = build(replace(doc, entities=(studio,)))
    text = pdftotext(path)
    assert "\u201cUntil 2019 she was called Example Reed." in text
    assert "New paragraph.\u201d" in text


def test_long_casebook_name_and_title_stay_on_one_header_and_footer_line(build: BuildFn) -> None:
    long_name = "An invented casebook with a very long name " * 4 + "END"
    long_title = "An invented dossier title that goes on and on " * 4 + "END"
    path, _ = build(make_document(casebook_name=long_name, title=long_title))
    for page in [p for p in pdftotext(path).split("\f") if p.strip()][1:]:
        lines = page.splitlines()
        footer = next(line for line in lines if "0123456789abcdef" in line)
        assert footer.startswith("PUBLIC · An invented casebook") and "\u2026 · " in footer
        header = next(line for line in lines if line.startswith("An invented dossier title"))
        assert header.endswith("\u2026")
        assert "END" not in header
    assert long_name in _flat(pdftotext(path))  # the cover still has the whole name


def test_one_entity_cover_does_not_repeat_a_title_that_is_its_name(build: BuildFn) -> None:
    doc = make_document()
    single = replace(doc, title="Sample Art Studio", entities=(doc.entities[0],))
    path, _ = build(single)
    cover = pdftotext(path).split("\f")[0]
    assert cover.count("Sample Art Studio") == 2  # the title and the page header
    assert HANGUL_ALIAS in cover
