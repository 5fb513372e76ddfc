"""Which writing system a name is in (ISO 15924), so case files can group names by script.

Only letters count; digits, punctuation, spaces, marks and modifier letters (ʼ, ー) are
shared by scripts. Results: one script's code ("Latn", "Hang", "Hani", "Cyrl", "Arab",
"Hebr", "Thai"...); "Jpan" for any kana (Japanese mixes kana and Han); "Kore" for Hangul
mixed with Han (Hanja); "Zmix" for any other mixture; "Zyyy" when there is no letter;
"Zzzz" for letters of a script not in the table.

:func:`has_cjk` answers the other question the code asks about scripts — does this text hold
Hangul, Han or kana? — from the same table, for search and mentions alike.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

# (first, last, code), sorted, not overlapping.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"),
    (0x0061, 0x007A, "Latn"),
    (0x00AA, 0x00AA, "Latn"),
    (0x00BA, 0x00BA, "Latn"),
    (0x00C0, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0750, 0x077F, "Arab"),
    (0x0780, 0x07BF, "Thaa"),
    (0x08A0, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1800, 0x18AF, "Mong"),
    (0x1C80, 0x1C8F, "Cyrl"),
    (0x1C90, 0x1CBF, "Geor"),
    (0x1D00, 0x1DBF, "Latn"),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x2C60, 0x2C7F, "Latn"),
    (0x2D00, 0x2D2F, "Geor"),
    (0x2DE0, 0x2DFF, "Cyrl"),
    (0x2E80, 0x2FDF, "Hani"),
    (0x3005, 0x3007, "Hani"),
    (0x3021, 0x3029, "Hani"),
    (0x3038, 0x303B, "Hani"),
    (0x3041, 0x309F, "Hira"),
    (0x30A0, 0x30FF, "Kana"),
    (0x3100, 0x312F, "Bopo"),
    (0x3130, 0x318F, "Hang"),
    (0x31A0, 0x31BF, "Bopo"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"),
    (0xA960, 0xA97F, "Hang"),
    (0xAB30, 0xAB6F, "Latn"),
    (0xAC00, 0xD7FF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB00, 0xFB06, "Latn"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0xFF21, 0xFF3A, "Latn"),
    (0xFF41, 0xFF5A, "Latn"),
    (0xFF66, 0xFF9D, "Kana"),
    (0xFFA0, 0xFFDC, "Hang"),
    (0x1B000, 0x1B16F, "Kana"),
    (0x20000, 0x3134F, "Hani"),
)
_STARTS = [r[0] for r in _RANGES]

UNSPACED_SCRIPTS = frozenset({"Hang", "Hani", "Hira", "Kana"})
"""Hangul, Han and kana: words run together (Korean attaches particles to names), so search
indexes such text by trigrams and mentions match names in it as substrings, not as words."""

_UNSPACED = re.compile(
    "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b, code in _RANGES if code in UNSPACED_SCRIPTS) + "]"
)
_LETTERS = frozenset(("Lu", "Ll", "Lt", "Lo"))


def char_script(ch: str) -> str | None:
    """The ISO 15924 code of one letter; None for what is not a letter of one script."""
    if unicodedata.category(ch) not in _LETTERS:
        return None
    code = ord(ch)
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0 and code <= _RANGES[index][1]:
        return _RANGES[index][2]
    return "Zzzz"


_letter_script = lru_cache(maxsize=4096)(char_script)
""":func:`char_script`, cached: names use a few dozen letters of their script, and a letter
looked up again costs a tenth of its category and range lookups (a dozen-letter Cyrillic name,
35,000 instructions, most of the script of a name not cached by a parser). Bounded: a text of
every code point keeps 4,096 of them."""


def detect_script(text: str) -> str:
    """The script of ``text`` (see the module docstring for the codes)."""
    return script_of_letters(set(filter(None, map(_letter_script, text))))  # never empty codes


def script_of_letters(found: set[str]) -> str:
    """The script of a text whose letters are of the scripts ``found`` (ISO 15924 codes)."""
    if not found:
        return "Zyyy"
    if found & {"Hira", "Kana"} and found <= {"Hira", "Kana", "Hani"}:
        return "Jpan"
    if len(found) == 1:
        return found.pop()
    if found == {"Hang", "Hani"}:
        return "Kore"
    return "Zmix"


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character of Hangul, Han or kana (:data:`UNSPACED_SCRIPTS`),
    whole-width or half-width, Han extensions beyond the BMP included."""
    return _UNSPACED.search(text) is not None
