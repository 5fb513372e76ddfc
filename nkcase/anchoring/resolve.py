"""Resolving a quote's selectors against a (possibly re-extracted) text.

Order of trust:

1. **exact** — the exact text at the same position, and the context there agrees (or the
   quote is long enough that a coincidence is out of the question).
2. **moved** — the exact text elsewhere, or the same words with other white space between
   them (line breaks and spaces from a new extraction; a word split or joined is an edit).
   It is accepted when the stored prefix and suffix agree with the text around it clearly
   better than around any other occurrence, or when it is the only occurrence of a
   distinctive quote near its old place (repairs on both sides can ruin the context) — and
   in both cases only if the stored context does not enclose an *edited* version of the
   quote somewhere else (then the quote itself changed, and the copy found is another
   passage saying what it used to say).
3. **fuzzy** — anything less certain: candidates scored 0–100, best first, for a person to
   accept. Two equally plausible occurrences are never chosen between by a guess.
4. **orphan** — nothing scores ``FUZZY_MIN`` or more.

A wrong anchor is worse than an orphan: every rule above errs towards review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nkcase.anchoring.candidates import Candidate, fuzzy_candidates
from nkcase.anchoring.context import context_score
from nkcase.anchoring.locate import bracketed, occurrences
from nkcase.anchoring.selectors import TextSelectors

#: Context agreement (0–1) an occurrence needs to be accepted without review.
TRUST = 0.62
#: Context agreement the old position needs when the exact text is still there.
SAME_PLACE = 0.5
#: An exact text at least this long at its old position is trusted whatever surrounds it.
LONG_ENOUGH = 20
#: The best occurrence must beat the runner-up by this much, else a person chooses.
MARGIN = 0.15
#: "Near": within this many characters, or this fraction of the text, of the old place.
#: The only occurrence of a distinctive quote (``LONG_ENOUGH`` characters or more) near its
#: old place is accepted whatever its context: repairs on both sides of a quote can destroy
#: the context, while a wrong place would need the quote edited where it was, its old wording
#: repeated nearby and both its anchors gone (the edited-place check catches the rest).
NEAR_CHARS = 1000
NEAR_FRACTION = 0.02

Status = Literal["exact", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome: ``start``/``end`` for exact and moved; ``candidates`` for fuzzy."""

    status: Status
    start: int | None = None
    end: int | None = None
    candidates: list[Candidate] = field(default_factory=list)
    reason: str = ""


def _words(value: str) -> str:
    """``value`` with white space runs made single spaces: what "the same text" compares."""
    return " ".join(value.split())


def resolve(sel: TextSelectors, text: str) -> Resolution:
    """Find the quote described by ``sel`` in ``text`` (see the module docstring)."""
    if not sel.exact.strip():
        return Resolution("orphan", reason="the quote has no text to look for")
    if text[sel.start : sel.end] == sel.exact:
        same = context_score(sel, text, sel.start, sel.end)
        if same >= SAME_PLACE or len(sel.exact.strip()) >= LONG_ENOUGH:
            return Resolution("exact", sel.start, sel.end, reason="same text at the same place")

    found = occurrences(text, sel.exact)
    ranked = sorted(
        ((context_score(sel, text, s, e), s, e, identical) for s, e, identical in found),
        key=lambda item: (-item[0], abs(item[1] - sel.start)),
    )
    wanted = _words(sel.exact)
    edited = [
        span
        for span in bracketed(text, sel.prefix, sel.suffix, (sel.start, sel.end))
        if _words(text[span[0] : span[1]]) != wanted
    ]
    reason = "similar text found: please confirm"
    if edited:
        reason = "the passage was changed where it was: please confirm the new wording"
    if ranked:
        score, start, end, identical = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else None
        clear = runner_up is None or score - runner_up >= MARGIN
        elsewhere = [span for span in edited if span[1] <= start or span[0] >= end]
        near = abs(start - sel.start) <= max(NEAR_CHARS, NEAR_FRACTION * len(text))
        distinctive = len(sel.exact.strip()) >= LONG_ENOUGH
        single_near = runner_up is None and near and distinctive
        if (score >= TRUST or single_near) and clear and not elsewhere:
            how = "same text" if identical else "same words, white space changed"
            why = "the only occurrence" if runner_up is None else "chosen by its context"
            return Resolution("moved", start, end, reason=f"{how}: {why}")
        if elsewhere:
            reason = "the passage was changed where it was, and its old wording occurs elsewhere"
        elif score >= TRUST:
            reason = "the text occurs in several places that fit equally well: choose one"
        else:
            reason = "the text occurs, but not in its old surroundings: please confirm"
    candidates = fuzzy_candidates(sel, text, [(s, e) for _c, s, e, _i in ranked], edited)
    if not candidates:
        return Resolution("orphan", reason="the passage is no longer in the text")
    return Resolution("fuzzy", candidates=candidates, reason=reason)
