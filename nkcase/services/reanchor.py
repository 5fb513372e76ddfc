"""Re-extraction and re-anchoring with review.

When a source is extracted again (a new extractor version, new repair rules), its frozen text
gets a new version and each quote is resolved against it: exact and moved quotes follow
automatically; fuzzy candidates wait for a person to accept or reject them; orphans stay
listed with their stored text. A wrong anchor is worse than an orphan.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from nkcase.anchoring import TextSelectors, make_selectors, resolve
from nkcase.errors import ConflictError, NotFoundError
from nkcase.ingest import extract
from nkcase.ingest.boxes import pack, rects_for_range, unpack
from nkcase.ingest.encoding import display_name
from nkcase.ingest.repair.revert import matching_reverts, toggle
from nkcase.ingest.types import ExtractedDocument, ExtractOptions, RepairEntry
from nkcase.model import Quote, ReanchorCandidate, Source, SourceOriginal, TextVersion
from nkcase.services.changes import Change, operation
from nkcase.services.repair_log import repairs_from_json
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
    casebook: Casebook,
    source_id: str,
    *,
    password: str | None = None,
    encoding: str | None = None,
) -> ReanchorReport:
    """Extract the stored original again with the current rules; when the text differs,
    re-anchor onto it.

    ``encoding``: read a text or HTML source as this encoding ("Re-read as…"); without it, an
    encoding a person chose before is kept. Repairs a person reverted stay reverted where the
    new extraction makes the same repair; the casebook's entity names are protected.
    """
    from nkcase.services.repairs import protected_names

    with casebook.reading() as session:
        source = session.get(Source, source_id)
        original = session.get(SourceOriginal, source_id)
        if source is None or original is None:
            raise NotFoundError(f"no source {source_id}")
        data, name = original.data, source.file_name
        old = current_version(session, source_id)
        old_repairs = repairs_from_json(old.repairs)
        if encoding is None:
            encoding = chosen_encoding(old)
    options = ExtractOptions(encoding=encoding, protected=protected_names(casebook))
    document = keep_reverts(extract(data, name, password=password, options=options), old_repairs)
    summary = None
    if options.encoding:
        summary = f"Re-read {source.title} as {display_name(options.encoding)}"
    return reanchor_to(casebook, source_id, document, summary=summary)


def chosen_encoding(version: TextVersion) -> str | None:
    """The encoding a person chose for this text version ("Re-read as…"), if any."""
    meta = json.loads(version.metadata_json or "{}")
    return meta.get("encoding") if meta.get("encoding_how") == "chosen" else None


def keep_reverts(document: ExtractedDocument, old: list[RepairEntry]) -> ExtractedDocument:
    """``document`` with the repairs a person reverted in ``old`` reverted again."""
    again = matching_reverts(old, document.repairs)
    if not again:
        return document
    boxes = unpack(document.char_boxes) if document.char_boxes else None
    edited, _shift = toggle(
        document.text, document.repairs, again, revert=True, boxes=boxes, pages=document.pages
    )
    document.text, document.repairs, document.pages = edited.text, edited.repairs, edited.pages
    document.char_boxes = pack(edited.boxes) if edited.boxes is not None else None
    return document


def reanchor_to(
    casebook: Casebook,
    source_id: str,
    document: ExtractedDocument,
    *,
    shift: Callable[[int], int | None] | None = None,
    based_on: str | None = None,
    action: str = "source.reanchor",
    summary: str | None = None,
) -> ReanchorReport:
    """Make ``document`` the source's new text version and resolve every quote against it.

    ``shift`` maps offsets of text version ``based_on`` (the current one) into the new text
    exactly, as a revert of repairs knows them: quotes anchored there follow it — their text
    changes with a repair inside them — and the others are resolved as after any
    re-extraction (exact or moved automatically, fuzzy ones to review, the rest orphans).
    """
    report = ReanchorReport(source_id, None)
    with casebook.reading() as session:
        if current_version(session, source_id).text == document.text:
            return report  # nothing changed: no new version
    with operation(casebook, action) as op:
        source = op.session.get(Source, source_id)
        assert source is not None
        old = current_version(op.session, source_id)
        if based_on is not None and old.id != based_on:
            raise ConflictError(f"“{source.title}” changed meanwhile; try again")
        version = text_version_for(source_id, old.number + 1, document)
        op.session.add(version)
        op.session.flush()
        frozen = load_source_text(op.session, source_id)
        quotes = op.session.scalars(select(Quote).where(Quote.source_id == source_id)).all()
        for quote in quotes:
            op.session.execute(
                delete(ReanchorCandidate).where(ReanchorCandidate.quote_id == quote.id)
            )
            if shift is not None and quote.text_version_id == old.id and quote.status == "anchored":
                start, end = shift(quote.start_offset), shift(quote.end_offset)
                if start is not None and end is not None and start < end:
                    same = (start, end) == (quote.start_offset, quote.end_offset)
                    unchanged = same and document.text[start:end] == quote.exact
                    _move(quote, frozen, start, end)
                    (report.exact if unchanged else report.moved).append(quote.id)
                    continue
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
        op.summary = (summary or f"Re-extract {source.title}") + f" (text version {version.number})"
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
