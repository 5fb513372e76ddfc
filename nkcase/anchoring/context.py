"""How well the context stored with a quote agrees with the text around a place.

Each side scores 0–1: the longer of (a) the run of characters that agree right next to the
quote and (b) the longest common subsequence of the stored context and a slightly longer
window of the text, relative to the stored context. (b) forgives insertions and small
deletions near the quote (a repaired hyphenation, a page header that moved); unrelated text
scores about 0.45 on it, which is why the thresholds in ``resolve`` sit well above that.
White space is compared collapsed.
"""

from __future__ import annotations

from rapidfuzz.distance import LCSseq

from nkcase.anchoring.selectors import TextSelectors

#: Extra characters of text compared beyond the stored context's length (insertions).
SLACK = 16
#: Score of a side whose stored context is empty (the quote was at the start or end of the
#: text) when the text now has something there.
EMPTY_SIDE_MISMATCH = 0.25


def squeeze(value: str) -> str:
    """White space runs collapsed to one space, ends trimmed."""
    return " ".join(value.split())


def side_agreement(stored: str, actual: str, *, before: bool) -> float:
    """Agreement of a stored prefix (``before=True``) or suffix with the text next to a place.

    ``actual`` is raw text ending (prefix) or starting (suffix) at the place, a little longer
    than ``stored``.
    """
    expected = squeeze(stored)
    found = squeeze(actual)
    if not expected:
        return 1.0 if not found else EMPTY_SIDE_MISMATCH
    window = found[-(len(expected) + SLACK) :] if before else found[: len(expected) + SLACK]
    if before:
        pairs = zip(reversed(expected), reversed(window), strict=False)
    else:
        pairs = zip(expected, window, strict=False)
    run = 0
    for a, b in pairs:
        if a != b:
            break
        run += 1
    common = LCSseq.similarity(expected, window)
    return max(run, common) / len(expected)


def context_score(sel: TextSelectors, text: str, start: int, end: int) -> float:
    """Mean agreement of the stored prefix and suffix with the text around ``[start, end)``."""
    reach_before = 2 * len(sel.prefix) + 2 * SLACK
    reach_after = 2 * len(sel.suffix) + 2 * SLACK
    before = text[max(0, start - reach_before) : start]
    after = text[end : end + reach_after]
    return (
        side_agreement(sel.prefix, before, before=True)
        + side_agreement(sel.suffix, after, before=False)
    ) / 2
