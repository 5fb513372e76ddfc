"""Quote selectors: position, exact text, and the context around it."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CONTEXT = 32


@dataclass(frozen=True, slots=True)
class TextSelectors:
    """Where a quote was (``start``/``end``), what it said, and what surrounded it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def make_selectors(
    text: str, start: int, end: int, context: int = DEFAULT_CONTEXT
) -> TextSelectors:
    """Selectors for ``text[start:end]`` with ``context`` characters each side (fewer at the ends).

    The context is widened to the next word boundary so it never ends in the middle of a word.
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


def find_exact(text: str, exact: str) -> list[int]:
    """Every start offset of ``exact`` in ``text`` (overlapping occurrences included)."""
    found: list[int] = []
    if not exact:
        return found
    index = text.find(exact)
    while index >= 0:
        found.append(index)
        index = text.find(exact, index + 1)
    return found
