"""Read models for sources: lists, details, frozen text, repair logs."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nkcase.errors import AmbiguousError, NotFoundError
from nkcase.ingest.types import PageSpan, RepairEntry
from nkcase.model import Quote, Source, TextVersion
from nkcase.services.repair_log import pages_from_json, repairs_from_json
from nkcase.store import Casebook


@dataclass(frozen=True)
class SourceRecord:
    id: str
    title: str
    kind: str
    media_type: str
    file_name: str
    pages: int
    sha256: str
    size: int
    reliability: str | None
    handling: str
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    retrieved: str | None
    imported_at: str
    imported_by: str
    warnings: list[str]
    repair_count: int
    quote_count: int
    text_version: int
    extractor: str
    extractor_version: str
    row_version: int = 0
    """How many times the source's row was written: an edit dialog hands it back so that an
    edit made on values a colleague has changed since is refused (services.edit_guard)."""

    @property
    def reliability_label(self) -> str:
        return self.reliability or "ungraded"


@dataclass(frozen=True)
class SourceText:
    """The current frozen text with its page map (for the reader and quoting)."""

    source_id: str
    text_version_id: str
    number: int
    text: str
    pages: list[PageSpan]
    repairs: list[RepairEntry]
    char_boxes: bytes | None

    def page_at(self, offset: int) -> int | None:
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end == len(self.text)):
                return page.index
        return None

    def page_in_view(self, offset: int) -> int | None:
        """The page to show beside the text at ``offset``: the page holding it, else the last
        page starting at or before it. A page without text (a scanned cover, a blank page) has
        an empty slice that holds no offset; this still finds it for the separator after it,
        so the reader shows it. None only for a document without pages."""
        if not self.pages:
            return None
        index = bisect.bisect_right([page.start for page in self.pages], offset) - 1
        return self.pages[max(0, index)].index


def current_version(session: Session, source_id: str) -> TextVersion:
    version = session.scalars(
        select(TextVersion)
        .where(TextVersion.source_id == source_id)
        .order_by(TextVersion.number.desc())
        .limit(1)
    ).first()
    if version is None:
        raise NotFoundError(f"no source {source_id}")
    return version


def resolve_source(session: Session, ref: str) -> Source:
    """A source by id, id prefix, exact title, file name or SHA-256 (prefix)."""
    ref = ref.strip()
    source = session.get(Source, ref)
    if source is not None:
        return source
    candidates = session.scalars(
        select(Source)
        .where(
            (Source.id.startswith(ref.lower()) if len(ref) >= 6 else Source.id == ref)
            | (Source.sha256.startswith(ref.lower()) if len(ref) >= 8 else Source.sha256 == ref)
            | (func.lower(Source.title) == ref.lower())
            | (Source.file_name == ref)
            | Source.file_name.startswith(ref + ".")
        )
        .limit(11)
    ).all()
    if not candidates:
        raise NotFoundError(f"no source “{ref}”")
    if len(candidates) > 1:
        listing = "; ".join(f"{s.title} ({s.id[:8]})" for s in candidates[:10])
        raise AmbiguousError(f"“{ref}” names {len(candidates)} sources: {listing}; use an id")
    return candidates[0]


def _record(session: Session, source: Source, quote_counts: dict[str, int]) -> SourceRecord:
    version = current_version(session, source.id)
    return SourceRecord(
        source.id,
        source.title,
        source.kind,
        source.media_type,
        source.file_name,
        source.page_count,
        source.sha256,
        source.size,
        source.reliability,
        source.handling,
        source.author,
        source.publisher,
        source.published,
        source.url,
        source.retrieved,
        source.imported_at,
        source.imported_by,
        json.loads(version.warnings),
        len(json.loads(version.repairs)),
        quote_counts.get(source.id, 0),
        version.number,
        version.extractor,
        version.extractor_version,
        source.version,
    )


def list_sources(casebook: Casebook) -> list[SourceRecord]:
    with casebook.reading() as session:
        counts = dict(
            session.execute(select(Quote.source_id, func.count()).group_by(Quote.source_id)).all()
        )
        sources = session.scalars(select(Source).order_by(func.lower(Source.title))).all()
        return [_record(session, s, counts) for s in sources]


def source_record(casebook: Casebook, ref: str) -> SourceRecord:
    with casebook.reading() as session:
        source = resolve_source(session, ref)
        count = session.scalar(
            select(func.count()).select_from(Quote).where(Quote.source_id == source.id)
        )
        return _record(session, source, {source.id: int(count or 0)})


def source_text(casebook: Casebook, source_id: str) -> SourceText:
    with casebook.reading() as session:
        return load_source_text(session, source_id)


def load_source_text(session: Session, source_id: str) -> SourceText:
    version = current_version(session, source_id)
    pages = pages_from_json(version.page_map)
    repairs = repairs_from_json(version.repairs)
    return SourceText(
        source_id, version.id, version.number, version.text, pages, repairs, version.char_boxes
    )
