"""Which page the reader shows for a position in the text, pages without text included."""

from __future__ import annotations

from nkcase.ingest.types import PageSpan
from nkcase.services.source_records import SourceText


def _text(spans: list[tuple[int, int]], length: int) -> SourceText:
    pages = [PageSpan(i, start, end, 400, 600, end > start) for i, (start, end) in
             enumerate(spans)]
    return SourceText("s", "v", 1, "x" * length, pages, [], None)


def test_an_image_only_first_page_is_shown_at_the_top() -> None:
    # A scanned cover (no text: an empty slice at 0), then two pages of text.
    book = _text([(0, 0), (2, 50), (52, 90)], 90)
    assert book.page_at(0) is None  # no text of page 1 holds offset 0 ...
    assert book.page_in_view(0) == 0  # ... but the top of the text shows page 1
    assert book.page_in_view(1) == 0
    assert [book.page_in_view(o) for o in (2, 49, 50, 51, 52, 89, 90)] == [1, 1, 1, 1, 2, 2, 2]


def test_empty_pages_in_the_middle_and_at_the_end() -> None:
    report = _text([(0, 10), (12, 12), (14, 14), (16, 30), (32, 32)], 32)
    assert [report.page_in_view(o) for o in (5, 11, 12, 13, 14, 15, 16, 31, 32)] == [
        0, 0, 1, 1, 2, 2, 3, 3, 4
    ]


def test_no_pages() -> None:
    assert _text([], 10).page_in_view(3) is None
