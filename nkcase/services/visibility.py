"""What a recipient of a handling level may see of some entities, their relationships, facts
and events: the single place charts and timelines ask (on screen, exported, in dossiers).

Interim rule, until the casebook-wide rule of the handling-levels work replaces the body of
:func:`level_view` (same questions, same answers for what exists today): a quote is shown when
neither it nor its source is above the level; an item supported by quotes is shown when at
least one of them is (what was learned only from protected sources is protected); a fact or
relationship is never shown without its entities, an event without all of its entities; an
event's own level counts too. Unsupported items are shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nkcase.model import Event, EventEntity, Evidence, Fact, Quote, Relationship, Source
from nkcase.services.evidence_refs import chunked

LEVEL_RANK = {"public": 0, "internal": 1, "protected": 2}


@dataclass
class LevelView:
    """The answers for one level: :meth:`shows` an item, :meth:`shown_support` its quotes."""

    level: str
    quote_levels: dict[str, int] = field(default_factory=dict)
    support: dict[str, tuple[str, ...]] = field(default_factory=dict)
    own: dict[str, int] = field(default_factory=dict)
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _cache: dict[str, bool] = field(default_factory=dict, repr=False)

    def quote_shown(self, quote_id: str) -> bool:
        return self.quote_levels.get(quote_id, 99) <= LEVEL_RANK[self.level]

    def shows(self, item_id: str) -> bool:
        found = self._cache.get(item_id)
        if found is None:
            self._cache[item_id] = True  # a cycle of requirements cannot hide itself
            found = self._decide(item_id)
            self._cache[item_id] = found
        return found

    def _decide(self, item_id: str) -> bool:
        if self.own.get(item_id, 0) > LEVEL_RANK[self.level]:
            return False
        support = self.support.get(item_id, ())
        if support and not any(self.quote_shown(q) for q in support):
            return False
        return all(self.shows(r) for r in self.requires.get(item_id, ()))

    def caption_at(self, entity_id: str, caption: str) -> str:
        """The entity's caption as the level shows it (interim: its caption)."""
        return caption

    def shown_support(self, item_id: str) -> tuple[str, ...]:
        """The item's own quotes shown as its evidence (none when the item is withheld)."""
        if not self.shows(item_id):
            return ()
        return tuple(q for q in self.support.get(item_id, ()) if self.quote_shown(q))


def level_view(
    session: Session,
    level: str,
    *,
    entity_ids: Collection[str],
    relationship_ids: Collection[str] = (),
    fact_ids: Collection[str] = (),
    event_ids: Collection[str] = (),
) -> LevelView:
    """Load what deciding these items at ``level`` needs (ids, levels and links; no texts)."""
    if level not in LEVEL_RANK:
        from nkcase.errors import ValidationError

        raise ValidationError(
            f"unknown handling level “{level}”; use public, internal or protected"
        )
    view = LevelView(level)
    support: dict[str, list[str]] = defaultdict(list)
    entity_support: dict[str, set[str]] = defaultdict(set)
    entities = set(entity_ids)

    rels: dict[str, tuple[str, str]] = {}
    for chunk in chunked(entities):
        for rel_id, subject, obj in session.execute(
            select(Relationship.id, Relationship.subject_id, Relationship.object_id).where(
                or_(Relationship.subject_id.in_(chunk), Relationship.object_id.in_(chunk))
            )
        ):
            rels[rel_id] = (subject, obj)
    for chunk in chunked(set(relationship_ids) - set(rels)):
        for rel_id, subject, obj in session.execute(
            select(Relationship.id, Relationship.subject_id, Relationship.object_id).where(
                Relationship.id.in_(chunk)
            )
        ):
            rels[rel_id] = (subject, obj)
    facts: dict[str, str] = {}
    for chunk in chunked(entities):
        query = select(Fact.id, Fact.entity_id).where(Fact.entity_id.in_(chunk))
        facts.update({fact_id: entity_id for fact_id, entity_id in session.execute(query)})
    for chunk in chunked(set(fact_ids) - set(facts)):
        query = select(Fact.id, Fact.entity_id).where(Fact.id.in_(chunk))
        facts.update({fact_id: entity_id for fact_id, entity_id in session.execute(query)})
    parties: dict[str, list[str]] = defaultdict(list)
    for chunk in chunked(event_ids):
        for event_id, entity_id in session.execute(
            select(EventEntity.event_id, EventEntity.entity_id).where(
                EventEntity.event_id.in_(chunk)
            )
        ):
            parties[event_id].append(entity_id)
        for event_id, handling in session.execute(
            select(Event.id, Event.handling).where(Event.id.in_(chunk))
        ):
            view.own[event_id] = LEVEL_RANK[handling]
    ends = {e for pair in rels.values() for e in pair} | {e for p in parties.values() for e in p}
    all_entities = entities | ends | set(facts.values())

    def collect(column: str, ids: Iterable[str]) -> None:
        target = getattr(Evidence, column)
        for chunk in chunked(set(ids)):
            for quote_id, target_id in session.execute(
                select(Evidence.quote_id, target).where(target.in_(chunk))
            ):
                support[target_id].append(quote_id)

    collect("entity_id", all_entities)
    collect("fact_id", facts)
    collect("relationship_id", rels)
    collect("event_id", parties)
    for fact_id, entity_id in facts.items():
        entity_support[entity_id].update(support.get(fact_id, ()))
    for rel_id, (subject, obj) in rels.items():
        entity_support[subject].update(support.get(rel_id, ()))
        entity_support[obj].update(support.get(rel_id, ()))
    quote_ids = {q for quotes in support.values() for q in quotes}
    for chunk in chunked(quote_ids):
        for quote_id, quote_level, source_level in session.execute(
            select(Quote.id, Quote.handling, Source.handling)
            .join(Source, Source.id == Quote.source_id)
            .where(Quote.id.in_(chunk))
        ):
            view.quote_levels[quote_id] = max(LEVEL_RANK[quote_level], LEVEL_RANK[source_level])
    view.support = {k: tuple(dict.fromkeys(v)) for k, v in support.items()}
    for entity_id in all_entities:
        # an entity's support is everything linked to it, its facts and its relationships
        own = view.support.get(entity_id, ())
        view.support[entity_id] = tuple(dict.fromkeys([*own, *sorted(entity_support[entity_id])]))
    view.requires.update({rel_id: pair for rel_id, pair in rels.items()})
    view.requires.update({fact_id: (entity_id,) for fact_id, entity_id in facts.items()})
    view.requires.update({event_id: tuple(p) for event_id, p in parties.items()})
    return view
