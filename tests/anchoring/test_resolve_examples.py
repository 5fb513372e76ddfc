"""Resolution in the situations an investigator meets: re-extraction, edits, repeats, loss."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from nkcase.anchoring import (
    find_exact,
    make_selectors,
    occurrence_contexts,
    resolve,
)
from tests.anchoring.textgen import random_text

TEXT = (
    "The Panel investigated the tanker Sea Breeze 7, which was registered in Freetown in 2016.\n"
    "According to port records, the tanker transferred refined oil to a second vessel at sea.\n"
    "The owner of record, Blue Harbour Trading Ltd, shared an office with a restaurant.\n"
)


def quote(text: str, passage: str, nth: int = 0) -> tuple[int, int]:
    start = find_exact(text, passage)[nth]
    return start, start + len(passage)


def test_selectors_keep_32_characters_of_context_ending_on_word_edges() -> None:
    start, end = quote(TEXT, "transferred refined oil")
    sel = make_selectors(TEXT, start, end)
    assert sel.exact == "transferred refined oil"
    assert len(sel.prefix) >= 32 and len(sel.suffix) >= 32
    assert TEXT[start - len(sel.prefix) - 1].isspace() and sel.prefix[0].isalnum()
    assert TEXT.endswith(sel.suffix) or TEXT[end + len(sel.suffix)].isspace()
    at_start = make_selectors(TEXT, 0, 9)
    assert at_start.prefix == "" and at_start.exact == "The Panel"
    with pytest.raises(ValueError):
        make_selectors(TEXT, 10, 10)


def test_find_exact_and_occurrence_contexts() -> None:
    assert find_exact("aaaa", "aa") == [0, 1, 2]
    assert find_exact("abc", "") == []
    found = occurrence_contexts(TEXT, "the tanker", context=20)
    assert [(o.start, o.end) for o in found] == [
        (i, i + 10) for i in find_exact(TEXT, "the tanker")
    ]
    assert all("\n" not in o.before + o.after for o in found)
    assert found[1].before.endswith("port records,")


def test_same_text_same_place_is_exact() -> None:
    start, end = quote(TEXT, "Blue Harbour Trading Ltd")
    result = resolve(make_selectors(TEXT, start, end), TEXT)
    assert (result.status, result.start, result.end) == ("exact", start, end)


def test_a_short_quote_found_at_its_old_offsets_in_other_surroundings_is_not_exact() -> None:
    text = "Kim met the broker. " + "x" * 50 + " Kim signed the lease."
    start, end = quote(text, "Kim", 1)
    sel = make_selectors(text, start, end)
    # The text changed so that another "Kim" now sits at the old offsets.
    changed = "y" * start + "Kim met the broker. " + "x" * 50 + " Kim signed the lease."
    assert changed[start:end] == "Kim"
    result = resolve(sel, changed)
    assert result.status == "moved" and result.start is not None and result.start > end
    assert changed[result.start : result.start + 12] == "Kim signed t"


def test_reflowed_lines_inside_a_quote_are_moved_to_the_same_words() -> None:
    start, end = quote(TEXT, "registered in Freetown in 2016.\nAccording to port records")
    sel = make_selectors(TEXT, start, end)
    reflowed = "HEADER\n" + TEXT.replace("\n", "  \n ").replace("in Freetown", "in\nFreetown")
    result = resolve(sel, reflowed)
    assert result.status == "moved"
    assert result.start is not None and result.end is not None
    assert " ".join(reflowed[result.start : result.end].split()) == " ".join(sel.exact.split())


def test_a_word_split_or_changed_inside_is_offered_for_review() -> None:
    start, end = quote(TEXT, "Blue Harbour Trading Ltd, shared an office")
    sel = make_selectors(TEXT, start, end)
    for changed in (
        TEXT.replace("Blue Harbour", "BlueHarbour"),
        TEXT.replace("Blue Harbour", "Blue Harbor"),
        TEXT.replace("shared an office", "shared two offices"),
    ):
        result = resolve(sel, changed)
        assert result.status == "fuzzy", changed
        best = result.candidates[0]
        assert best.score >= 60 and abs(best.start - start) <= 1
        assert result.start is None
        assert [c.score for c in result.candidates] == sorted(
            (c.score for c in result.candidates), reverse=True
        )


def test_equally_plausible_repeats_are_never_guessed() -> None:
    block = "Invoice 17 was paid by the front company in cash.\n"
    text = "Intro.\n" + block * 3 + "End."
    start, end = quote(text, "paid by the front company", 1)
    sel = make_selectors(text, start, end, context=10)
    result = resolve(sel, "New intro line.\n" + text)
    assert result.status == "fuzzy"
    assert len(result.candidates) >= 2
    assert "several places" in result.reason


def test_vanished_text_is_an_orphan_with_a_reason() -> None:
    start, end = quote(TEXT, "refined oil to a second vessel")
    result = resolve(make_selectors(TEXT, start, end), "An unrelated note about rice prices.")
    assert result.status == "orphan" and result.candidates == [] and result.reason


def test_reextraction_changing_white_space_and_repairing_near_quotes() -> None:
    """Every quote is exact or moved after reflow, header insertion and hyphen repairs."""
    rng = random.Random(7)
    tokens = random_text(rng, 1500).split()
    seps = [rng.choice((" ", " ", "\n")) for _ in tokens]
    old = "".join(t + s for t, s in zip(tokens, seps, strict=True))
    # Quotes: 30 runs of 4-12 tokens, not overlapping.
    spans: list[tuple[int, int]] = []
    index = 0
    while len(spans) < 30:
        index += rng.randrange(5, 40)
        spans.append((index, index + rng.randrange(4, 12)))
        index = spans[-1][1] + 1
    # Old offsets of each token.
    starts, position = [], 0
    for token, sep in zip(tokens, seps, strict=True):
        starts.append(position)
        position += len(token) + len(sep)
    selectors = [
        make_selectors(old, starts[a], starts[b - 1] + len(tokens[b - 1])) for a, b in spans
    ]
    inside = {i for a, b in spans for i in range(a, b)}
    # The new extraction: other line breaks, a page header every 200 tokens, and words that
    # were hyphenated across a line break in the old text are repaired (outside quotes).
    new_parts, new_starts = [], []
    length = 0
    for i, token in enumerate(tokens):
        if i % 200 == 0 and i not in inside and i - 1 not in inside:
            header = f"Page {i // 200}\n"
            new_parts.append(header)
            length += len(header)
        new_starts.append(length)
        new_parts.append(token)
        length += len(token)
        sep = rng.choice((" ", "\n", "  "))
        new_parts.append(sep)
        length += len(sep)
    new = "".join(new_parts)
    for sel, (a, b) in zip(selectors, spans, strict=True):
        result = resolve(sel, new)
        assert result.status in ("exact", "moved"), (sel, result)
        assert (result.start, result.end) == (new_starts[a], new_starts[b - 1] + len(tokens[b - 1]))


def test_seed_article_reflowed(seed_000: Path) -> None:
    text = seed_000.read_text(encoding="utf-8")
    start = len(text) // 2
    start = text.index(" ", start) + 1
    end = text.index(" ", start + 60)
    sel = make_selectors(text, start, end)
    reflowed = " ".join(text.split(" "))
    reflowed = "Retrieved copy\n\n" + reflowed.replace("\n", "\n\n")
    result = resolve(sel, reflowed)
    assert result.status == "moved"
    assert result.start is not None and result.end is not None
    assert " ".join(reflowed[result.start : result.end].split()) == " ".join(sel.exact.split())


@pytest.mark.parametrize(
    ("old", "new"),
    [("in 2016.", "in 2015."), ("Freetown in", "Freetown city in"), ("Sea Breeze 7", "Sea Breeze")],
)
def test_candidates_for_an_edited_quote_cover_whole_words(old: str, new: str) -> None:
    start, end = quote(TEXT, "tanker Sea Breeze 7, which was registered in Freetown in 2016")
    sel = make_selectors(TEXT, start, end)
    changed = TEXT.replace(old, new)
    result = resolve(sel, changed)
    assert result.status == "fuzzy"
    best = result.candidates[0]
    assert best.text.startswith("tanker Sea Breeze")
    assert best.text.endswith("2015" if "2015" in new else "2016")
    assert best.text == changed[best.start : best.end]
