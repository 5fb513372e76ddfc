"""The search form: folding rules, the offset map back to the original, agreement of the
fast index form with the mapped form."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nkcase.textfold import fold, fold_parts, fold_text


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Pyongyang’s", "pyongyang's"),
        ("Indo‐Pacific Indo–Pacific Indo—Pacific −5", "indo-pacific indo-pacific indo-pacific -5"),
        ("Ŏ Un-chŏl", "o un-chol"),
        ("Café ÉTÉ naïve", "cafe ete naive"),
        ("Straße", "strasse"),
        ("Ølberg Łódź", "olberg lodz"),
        ("ﬁne ｆｕｌｌ", "fine full"),
        ("“quoted” «guillemets»", '"quoted" "guillemets"'),
        ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
        ("  many \t\n\n spaces\u00a0here  ", "many spaces here"),
        ("만수대창작사", "만수대창작사"),
        ("ㄱㅏ", "ㄱㅏ"),
        ("が", "が"),
        ("Ελλάδα", "ελλαδα"),
        ("Йошкар", "йошкар"),
        ("ที่", "ที่"),
    ],
)
def test_folding_rules(original: str, folded: str) -> None:
    assert fold(original).folded == folded
    assert fold_text(original) == folded


def test_hangul_stays_composed_and_decomposed_input_folds_like_composed() -> None:
    for word in ("평양옥류관", "Café", "Йошкар", "が", "Ŏ"):
        decomposed = unicodedata.normalize("NFD", word)
        assert fold(decomposed).folded == fold(word).folded
    assert all(0xAC00 <= ord(c) <= 0xD7A3 for c in fold("평양옥류관").folded)


@pytest.mark.parametrize(
    ("original", "query", "expected"),
    [
        ("The Indo‐Pacific strategy", "indo-pacific", "Indo‐Pacific"),
        ("Pyongyang’s restaurants", "pyongyang's", "Pyongyang’s"),
        ("at  the\n\nKORYŎ  Hotel", "koryo hotel", "KORYŎ  Hotel"),
        ("cafe\u0301 owner", "cafe", "cafe\u0301"),
        ("a ﬁne day", "fine", "ﬁne"),
        ("식당 평양옥류관에서", "평양옥류관", "평양옥류관"),
    ],
)
def test_a_folded_query_maps_back_to_the_exact_original_span(
    original: str, query: str, expected: str
) -> None:
    folded = fold(original)
    at = folded.folded.index(fold(query).folded)
    start, end = folded.span_to_original(at, at + len(fold(query).folded))
    assert original[start:end] == expected


def test_ends_and_empty_spans() -> None:
    folded = fold("  Abc  ")
    assert folded.folded == "abc"
    assert folded.to_original(0) == 2
    assert folded.to_original(3) == len("  Abc  ")
    assert folded.span_to_original(1, 1) == (3, 3)
    assert fold("").folded == "" and len(fold("").offsets) == 0
    with pytest.raises(IndexError):
        folded.to_original(-1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_every_folded_character_maps_to_a_valid_monotone_original_index(text: str) -> None:
    folded = fold(text)
    assert len(folded.offsets) == len(folded.folded)
    previous = -1
    for index in folded.offsets:
        assert 0 <= index < len(text)
        assert index >= previous
        previous = index
    assert "  " not in folded.folded and folded.folded == folded.folded.strip(" ")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_the_index_form_equals_the_mapped_form(text: str) -> None:
    assert fold_text(text) == fold(text).folded


PIECES = ["Kim", "Jong", "Un", "’s", "‐", " ", "\n", "é", "e\u0301", "Ŭ", "조선", "ﬁ", "\u00ad"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "  ", "Ra", "\t"]), max_size=40), st.data())
def test_folding_parts_of_a_text_equals_folding_each_part(
    parts: list[str], data: st.DataObject
) -> None:
    """What the index stores for a document's passages (one table for all) is exactly
    ``fold_text`` of each passage, whatever the passages hold (marks, ligatures, Hangul)."""
    text = "".join(parts)
    bounds = st.integers(0, len(text))
    spans = [tuple(sorted(data.draw(st.tuples(bounds, bounds)))) for _ in range(4)]
    assert fold_parts(text, spans) == [fold_text(text[a:b]) for a, b in spans]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.data())
def test_any_folded_span_maps_back_to_text_that_folds_to_it(
    parts: list[str], data: st.DataObject
) -> None:
    """The original span folds to the folded span, or a little more where one original
    character folded to several ("ﬁ" → "fi": half of it maps back to all of it)."""
    text = "".join(parts)
    folded = fold(text)
    if not folded.folded:
        return
    start = data.draw(st.integers(0, len(folded.folded) - 1))
    end = data.draw(st.integers(start + 1, len(folded.folded)))
    s, e = folded.span_to_original(start, end)
    wanted = folded.folded[start:end].strip(" ")
    back = fold(text[s:e]).folded
    assert back == wanted or ("ﬁ" in text[s:e] and wanted in back)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Indo‐Pacific", "Pyongyang’s", "the", "KORYŎ", "\n", "  "]), max_size=30
    )
)
def test_ascii_queries_find_typographic_originals(parts: list[str]) -> None:
    text = " ".join(parts)
    folded = fold(text)
    for query, expected in (("indo-pacific", "Indo‐Pacific"), ("pyongyang's", "Pyongyang’s")):
        at = folded.folded.find(query)
        while at >= 0:
            s, e = folded.span_to_original(at, at + len(query))
            assert text[s:e] == expected
            at = folded.folded.find(query, at + 1)
