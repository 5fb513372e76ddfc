"""Canonical keys for romanised Korean names, so that spelling variants compare equal.

Korean names reach English text in McCune–Reischauer (Ch'oe Ŏn-ch'ŏl; North Korea's own
system is close to it), Revised Romanization (Choe Eon-cheol) and ad-hoc spellings (Choi
Un-chul). A key is made word by word from the folded text (lower case, diacritics gone, so
ŏ/ŭ are already o/u):

1. common surnames by whole word: Ri/Rhee/Lee/Yi/Rhi → ri, Pak/Park/Bak → pak, Kim/Gim →
   kim, Choe/Choi → choe, Jong/Chong/Jeong/Chung → chong, ...;
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

# Whole-word variants (mostly surnames): every spelling maps to one key.
TOKEN_VARIANTS = {
    **dict.fromkeys(("ri", "rhee", "lee", "yi", "rhi", "li", "i", "ree", "rie"), "ri"),
    **dict.fromkeys(("pak", "park", "bak", "bahk", "pahk"), "pak"),
    **dict.fromkeys(("kim", "gim", "ghim"), "kim"),
    **dict.fromkeys(("choe", "choi", "chwe", "choy", "choie"), "choe"),
    **dict.fromkeys(
        ("jong", "chong", "jeong", "cheong", "chung", "jung", "joung", "cheung"), "chong"
    ),
    **dict.fromkeys(("o", "oh"), "o"),
    **dict.fromkeys(("ryu", "yu", "yoo", "rew", "ryoo", "you"), "ryu"),
    **dict.fromkeys(("rim", "im", "lim", "yim"), "rim"),
    **dict.fromkeys(("ro", "no", "noh", "roh", "rho"), "ro"),
    **dict.fromkeys(("han", "hahn"), "han"),
    **dict.fromkeys(("kang", "gang"), "kang"),
    **dict.fromkeys(("ko", "go", "koh"), "ko"),
    **dict.fromkeys(("sin", "shin"), "sin"),
    **dict.fromkeys(("so", "seo", "suh"), "so"),
    **dict.fromkeys(("yun", "yoon"), "yun"),
    **dict.fromkeys(("hyon", "hyun", "hyeon"), "hyon"),
    **dict.fromkeys(("chon", "jeon", "jon", "chun", "jun"), "chon"),
    **dict.fromkeys(("chang", "jang"), "chang"),
}
_VOWELS = (
    (re.compile("eo"), "o"),
    (re.compile("eu"), "u"),
    (re.compile("o?ung"), "ong"),
    (re.compile("ul$"), "ol"),
)
_INITIALS = {"g": "k", "b": "p", "d": "t"}
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """The key of one folded (lower-case, diacritic-free) word."""
    known = TOKEN_VARIANTS.get(token)
    if known is not None:
        return known
    if not token.isascii() or not token.isalpha():
        return token
    for pattern, replacement in _VOWELS:
        token = pattern.sub(replacement, token)
    if token.startswith("j"):
        return "ch" + token[1:]
    initial = _INITIALS.get(token[:1])
    return initial + token[1:] if initial else token


def tokens(folded: str) -> list[str]:
    """The words of a folded text (letters and digits; everything else separates)."""
    return _WORD.findall(folded)
