"""Cutting a frozen text into passages: the units the search index holds and returns."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

MAX_PASSAGE = 1200
_BREAK = re.compile(r"\n\s*\n|\f")
_SENTENCE_END = re.compile(r"[.!?。！？]\s+")


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    page: int | None


def page_of(page_starts: Sequence[int], offset: int) -> int | None:
    """The 0-based page holding ``offset``, given each page's start offset (sorted)."""
    if not page_starts:
        return None
    return max(0, bisect.bisect_right(page_starts, offset) - 1)


def split_passages(text: str, page_starts: Sequence[int] = ()) -> Iterator[Passage]:
    """Paragraph-sized passages covering the text; long paragraphs cut at sentence ends.

    A passage never crosses a page start, so each hit has one page to jump to.
    """
    boundaries = sorted({0, len(text), *page_starts, *(m.end() for m in _BREAK.finditer(text))})
    for seg_start, seg_end in itertools.pairwise(boundaries):
        start = seg_start
        while start < seg_end:
            end = seg_end
            if end - start > MAX_PASSAGE:
                window = text[start : start + MAX_PASSAGE]
                cut = None
                for match in _SENTENCE_END.finditer(window):
                    if match.end() > MAX_PASSAGE // 3:
                        cut = match.end()
                if cut is None:
                    space = window.rfind(" ", MAX_PASSAGE // 2)
                    cut = space + 1 if space > 0 else MAX_PASSAGE
                end = start + cut
            if text[start:end].strip():
                yield Passage(start, end, page_of(page_starts, start))
            start = end
