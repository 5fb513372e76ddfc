"""Anchoring: random edits outside a quote never lose it; edits inside never move it silently."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkcase.anchoring import find_exact, make_selectors, resolve

WORDS = (
    "vessel cargo tanker company restaurant director coal oil port transfer panel report "
    "owner manager flag account invoice front network trading office contract worker"
).split()


def random_text(rng: random.Random, n_words: int) -> str:
    return " ".join(f"{rng.choice(WORDS)}{rng.randrange(1000)}" for _ in range(n_words))


def edit(rng: random.Random, text: str, lo: int, hi: int) -> tuple[str, int]:
    """One random insertion, deletion or replacement inside [lo, hi); returns the new text and
    how much it shifted what follows."""
    at = rng.randrange(lo, max(lo + 1, hi))
    kind = rng.choice(["insert", "delete", "replace"])
    piece = rng.choice([" extra words here ", "X", "\n\n", "  ", "ﬁ"])
    if kind == "insert":
        return text[:at] + piece + text[at:], len(piece)
    cut = min(len(text) - at, rng.randrange(1, 12))
    if kind == "delete":
        return text[:at] + text[at + cut :], -cut
    return text[:at] + piece + text[at + cut :], len(piece) - cut


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), edits=st.integers(1, 6))
def test_edits_outside_a_quote_keep_it_on_the_same_passage(seed: int, edits: int) -> None:
    rng = random.Random(seed)
    text = random_text(rng, 200)
    start = text.index(" ", rng.randrange(200, len(text) // 2)) + 1
    end = text.index(" ", start + 40)
    sel = make_selectors(text, start, end)
    quote = text[start:end]
    new_start = start
    for _ in range(edits):
        if rng.random() < 0.5:
            text, shift = edit(rng, text, 0, new_start - 1)
            new_start += shift
        else:
            text, _ = edit(rng, text, new_start + len(quote) + 1, len(text))
    if len(find_exact(text, quote)) != 1:
        return  # an edit duplicated the passage; covered by the ambiguity test
    result = resolve(sel, text)
    assert result.status in ("exact", "moved"), result
    assert (result.start, result.end) == (new_start, new_start + len(quote))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_edits_inside_a_quote_never_move_it_silently(seed: int) -> None:
    rng = random.Random(seed)
    text = random_text(rng, 200)
    start = text.index(" ", rng.randrange(200, len(text) // 2)) + 1
    end = text.index(" ", start + 40)
    sel = make_selectors(text, start, end)
    edited, _ = edit(rng, text, start + 1, end - 1)
    if edited[start : start + (end - start)] == sel.exact or sel.exact in edited:
        return  # the edit left the quote intact (e.g. replaced a letter with itself)
    result = resolve(sel, edited)
    if result.status in ("exact", "moved"):
        # Only white space changed inside: the same passage, never another one.
        assert result.start is not None and abs(result.start - start) <= 2
        assert " ".join(edited[result.start : result.end].split()) == " ".join(sel.exact.split())
    else:
        assert result.status in ("fuzzy", "orphan")


def test_repeated_text_is_chosen_by_context_or_sent_to_review() -> None:
    text = "In 2019 the company paid rent. Later, the Sea Star company paid rent. End of note."
    first = text.index("the company paid rent")
    sel = make_selectors(text, first, first + len("company paid rent") + 4)
    moved = "PREFACE. " + text
    result = resolve(sel, moved)
    assert result.status == "moved" and result.start == first + len("PREFACE. ")
    short = make_selectors(text, text.index("paid rent"), text.index("paid rent") + 9)
    scrambled = "paid rent; paid rent; paid rent."
    assert resolve(short, scrambled).status in ("fuzzy", "orphan")


def test_whitespace_changes_inside_are_moved_and_vanished_text_is_orphan() -> None:
    text = "Albatross was registered in Hanoi in 2016 as a trading company."
    sel = make_selectors(text, 0, 41)
    result = resolve(sel, text.replace("registered in", "registered\n  in"))
    assert result.status == "moved"
    assert resolve(sel, "A completely different note about rice.").status == "orphan"
