"""The search form of a text, with a map back to the original.

Search, mentions and quote finding compare texts in a folded form so that a query typed on
any keyboard finds "Indo‐Pacific" and "Pyongyang’s":

- NFKC (ligatures, full-width letters) and case folding ("Straße" → "strasse");
- diacritics removed from Latin and Greek letters ("Ŏ" → "o", "é" → "e", "ø" → "o"); other
  scripts keep their marks (Thai tone marks and Japanese dakuten carry meaning), and Hangul
  syllables stay composed (never split into jamo);
- curly quotes and apostrophes made ASCII, the many hyphens, dashes and minus signs made "-",
  soft hyphens and zero-width characters dropped;
- every run of white space made one space, leading and trailing white space dropped.

Decomposed input folds like composed input ("e" + U+0301 = "é"; conjoining jamo = the
syllable), so the folded form does not depend on how the text was normalised.

Every folded character remembers the offset of the original character it came from
(``array('I')``, 4 bytes a character), so a match in the folded text maps back to the exact
passage. Most of the work runs in C (``str.translate``, ``re``); a 1 MB text folds in a few
hundredths of a second.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_PUNCTUATION = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\uff07`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),  # soft hyphen, zero width
}
# Latin letters that carry a stroke or are ligatures, which Unicode does not decompose.
_LATIN_EXTRA = {
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ŧ": "t",
    "ı": "i",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ƀ": "b",
    "ɨ": "i",
}
_CACHE: dict[str, str] = {}


def _strips_marks(ch: str) -> bool:
    """Latin and Greek letters lose their diacritics; other scripts keep them."""
    if ch.isascii():
        return True
    name = unicodedata.name(ch, "")
    return name.startswith(("LATIN", "GREEK", "FULLWIDTH LATIN"))


def _is_mark(ch: str) -> bool:
    """A character that belongs to the one before it: a combining mark or a medial/final jamo."""
    code = ord(ch)
    return (
        unicodedata.category(ch)[0] == "M" or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF
    )


def _fold_cluster(cluster: str) -> str:
    """Fold a base character with the marks that follow it (a single character is a cluster)."""
    if len(cluster) == 1 and _is_hangul_letter(cluster):
        return cluster  # NFKC would turn compatibility jamo (ㄱ) into conjoining ones
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", cluster).casefold():
        if ch in _PUNCTUATION:
            out.append(_PUNCTUATION[ch])
        elif ch.isspace():
            out.append(" ")
        elif _is_mark(ch):
            # A mark NFKC could not compose: kept on a letter of a script that keeps marks.
            if out and out[-1] and not out[-1].isspace() and not _strips_marks(out[-1][-1]):
                out.append(ch)
        elif _strips_marks(ch):
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            out.append("".join(_LATIN_EXTRA.get(c, c) for c in base))
        else:
            out.append(ch)
    return "".join(_PUNCTUATION.get(c, c) for c in "".join(out))


def _is_hangul_letter(ch: str) -> bool:
    """Hangul syllables and compatibility or half-width jamo: kept exactly as they are."""
    code = ord(ch)
    return 0xAC00 <= code <= 0xD7A3 or 0x3130 <= code <= 0x318F or 0xFFA0 <= code <= 0xFFDC


def fold_char(ch: str) -> str:
    """The folded form of one character ("" when it folds away)."""
    folded = _CACHE.get(ch)
    if folded is None:
        folded = _CACHE[ch] = _fold_cluster(ch) if not _is_mark(ch) else ""
    return folded


@lru_cache(maxsize=65536)
def _fold_cluster_cached(cluster: str) -> str:
    return _fold_cluster(cluster)


@dataclass(frozen=True, slots=True)
class FoldedText:
    """``folded`` and, for each of its characters, the offset in ``original`` it came from."""

    original: str
    folded: str
    offsets: array[int]

    @property
    def original_length(self) -> int:
        return len(self.original)

    def to_original(self, index: int) -> int:
        """The original offset of folded position ``index``; the folded end maps to the end."""
        if index < 0:
            raise IndexError(f"folded index {index} is negative")
        if index >= len(self.offsets):
            return len(self.original)
        return int(self.offsets[index])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded ``[start, end)``.

        It starts at the first character's origin and ends after the last one's, including
        the combining marks that were folded into it (so "é" written e + U+0301 is kept whole).
        """
        if end <= start:
            at = self.to_original(start)
            return at, at
        end = min(end, len(self.offsets))
        first = int(self.offsets[start])
        last = int(self.offsets[end - 1]) + 1
        original = self.original
        while last < len(original) and _is_mark(original[last]):
            last += 1
        return first, last


