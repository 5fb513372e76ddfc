"""Canonical keys for romanised Korean names, so that spelling variants compare equal."""

from __future__ import annotations

import re

# Whole-token variants (mostly surnames): every spelling maps to one key.
TOKEN_VARIANTS = {
    **dict.fromkeys(("ri", "rhee", "lee", "yi", "rhi", "li", "i"), "ri"),
    **dict.fromkeys(("pak", "park", "bak", "bahk"), "pak"),
    **dict.fromkeys(("kim", "gim"), "kim"),
    **dict.fromkeys(("choe", "choi", "chwe"), "choe"),
    **dict.fromkeys(("jong", "chong", "jeong", "chung", "jung"), "jong"),
    **dict.fromkeys(("o", "oh"), "o"),
    **dict.fromkeys(("ryu", "yu", "yoo", "rew"), "ryu"),
    **dict.fromkeys(("han", "hahn"), "han"),
    **dict.fromkeys(("kang", "gang"), "kang"),
    **dict.fromkeys(("ko", "go", "koh"), "ko"),
}
# Substring variants inside any token (McCune-Reischauer vs Revised Romanization).
_SUBSTITUTIONS = (
    (re.compile("eo"), "o"),
    (re.compile("eu"), "u"),
    (re.compile("kyung"), "kyong"),
    (re.compile("gyeong|gyong|kyeong"), "kyong"),
    (re.compile("ae"), "ae"),
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def canonical_token(token: str) -> str:
    """The key of one folded (lower-case, diacritic-free) word."""
    if token in TOKEN_VARIANTS:
        return TOKEN_VARIANTS[token]
    for pattern, replacement in _SUBSTITUTIONS:
        token = pattern.sub(replacement, token)
    return token


def tokens(folded: str) -> list[str]:
    return _WORD.findall(folded)
