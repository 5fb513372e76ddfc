"""Anchoring properties: edits outside a quote never lose it or move it to another passage;
edits inside it never move it silently; repeated passages are told apart by context."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nkcase.anchoring import find_exact, make_selectors, resolve
from tests.anchoring.textgen import edit_in, pick_quote, random_text

# NKCASE_ANCHOR_EXAMPLES=5000 runs a long search for rare failures.
EXAMPLES = int(os.environ.get("NKCASE_ANCHOR_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def words(value: str) -> str:
    return " ".join(value.split())


@SETTINGS
@given(seed=st.integers(0, 2**32), n_edits=st.integers(1, 8), near=st.booleans())
def test_edits_outside_a_quote_resolve_to_the_same_characters(
    seed: int, n_edits: int, near: bool
) -> None:
    """``near``: every edit within 40 characters of the quote (repairs next to it)."""
    rng = random.Random(seed)
    text = random_text(rng, 300)
    start, end = pick_quote(rng, text)
    quote = text[start:end]
    assume(len(find_exact(text, quote)) == 1)
    sel = make_selectors(text, start, end)
    for _ in range(n_edits):
        reach = 40 if near else len(text)
        if rng.random() < 0.5:
            change = edit_in(rng, max(0, start - reach), start)
            start += change.shift
            end += change.shift
        else:
            change = edit_in(rng, end, min(len(text), end + reach))
        text = change.apply(text)
        assert text[start:end] == quote  # the edit really stayed outside
    result = resolve(sel, text)
    assert result.status in ("exact", "moved"), result
    assert (result.start, result.end) == (start, end)


@SETTINGS
@given(seed=st.integers(0, 2**32), n_edits=st.integers(1, 3))
def test_edits_inside_a_quote_are_reviewed_or_keep_the_same_place(seed: int, n_edits: int) -> None:
    rng = random.Random(seed)
    text = random_text(rng, 300)
    start, end = pick_quote(rng, text)
    quote = text[start:end]
    sel = make_selectors(text, start, end)
    edited = text
    inner_end = end
    for _ in range(n_edits):
        change = edit_in(rng, start + 1, inner_end - 1)
        edited = change.apply(edited)
        inner_end += change.shift
    assume(edited[start:inner_end] != quote)
    result = resolve(sel, edited)
    if result.status in ("exact", "moved"):
        # Only white space changed inside: the same place, the same words, never elsewhere.
        assert (result.start, result.end) == (start, inner_end)
        assert words(edited[start:inner_end]) == words(quote)
    else:
        assert result.status in ("fuzzy", "orphan")
        assert result.start is None and result.end is None


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_an_edited_quote_is_not_moved_to_a_copy_of_its_old_wording(seed: int) -> None:
    rng = random.Random(seed)
    text = random_text(rng, 300)
    start, end = pick_quote(rng, text, 30, 80)
    quote = text[start:end]
    # The same wording also occurs far later (a summary repeating a finding).
    copy_at = text.index(" ", len(text) - 200) + 1
    text = text[:copy_at] + quote + " " + text[copy_at:]
    sel = make_selectors(text, start, end)
    change = edit_in(rng, start + 1, end - 1)
    edited = change.apply(text)
    assume(words(edited[start : end + change.shift]) != words(quote))
    result = resolve(sel, edited)
    assert result.status == "fuzzy", result
    # The edited old place is offered for review (beside the copy of the old wording).
    assert any(
        c.start <= start + 2 and c.end >= end + change.shift - 2 for c in result.candidates
    ), result


@SETTINGS
@given(seed=st.integers(0, 2**32), before=st.integers(0, 3), after=st.integers(0, 3))
def test_duplicates_are_told_apart_by_their_context(seed: int, before: int, after: int) -> None:
    rng = random.Random(seed)
    passage = "the vessel transferred coal"
    first = random_text(rng, 40)
    middle = random_text(rng, 40)
    last = random_text(rng, 40)
    text = f"{first} {passage} {middle} {passage} {last}"
    which = rng.choice((0, 1))
    start = text.index(passage) if which == 0 else text.rindex(passage)
    sel = make_selectors(text, start, start + len(passage))
    shifted = random_text(rng, before) + " " + text + " " + random_text(rng, after)
    offset = shifted.index(text)
    result = resolve(sel, shifted)
    assert result.status in ("exact", "moved"), result
    assert result.start == start + offset
