"""Read models: entity lists and whole case files as plain records for the CLI, GUI and dossier.

Nothing here writes. Records are frozen dataclasses with JSON-ready fields, so the CLI prints
``dataclasses.asdict`` and the GUI's item models hold them directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.model import Entity, EntityTag, Evidence, Fact, Note, Quote, Relationship, Source
from nkcase.services.lookup import get_entity
from nkcase.store import Casebook


def grade(reliability: str | None, credibility: int | None) -> str:
    """The Admiralty grade shown wherever a quote is shown: "B2"; "X" marks an ungraded half."""
    return f"{reliability or 'X'}{credibility if credibility else 'X'}"


@dataclass(frozen=True)
class EvidenceRef:
    """One quote supporting something, with where it comes from."""

    evidence_id: str
    quote_id: str
    source_id: str
    source_title: str
    first_page: int | None
    last_page: int | None
    grade: str
    text: str
    note: str
    handling: str
    status: str

    JSON_EXTRA = ("pages",)

    @property
    def pages(self) -> str:
        if self.first_page is None:
            return ""
        first, last = self.first_page + 1, (self.last_page or self.first_page) + 1
        return f"p. {first}" if first == last else f"pp. {first}–{last}"


@dataclass(frozen=True)
class FactRecord:
    id: str
    prop: str
    label: str
    value: str
    lang: str | None
    script: str | None
    date: str | None
    evidence: list[EvidenceRef] = field(default_factory=list)

    display: str = ""  # the value as a person reads it ("Vietnam (vn)")

    JSON_EXTRA = ("supported",)

    @property
    def supported(self) -> bool:
        return bool(self.evidence)


@dataclass(frozen=True)
class RelationshipRecord:
    id: str
    schema: str
    label: str
    role: str
    start: str | None
    end: str | None
    summary: str
    subject_id: str
    subject_caption: str
    object_id: str
    object_caption: str
    evidence: list[EvidenceRef] = field(default_factory=list)

    JSON_EXTRA = ("supported",)

    @property
    def supported(self) -> bool:
        return bool(self.evidence)


@dataclass(frozen=True)
class NoteRecord:
    id: str
    text: str
    handling: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class EntitySummary:
    """A row of the entity list."""

    id: str
    schema: str
    caption: str
    status: str | None
    countries: list[str]
    aliases: list[str]
    quote_count: int


@dataclass(frozen=True)
class CaseFile:
    """Everything the case file of one entity shows."""

    id: str
    schema: str
    schema_label: str
    caption: str
    summary: str
    created_at: str
    updated_at: str
    names: list[FactRecord]
    facts: list[FactRecord]
    relationships: list[RelationshipRecord]
    evidence: list[EvidenceRef]  # quotes linked to the entity itself
    tags: list[str]
    notes: list[NoteRecord]

    JSON_EXTRA = ("status", "unsupported")

    @property
    def status(self) -> str | None:
        return next((f.value for f in self.facts if f.prop == "status"), None)

    @property
    def unsupported(self) -> list[str]:
        """Facts and relationships no quote supports, as readable lines."""
        lines = [f"{f.label}: {f.value}" for f in self.facts if not f.supported]
        lines += [
            f"{r.label}: {r.subject_caption} → {r.object_caption}"
            for r in self.relationships
            if not r.supported
        ]
        return lines

    def all_evidence(self) -> list[EvidenceRef]:
        refs = list(self.evidence)
        for item in [*self.names, *self.facts]:
            refs.extend(item.evidence)
        for rel in self.relationships:
            refs.extend(rel.evidence)
        return refs


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
    status: dict[str, str] = {}
    countries: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    for entity_id, prop, value in session.execute(
        select(Fact.entity_id, Fact.prop, Fact.value)
        .where(
            Fact.entity_id.in_(ids),
            Fact.prop.in_(("status", "country", *vocabulary.NAME_PROPERTIES)),
        )
        .order_by(Fact.position)
    ):
        if prop == "status":
            status[entity_id] = value
        elif prop == "country":
            countries[entity_id].append(value)
        elif prop != "name":
            aliases[entity_id].append(value)
    quote_counts = quote_counts_for(session, ids)
    return [
        EntitySummary(
            i,
            s,
            c,
            status.get(i),
            countries.get(i, []),
            aliases.get(i, []),
            quote_counts.get(i, 0),
        )
        for i, s, c in rows
    ]


def quote_counts_for(session: Session, entity_ids: list[str]) -> dict[str, int]:
    """How many distinct quotes support each entity (directly or via its facts/relationships)."""
    if not entity_ids:
        return {}
    direct = select(Evidence.entity_id.label("eid"), Evidence.quote_id).where(
        Evidence.entity_id.in_(entity_ids)
    )
    via_fact = (
        select(Fact.entity_id.label("eid"), Evidence.quote_id)
        .join(Evidence, Evidence.fact_id == Fact.id)
        .where(Fact.entity_id.in_(entity_ids))
    )
    via_rel_subject = (
        select(Relationship.subject_id.label("eid"), Evidence.quote_id)
        .join(Evidence, Evidence.relationship_id == Relationship.id)
        .where(Relationship.subject_id.in_(entity_ids))
    )
    via_rel_object = (
        select(Relationship.object_id.label("eid"), Evidence.quote_id)
        .join(Evidence, Evidence.relationship_id == Relationship.id)
        .where(Relationship.object_id.in_(entity_ids))
    )
    union = direct.union(via_fact, via_rel_subject, via_rel_object).subquery()
    rows = session.execute(
        select(union.c.eid, func.count(func.distinct(union.c.quote_id))).group_by(union.c.eid)
    )
    return {eid: int(n) for eid, n in rows}


def case_file(casebook: Casebook, entity_id: str) -> CaseFile:
    with casebook.reading() as session:
        return load_case_file(session, entity_id)


def load_case_file(session: Session, entity_id: str) -> CaseFile:
    entity = get_entity(session, entity_id)
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
    evidence = _evidence_for(session, entity.id, [f.id for f in entity.facts], [r.id for r in rels])
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
        )
        for r in sorted(rels, key=lambda r: (r.schema, r.start_date or "", r.id))
    ]
    notes = session.scalars(
        select(Note).where(Note.entity_id == entity.id).order_by(Note.created_at)
    ).all()
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
        notes=[NoteRecord(n.id, n.text, n.handling, n.created_at, n.updated_at) for n in notes],
    )


def _evidence_for(
    session: Session, entity_id: str, fact_ids: list[str], rel_ids: list[str]
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
        else:
            target = ("relationship", str(link.relationship_id))
        found[target].append(
            EvidenceRef(
                link.id,
                quote.id,
                quote.source_id,
                title,
                quote.first_page,
                quote.last_page,
                grade(reliability, quote.credibility),
                quote.exact,
                quote.note,
                quote.handling,
                quote.status,
            )
        )
    return found
