"""Mentions: romanisation variants, word boundaries, Hangul substrings, offsets, scale."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nkcase.mentions import NameEntry, find_mentions, name_key

SPELLINGS_OF_RA_KYONG_SU = (
    "Ra Kyong-su",
    "RA KY'ONG-SU",
    "Ra Kyongsu",
    "Ra Kyong Su",
    "Ra Kyŏng-su",
    "ra kyung-su",
    "Ra Kyeong Su",
    "Ra Gyeong-su",
)


@pytest.mark.parametrize("written", SPELLINGS_OF_RA_KYONG_SU)
@pytest.mark.parametrize("known", ["Ra Kyong-su", "RA KY'ONG-SU", "Ra Kyongsu", "Ra Kyong Su"])
def test_every_spelling_finds_every_other(known: str, written: str) -> None:
    text = f"The lease was signed by {written}, the manager."
    [mention] = find_mentions(text, [NameEntry("p1", known)])
    assert mention.matched_text == written
    assert text[mention.start : mention.end] == written
    assert (mention.entity_id, mention.name) == ("p1", known)


@pytest.mark.parametrize(
    ("known", "written"),
    [
        ("Ri Chol", "Rhee Chol"),
        ("Ri Chol", "Lee Chol"),
        ("Ri Chol", "Yi Chol"),
        ("Ri Chol", "Rhi Chol"),
        ("Pak Song-il", "Park Song Il"),
        ("Pak Song-il", "Bak Seong-il"),
        ("Kim Yong-nam", "Gim Yeong Nam"),
        ("Choe Ryong-hae", "Choi Ryong Hae"),
        ("Jong Song-thaek", "Chong Song Thaek"),
        ("Ŏ Un-chŏl", "Eo Eun-cheol"),
        ("Kim Chol", "Kim Chul"),
        ("Ch'oe Myong-nam", "Choi Myung Nam"),
    ],
)
def test_romanisation_variants(known: str, written: str) -> None:
    assert name_key(known) == name_key(written)
    text = f"Records name {written} as the director."
    [mention] = find_mentions(text, [NameEntry("x", known)])
    assert mention.matched_text == written


@pytest.mark.parametrize(
    "text",
    [
        "Kimberly Chol signed.",
        "Akim Chol signed.",
        "Kim Cholsu signed.",
        "Kim; Chol signed.",
        "Kim\n\nand Chol signed.",
    ],
)
def test_latin_names_match_whole_words_only(text: str) -> None:
    assert find_mentions(text, [NameEntry("k", "Kim Chol")]) == []


def test_different_names_are_not_merged() -> None:
    text = "Kim Chol and Kim Chang met Pak Chol."
    found = find_mentions(text, [NameEntry("a", "Kim Chol"), NameEntry("b", "Pak Chol")])
    assert [(m.entity_id, m.matched_text) for m in found] == [("a", "Kim Chol"), ("b", "Pak Chol")]


def test_hangul_names_match_inside_korean_sentences() -> None:
    text = "기자는 어제 평양옥류관에서 냉면을 먹었다. 평양 옥류관은 유명하다."
    found = find_mentions(text, [NameEntry("r", "평양옥류관")])
    assert [m.matched_text for m in found] == ["평양옥류관"]
    found = find_mentions(text, [NameEntry("r", "평양 옥류관")])
    assert [m.matched_text for m in found] == ["평양옥류관", "평양 옥류관"]
    assert all(text[m.start : m.end] == m.matched_text for m in found)


def test_decomposed_hangul_in_the_text_is_found_whole() -> None:
    import unicodedata

    text = "식당 " + unicodedata.normalize("NFD", "평양옥류관") + "에서"
    [mention] = find_mentions(text, [NameEntry("r", "평양옥류관")])
    assert unicodedata.normalize("NFC", mention.matched_text) == "평양옥류관"
    assert mention.end - mention.start == len(unicodedata.normalize("NFD", "평양옥류관"))


def test_names_with_markup_characters_are_found_as_written() -> None:
    text = 'Payments to AT&T <Ltd> and "Sea & Sky" Co., Ltd. were routed via O\'Brien & Sons.'
    names = [
        NameEntry("a", "AT&T <Ltd>"),
        NameEntry("s", "Sea & Sky Co., Ltd."),
        NameEntry("o", "O’Brien & Sons"),
    ]
    found = find_mentions(text, names)
    assert [(m.entity_id, m.matched_text) for m in found] == [
        ("a", "AT&T <Ltd>"),
        ("o", "O'Brien & Sons"),
    ]


def test_case_diacritics_and_typography_fold() -> None:
    text = "The restaurant ‘KORYO’ — run by KORYŎ-HOTEL staff — closed."
    found = find_mentions(text, [NameEntry("k", "Koryo Hotel")])
    assert [m.matched_text for m in found] == ["KORYŎ-HOTEL"]


def test_nested_mentions_of_one_entity_keep_the_longest() -> None:
    text = "Kim Chol met Kim."
    found = find_mentions(text, [NameEntry("k", "Kim Chol"), NameEntry("k", "Kim")])
    assert [(m.start, m.matched_text) for m in found] == [(0, "Kim Chol"), (13, "Kim")]


@settings(max_examples=100, deadline=None)
@given(
    before=st.text(alphabet="abc xyz.,\n가나", max_size=30),
    after=st.text(alphabet="abc xyz.,\n가나", max_size=30),
    written=st.sampled_from(SPELLINGS_OF_RA_KYONG_SU),
)
def test_offsets_point_at_the_matched_text(before: str, after: str, written: str) -> None:
    text = f"{before} {written} {after}"
    found = find_mentions(text, [NameEntry("p", "Ra Kyong-su")])
    assert any(m.matched_text == written for m in found)
    for m in found:
        assert text[m.start : m.end] == m.matched_text


def test_thousands_of_names_in_a_long_text() -> None:
    rng = random.Random(3)
    names = [NameEntry(f"c{i}", f"Trading Company {i}") for i in range(3000)]
    names += [NameEntry(f"h{i}", f"평양{i}상점") for i in range(1000)]
    names.append(NameEntry("x", "Sea Star"))
    filler = " ".join(
        rng.choice(["trading", "company", "평양", "the", "sea"]) for _ in range(40000)
    )
    text = filler + " The Sea Star met Trading Company 17 near 평양12상점."
    found = find_mentions(text, names)
    assert [(m.entity_id, m.matched_text) for m in found] == [
        ("x", "Sea Star"),
        ("c17", "Trading Company 17"),
        ("h12", "평양12상점"),
    ]


def test_seed_article_names(seed_000: Path) -> None:
    text = seed_000.read_text(encoding="utf-8")
    found = find_mentions(text, [NameEntry("v", "vang vieng"), NameEntry("p", "PYONGYANG")])
    assert {m.entity_id for m in found} == {"v", "p"}
    for m in found:
        assert text[m.start : m.end] == m.matched_text
        assert m.matched_text.casefold() in ("vang vieng", "pyongyang")
