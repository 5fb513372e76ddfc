"""One answer to "which script?" and "is this Hangul, Han or kana?", for every caller."""

from __future__ import annotations

import sys
import unicodedata

from nkcase.mentions import NameEntry, find_mentions
from nkcase.services import entities
from nkcase.services.search_service import search
from nkcase.store import Casebook
from nkcase.vocabulary import NAME_PROPERTIES, detect_script, has_cjk
from nkcase.vocabulary.scripts import UNSPACED_SCRIPTS, char_script, script_of_letters

# Two Han characters of Extension B (outside the BMP), as in rare Hanja and Chinese names.
EXT_B_NAME = "\U00020000\U00020001"


def test_has_cjk_agrees_with_the_script_of_every_letter() -> None:
    disagree = []
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) not in ("Lu", "Ll", "Lt", "Lo"):
            continue
        if has_cjk(ch) != (char_script(ch) in UNSPACED_SCRIPTS):
            disagree.append(f"U+{code:04X}")
    assert not disagree, disagree[:20]


def test_has_cjk_on_names_in_many_scripts() -> None:
    assert has_cjk("평양옥류관") and has_cjk("平壤") and has_cjk("ピョンヤン")
    assert has_cjk("ﾋﾟｮﾝﾔﾝ")  # half-width katakana
    assert has_cjk("Okryu 옥류관 Restaurant")
    assert has_cjk(EXT_B_NAME)
    assert not has_cjk("Pyongyang Okryu") and not has_cjk("Морской торговый дом")
    assert not has_cjk("شركة") and not has_cjk("")
    assert detect_script(EXT_B_NAME) == "Hani"


def test_name_properties_are_ftm_s_strongest_first() -> None:
    assert NAME_PROPERTIES == ("name", "alias", "weakAlias", "previousName")


def test_mentions_find_a_name_outside_the_bmp_inside_unspaced_text() -> None:
    text = f"据报道，{EXT_B_NAME}公司在丹东设有办事处。"
    [mention] = find_mentions(text, [NameEntry("e1", EXT_B_NAME)])
    assert text[mention.start : mention.end] == EXT_B_NAME


def test_search_finds_a_short_name_outside_the_bmp(casebook: Casebook) -> None:
    entity_id = entities.create_entity(
        casebook, "Company", "Dandong trading office", aliases=[f"丹东{EXT_B_NAME}公司"]
    ).subject_id
    assert [hit.entity_id for hit in search(casebook, EXT_B_NAME).hits] == [entity_id]


def _scripts_of_letters(text: str) -> str:
    """:func:`detect_script` as it was before the letters' scripts were cached."""
    return script_of_letters({s for s in map(char_script, text) if s is not None})


def test_detect_script_with_cached_letters_answers_as_before() -> None:
    """The cache of letters' scripts (4,096 of them) changes no answer, when it holds a letter
    and when it is full and drops one: every code point alone, then mixtures of letters of
    many scripts, marks, digits and spaces."""
    import random

    for code in range(sys.maxunicode + 1):
        assert detect_script(chr(code)) == _scripts_of_letters(chr(code)), f"U+{code:04X}"
    pick = random.Random(7)
    pools = ["abcXYZ", "리원호김정", "金正日", "ひらカタ", "Йун Ким", "Υον", "0123 .-'"]
    pools.append("\u0301ʼー")  # a combining mark and modifier letters: no script
    for _ in range(20000):
        text = "".join(pick.choice(pick.choice(pools)) for _ in range(pick.randrange(9)))
        assert detect_script(text) == _scripts_of_letters(text), text
