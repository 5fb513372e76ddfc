"""Read models for quotes: what the reader highlights and the CLI lists, with their links."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nkcase.errors import NotFoundError
from nkcase.model import Entity, Event, Evidence, Fact, Note, Quote, Relationship, Source
from nkcase.services.casefiles import grade
from nkcase.store import Casebook


@dataclass(frozen=True)
class LinkedItem:
    evidence_id: str
    kind: str  # "entity", "fact", "relationship", "note", "event"
    target_id: str
    caption: str


@dataclass(frozen=True)
class QuoteRecord:
    id: str
    source_id: str
    source_title: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    first_page: int | None
    last_page: int | None
    rects: list[tuple[int, float, float, float, float]]
    grade: str
    credibility: int | None
    note: str
    handling: str
    status: str
    created_at: str
    linked: list[LinkedItem]


def quotes_for_source(casebook: Casebook, source_id: str) -> list[QuoteRecord]:
    with casebook.reading() as session:
        quotes = session.scalars(
            select(Quote).where(Quote.source_id == source_id).order_by(Quote.start_offset)
        ).all()
        return _records(session, list(quotes))


def list_quotes(
    casebook: Casebook, *, source_id: str | None = None, entity_id: str | None = None
) -> list[QuoteRecord]:
    with casebook.reading() as session:
        query = select(Quote).order_by(Quote.source_id, Quote.start_offset)
        if source_id:
            query = query.where(Quote.source_id == source_id)
        if entity_id:
            fact_ids = select(Fact.id).where(Fact.entity_id == entity_id)
            rel_ids = select(Relationship.id).where(
                or_(Relationship.subject_id == entity_id, Relationship.object_id == entity_id)
            )
            query = query.where(
                Quote.id.in_(
                    select(Evidence.quote_id).where(
                        or_(
                            Evidence.entity_id == entity_id,
                            Evidence.fact_id.in_(fact_ids),
                            Evidence.relationship_id.in_(rel_ids),
                            Evidence.note_id.in_(
                                select(Note.id).where(Note.entity_id == entity_id)
                            ),
                        )
                    )
                )
            )
        return _records(session, list(session.scalars(query).all()))


def quote_record(casebook: Casebook, quote_id: str) -> QuoteRecord:
    with casebook.reading() as session:
        quote = session.get(Quote, quote_id)
        if quote is None:
            matches = (
                session.scalars(select(Quote).where(Quote.id.startswith(quote_id)).limit(2)).all()
                if len(quote_id) >= 6
                else []
            )
            if len(matches) != 1:
                raise NotFoundError(f"no quote {quote_id}")
            quote = matches[0]
        return _records(session, [quote])[0]


def _records(session: Session, quotes: list[Quote]) -> list[QuoteRecord]:
    if not quotes:
        return []
    ids = [q.id for q in quotes]
    sources = {
        s.id: s
        for s in session.scalars(select(Source).where(Source.id.in_({q.source_id for q in quotes})))
    }
    links: dict[str, list[LinkedItem]] = {}
    for evidence in session.scalars(select(Evidence).where(Evidence.quote_id.in_(ids))):
        kind, target = evidence_target(evidence)
        links.setdefault(evidence.quote_id, []).append(
            LinkedItem(evidence.id, kind, target, target_caption(session, evidence))
        )
    return [
        QuoteRecord(
            q.id,
            q.source_id,
            sources[q.source_id].title,
            q.start_offset,
            q.end_offset,
            q.exact,
            q.prefix,
            q.suffix,
            q.first_page,
            q.last_page,
            [(int(r[0]), *map(float, r[1:5])) for r in json.loads(q.rects)],  # type: ignore[misc]
            grade(sources[q.source_id].reliability, q.credibility),
            q.credibility,
            q.note,
            q.handling,
            q.status,
            q.created_at,
            links.get(q.id, []),
        )
        for q in quotes
    ]


def evidence_target(evidence: Evidence) -> tuple[str, str]:
    if evidence.entity_id:
        return "entity", evidence.entity_id
    if evidence.fact_id:
        return "fact", evidence.fact_id
    if evidence.note_id:
        return "note", evidence.note_id
    if evidence.event_id:
        return "event", evidence.event_id
    return "relationship", str(evidence.relationship_id)


def target_caption(session: Session, evidence: Evidence) -> str:
    kind, target = evidence_target(evidence)
    if kind == "entity":
        entity = session.get(Entity, target)
        return entity.caption if entity else "?"
    if kind == "fact":
        fact = session.get(Fact, target)
        return f"{fact.entity.caption} ({fact.prop}: {fact.value})" if fact else "?"
    if kind == "note":
        note = session.get(Note, target)
        owner = session.get(Entity, note.entity_id) if note else None
        return f"note on {owner.caption}" if owner else "?"
    if kind == "event":
        event = session.get(Event, target)
        return f"event {event.start_date}: {event.summary}" if event else "?"
    rel = session.get(Relationship, target)
    if rel is None:
        return "?"
    subject = session.get(Entity, rel.subject_id)
    obj = session.get(Entity, rel.object_id)
    return f"{rel.schema} {subject.caption if subject else '?'} → {obj.caption if obj else '?'}"
