"""What every extractor returns, whatever the format.

An extractor turns a file's bytes into an :class:`ExtractedDocument`: the frozen text (already
repaired), where each page starts and ends in it, for PDFs the box of every character, the
metadata found in the file, warnings, and the log of every repair made. The store keeps this
as one *text version* of a source; quotes point into ``text`` by offsets.

Offsets are Python ``str`` indexes (code points) into ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PageSpan:
    """One page of a paged document: the slice ``text[start:end]`` and the page size in points."""

    index: int  # 0-based page index; shown to users as index + 1
    start: int
    end: int
    width: float = 0.0
    height: float = 0.0
    has_text_layer: bool = True


@dataclass(frozen=True, slots=True)
class RepairEntry:
    """One change made to the extracted text before it was frozen.

    ``start``/``end`` locate ``after`` in the frozen text; ``before`` is what the extractor gave.
    A repair a person reverted stays in the log with ``reverted`` set: ``start``/``end`` then
    locate ``before`` in the text, so it can be applied again.
    """

    kind: str  # "ligature", "hyphenation", "ligature-character", ...
    start: int
    end: int
    before: str
    after: str
    reverted: bool = False

    @property
    def shown(self) -> str:
        """What the text holds at ``start``:``end``."""
        return self.before if self.reverted else self.after


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What the caller knows that the file does not say.

    ``encoding``: a person's choice of text encoding ("Re-read as…"), for text and HTML.
    ``protected``: lower-case word tokens of the casebook's entity names, which the
    lost-ligature repair never extends on their own.
    """

    encoding: str | None = None
    protected: frozenset[str] = frozenset()


@dataclass(slots=True)
class DocumentMetadata:
    """Metadata found in the file itself. Every field is optional; dates are partial ISO strings."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    encoding: str | None = None  # for text and HTML: the encoding the bytes were decoded from
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ExtractedDocument:
    """The result of extracting one file. See the module docstring."""

    text: str
    kind: str  # "pdf", "html", "docx", "text"
    media_type: str
    extractor: str  # e.g. "pdf-pypdfium2"
    extractor_version: str  # bumps whenever output for the same bytes may change
    pages: list[PageSpan] = field(default_factory=list)
    char_boxes: bytes | None = None  # see nkcase.ingest.boxes for the packed format
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    warnings: list[str] = field(default_factory=list)
    repairs: list[RepairEntry] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)
