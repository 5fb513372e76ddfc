"""Which rows a fieldwork copy of some entities holds: the slice around the chosen entities.

A fieldwork copy of a few entities (``nkcase checkout … --entity E``) is the casebook copy of
:mod:`nkcase.exchange.copy` restricted to a slice. The slice is a *selection*, not a level
filter: what the level withholds is decided by the one visibility rule alone
(:func:`nkcase.services.levels.load_levels` ``(...).at(level)``), and the slice only picks,
among the rows that rule shows, those that belong with the chosen entities:

- the chosen entities with their names and facts, notes and tags;
- their relationships, and the entities at the other end as context: the entity row and its
  names, nothing else of it (its other facts, notes, relationships stay behind);
- the events they take part in, and the events' other entities as context (an event cannot be
  written without every entity taking part);
- the quotes that are evidence for any of those rows, and those quotes' sources (whole: the
  original file and its texts, which quotes point into).

Everything else (other entities, their sources, charts, sanctions lists and screening
candidates) stays at the team store. A row absent from a copy is never a deletion when the copy
is merged back (:mod:`nkcase.exchange.merge`: only a deletion recorded in the copy's own audit
log deletes), so checking a slice in loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from nkcase.errors import UsageError
from nkcase.model import Entity, EventEntity, Evidence, Fact, Note, Quote, Relationship
from nkcase.model.evidence import EVIDENCE_TARGETS
from nkcase.services.visibility import LevelView
from nkcase.store.batches import chunked
from nkcase.vocabulary import NAME_PROPERTIES

#: Tables a slice never holds (kept whole by a copy of the whole casebook): charts show other
#: entities, sanctions lists are reference data the team store keeps, screening candidates
#: point into those lists.
LEFT_AT_THE_STORE = frozenset({
    "chart",
    "list_snapshot",
    "list_snapshot_file",
    "list_record",
    "list_name",
    "list_identifier",
    "screening_candidate",
})


@dataclass
class EntitySlice:
    """The ids of the rows a slice may hold (each also shown by the level's rule)."""

    chosen: set[str]
    context: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def holds(self, item_id: str | None) -> bool:
        return item_id is not None and item_id in self.ids


def entity_slice(session: Session, view: LevelView, chosen: Iterable[str]) -> EntitySlice:
    """The slice around the ``chosen`` entity ids at the level of ``view`` (the one rule).

    A chosen entity the level does not show is refused (one line): a slice of it would be
    empty, which is never what the investigator meant."""
    result = EntitySlice(set(chosen))
    for entity_id in sorted(result.chosen):
        if session.get(Entity, entity_id) is None:
            raise UsageError(f"no entity {entity_id}")
        if not view.shows(entity_id):
            raise UsageError(
                f"entity {entity_id} is above the copy's level: choose a higher --level"
            )
    chosen_ids = result.chosen
    relationships = {
        rid: (subject, obj)
        for part in chunked(chosen_ids)
        for rid, subject, obj in session.execute(
            select(Relationship.id, Relationship.subject_id, Relationship.object_id).where(
                or_(Relationship.subject_id.in_(part), Relationship.object_id.in_(part))
            )
        )
        if view.shows(rid)
    }
    context = {end for ends in relationships.values() for end in ends}
    events = {
        eid for eid in _values_in(session, EventEntity.event_id, EventEntity.entity_id, chosen_ids)
        if view.shows(eid)
    }
    context |= _values_in(session, EventEntity.entity_id, EventEntity.event_id, events)
    result.context = context - chosen_ids
    entities = chosen_ids | result.context
    facts = {
        fid
        for part in chunked(entities)
        for fid, entity_id, prop in session.execute(
            select(Fact.id, Fact.entity_id, Fact.prop).where(Fact.entity_id.in_(part))
        )
        if view.shows(fid) and (entity_id in chosen_ids or prop in NAME_PROPERTIES)
    }
    notes = {
        nid for nid in _values_in(session, Note.id, Note.entity_id, chosen_ids)
        if view.shows(nid)
    }
    # every entity of a kept event or relationship is shown (the rule raises the link to its
    # ends' level), so these sets are all visible
    targets = entities | facts | set(relationships) | notes | events
    columns = [getattr(Evidence, c) for c in EVIDENCE_TARGETS]
    quotes: set[str] = set()
    for quote_id, *target in session.execute(select(Evidence.quote_id, *columns)):
        if any(t in targets for t in target if t is not None) and view.shows(quote_id):
            quotes.add(quote_id)
    sources = _values_in(session, Quote.source_id, Quote.id, quotes)
    result.ids = targets | quotes | sources
    return result


def _values_in(
    session: Session, wanted: InstrumentedAttribute[str], key: InstrumentedAttribute[str],
    ids: Iterable[str],
) -> set[str]:
    """The ``wanted`` column's values of the rows whose ``key`` is one of ``ids`` (in chunks
    of :data:`~nkcase.store.batches.IDS_PER_STATEMENT`)."""
    found: set[str] = set()
    for part in chunked(ids):
        found |= set(session.scalars(select(wanted).where(key.in_(part))))
    return found

