"""Loading a timeline from a casebook at a handling level: events, relationship spans, dated
facts and the publication dates of the sources behind them, each with its shown evidence.

Everything here reads. Items above the level never enter the :class:`Timeline` (nor their
quotes, nor a source none of whose shown quotes supports an item).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.errors import ValidationError
from nkcase.model import Entity, Event, EventEntity, Fact, Relationship, Source
from nkcase.services.casefiles import EvidenceRef
from nkcase.services.events import load_event_records
from nkcase.services.evidence_refs import evidence_refs
from nkcase.services.visibility import LevelView, level_view
from nkcase.store import Casebook
from nkcase.store.batches import chunked
from nkcase.timeline import TimelineFilter, TimelineItem, sort_items

DATE_TYPE = "date"


@dataclass(frozen=True)
class Timeline:
    """Items in date order, and the quotes shown for each (by item id)."""

    items: list[TimelineItem]
    evidence: dict[str, list[EvidenceRef]] = field(default_factory=dict)
    level: str = "internal"


def load_timeline(casebook: Casebook, timeline_filter: TimelineFilter | None = None) -> Timeline:
    """The timeline the filter asks for (its entities, kinds, schemata, dates) at its level."""
    timeline_filter = timeline_filter or TimelineFilter()
    with casebook.reading() as session:
        return timeline_in(session, timeline_filter)


def timeline_in(session: Session, timeline_filter: TimelineFilter) -> Timeline:
    scope = timeline_filter.entity_ids
    loader = _Loader(session, scope)
    loader.load()
    view = level_view(
        session, timeline_filter.level, entity_ids=None if scope is None else loader.entity_rows
    )
    items, evidence = loader.items(view)
    shown = sort_items(i for i in items if timeline_filter.passes(i))
    keep = {i.id for i in shown}
    return Timeline(shown, {k: v for k, v in evidence.items() if k in keep}, view.level)


class _Loader:
    """The rows a timeline of ``scope`` (None: everything) is made of."""

    def __init__(self, session: Session, scope: Collection[str] | None) -> None:
        self.session = session
        self.scope = None if scope is None else set(scope)
        self.entity_rows: dict[str, tuple[str, str]] = {}
        self.rels: dict[str, Relationship] = {}
        self.facts: dict[str, Fact] = {}
        self.events: list[Event] = []

    def load(self) -> None:
        s = self.session
        dated_rel = or_(Relationship.start_date.is_not(None), Relationship.end_date.is_not(None))
        dated_fact = or_(Fact.date.is_not(None), Fact.prop.in_(_date_props()))
        if self.scope is None:
            self.rels = {r.id: r for r in s.scalars(select(Relationship).where(dated_rel))}
            self.facts = {f.id: f for f in s.scalars(select(Fact).where(dated_fact))}
            self.events = list(s.scalars(select(Event)))
        else:
            for chunk in chunked(self.scope):
                self.rels.update(
                    (r.id, r)
                    for r in s.scalars(
                        select(Relationship).where(
                            dated_rel,
                            or_(
                                Relationship.subject_id.in_(chunk),
                                Relationship.object_id.in_(chunk),
                            ),
                        )
                    )
                )
                self.facts.update(
                    (f.id, f)
                    for f in s.scalars(select(Fact).where(dated_fact, Fact.entity_id.in_(chunk)))
                )
                involved = select(EventEntity.event_id).where(EventEntity.entity_id.in_(chunk))
                self.events += list(s.scalars(select(Event).where(Event.id.in_(involved))))
            self.events = list({e.id: e for e in self.events}.values())
        # facts whose date-typed property does not fit its schema are ignored (never guessed)
        ids = {f.entity_id for f in self.facts.values()}
        ids |= {r.subject_id for r in self.rels.values()} | {
            r.object_id for r in self.rels.values()
        }
        self.records = load_event_records(s, self.events)
        ids |= {p.entity_id for record in self.records for p in record.entities}
        for chunk in chunked(ids | (self.scope or set())):
            for entity_id, schema, caption in s.execute(
                select(Entity.id, Entity.schema, Entity.caption).where(Entity.id.in_(chunk))
            ):
                self.entity_rows[entity_id] = (schema, caption)

    def _ends(self, view: LevelView, ids: Collection[str]) -> tuple[tuple[str, ...], ...]:
        shown = [i for i in ids if i in self.entity_rows and view.shows(i)]
        return (
            tuple(shown),
            tuple(view.caption_at(i, self.entity_rows[i][1]) for i in shown),
            tuple(self.entity_rows[i][0] for i in shown),
        )

    def items(self, view: LevelView) -> tuple[list[TimelineItem], dict[str, list[EvidenceRef]]]:
        items: list[TimelineItem] = []
        evidence: dict[str, list[EvidenceRef]] = {}

        def shown_refs(item_id: str, refs: list[EvidenceRef]) -> list[EvidenceRef]:
            keep = set(view.shown_support(item_id))
            return [r for r in refs if r.quote_id in keep]

        for record in self.records:
            if not view.shows(record.id):
                continue
            refs = shown_refs(record.id, record.evidence)
            ids, captions, schemata = self._ends(view, [p.entity_id for p in record.entities])
            items.append(
                TimelineItem(
                    "event",
                    record.id,
                    record.start,
                    record.end,
                    record.summary,
                    detail=record.place,
                    schema="Event",
                    entity_ids=ids,
                    entity_captions=captions,
                    entity_schemata=schemata,
                    quote_ids=tuple(r.quote_id for r in refs),
                    grades=tuple(r.grade for r in refs),
                )
            )
            evidence[record.id] = refs

        rel_refs = evidence_refs(self.session, "relationship_id", self.rels)
        for rel in self.rels.values():
            if not view.shows(rel.id):
                continue
            refs = shown_refs(rel.id, rel_refs.get(rel.id, []))
            ids, captions, schemata = self._ends(view, [rel.subject_id, rel.object_id])
            label = vocabulary.get_schema(rel.schema).label
            what = f"{captions[0]} → {captions[1]}" if len(captions) == 2 else ""
            items.append(
                TimelineItem(
                    "relationship",
                    rel.id,
                    rel.start_date or str(rel.end_date),
                    rel.end_date if rel.start_date else None,
                    f"{rel.role or label}: {what}",
                    detail=label,
                    schema=rel.schema,
                    entity_ids=ids,
                    entity_captions=captions,
                    entity_schemata=schemata,
                    quote_ids=tuple(r.quote_id for r in refs),
                    grades=tuple(r.grade for r in refs),
                    open=bool(rel.start_date and not rel.end_date),
                )
            )
            evidence[rel.id] = refs

        fact_refs = evidence_refs(self.session, "fact_id", self.facts)
        for fact in self.facts.values():
            if not view.shows(fact.id) or fact.entity_id not in self.entity_rows:
                continue
            schema = self.entity_rows[fact.entity_id][0]
            when = fact.date or _date_value(schema, fact.prop, fact.value)
            if when is None:
                continue
            refs = shown_refs(fact.id, fact_refs.get(fact.id, []))
            ids, captions, schemata = self._ends(view, [fact.entity_id])
            prop_label = vocabulary.property_label(schema, fact.prop)
            label = (
                f"{prop_label}: {vocabulary.display_value(schema, fact.prop, fact.value)}"
                if fact.date
                else prop_label
            )
            items.append(
                TimelineItem(
                    "fact",
                    fact.id,
                    when,
                    None,
                    f"{captions[0]} — {label}" if captions else label,
                    detail=prop_label,
                    schema=schema,
                    entity_ids=ids,
                    entity_captions=captions,
                    entity_schemata=schemata,
                    quote_ids=tuple(r.quote_id for r in refs),
                    grades=tuple(r.grade for r in refs),
                )
            )
            evidence[fact.id] = refs

        items += self._sources(view, items, evidence)
        return items, evidence

    def _sources(
        self, view: LevelView, items: list[TimelineItem], evidence: dict[str, list[EvidenceRef]]
    ) -> list[TimelineItem]:
        """Publication dates of the sources whose shown quotes support the items (with no
        scope: of every source the level shows)."""
        supports: dict[str, set[str]] = defaultdict(set)
        by_item = {i.id: i for i in items}
        for item_id, refs in evidence.items():
            for ref in refs:
                supports[ref.source_id].update(by_item[item_id].entity_ids)
        query = select(Source.id, Source.title, Source.published, Source.handling, Source.kind)
        query = query.where(Source.published.is_not(None))
        if self.scope is not None:
            rows = []
            for chunk in chunked(supports):
                rows += list(self.session.execute(query.where(Source.id.in_(chunk))))
        else:
            rows = list(self.session.execute(query))
        out = []
        for source_id, title, published, _handling, kind in rows:
            if not view.shows(source_id):
                continue
            ids = tuple(sorted(supports.get(source_id, set())))
            captions = tuple(view.caption_at(i, self.entity_rows[i][1]) for i in ids)
            out.append(
                TimelineItem(
                    "source",
                    source_id,
                    str(published),
                    None,
                    f"Published: {title}",
                    detail=kind,
                    schema="Source",
                    entity_ids=ids,
                    entity_captions=captions,
                    entity_schemata=tuple(self.entity_rows[i][0] for i in ids),
                )
            )
        return out


def _date_props() -> list[str]:
    """Every property name that holds a date in some schema (incorporationDate, birthDate…)."""
    names = {
        prop.name
        for schema in vocabulary.ENTITY_SCHEMATA
        for prop in schema.properties.values()
        if prop.type == DATE_TYPE
    }
    return sorted(names)


def _date_value(schema: str, prop: str, value: str) -> str | None:
    found = vocabulary.get_schema(schema).get_property(prop)
    if found is None or found.type != DATE_TYPE:
        return None
    try:
        return vocabulary.clean_date(value)
    except ValidationError:
        return None
