"""Read models: entity lists and whole case files as plain records for the CLI, GUI and dossier.

Nothing here writes. Records are frozen dataclasses with JSON-ready fields
(:mod:`nkcase.services.casefile_records`), so the CLI prints ``dataclasses.asdict`` and the
GUI's item models hold them directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.model import Entity, EntityTag, Evidence, Fact, Note, Quote, Relationship, Source
from nkcase.services.casefile_records import (
    CaseFile,
    EvidenceRef,
    FactRecord,
    NoteRecord,
    RelationshipRecord,
    grade,
)
from nkcase.services.entity_summaries import EntitySummary, summaries_of
from nkcase.services.levels import CasebookLevels, badge_levels, load_levels
from nkcase.services.lookup import get_entity
from nkcase.services.screening_records import designation_labels, designations_for
from nkcase.store import Casebook
from nkcase.store.id_sets import id_batches

__all__ = [
    "CaseFile",
    "EntitySummary",
    "EvidenceRef",
    "FactRecord",
    "NameRow",
    "NoteRecord",
    "RelationshipRecord",
    "case_file",
    "count_entities",
    "entity_names",
    "grade",
    "list_entities",
    "load_case_file",
    "quote_counts_for",
]


@dataclass(frozen=True)
class NameRow:
    """One name or alias of an entity, for finders and pickers."""

    entity_id: str
    caption: str
    schema: str
    name: str


def entity_names(casebook: Casebook) -> list[NameRow]:
    """Every name and alias of every entity, in one query (the quick finder's index)."""
    with casebook.reading() as session:
        rows = session.execute(
            select(Entity.id, Entity.caption, Entity.schema, Fact.value)
            .join(Fact, Fact.entity_id == Entity.id)
            .where(Fact.prop.in_(vocabulary.NAME_PROPERTIES))
            .order_by(Entity.id, Fact.position)
        ).all()
    return [NameRow(*row) for row in rows]


def count_entities(casebook: Casebook, *, schema: str | None = None) -> int:
    with casebook.reading() as session:
        query = select(func.count()).select_from(Entity)
        if schema:
            query = query.where(Entity.schema == vocabulary.get_schema(schema).name)
        return int(session.scalar(query) or 0)


def list_entities(
    casebook: Casebook,
    *,
    schema: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[EntitySummary]:
    """Entities sorted by caption, filtered, one page at a time for lazy views."""
    with casebook.reading() as session:
        query = select(Entity.id, Entity.schema, Entity.caption).order_by(
            func.lower(Entity.caption), Entity.id
        )
        if schema:
            query = query.where(Entity.schema == vocabulary.get_schema(schema).name)
        if status:
            query = query.where(
                Entity.id.in_(
                    select(Fact.entity_id).where(Fact.prop == "status", Fact.value == status)
                )
            )
        if tag:
            query = query.where(
                Entity.id.in_(select(EntityTag.entity_id).where(EntityTag.tag == tag.lower()))
            )
        rows = session.execute(query.offset(offset).limit(limit)).all()
        return _summaries(session, list(rows))


def _summaries(session: Session, rows: Sequence[tuple[str, str, str]]) -> list[EntitySummary]:
    ids = [r[0] for r in rows]
    if not ids:
        return []
    quote_counts = quote_counts_for(session, ids)
    levels = badge_levels(session, ids)
    return summaries_of(rows, quote_counts, levels, designation_labels(session, ids))


def quote_counts_for(session: Session, entity_ids: list[str]) -> dict[str, int]:
    """How many distinct quotes support each entity (directly or via its facts, relationships
    and notes: as its case file counts them)."""
    counts: dict[str, int] = {}
    for batch in id_batches(session, entity_ids):
        direct = select(Evidence.entity_id.label("eid"), Evidence.quote_id).where(
            batch.has(Evidence.entity_id)
        )
        via_fact = (
            select(Fact.entity_id.label("eid"), Evidence.quote_id)
            .join(Evidence, Evidence.fact_id == Fact.id)
            .where(batch.has(Fact.entity_id))
        )
        via_rel_subject = (
            select(Relationship.subject_id.label("eid"), Evidence.quote_id)
            .join(Evidence, Evidence.relationship_id == Relationship.id)
            .where(batch.has(Relationship.subject_id))
        )
        via_rel_object = (
            select(Relationship.object_id.label("eid"), Evidence.quote_id)
            .join(Evidence, Evidence.relationship_id == Relationship.id)
            .where(batch.has(Relationship.object_id))
        )
        via_note = (
            select(Note.entity_id.label("eid"), Evidence.quote_id)
            .join(Evidence, Evidence.note_id == Note.id)
            .where(batch.has(Note.entity_id))
        )
        union = direct.union(via_fact, via_rel_subject, via_rel_object, via_note).subquery()
        rows = session.execute(
            select(union.c.eid, func.count(func.distinct(union.c.quote_id))).group_by(union.c.eid)
        )
        counts.update((eid, int(n)) for eid, n in rows)
    return counts


def case_file(casebook: Casebook, entity_id: str) -> CaseFile:
    with casebook.reading() as session:
        return load_case_file(session, entity_id)


def load_case_file(
    session: Session, entity_id: str, levels: CasebookLevels | None = None
) -> CaseFile:
    """The case file of one entity, each item with its effective level.

    ``levels`` must cover the entity (:func:`~nkcase.services.levels.load_levels` of a set
    that includes it); it is loaded for this entity alone when not given.
    """
    entity = get_entity(session, entity_id)
    if levels is None or entity.id not in levels.graph:
        levels = load_levels(session, [entity.id])
    schema = vocabulary.get_schema(entity.schema)
    rels = session.scalars(
        select(Relationship).where(
            or_(Relationship.subject_id == entity.id, Relationship.object_id == entity.id)
        )
    ).all()
    captions = dict(
        session.execute(
            select(Entity.id, Entity.caption).where(
                Entity.id.in_({r.subject_id for r in rels} | {r.object_id for r in rels})
            )
        ).all()
    )
    notes = session.scalars(
        select(Note).where(Note.entity_id == entity.id).order_by(Note.created_at)
    ).all()
    evidence = _evidence_for(
        session, entity.id, [f.id for f in entity.facts], [r.id for r in rels],
        [n.id for n in notes], levels,
    )
    fact_records = [
        FactRecord(
            f.id,
            f.prop,
            vocabulary.property_label(entity.schema, f.prop),
            f.value,
            f.lang,
            f.script,
            f.date,
            evidence.get(("fact", f.id), []),
            vocabulary.display_value(entity.schema, f.prop, f.value),
            levels.record(f.id),
            row_version=f.version,
        )
        for f in entity.facts
    ]
    rel_records = [
        RelationshipRecord(
            r.id,
            r.schema,
            vocabulary.get_schema(r.schema).label,
            r.role,
            r.start_date,
            r.end_date,
            r.summary,
            r.subject_id,
            captions.get(r.subject_id, "?"),
            r.object_id,
            captions.get(r.object_id, "?"),
            evidence.get(("relationship", r.id), []),
            levels.record(r.id),
            row_version=r.version,
        )
        for r in sorted(rels, key=lambda r: (r.schema, r.start_date or "", r.id))
    ]
    return CaseFile(
        id=entity.id,
        schema=entity.schema,
        schema_label=schema.label,
        caption=entity.caption,
        summary=entity.summary,
        created_at=entity.created_at,
        updated_at=entity.updated_at,
        names=[f for f in fact_records if f.prop in vocabulary.NAME_PROPERTIES],
        facts=[f for f in fact_records if f.prop not in vocabulary.NAME_PROPERTIES],
        relationships=rel_records,
        evidence=evidence.get(("entity", entity.id), []),
        tags=sorted(t.tag for t in entity.tags),
        notes=[
            NoteRecord(
                n.id, n.text, n.handling, n.created_at, n.updated_at,
                evidence.get(("note", n.id), []), levels.record(n.id),
            )
            for n in notes
        ],
        level=levels.record(entity.id),
        designations=designations_for(session, [entity.id]).get(entity.id, []),
    )


def _evidence_for(
    session: Session,
    entity_id: str,
    fact_ids: list[str],
    rel_ids: list[str],
    note_ids: list[str],
    levels: CasebookLevels,
) -> dict[tuple[str, str], list[EvidenceRef]]:
    rows = session.execute(
        select(Evidence, Quote, Source.title, Source.reliability)
        .join(Quote, Quote.id == Evidence.quote_id)
        .join(Source, Source.id == Quote.source_id)
        .where(
            or_(
                Evidence.entity_id == entity_id,
                Evidence.fact_id.in_(fact_ids),
                Evidence.relationship_id.in_(rel_ids),
                Evidence.note_id.in_(note_ids),
            )
        )
        .order_by(Source.title, Quote.start_offset)
    ).all()
    found: dict[tuple[str, str], list[EvidenceRef]] = defaultdict(list)
    for link, quote, title, reliability in rows:
        if link.entity_id:
            target = ("entity", link.entity_id)
        elif link.fact_id:
            target = ("fact", link.fact_id)
        elif link.note_id:
            target = ("note", link.note_id)
        else:
            target = ("relationship", str(link.relationship_id))
        found[target].append(
            EvidenceRef.of(link.id, quote, title, reliability, levels.level(quote.id).level)
        )
    return found
