"""Where the casebook's entity names occur in a source: suggestions, never links by themselves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from nkcase.mentions import NameEntry, find_mentions
from nkcase.model import Entity, Evidence, Fact, Quote
from nkcase.store import Casebook
from nkcase.vocabulary import NAME_PROPERTIES

CONTEXT = 60


@dataclass(frozen=True)
class MentionRecord:
    entity_id: str
    caption: str
    name: str
    start: int
    end: int
    matched_text: str
    context: str
    already_quoted: bool


def mentions_in_source(casebook: Casebook, source_id: str) -> list[MentionRecord]:
    """Each occurrence of any entity's name or alias in the source's current text."""
    from nkcase.services.source_records import load_source_text

    with casebook.reading() as session:
        frozen = load_source_text(session, source_id)
        names = [
            NameEntry(entity_id, value)
            for entity_id, value in session.execute(
                select(Fact.entity_id, Fact.value).where(Fact.prop.in_(NAME_PROPERTIES))
            )
        ]
        captions = dict(session.execute(select(Entity.id, Entity.caption)).all())
        quoted: dict[str, list[tuple[int, int]]] = {}
        rows = session.execute(
            select(Evidence.entity_id, Fact.entity_id, Quote.start_offset, Quote.end_offset)
            .join(Quote, Quote.id == Evidence.quote_id)
            .outerjoin(Fact, Fact.id == Evidence.fact_id)
            .where(Quote.source_id == source_id, Quote.text_version_id == frozen.text_version_id)
        )
        for direct, via_fact, start, end in rows:
            owner = direct or via_fact
            if owner:
                quoted.setdefault(owner, []).append((start, end))
    text = frozen.text
    records = []
    for m in find_mentions(text, names):
        spans = quoted.get(m.entity_id, [])
        records.append(
            MentionRecord(
                m.entity_id,
                captions.get(m.entity_id, "?"),
                m.name,
                m.start,
                m.end,
                m.matched_text,
                text[max(0, m.start - CONTEXT) : m.end + CONTEXT].replace("\n", " "),
                any(s <= m.start and m.end <= e for s, e in spans),
            )
        )
    return records
