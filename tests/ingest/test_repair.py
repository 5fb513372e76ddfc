"""Repairs: words split by lost ligatures, the damage test, offsets of the repair log."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nkcase.ingest import extract
from nkcase.ingest.edits import Edit, apply_edits
from nkcase.ingest.repair.damage import lost_ligature_edits
from nkcase.ingest.repair.pipeline import repair_text

WORDS = re.compile(r"\w+")

# Our own sentences, damaged the way some PDF fonts damage them (lost ti/tt/ft/fi ligatures).
DAMAGED = (
    "The Na onal Commi ee reported new sanc ons. A er the mee ng, the inves ga on of the "
    "ship's rela ons with the firm con nued, and the es mated cost was se led. The ghtening "
    "of controls affected mul na onal trading ac vi es and diploma c es alike."
)
REPAIRED_WORDS = [
    "National Committee",
    "sanctions",
    "After the meeting",
    "investigation",
    "relations",
    "continued",
    "estimated",
    "settled",
    "The tightening",
    "multinational",
    "activities",
    "diplomatic",  # "es" stays: tokens of three letters or fewer are never expanded
]


def test_damaged_text_is_repaired() -> None:
    result = repair_text(DAMAGED)
    for expected in REPAIRED_WORDS:
        assert expected in result.text, expected
    assert all(r.kind == "ligature" for r in result.repairs)
    for repair in result.repairs:
        assert result.text[repair.start : repair.end] == repair.after
        assert DAMAGED.count(repair.before) >= 1


def test_clean_text_with_short_words_is_untouched() -> None:
    clean = (
        "I am at a loss. It is on me to go in, as we said. Of all the firms in the port, one "
        "is at risk: a tanker is on its way to an island off the coast, and so is the crew. "
        "He ate a fig at ten; the tie was on a peg. Ed is in."
    )
    assert lost_ligature_edits(clean)[0] == []
    assert repair_text(clean).text == clean


def test_a_few_odd_tokens_do_not_trigger_repairs() -> None:
    # Two plausible joins in a long clean text are below the damage threshold.
    text = ("The vessel sailed from the port at dawn and arrived late. " * 60) + "Crabe du Or."
    assert lost_ligature_edits(text)[0] == []


def test_seed_001_is_repaired(seed_001: Path) -> None:
    doc = extract(seed_001.read_bytes(), seed_001.name)
    for expected in (
        "sanctions",
        "National Committee",
        "After the world",
        "setting aside",
        "gotten smaller",
        "estimated",
        "The tightening",
        "multinational",
        "diplomatic",
        "cultivate",
        "practice",
    ):
        assert expected in doc.text, expected
    assert len(doc.repairs) >= 60
    for repair in doc.repairs:
        assert doc.text[repair.start : repair.end] == repair.after


def test_seed_000_is_left_alone(seed_000: Path) -> None:
    original = seed_000.read_text(encoding="utf-8")
    doc = extract(seed_000.read_bytes(), seed_000.name)
    assert doc.repairs == []
    assert WORDS.findall(doc.text) == WORDS.findall(original)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="ab \n", min_size=0, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3), st.text("xyz", max_size=3))),
)
def test_apply_edits_logs_offsets_in_final_text(text: str, raw: list[tuple[int, int, str]]) -> None:
    edits: list[Edit] = []
    position = 0
    for start, length, replacement in sorted(raw):
        start = max(start, position)
        end = min(start + length, len(text))
        if start > len(text):
            break
        edits.append(Edit(start, end, replacement, "test"))
        position = end + 1
    result = apply_edits(text, edits)
    expected = text
    for edit in reversed(edits):
        expected = expected[: edit.start] + edit.replacement + expected[edit.end :]
    assert result.text == expected
    for repair in result.repairs:
        assert result.text[repair.start : repair.end] == repair.after


def test_shipped_word_list_is_sorted_for_prefix_queries() -> None:
    from nkcase.ingest.repair.lexicon import english

    words = english().sorted_words
    assert words == sorted(words)
    assert english().has_prefix("sanct") and not english().has_prefix("qzxv")
