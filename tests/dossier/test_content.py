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
