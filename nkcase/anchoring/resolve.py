"""Resolving a quote's selectors against a (possibly re-extracted) text.

Order of trust: the exact text at the same position; the exact text elsewhere (white space may
differ), chosen by how well the prefix and suffix agree and by nearness; fuzzy candidates with
scores, which a person must accept; otherwise an orphan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from nkcase.anchoring.selectors import TextSelectors

#: An exact text at least this long, occurring once, is trusted without context.
LONG_ENOUGH = 20
#: Context agreement (0–1) needed to trust a short or repeated exact text.
CONTEXT_NEEDED = 0.5
#: The best occurrence must beat the second by this much, else a person chooses.
MARGIN = 0.2
#: Fuzzy candidates below this score (0–100) are not offered.
FUZZY_MIN = 60.0
NEAR_WINDOW = 4000

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Resolution:
    status: str  # "exact", "moved", "fuzzy", "orphan"
    start: int | None = None
    end: int | None = None
    candidates: list[Candidate] = field(default_factory=list)
    reason: str = ""


class _Squeezed:
    """A text with white space runs collapsed to one space, and the map back."""

    def __init__(self, text: str) -> None:
        parts: list[str] = []
        self.starts: list[int] = []
        position = 0
        for match in _SPACE.finditer(text):
            chunk = text[position : match.start()]
            parts.append(chunk)
            self.starts.extend(range(position, match.start()))
            parts.append(" ")
            self.starts.append(match.start())
            position = match.end()
        parts.append(text[position:])
        self.starts.extend(range(position, len(text)))
        self.text = "".join(parts)
        self.original = text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of squeezed ``[start, end)`` (end after the last character)."""
        first = self.starts[start]
        last_start = self.starts[end - 1]
        last_end = last_start + 1
        if self.text[end - 1] == " ":  # a collapsed run: include all of it
            while last_end < len(self.original) and self.original[last_end].isspace():
                last_end += 1
        return first, last_end


def _squeeze(value: str) -> str:
    return _SPACE.sub(" ", value)


def _agreement(expected: str, actual: str, *, from_end: bool) -> float:
    """How much of the stored context is found next to the occurrence (0–1)."""
    expected, actual = _squeeze(expected).strip(), _squeeze(actual).strip()
    if not expected:
        return 1.0 if not actual else 0.5
    if from_end:
        expected, actual = expected[::-1], actual[::-1]
    shared = 0
    for a, b in zip(expected, actual, strict=False):
        if a != b:
            break
        shared += 1
    direct = shared / len(expected)
    return max(direct, fuzz.ratio(expected, actual) / 100 * 0.9)


def _context_score(sel: TextSelectors, text: str, start: int, end: int) -> float:
    before = text[max(0, start - len(sel.prefix) - 8) : start]
    after = text[end : end + len(sel.suffix) + 8]
    prefix = _agreement(
        sel.prefix, before[-len(sel.prefix) :] if sel.prefix else before, from_end=True
    )
    suffix = _agreement(
        sel.suffix, after[: len(sel.suffix)] if sel.suffix else after, from_end=False
    )
    return (prefix + suffix) / 2


def _choose(
    sel: TextSelectors, text: str, spans: list[tuple[int, int]], how: str
) -> Resolution | None:
    """Pick among occurrences of the exact text; None when none is trustworthy."""
    scored = sorted(
        ((_context_score(sel, text, s, e), -abs(s - sel.start), s, e) for s, e in spans),
        reverse=True,
    )
    best_score, _, start, end = scored[0]
    unique = len(scored) == 1
    long_enough = len(sel.exact.strip()) >= LONG_ENOUGH
    if unique and (long_enough or best_score >= CONTEXT_NEEDED):
        return Resolution("moved", start, end, reason=f"{how}: the only occurrence")
    if not unique and best_score >= CONTEXT_NEEDED and best_score - scored[1][0] >= MARGIN:
        return Resolution("moved", start, end, reason=f"{how}: chosen by its context")
    return None


def resolve(sel: TextSelectors, text: str) -> Resolution:
    """Find the quote described by ``sel`` in ``text`` (see the module docstring)."""
    if text[sel.start : sel.end] == sel.exact:
        return Resolution("exact", sel.start, sel.end, reason="same text at the same place")
    spans: list[tuple[int, int]] = []
    index = text.find(sel.exact)
    while index >= 0 and len(spans) < 1000:
        spans.append((index, index + len(sel.exact)))
        index = text.find(sel.exact, index + 1)
    if spans:
        chosen = _choose(sel, text, spans, "same text elsewhere")
        if chosen is not None:
            return chosen
    squeezed = _Squeezed(text)
    needle = _squeeze(sel.exact)
    loose: list[tuple[int, int]] = []
    index = squeezed.text.find(needle)
    while index >= 0 and len(loose) < 1000 and needle.strip():
        loose.append(squeezed.span(index, index + len(needle)))
        index = squeezed.text.find(needle, index + 1)
    if loose and not spans:
        chosen = _choose(sel, text, loose, "same text, white space changed")
        if chosen is not None:
            s, e = chosen.start, chosen.end
            assert s is not None and e is not None
            while e > s and text[e - 1].isspace() and not sel.exact[-1:].isspace():
                e -= 1
            return Resolution("moved", s, e, reason=chosen.reason)
    candidates = _fuzzy(sel, text, [*spans, *loose])
    if candidates:
        return Resolution("fuzzy", candidates=candidates, reason="similar text: needs review")
    return Resolution("orphan", reason="the passage is no longer in the text")


def _fuzzy(sel: TextSelectors, text: str, exact_spans: list[tuple[int, int]]) -> list[Candidate]:
    """Approximate matches, best first, near the old place and then anywhere."""
    found: dict[tuple[int, int], float] = {}
    for s, e in exact_spans:  # exact text whose context we could not trust
        found[(s, e)] = 100.0 * (0.5 + 0.5 * _context_score(sel, text, s, e))
    length = len(sel.exact)
    windows = [
        (max(0, sel.start - NEAR_WINDOW), min(len(text), sel.end + NEAR_WINDOW)),
        (0, len(text)),
    ]
    for lo, hi in windows:
        haystack = text[lo:hi]
        if not haystack:
            continue
        alignment = fuzz.partial_ratio_alignment(sel.exact, haystack, score_cutoff=FUZZY_MIN)
        if alignment is not None and alignment.score >= FUZZY_MIN:
            start = lo + alignment.dest_start
            end = lo + alignment.dest_end
            start, end = _snap(text, start, end, length)
            score = fuzz.ratio(sel.exact, text[start:end])
            if score >= FUZZY_MIN:
                found.setdefault((start, end), round(score, 1))
        if found:
            break
    return [
        Candidate(s, e, text[s:e], score)
        for (s, e), score in sorted(found.items(), key=lambda item: -item[1])
    ][:5]


def _snap(text: str, start: int, end: int, length: int) -> tuple[int, int]:
    """Widen an alignment to whole words, keeping it near the quote's length."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    if end - start > 2 * length + 10:
        end = start + length
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
