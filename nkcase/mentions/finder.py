"""Finding entity names in a text in one pass (see the package docstring).

Latin-script names are matched word by word: each name becomes the concatenation of its
words' romanisation keys ("Ra Kyong-su" → "rakyongsu"), and the text is walked once, each
word starting a walk through the set of key prefixes that stops as soon as no name can
follow. Names containing Hangul, Han or kana are matched as substrings of the folded text,
found through an index of their first two characters. Both cost about the length of the
text, whatever the number of names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from nkcase.mentions.romanisation import canonical_token, tokens
from nkcase.textfold import FoldedText, fold
from nkcase.vocabulary.scripts import has_cjk

#: Words in one name at most.
MAX_NAME_TOKENS = 10
#: Keys shorter than this are ignored (one letter matches everywhere).
MIN_KEY = 2
_WORD = re.compile(r"[^\W_]+")
# Only these may stand between the words of one name in the text ("Co., Ltd.", "AT&T").
_JOINERS = re.compile(r"[ \-'.,&<>/+]{1,4}")


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name (or alias) of an entity to look for."""

    entity_id: str
    value: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A place where ``name`` of ``entity_id`` occurs: ``text[start:end] == matched_text``."""

    entity_id: str
    name: str
    start: int
    end: int
    matched_text: str


def name_key(value: str) -> str:
    """The key a Latin-script name is matched by: its words' romanisation keys, joined."""
    return "".join(canonical_token(t) for t in tokens(fold(value).folded))


def find_mentions(text: str, names: Iterable[NameEntry]) -> list[Mention]:
    """Every occurrence of any name in ``text``, in original offsets, sorted by position.

    A mention of an entity inside a longer mention of the same entity is dropped ("Kim" in
    "Kim Chol" when both are names of one person).
    """
    latin: dict[str, list[NameEntry]] = defaultdict(list)
    cjk: dict[str, list[NameEntry]] = defaultdict(list)
    for entry in names:
        folded = fold(entry.value).folded
        if has_cjk(folded):
            for variant in {folded, folded.replace(" ", "")}:
                if len(variant) >= MIN_KEY:
                    cjk[variant].append(entry)
        else:
            key = name_key(entry.value)
            if len(key) >= MIN_KEY:
                latin[key].append(entry)
    if not latin and not cjk:
        return []
    folded_text = fold(text)
    found = _latin_matches(folded_text, latin) + _cjk_matches(folded_text, cjk)
    return _without_nested(found)


def _without_nested(found: list[Mention]) -> list[Mention]:
    unique = {(m.entity_id, m.start, m.end): m for m in found}
    ordered = sorted(unique.values(), key=lambda m: (m.start, -m.end, m.entity_id))
    kept: list[Mention] = []
    reach: dict[str, int] = {}
    for mention in ordered:
        if reach.get(mention.entity_id, -1) >= mention.end:
            continue  # inside a longer mention of the same entity
        reach[mention.entity_id] = max(reach.get(mention.entity_id, -1), mention.end)
        kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end, m.entity_id))


def _mention(folded_text: FoldedText, entry: NameEntry, start: int, end: int) -> Mention:
    s, e = folded_text.span_to_original(start, end)
    return Mention(entry.entity_id, entry.value, s, e, folded_text.original[s:e])


def _latin_matches(folded_text: FoldedText, latin: dict[str, list[NameEntry]]) -> list[Mention]:
    if not latin:
        return []
    prefixes = {key[:i] for key in latin for i in range(1, len(key) + 1)}
    tails = {entry.value: _tail(entry.value) for entries in latin.values() for entry in entries}
    folded = folded_text.folded
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
    found: list[Mention] = []
    for i, (start, _end, word) in enumerate(words):
        joined = canonical_token(word)
        if joined not in prefixes:
            continue
        j = i
        while True:
            for entry in latin.get(joined, ()):
                end = words[j][1]
                tail = tails[entry.value]  # "AT&T <Ltd>" ends in ">": include it when present
                if tail and folded.startswith(tail, end):
                    end += len(tail)
                found.append(_mention(folded_text, entry, start, end))
            j += 1
            if j >= len(words) or j - i >= MAX_NAME_TOKENS:
                break
            if not _JOINERS.fullmatch(folded, words[j - 1][1], words[j][0]):
                break
            joined += canonical_token(words[j][2])
            if joined not in prefixes:
                break
    return found


def _tail(name: str) -> str:
    """The punctuation a name ends with ("." of "Ltd.", ">" of "<Ltd>"), kept in a mention."""
    folded = fold(name).folded
    index = len(folded)
    while index > 0 and not folded[index - 1].isalnum():
        index -= 1
    return folded[index:]


def _cjk_matches(folded_text: FoldedText, cjk: dict[str, list[NameEntry]]) -> list[Mention]:
    if not cjk:
        return []
    # The lengths of the names starting with each pair of characters: a few slices and set
    # lookups per position, however many names share a beginning (평양...).
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in cjk:
        lengths[key[:2]].add(len(key))
    firsts = "".join(sorted({re.escape(k[0]) for k in cjk}))
    folded = folded_text.folded
    found: list[Mention] = []
    for match in re.finditer(f"(?=[{firsts}])", folded):
        at = match.start()
        for length in lengths.get(folded[at : at + 2], ()):
            for entry in cjk.get(folded[at : at + length], ()):
                found.append(_mention(folded_text, entry, at, at + length))
    return found
