"""Canonical keys for romanised Korean names, so that spelling variants compare equal.

Korean names reach English text in McCune–Reischauer (Ch'oe Ŏn-ch'ŏl; North Korea's own
system is close to it), Revised Romanization (Choe Eon-cheol) and ad-hoc spellings (Choi
Un-chul). A key is made word by word from the folded text (lower case, diacritics gone, so
ŏ/ŭ are already o/u):

1. family names by whole word, from the one table of spellings in
   :data:`nkcase.vocabulary.korean.SURNAMES`: Ri/Rhee/Lee/Yi/Rhi → ri, Pak/Park/Bak → pak,
   Kim/Gim → kim, Choe/Choi → choe, Jong/Chong/Jeong/Chung → chong, ...;
2. vowels: eo → o, eu → u (RR spellings of ŏ, ŭ); then ung → ong (Kyung/Kyong, Myung)
   and a final ul → ol (Chul/Chol);
3. the first consonant of a word loses its voicing: g → k, b → p, d → t, j → ch (RR writes
   the voiced letter where MR writes the plain one: Gyeong/Kyong, Byeong/Pyong, Jong/Chong).

The rules apply to every Latin word, on both sides of a comparison, so they cost some
precision on English words (never recall) — acceptable for suggestions a person confirms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nkcase.vocabulary.korean import surname_groups

_VOWELS = (
    (re.compile("eo"), "o"),
    (re.compile("eu"), "u"),
    (re.compile("o?ung"), "ong"),
    (re.compile("ul$"), "ol"),
)
_INITIALS = {"g": "k", "b": "p", "d": "t"}
_WORD = re.compile(r"[^\W_]+")


def _rules(token: str) -> str:
    for pattern, replacement in _VOWELS:
        token = pattern.sub(replacement, token)
    if token.startswith("j"):
        return "ch" + token[1:]
    initial = _INITIALS.get(token[:1])
    return initial + token[1:] if initial else token


def _surname_variants() -> dict[str, str]:
    """Every spelling of a family name (:data:`nkcase.vocabulary.korean.SURNAMES`) → one key
    per group of spellings that may write the same name.

    The key is the rules' key most spellings of the group share, so that the same syllable
    in a given name, which the table does not list, gets it too ("Yong" of 용/룡 and "Yeong"
    of a given name both → "yong"); between equals, a key without the North's initial r/l.
    """
    variants: dict[str, str] = {}
    for group in surname_groups():
        keys = [_rules(spelling) for spelling in sorted(group)]
        key = max(sorted(set(keys)), key=lambda k: (keys.count(k), k[:1] not in "rl"))
        variants.update(dict.fromkeys(group, key))
    return variants


#: Whole-word variants (family names): every spelling of a group maps to one key.
TOKEN_VARIANTS = _surname_variants()


@lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """The key of one folded (lower-case, diacritic-free) word."""
    known = TOKEN_VARIANTS.get(token)
    if known is not None:
        return known
    if not token.isascii() or not token.isalpha():
        return token
    return _rules(token)


def tokens(folded: str) -> list[str]:
    """The words of a folded text (letters and digits; everything else separates)."""
    return _WORD.findall(folded)
