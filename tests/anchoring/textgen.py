"""Random texts and edits for the anchoring properties (our own words, no seed sentences)."""

from __future__ import annotations

import random
from dataclasses import dataclass

WORDS = (
    "vessel cargo tanker company restaurant director coal oil port transfer panel report "
    "owner manager flag account invoice front network trading office contract worker "
    "shipment bank broker agent lease branch"
).split()
PIECES = (" extra words here ", "X", "\n\n", "  ", "ﬁ", "-\n", "Page 12\n", "’", "")


def random_text(rng: random.Random, n_words: int) -> str:
    """Words with numbers (so passages rarely repeat), with occasional line breaks."""
    parts = []
    for _ in range(n_words):
        parts.append(f"{rng.choice(WORDS)}{rng.randrange(1000)}")
        parts.append("\n" if rng.random() < 0.08 else " ")
    return "".join(parts).rstrip()


def pick_quote(rng: random.Random, text: str, low: int = 20, high: int = 120) -> tuple[int, int]:
    """A span starting and ending on word edges, ``low`` to about ``high`` characters long."""
    start = text.index(" ", rng.randrange(len(text) // 4, len(text) // 2)) + 1
    end = start + rng.randrange(low, high)
    while end < len(text) and text[end - 1].isspace():
        end += 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


@dataclass(frozen=True)
class Edit:
    """An insertion, deletion or replacement at ``at``."""

    at: int
    cut: int
    piece: str

    def apply(self, text: str) -> str:
        return text[: self.at] + self.piece + text[self.at + self.cut :]

    @property
    def shift(self) -> int:
        return len(self.piece) - self.cut


def edit_in(rng: random.Random, low: int, high: int) -> Edit:
    """A random edit that only touches characters in ``[low, high)`` (inserting at ``high``
    is allowed: it touches nothing)."""
    at = rng.randrange(low, high + 1)
    kind = rng.choice(("insert", "delete", "replace"))
    cut = 0 if kind == "insert" or at == high else rng.randrange(1, min(12, high - at) + 1)
    piece = "" if kind == "delete" else rng.choice(PIECES)
    return Edit(at, cut, piece)
