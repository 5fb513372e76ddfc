"""Mentions: romanisation variants, Hangul substrings, word boundaries."""

from __future__ import annotations

import pytest

from nkcase.mentions import NameEntry, find_mentions, name_key


@pytest.mark.parametrize(
    "variant",
    ["Ra Kyong-su", "RA KY'ONG-SU", "Ra Kyongsu", "Ra Kyŏng Su", "ra kyung-su", "Ra Kyeong Su"],
)
def test_romanised_korean_name_variants(variant: str) -> None:
    text = f"The manager, {variant}, signed the lease."
    [mention] = find_mentions(text, [NameEntry("p1", "Ra Kyong-su")])
    assert text[mention.start : mention.end] == variant


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("Ri Chol", "Rhee Chol"),
        ("Ri Chol", "Lee Chol"),
        ("Ri Chol", "Yi Chol"),
        ("Pak Song-il", "Park Song Il"),
        ("Kim Yong-nam", "Gim Yong Nam"),
        ("Choe Ryong", "Choi Ryong"),
        ("Jong Song", "Chong Song"),
        ("Ŏ Un-chŏl", "Eo Eun-cheol"),
    ],
)
def test_common_romanisation_variants(name: str, variant: str) -> None:
    assert name_key(name) == name_key(variant)
    assert find_mentions(f"Met {variant} in Dandong.", [NameEntry("x", name)])


def test_word_boundaries_hangul_and_hostile_names() -> None:
    text = "Kimberly met Kim Chol. 평양옥류관에서 식사했다. AT&T <Ltd> paid; Kim Cholsu left."
    names = [NameEntry("k", "Kim Chol"), NameEntry("r", "평양옥류관"), NameEntry("a", "AT&T <Ltd>")]
    found = find_mentions(text, names)
    assert [(m.entity_id, m.matched_text) for m in found] == [
        ("k", "Kim Chol"),
        ("r", "평양옥류관"),
        ("a", "AT&T <Ltd>"),
    ]


def test_many_names_one_pass() -> None:
    names = [NameEntry(str(i), f"Company Number {i}") for i in range(3000)]
    names.append(NameEntry("x", "Sea Star"))
    text = "Nothing here. " * 20000 + "The Sea Star sailed."
    found = find_mentions(text, names)
    assert [(m.entity_id, m.matched_text) for m in found] == [("x", "Sea Star")]
