"""Quote selectors: position, exact text, and the context around it.

These follow the W3C Web Annotation model (TextPositionSelector + TextQuoteSelector): the
position is fast and usually right; the exact text verifies it; the prefix and suffix tell
repeated passages apart and find the quote again after the text changed.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Characters of context stored each side of a quote (more when a word runs on).
DEFAULT_CONTEXT = 32


@dataclass(frozen=True, slots=True)
class TextSelectors:
    """Where a quote was (``start``/``end``), what it said, and what surrounded it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a text occurs, with what is around it (to let a person choose)."""

    start: int
    end: int
    before: str
    exact: str
    after: str


def make_selectors(
    text: str, start: int, end: int, context: int = DEFAULT_CONTEXT
) -> TextSelectors:
    """Selectors for ``text[start:end]``: at least ``context`` characters each side where the
    text has them, widened to the next white space so the context never starts or ends in the
    middle of a word (up to twice ``context``).
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} outside text of length {len(text)}")
    pre = max(0, start - context)
    while pre > 0 and not text[pre - 1].isspace() and start - pre < context * 2:
        pre -= 1
    post = min(len(text), end + context)
    while post < len(text) and not text[post].isspace() and post - end < context * 2:
        post += 1
    return TextSelectors(start, end, text[start:end], text[pre:start], text[end:post])


def find_exact(text: str, exact: str, limit: int | None = None) -> list[int]:
    """Every start offset of ``exact`` in ``text`` (overlapping ones included), up to ``limit``."""
    found: list[int] = []
    if not exact:
        return found
    index = text.find(exact)
    while index >= 0 and (limit is None or len(found) < limit):
        found.append(index)
        index = text.find(exact, index + 1)
    return found


def occurrence_contexts(
    text: str, exact: str, context: int = 40, limit: int = 50
) -> list[Occurrence]:
    """The occurrences of ``exact`` with ``context`` characters each side, white space shown as
    single spaces, so a person can tell them apart (the quote service lists them when a text
    to quote is ambiguous)."""

    def flat(value: str) -> str:
        return " ".join(value.split()) if value.strip() else value.replace("\n", " ")

    return [
        Occurrence(
            i,
            i + len(exact),
            flat(text[max(0, i - context) : i]),
            exact,
            flat(text[i + len(exact) : i + len(exact) + context]),
        )
        for i in find_exact(text, exact, limit)
    ]
