"""Re-extraction and re-anchoring with review.

When a source is extracted again (a new extractor version, new repair rules), its frozen text
gets a new version and each quote is resolved against it: exact and moved quotes follow
automatically; fuzzy candidates wait for a person to accept or reject them; orphans stay
listed with their stored text. A wrong anchor is worse than an orphan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from nkcase.anchoring import TextSelectors, make_selectors, resolve
from nkcase.errors import NotFoundError
from nkcase.ingest import extract
from nkcase.ingest.boxes import rects_for_range
from nkcase.ingest.types import ExtractedDocument
from nkcase.model import Quote, ReanchorCandidate, Source, SourceOriginal
from nkcase.services.changes import Change, operation
from nkcase.services.source_records import current_version, load_source_text
from nkcase.services.sources import text_version_for
from nkcase.store import Casebook

CONTEXT_CHARS = 32


@dataclass
class ReanchorReport:
    source_id: str
    new_version: int | None
    exact: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    orphan: list[str] = field(default_factory=list)
    change: Change | None = None

    @property
    def unchanged(self) -> bool:
        return self.new_version is None


@dataclass(frozen=True)
class CandidateRecord:
    id: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class ReviewItem:
    quote_id: str
    source_id: str
    source_title: str
    old_text: str
    status: str
    candidates: list[CandidateRecord]


def reextract_source(
    casebook: Casebook, source_id: str, *, password: str | None = None
) -> ReanchorReport:
    """Extract the stored original again; when the text differs, re-anchor onto it."""
    with casebook.reading() as session:
        source = session.get(Source, source_id)
        original = session.get(SourceOriginal, source_id)
        if source is None or original is None:
            raise NotFoundError(f"no source {source_id}")
        data, name = original.data, source.file_name
    return reanchor_to(casebook, source_id, extract(data, name, password=password))


def reanchor_to(casebook: Casebook, source_id: str, document: ExtractedDocument) -> ReanchorReport:
    """Make ``document`` the source's new text version and resolve every quote against it."""
    report = ReanchorReport(source_id, None)
    with casebook.reading() as session:
        if current_version(session, source_id).text == document.text:
            return report  # nothing changed: no new version
    with operation(casebook, "source.reanchor") as op:
        source = op.session.get(Source, source_id)
        assert source is not None
        old = current_version(op.session, source_id)
        version = text_version_for(source_id, old.number + 1, document)
        op.session.add(version)
        op.session.flush()
        frozen = load_source_text(op.session, source_id)
        quotes = op.session.scalars(select(Quote).where(Quote.source_id == source_id)).all()
        for quote in quotes:
            op.session.execute(
                delete(ReanchorCandidate).where(ReanchorCandidate.quote_id == quote.id)
            )
            selectors = TextSelectors(
                quote.start_offset, quote.end_offset, quote.exact, quote.prefix, quote.suffix
            )
            result = resolve(selectors, document.text)
            if result.status in ("exact", "moved"):
                assert result.start is not None and result.end is not None
                _move(quote, frozen, result.start, result.end)
                (report.exact if result.status == "exact" else report.moved).append(quote.id)
            elif result.status == "fuzzy" and result.candidates:
                quote.status = "review"
                for c in result.candidates[:5]:
                    op.session.add(
                        ReanchorCandidate(
                            quote_id=quote.id,
                            text_version_id=version.id,
                            start_offset=c.start,
                            end_offset=c.end,
                            text=c.text,
                            score=float(c.score),
                        )
                    )
                report.review.append(quote.id)
            else:
                quote.status = "orphan"
                report.orphan.append(quote.id)
        report.new_version = version.number
        op.summary = f"Re-extract {source.title} (text version {version.number})"
        op.subject_id = source.id
    report.change = op.change
    return report


def _move(quote: Quote, frozen: object, start: int, end: int) -> None:
    from nkcase.services.source_records import SourceText

    assert isinstance(frozen, SourceText)
    selectors = make_selectors(frozen.text, start, end, CONTEXT_CHARS)
    quote.text_version_id = frozen.text_version_id
    quote.start_offset, quote.end_offset = selectors.start, selectors.end
    quote.exact, quote.prefix, quote.suffix = selectors.exact, selectors.prefix, selectors.suffix
    quote.first_page = frozen.page_at(start)
    quote.last_page = frozen.page_at(max(start, end - 1))
    rects = (
        rects_for_range(frozen.char_boxes, frozen.pages, start, end) if frozen.char_boxes else []
    )
    quote.rects = json.dumps(rects)
    quote.status = "anchored"


def accept_candidate(casebook: Casebook, candidate_id: str) -> Change:
    """A person confirms a fuzzy candidate: the quote now points there."""
    with operation(casebook, "quote.accept_anchor") as op:
        candidate = op.session.get(ReanchorCandidate, candidate_id)
        if candidate is None:
            raise NotFoundError(f"no re-anchoring candidate {candidate_id}")
        quote = op.session.get(Quote, candidate.quote_id)
        assert quote is not None
        frozen = load_source_text(op.session, quote.source_id)
        if frozen.text_version_id != candidate.text_version_id:
            raise NotFoundError("the candidate belongs to an older text version; re-extract again")
        _move(quote, frozen, candidate.start_offset, candidate.end_offset)
        for other in op.session.scalars(
            select(ReanchorCandidate).where(ReanchorCandidate.quote_id == quote.id)
        ):
            op.session.delete(other)
        op.summary = f"Accept new anchor for “{quote.exact[:40]}”"
        op.subject_id = quote.id
    assert op.change is not None
    return op.change


def reject_quote_candidates(casebook: Casebook, quote_id: str) -> Change:
    """A person rejects every candidate: the quote stays an orphan with its stored text."""
    with operation(casebook, "quote.reject_anchor") as op:
        quote = op.session.get(Quote, quote_id)
        if quote is None:
            raise NotFoundError(f"no quote {quote_id}")
        for other in op.session.scalars(
            select(ReanchorCandidate).where(ReanchorCandidate.quote_id == quote.id)
        ):
            op.session.delete(other)
        quote.status = "orphan"
        op.summary = f"Reject new anchors for “{quote.exact[:40]}”"
        op.subject_id = quote.id
    assert op.change is not None
    return op.change


def review_items(casebook: Casebook, source_id: str | None = None) -> list[ReviewItem]:
    """Quotes waiting for review (with candidates) and orphans, oldest source first."""
    with casebook.reading() as session:
        query = (
            select(Quote, Source.title)
            .join(Source, Source.id == Quote.source_id)
            .where(Quote.status.in_(("review", "orphan")))
        )
        if source_id:
            query = query.where(Quote.source_id == source_id)
        items = []
        for quote, title in session.execute(query.order_by(Source.title, Quote.start_offset)):
            candidates = session.scalars(
                select(ReanchorCandidate)
                .where(ReanchorCandidate.quote_id == quote.id)
                .order_by(ReanchorCandidate.score.desc())
            ).all()
            items.append(
                ReviewItem(
                    quote.id,
                    quote.source_id,
                    title,
                    quote.exact,
                    quote.status,
                    [
                        CandidateRecord(c.id, c.start_offset, c.end_offset, c.text, c.score)
                        for c in candidates
                    ],
                )
            )
        return items
