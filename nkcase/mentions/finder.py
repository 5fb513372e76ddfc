"""Finding entity names in a text in one pass (see the package docstring)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from nkcase.mentions.romanisation import canonical_token, tokens
from nkcase.textfold import FoldedText, fold

MAX_NAME_TOKENS = 8
_CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Only these may stand between the words of one name in the text.
_JOINERS = re.compile(r"[ \-'.&<>/]{1,3}")


@dataclass(frozen=True, slots=True)
class NameEntry:
    entity_id: str
    value: str


@dataclass(frozen=True, slots=True)
class Mention:
    entity_id: str
    name: str
    start: int
    end: int
    matched_text: str


def name_key(value: str) -> str:
    """The key a Latin-script name is matched by: its canonical words, joined."""
    return "".join(canonical_token(t) for t in tokens(fold(value).folded))


def find_mentions(text: str, names: Iterable[NameEntry]) -> list[Mention]:
    """Every occurrence of any name in ``text``, in original offsets, sorted by position."""
    latin: dict[str, list[NameEntry]] = defaultdict(list)
    cjk: dict[str, list[NameEntry]] = defaultdict(list)
    for entry in names:
        folded = fold(entry.value).folded
        if not folded.strip():
            continue
        if _CJK.search(folded):
            cjk[folded].append(entry)
        else:
            key = name_key(entry.value)
            if len(key) >= 2:
                latin[key].append(entry)
    folded_text = fold(text)
    found: list[Mention] = []
    found += _latin_matches(text, folded_text, latin)
    found += _cjk_matches(text, folded_text, cjk)
    unique = {(m.entity_id, m.start, m.end): m for m in found}
    return sorted(unique.values(), key=lambda m: (m.start, m.end, m.entity_id))


def _latin_matches(
    text: str, folded_text: FoldedText, latin: dict[str, list[NameEntry]]
) -> list[Mention]:
    if not latin:
        return []
    prefixes = {key[:i] for key in latin for i in range(1, len(key) + 1)}
    folded = folded_text.folded
    words = [(m.start(), m.end(), canonical_token(m.group())) for m in _WORD.finditer(folded)]
    found: list[Mention] = []
    for i, (start, _end, first) in enumerate(words):
        if first not in prefixes:
            continue
        joined = ""
        for j in range(i, min(i + MAX_NAME_TOKENS, len(words))):
            if j > i and not _JOINERS.fullmatch(folded[words[j - 1][1] : words[j][0]]):
                break
            joined += words[j][2]
            if joined not in prefixes:
                break
            for entry in latin.get(joined, ()):
                end = words[j][1]
                tail = _tail(entry.value)  # "AT&T <Ltd>" ends in ">": include it when present
                if tail and folded.startswith(tail, end):
                    end += len(tail)
                s, e = folded_text.span_to_original(start, end)
                found.append(Mention(entry.entity_id, entry.value, s, e, text[s:e]))
    return found


def _tail(name: str) -> str:
    folded = fold(name).folded
    stripped = folded.rstrip()
    index = len(stripped)
    while index > 0 and not stripped[index - 1].isalnum():
        index -= 1
    return stripped[index:]


def _cjk_matches(
    text: str, folded_text: FoldedText, cjk: dict[str, list[NameEntry]]
) -> list[Mention]:
    if not cjk:
        return []
    pattern = re.compile("|".join(re.escape(k) for k in sorted(cjk, key=len, reverse=True)))
    found: list[Mention] = []
    folded = folded_text.folded
    for match in pattern.finditer(folded):
        s, e = folded_text.span_to_original(match.start(), match.end())
        for entry in cjk[match.group()]:
            found.append(Mention(entry.entity_id, entry.value, s, e, text[s:e]))
    return found
