"""Text fidelity: undamaged text in any language gets no lost-ligature repair; damaged text
gets its words back, without invented ones; damage only a PDF glyph proves is repaired too.

The corpus (tests/data/fidelity) is our own prose in eleven languages; see its README.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkcase.ingest import ExtractOptions, extract
from nkcase.ingest.repair.damage import lost_ligature_edits
from nkcase.ingest.repair.lexicon import WORDLIST_LANGUAGES
from nkcase.ingest.repair.pipeline import repair_text
from tests.fixtures import documents
from tests.fixtures.fidelity import CorpusText, corpus, damage, damaged_word_count, score

WORDS = re.compile(r"[^\W\d_]+")
CORPUS = corpus()
# The field note of issue 11, word for word.
ISSUE_FIELD_NOTE = (
    "Ri Won Ho and Ko Chol Man met Pak Un Il … Le Van Thanh, director of Thanh Ha Co, "
    "signed for Ri Song Chol."
)
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "multilingual_words.tsv"


def test_the_corpus_is_broad_enough() -> None:
    languages = {text.lang for text in CORPUS}
    assert len(CORPUS) >= 30
    assert {"en", "fr", "de", "pl", "pt", "vi", "id", "ru"} <= languages
    names = " ".join(text.name for text in CORPUS)
    assert "_mr_" in names and "_rr_" in names  # both romanisations of Korean
    for text in CORPUS:
        assert len(WORDS.findall(text.text)) >= 80, f"{text.name} is shorter than a paragraph"


@pytest.mark.parametrize("text", CORPUS, ids=[t.name for t in CORPUS])
def test_undamaged_text_gets_no_ligature_repair(text: CorpusText) -> None:
    doc = extract(text.text.encode("utf-8"), f"{text.name}.txt")
    assert [r for r in doc.repairs if r.kind == "ligature"] == []
    assert doc.text == text.text
    # Not even the search alone, before the damage test, finds a word to join.
    assert lost_ligature_edits(text.text, force=True)[0] == []


def test_the_field_note_imports_unchanged() -> None:
    for note in (ISSUE_FIELD_NOTE, next(t.text for t in CORPUS if t.name.endswith("field_note"))):
        doc = extract(note.encode("utf-8"), "field-note.txt")
        assert doc.text == note and doc.repairs == []


def _by_language() -> dict[str, str]:
    """Each language's texts (but OCR layers, which no font ligature went through) as one
    document: a report long enough to show its damage more than once."""
    texts: dict[str, list[str]] = defaultdict(list)
    for text in CORPUS:
        if not text.ocr:
            texts[text.lang].append(text.text)
    return {lang: "\n\n".join(parts) for lang, parts in texts.items()}


@pytest.mark.parametrize("lang", sorted(_by_language()))
def test_synthetic_damage_is_restored_without_invented_words(lang: str) -> None:
    original = _by_language()[lang]
    damaged = damage(original)
    result = repair_text(damaged)
    found = score(original, result.text, result.repairs, lang)
    if lang not in WORDLIST_LANGUAGES:
        # No word list for the language: no lexical repair is the right answer.
        assert [r for r in result.repairs if r.kind == "ligature"] == []
        assert result.text == damaged
        return
    assert found.damaged_words > 0 and found.recoverable > 0
    assert found.recoverable_restoration >= 0.95, found
    assert found.invented * 100 <= found.repairs, found


def test_invented_words_stay_below_one_per_hundred_repairs_text_by_text() -> None:
    repairs = invented = 0
    for text in CORPUS:
        if text.ocr or damaged_word_count(text.text) == 0:
            continue
        result = repair_text(damage(text.text))
        found = score(text.text, result.text, result.repairs, text.lang)
        repairs += found.repairs
        invented += found.invented
    assert repairs > 200
    assert invented * 100 <= repairs


def test_seed_001_gets_its_words_back(seed_001: Path) -> None:
    doc = extract(seed_001.read_bytes(), seed_001.name)
    for expected in ("sanctions", "National Committee", "After the world"):
        assert expected in doc.text, expected
    assert "sanc ons" not in doc.text and "Na onal" not in doc.text


def test_short_tokens_capitals_and_names_are_never_extended_in_damaged_text() -> None:
    damaged = damage(_by_language()["en"])
    assert repair_text(damaged).damage.damaged  # type: ignore[union-attr]
    short = "\n\nSeen: Ri, Ko, Le, STI, CI, LY, du and xiv."
    assert repair_text(damaged + short).text.endswith(short)
    # "Thri" reads as "Thrift" in a text that loses "ft"; as (part of) the name of an entity
    # of the casebook it is left alone.
    names = "\n\nSigned for the Thri agency."
    unprotected = repair_text(damaged + names)
    assert unprotected.text.endswith("Signed for the Thrift agency.")
    protected = repair_text(damaged + names, protected=frozenset({"thri"}))
    assert protected.text.endswith(names)


def test_languages_without_a_word_list_get_no_lexical_repair() -> None:
    vietnamese = "\n\n".join(t.text for t in CORPUS if t.lang == "vi")
    damaged = damage(vietnamese)
    assert damaged != vietnamese
    result = repair_text(damaged)
    assert result.text == damaged and result.repairs == []
    assert result.damage is not None and not result.damage.damaged


def test_a_pdf_whose_font_drops_the_ligature_mapping_is_repaired(tmp_path: Path) -> None:
    path, plain = documents.make_unmapped_ligature_pdf(tmp_path / "unmapped.pdf")
    doc = extract(path.read_bytes(), path.name)
    assert doc.text == plain
    kinds = {r.kind for r in doc.repairs}
    assert kinds == {"ligature"}
    assert {r.after for r in doc.repairs} >= {"office", "filed", "firm", "Officials"}
    assert all("\ufffd" in r.before for r in doc.repairs)
    for repair in doc.repairs:
        assert doc.text[repair.start : repair.end] == repair.after


def test_entity_names_reach_the_repair_through_extract() -> None:
    text = damage(_by_language()["en"]) + "\n\nSigned: Thri."
    plain = extract(text.encode(), "n.txt")
    guarded = extract(text.encode(), "n.txt", options=ExtractOptions(protected=frozenset({"thri"})))
    assert plain.text.endswith("Signed: Thrift.") and guarded.text.endswith("Signed: Thri.")


def _sample() -> list[str]:
    words: list[str] = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        words += line.split("\t")[1].split()
    return words


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(_sample()), st.sampled_from([" ", " ", " ", "  ", "\n", ", "])),
        min_size=1,
        max_size=400,
    )
)
def test_random_multilingual_text_gets_no_ligature_repair(pairs: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in pairs)
    result = repair_text(text)
    assert [r for r in result.repairs if r.kind == "ligature"] == []
    assert result.text == text
