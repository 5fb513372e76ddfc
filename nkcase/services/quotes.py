"""Quotes as evidence: create them on a source's frozen text, link them, grade and remove them.

A quote is created by offsets or by exact text (an ambiguous text is refused with each
occurrence listed), stored with its three selectors (position, exact text with prefix and
suffix, pages and rectangles for PDFs), and linked in the same action to the entities, facts
and relationships it supports, so "Quote and link" is one undoable step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.anchoring import find_exact, make_selectors
from nkcase.errors import AmbiguousError, NotFoundError, ValidationError
from nkcase.ingest.boxes import rects_for_range
from nkcase.model import Entity, Event, Evidence, Fact, Note, Quote, Relationship, Source
from nkcase.services.changes import Change, operation
from nkcase.services.quote_records import target_caption
from nkcase.services.source_records import load_source_text
from nkcase.store import Casebook
from nkcase.vocabulary.levels import check_level, higher

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    context: str


def find_occurrences(text: str, exact: str) -> list[Occurrence]:
    return [
        Occurrence(
            i,
            i + len(exact),
            text[max(0, i - 30) : i + len(exact) + 30].replace("\n", " "),
        )
        for i in find_exact(text, exact)
    ]


def _check_credibility(credibility: int | None) -> None:
    if credibility is not None and not 1 <= int(credibility) <= 6:
        raise ValidationError(f"credibility must be 1–6, not {credibility}")


def add_quote(
    casebook: Casebook,
    source_id: str,
    *,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
    entity_ids: Sequence[str] = (),
    fact_ids: Sequence[str] = (),
    relationship_ids: Sequence[str] = (),
    note_ids: Sequence[str] = (),
    event_ids: Sequence[str] = (),
    credibility: int | None = None,
    note: str = "",
    handling: str | None = None,
) -> Change:
    """Quote a passage of the source's current text and link it, as one action.

    The quote's level is ``handling`` or its source's, never lower than its source's.
    """
    _check_credibility(credibility)
    chosen = check_level(handling) if handling is not None else None
    with operation(casebook, "quote.add") as op:
        source = op.session.get(Source, source_id)
        if source is None:
            raise NotFoundError(f"no source {source_id}")
        frozen = load_source_text(op.session, source.id)
        full = frozen.text
        if text is not None:
            if not text.strip():
                raise ValidationError("the quote text is empty")
            found = find_occurrences(full, text)
            if not found:
                raise NotFoundError(f"the text “{_short(text)}” does not occur in “{source.title}”")
            if len(found) > 1:
                listing = "; ".join(f"[{o.start}-{o.end}] …{o.context}…" for o in found[:10])
                raise AmbiguousError(
                    f"the text occurs {len(found)} times in “{source.title}”: {listing}; "
                    "give --start/--end or a longer text"
                )
            start, end = found[0].start, found[0].end
        if start is None or end is None:
            raise ValidationError("give the quote's text or its start and end offsets")
        if not 0 <= start < end <= len(full):
            raise ValidationError(f"offsets {start}–{end} are outside the text (0–{len(full)})")
        if not full[start:end].strip():
            raise ValidationError("the selected passage is only white space")
        selectors = make_selectors(full, start, end, CONTEXT_CHARS)
        rects = (
            rects_for_range(frozen.char_boxes, frozen.pages, start, end)
            if frozen.char_boxes
            else []
        )
        quote = Quote(
            source_id=source.id,
            text_version_id=frozen.text_version_id,
            start_offset=selectors.start,
            end_offset=selectors.end,
            exact=selectors.exact,
            prefix=selectors.prefix,
            suffix=selectors.suffix,
            first_page=frozen.page_at(start),
            last_page=frozen.page_at(max(start, end - 1)),
            rects=json.dumps(rects),
            note=note.strip(),
            credibility=credibility,
            # A quote is never less protected than its source.
            handling=higher(chosen, source.handling) if chosen else source.handling,
        )
        op.session.add(quote)
        op.session.flush()
        captions = (
            [_link(op.session, quote.id, entity_id=e) for e in entity_ids]
            + [_link(op.session, quote.id, fact_id=f) for f in fact_ids]
            + [_link(op.session, quote.id, relationship_id=r) for r in relationship_ids]
            + [_link(op.session, quote.id, note_id=n) for n in note_ids]
            + [_link(op.session, quote.id, event_id=e) for e in event_ids]
        )
        op.summary = (
            f"Link quote to {', '.join(dict.fromkeys(captions))}"
            if captions
            else f"Quote “{_short(quote.exact)}”"
        )
        op.subject_id = quote.id
    assert op.change is not None
    return op.change


def link(
    casebook: Casebook,
    quote_id: str,
    *,
    entity_id: str | None = None,
    fact_id: str | None = None,
    relationship_id: str | None = None,
    note_id: str | None = None,
    event_id: str | None = None,
) -> Change:
    """Link an existing quote to one entity, fact, relationship, note or event."""
    with operation(casebook, "quote.link") as op:
        if op.session.get(Quote, quote_id) is None:
            raise NotFoundError(f"no quote {quote_id}")
        caption = _link(
            op.session,
            quote_id,
            entity_id=entity_id,
            fact_id=fact_id,
            relationship_id=relationship_id,
            note_id=note_id,
            event_id=event_id,
        )
        op.summary = f"Link quote to {caption}"
        op.subject_id = quote_id
    assert op.change is not None
    return op.change


def unlink(casebook: Casebook, evidence_id: str) -> Change:
    with operation(casebook, "quote.unlink") as op:
        evidence = op.session.get(Evidence, evidence_id)
        if evidence is None:
            raise NotFoundError(f"no evidence link {evidence_id}")
        caption = target_caption(op.session, evidence)
        op.session.delete(evidence)
        op.summary = f"Unlink quote from {caption}"
        op.subject_id = evidence.quote_id
    assert op.change is not None
    return op.change


def edit_quote(
    casebook: Casebook,
    quote_id: str,
    *,
    note: str | None = None,
    credibility: int | None = None,
    handling: str | None = None,
) -> Change:
    _check_credibility(credibility)
    with operation(casebook, "quote.edit") as op:
        quote = _quote(op.session, quote_id)
        if note is not None:
            quote.note = note.strip()
        if credibility is not None:
            quote.credibility = credibility
        if handling is not None:
            source = op.session.get(Source, quote.source_id)
            assert source is not None
            quote.handling = higher(check_level(handling), source.handling)
        op.summary = f"Edit quote “{_short(quote.exact)}”"
        op.subject_id = quote.id
    assert op.change is not None
    return op.change


def remove_quote(casebook: Casebook, quote_id: str) -> Change:
    """Remove a quote; its evidence links and review candidates go with it (ON DELETE
    CASCADE), and the change records them, so an undo brings them back."""
    with operation(casebook, "quote.remove") as op:
        quote = _quote(op.session, quote_id)
        op.session.delete(quote)
        op.summary = f"Remove quote “{_short(quote.exact)}”"
        op.subject_id = quote.id
    assert op.change is not None
    return op.change


def _quote(session: Session, quote_id: str) -> Quote:
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFoundError(f"no quote {quote_id}")
    return quote


_TARGET_MODELS: dict[str, type[Entity | Fact | Relationship | Note | Event]] = {
    "entity_id": Entity,
    "fact_id": Fact,
    "relationship_id": Relationship,
    "note_id": Note,
    "event_id": Event,
}
"""The model each evidence target column points to."""


def _link(
    session: Session,
    quote_id: str,
    *,
    entity_id: str | None = None,
    fact_id: str | None = None,
    relationship_id: str | None = None,
    note_id: str | None = None,
    event_id: str | None = None,
) -> str:
    given = {
        "entity_id": entity_id,
        "fact_id": fact_id,
        "relationship_id": relationship_id,
        "note_id": note_id,
        "event_id": event_id,
    }
    chosen = [(column, value) for column, value in given.items() if value]
    if len(chosen) != 1:
        raise ValidationError(
            "link a quote to exactly one entity, fact, relationship, note or event at a time"
        )
    column, target = chosen[0]
    model = _TARGET_MODELS[column]
    if session.get(model, target) is None:
        raise NotFoundError(f"no {model.__tablename__} {target}")
    existing = session.scalars(
        select(Evidence).where(
            Evidence.quote_id == quote_id,
            Evidence.entity_id.is_(entity_id)
            if entity_id is None
            else Evidence.entity_id == entity_id,
            Evidence.fact_id.is_(None) if fact_id is None else Evidence.fact_id == fact_id,
            Evidence.relationship_id.is_(None)
            if relationship_id is None
            else Evidence.relationship_id == relationship_id,
            Evidence.note_id.is_(None) if note_id is None else Evidence.note_id == note_id,
            Evidence.event_id.is_(None) if event_id is None else Evidence.event_id == event_id,
        )
    ).first()
    evidence = existing or Evidence(
        quote_id=quote_id,
        entity_id=entity_id,
        fact_id=fact_id,
        relationship_id=relationship_id,
        note_id=note_id,
        event_id=event_id,
    )
    if existing is None:
        session.add(evidence)
        session.flush()
    return target_caption(session, evidence)


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
