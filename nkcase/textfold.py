"""The search form of a text, with a map back to the original.

Search, mentions and quote finding compare texts in a folded form — NFKC, case-folded, Latin
diacritics removed, curly quotes and the many hyphen and dash characters made ASCII, runs of
white space made one space — so that a query typed on any keyboard finds "Indo‐Pacific" and
"Pyongyang’s". Every folded character remembers the original offset it came from, so a match
in the folded text maps back to the exact passage in the frozen text.
"""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass

_PUNCTUATION = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\uff07`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
}
_CACHE: dict[str, str] = {}


def _is_hangul(ch: str) -> bool:
    code = ord(ch)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def fold_char(ch: str) -> str:
    """The folded form of one character ("" when it folds away)."""
    if ch in _PUNCTUATION:
        return _PUNCTUATION[ch]
    if ch.isspace():
        return " "
    if _is_hangul(ch):
        return unicodedata.normalize("NFKC", ch)
    folded = unicodedata.normalize("NFKC", ch).casefold()
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return "".join(_PUNCTUATION.get(c, c) for c in unicodedata.normalize("NFC", stripped))


@dataclass(frozen=True, slots=True)
class FoldedText:
    """``folded`` and, for each of its characters, the offset in the original it came from."""

    original_length: int
    folded: str
    offsets: array[int]

    def to_original(self, index: int) -> int:
        """The original offset of folded position ``index`` (the end maps to the end)."""
        if index >= len(self.offsets):
            return self.original_length
        return int(self.offsets[index])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering folded ``[start, end)``."""
        if end <= start:
            at = self.to_original(start)
            return at, at
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def fold(text: str) -> FoldedText:
    """Fold ``text`` (see the module docstring). About a second per 3 MB here."""
    parts: list[str] = []
    offsets = array("I")
    cache = _CACHE
    previous_space = True  # leading white space is dropped
    for index, ch in enumerate(text):
        folded = cache.get(ch)
        if folded is None:
            folded = cache[ch] = fold_char(ch)
        if not folded:
            continue
        if folded == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        parts.append(folded)
        if len(folded) == 1:
            offsets.append(index)
        else:
            offsets.extend([index] * len(folded))
    joined = "".join(parts)
    if joined.endswith(" "):
        joined = joined[:-1]
        offsets.pop()
    return FoldedText(len(text), joined, offsets)


def fold_text(text: str) -> str:
    """``fold(text).folded`` without the offset map: what the search index stores.

    Many times faster than :func:`fold` (one ``str.translate`` in C), for indexing large texts.
    """
    cache = _CACHE
    table: dict[int, str] = {}
    for ch in set(text):
        folded = cache.get(ch)
        if folded is None:
            folded = cache[ch] = fold_char(ch)
        table[ord(ch)] = folded
    return " ".join(part for part in text.translate(table).split(" ") if part)