def _table(chars: set[str]) -> dict[int, str]:
    return {ord(c): fold_char(c) for c in chars}


def fold(text: str) -> FoldedText:
    """Fold ``text`` (see the module docstring) keeping the map back to it."""
    chars = set(text)
    table = _table(chars)
    marks = [c for c in chars if _is_mark(c)]
    irregular = [c for c in chars if len(table[ord(c)]) != 1]
    # Step 1: per character (or cluster) folding. ``stage`` is the folded text before white
    # space is collapsed; ``origin`` maps it to the original (None while it is the identity).
    if not marks and not irregular:
        stage = text.translate(table)
        origin: array[int] | None = None
    else:
        alternatives = []
        if marks:
            mark_class = "[" + "".join(re.escape(c) for c in sorted(marks)) + "]+"
            alternatives += ["(?s:.)" + mark_class, mark_class]
        if irregular:
            alternatives.append("[" + "".join(re.escape(c) for c in sorted(irregular)) + "]")
        pattern = re.compile("|".join(alternatives))
        parts: list[str] = []
        origin = array("I")
        position = 0
        for match in pattern.finditer(text):
            at = match.start()
            if at > position:
                parts.append(text[position:at].translate(table))
                origin.extend(range(position, at))
            piece = match.group()
            folded = table[ord(piece)] if len(piece) == 1 else _fold_cluster_cached(piece)
            parts.append(folded)
            origin.extend([at] * len(folded))
            position = match.end()
        parts.append(text[position:].translate(table))
        origin.extend(range(position, len(text)))
        stage = "".join(parts)
    # Step 2: collapse white space runs and trim the ends.
    first = len(stage) - len(stage.lstrip(" "))
    last = len(stage.rstrip(" "))
    segments: list[tuple[int, int]] = []
    position = first
    for match in _SPACES.finditer(stage, first, last):
        segments.append((position, match.start() + 1))
        position = match.end()
    if last > position:
        segments.append((position, last))
    folded_text = "".join(stage[a:b] for a, b in segments)
    offsets = array("I")
    for a, b in segments:
        if origin is None:
            offsets.extend(range(a, b))
        else:
            offsets.extend(origin[a:b])
    return FoldedText(text, folded_text, offsets)


_SPACES = re.compile(" {2,}")


def fold_text(text: str) -> str:
    """``fold(text).folded`` without the offset map: what the search index stores."""
    chars = set(text)
    if any(_is_mark(c) for c in chars):
        return fold(text).folded
    return " ".join(part for part in text.translate(_table(chars)).split(" ") if part)


def fold_parts(whole: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """``fold_text(whole[start:end])`` for each span, with one translation table for all.

    The search index folds a document's passages; building the table (and looking for
    combining marks) once per document instead of once per passage halves the cost.
    """
    chars = set(whole)
    marks = [c for c in chars if _is_mark(c)]
    table = _table(chars)
    has_marks = re.compile("[" + "".join(re.escape(c) for c in marks) + "]").search \
        if marks else None
    # When every character folds to one character, offsets survive the translation: translate
    # the whole text once and cut the parts out of it.
    same_offsets = all(len(folded) == 1 for folded in table.values())
    translated = whole.translate(table) if same_offsets else ""
    parts: list[str] = []
    for start, end in spans:
        if has_marks is not None and has_marks(whole, start, end):
            parts.append(fold(whole[start:end]).folded)
            continue
        plain = translated[start:end] if same_offsets else whole[start:end].translate(table)
        parts.append(" ".join(filter(None, plain.split(" "))))
    return parts
