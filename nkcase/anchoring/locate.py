"""Finding where a quote's text, or its context, occurs in a text: the raw material of
resolution. Everything here runs in C (``str.find``, ``re``), so it is quick on 5 MB texts.
"""

from __future__ import annotations

import bisect
import re

from nkcase.anchoring.selectors import find_exact

#: More occurrences than this are not examined (a quote that common needs its context).
MAX_OCCURRENCES = 500
#: Characters of the stored prefix's end and suffix's start used as anchors.
ANCHOR_CHARS = 24
#: Characters each side of a quote's old place searched for its context (at least).
BRACKET_REACH = 10_000


def loose_pattern(value: str) -> re.Pattern[str] | None:
    """A pattern matching ``value`` with any run of white space where it has one.

    Re-extraction changes line breaks and spaces ("North\\nKorea" for "North Korea"); compared
    this way they are the same text. Words are never split or joined: "NorthKorea" is a
    different text (a person confirms it). None when ``value`` is only white space.
    """
    words = value.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def occurrences(text: str, exact: str) -> list[tuple[int, int, bool]]:
    """Places of ``exact`` in ``text``: ``(start, end, identical)``, by position.

    Identical occurrences come from a plain search; the others differ only in their white
    space runs (the span then runs from the first to the last non-space character).
    """
    found = [(i, i + len(exact), True) for i in find_exact(text, exact, MAX_OCCURRENCES)]
    pattern = loose_pattern(exact)
    if pattern is None:
        return found
    core_offset = len(exact) - len(exact.lstrip())
    core_length = len(exact.strip())
    covered = {(s + core_offset, s + core_offset + core_length) for s, _e, _x in found}
    for match in pattern.finditer(text):
        if len(found) >= 2 * MAX_OCCURRENCES:
            break
        if match.span() not in covered:
            found.append((match.start(), match.end(), False))
    return sorted(found)


def anchors(
    text: str, context: str, *, before: bool, window: tuple[int, int], limit: int = 200
) -> list[int]:
    """Where the stored context occurs: for a prefix, the offsets just after its end; for a
    suffix, the offsets of its start. Only the ``ANCHOR_CHARS`` next to the quote are used.

    An empty context (the quote was at the start or end of the text) anchors at that end.
    Only ``text[window[0]:window[1]]`` is searched.
    """
    core = context.strip()
    if not core:
        return [0] if before else [len(text)]
    piece = core[-ANCHOR_CHARS:] if before else core[:ANCHOR_CHARS]
    pattern = loose_pattern(piece)
    assert pattern is not None
    found: list[int] = []
    for match in pattern.finditer(text, *window):
        found.append(match.end() if before else match.start())
        if len(found) >= limit:
            break
    return found


def bracketed(
    text: str, prefix: str, suffix: str, old: tuple[int, int], limit: int = 20
) -> list[tuple[int, int]]:
    """Spans enclosed by the stored prefix and suffix, of a length plausible for a quote that
    was ``old`` (its old span): from a third to three times as long, and within
    ``BRACKET_REACH`` of the old place (a tenth of the text, at least 10,000 characters:
    more than re-extraction shifts a passage).

    These are where the quote *was*, whatever it says now.
    """
    length = old[1] - old[0]
    reach = max(BRACKET_REACH, len(text) // 10)
    window = (max(0, old[0] - reach), min(len(text), old[1] + reach))
    starts = anchors(text, prefix, before=True, window=window)
    ends = anchors(text, suffix, before=False, window=window)
    if not starts or not ends:
        return []
    low, high = max(0, length // 3 - 8), 3 * length + 40
    found: list[tuple[int, int]] = []
    for a in starts:
        i = bisect.bisect_left(ends, a + low)
        while i < len(ends) and ends[i] - a <= high:
            found.append(_trim(text, a, ends[i]))
            i += 1
            if len(found) >= limit:
                return found
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
