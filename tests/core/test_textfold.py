"""The search form: folding rules and the offset map back to the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nkcase.textfold import fold


def test_typography_case_and_diacritics_fold() -> None:
    original = "  Pyongyang’s  Indo‐Pacific ŎNE 만수대창작사 Straße\u00ad\n"
    folded = fold(original)
    assert folded.folded == "pyongyang's indo-pacific one 만수대창작사 strasse"
    for query, expected in (("pyongyang's", "Pyongyang’s"), ("indo-pacific", "Indo‐Pacific")):
        start = folded.folded.index(query)
        s, e = folded.span_to_original(start, start + len(query))
        assert original[s:e] == expected


@given(st.text(max_size=300))
def test_offsets_are_valid_and_monotone(text: str) -> None:
    folded = fold(text)
    assert len(folded.offsets) == len(folded.folded)
    previous = -1
    for index in folded.offsets:
        assert 0 <= index < len(text)
        assert index >= previous
        previous = index


@given(
    st.lists(
        st.sampled_from(["Kim", "Jong", "Un", "’s", "‐", " ", "\n", "é", "Ŭ", "조선"]), max_size=40
    )
)
def test_every_folded_substring_maps_back_to_text_folding_the_same(parts: list[str]) -> None:
    text = "".join(parts)
    folded = fold(text)
    for start in range(0, len(folded.folded), 3):
        end = min(len(folded.folded), start + 5)
        s, e = folded.span_to_original(start, end)
        assert folded.folded[start:end].strip() in fold(text[s:e]).folded


@given(st.text(max_size=300))
def test_fast_fold_text_equals_fold(text: str) -> None:
    from nkcase.textfold import fold_text

    assert fold_text(text) == fold(text).folded
