"""Fuzzy candidates for a quote that cannot be placed with certainty.

Candidates come from (in order of cost): occurrences of the exact text whose context did not
convince; spans the stored prefix and suffix still enclose (the quote's old place, edited);
the best approximate alignment near the old position; and, only when that finds nothing,
the best alignment anywhere in the text. Each is scored 0–100:
``65 × text similarity + 35 × context agreement``, so a passage that reads the same but
sits in other surroundings still ranks high, and surroundings alone cannot make a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from nkcase.anchoring.context import context_score, squeeze
from nkcase.anchoring.selectors import TextSelectors

#: Candidates scoring less are not offered (the quote becomes an orphan).
FUZZY_MIN = 60.0
#: Characters each side of the old position searched first.
NEAR_WINDOW = 4000
#: Candidates returned at most.
MAX_CANDIDATES = 5
#: Exact occurrences examined as candidates at most.
MAX_OCCURRENCE_CANDIDATES = 20


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible new place of a quote: the span, its text and a 0–100 score."""

    start: int
    end: int
    text: str
    score: float


def score(sel: TextSelectors, text: str, start: int, end: int) -> float:
    """The 0–100 score of ``text[start:end]`` as the new place of the quote."""
    similarity = Indel.normalized_similarity(squeeze(sel.exact), squeeze(text[start:end]))
    return round(100 * (0.65 * similarity + 0.35 * context_score(sel, text, start, end)), 1)


def fuzzy_candidates(
    sel: TextSelectors,
    text: str,
    occurrence_spans: list[tuple[int, int]],
    edited_spans: list[tuple[int, int]],
) -> list[Candidate]:
    """The candidates, best first, overlapping ones merged."""
    scored: dict[tuple[int, int], float] = {}

    def add(start: int, end: int) -> None:
        start, end = _trim(text, start, end)
        if end > start and (start, end) not in scored:
            scored[(start, end)] = score(sel, text, start, end)

    for start, end in occurrence_spans[:MAX_OCCURRENCE_CANDIDATES]:
        add(start, end)
    for start, end in edited_spans:
        add(start, end)
    near = (max(0, sel.start - NEAR_WINDOW), min(len(text), sel.end + NEAR_WINDOW))
    aligned = _align(sel, text, *near)
    if aligned is None and near != (0, len(text)):
        aligned = _align(sel, text, 0, len(text))
    if aligned is not None:
        add(*aligned)
    kept: list[tuple[float, int, int]] = []
    ordered = sorted(scored.items(), key=lambda kv: (-kv[1], abs(kv[0][0] - sel.start)))
    for (start, end), value in ordered:
        if value < FUZZY_MIN:
            break
        if any(start < e and s < end for _v, s, e in kept):
            continue
        kept.append((value, start, end))
        if len(kept) == MAX_CANDIDATES:
            break
    return [Candidate(s, e, text[s:e], v) for v, s, e in kept]


def _align(sel: TextSelectors, text: str, low: int, high: int) -> tuple[int, int] | None:
    """The best approximate place of the quote in ``text[low:high]``, refined to word edges."""
    alignment = fuzz.partial_ratio_alignment(sel.exact, text[low:high], score_cutoff=FUZZY_MIN)
    if alignment is None:
        return None
    start, end = low + alignment.dest_start, low + alignment.dest_end
    return _refine(sel, text, start, end)


def _refine(sel: TextSelectors, text: str, start: int, end: int) -> tuple[int, int]:
    """Move the edges of an alignment (which has the old length) to the edges that make the
    span read most like the quote: an insertion inside makes the passage longer. A quote that
    began and ended on word edges gets a candidate that does too ("2015", never "201")."""
    target = squeeze(sel.exact)
    reach = min(60, max(8, len(sel.exact) // 2))
    on_word_start = sel.exact[:1].isalnum() and not sel.prefix[-1:].isalnum()
    on_word_end = sel.exact[-1:].isalnum() and not sel.suffix[:1].isalnum()
    starts = _edges(text, start, reach, on_word_start)
    ends = _edges(text, end, reach, on_word_end)
    best = (-1.0, start, end)
    for s in starts:
        for e in ends:
            if e > s:
                value = Indel.normalized_similarity(target, squeeze(text[s:e]))
                if value > best[0]:
                    best = (value, s, e)
    return best[1], best[2]


def _edges(text: str, at: int, reach: int, words: bool) -> list[int]:
    """Candidate edges near ``at``, nearest first: word edges only when ``words``."""
    if not words:
        return [at]
    found = []
    low, high = max(0, at - reach), min(len(text), at + reach)
    for i in range(low, high + 1):
        left = text[i - 1] if i > 0 else " "
        right = text[i] if i < len(text) else " "
        if left.isalnum() != right.isalnum():
            found.append(i)
    return sorted(found, key=lambda i: abs(i - at))[:12] or [at]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
