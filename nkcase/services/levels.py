"""The handling levels of a casebook's items: loaded from the store into the one rule.

:func:`load_levels` reads ids, levels, releases and evidence links (never texts) for some
entities — with what their levels depend on: the entities at the other end of their
relationships and those entities' evidence — or for the whole casebook, and hands them to
:class:`nkcase.levels.LevelGraph`. :class:`CasebookLevels` adds what people read: source
titles for "derives from", captions, and the visible caption of an entity at a level.

Every output calls this and then the rule: ``load_levels(session, ids).at("public")``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import or_, select, union_all
from sqlalchemy.orm import Session

from nkcase.levels import Item, ItemLevel, LevelGraph, Release, Visibility
from nkcase.model import (
    Entity,
    Event,
    EventEntity,
    Evidence,
    Fact,
    Note,
    Quote,
    Relationship,
    Source,
)
from nkcase.store.batches import IDS_PER_STATEMENT
from nkcase.store.id_sets import IdBatch, id_batches
from nkcase.vocabulary import NAME_PROPERTIES
from nkcase.vocabulary.levels import HandlingLevel

WHOLE_CASEBOOK_PAST = 4000
"""Entity levels for more ids than this are computed from the whole casebook in one pass."""

WITHHELD_NAME = "(name withheld)"
"""The caption of a visible entity none of whose names may be shown at the level."""


@dataclass(frozen=True)
class ReleaseRecord:
    to: str
    by: str
    at: str
    reason: str

    def __str__(self) -> str:
        return f"released to {self.to} by {self.by} on {self.at[:10]}: {self.reason}"


@dataclass(frozen=True)
class LevelRecord:
    """An item's effective level as people read it: the level and one line saying why."""

    level: str
    own: str
    evidence: str | None = None
    derived_from: tuple[str, ...] = ()
    """Titles of the sources whose quotes set its level (when its evidence did)."""
    release: ReleaseRecord | None = None
    released: bool = False
    """Whether the release is what lowered its level."""
    held_by: tuple[str, ...] = ()
    """Captions of the entities whose level raised its level."""

    JSON_EXTRA = ("explanation",)

    def bare(self) -> LevelRecord:
        """Only the level, without the reasons (whose source titles may be above it): what a
        view at a level carries."""
        return LevelRecord(self.level, self.level, detailed=False)

    detailed: bool = True

    @property
    def explanation(self) -> str:
        """ "protected — derives from the protected source “KESTREL debrief”" and the like."""
        if not self.detailed:
            return self.level
        if self.held_by:
            names = ", ".join(f"“{n}”" for n in self.held_by)
            verb = "is" if len(self.held_by) == 1 else "are"
            return f"{self.level} — {names} {verb} {self.level}"
        if self.released and self.release is not None:
            return f"{self.level} — {self.release}"
        if self.derived_from:
            titles = ", ".join(f"“{t}”" for t in self.derived_from)
            noun = "source" if len(self.derived_from) == 1 else "sources"
            return f"{self.level} — derives from the {self.evidence} {noun} {titles}"
        if self.own != "public":
            return f"{self.level} — marked {self.own}"
        return self.level


PUBLIC = LevelRecord("public", "public")


class CasebookLevels:
    """A :class:`LevelGraph` of (part of) a casebook, with the names people read."""

    def __init__(
        self,
        graph: LevelGraph,
        source_titles: dict[str, str],
        captions: dict[str, str],
        names: dict[str, list[tuple[str, str]]],
    ) -> None:
        self.graph = graph
        self.source_titles = source_titles
        self.captions = captions
        self.names = names
        """Entity id -> its (fact id, value) names, strongest kind first, in order."""
        self.fact_rows: Sequence[Any] = ()
        """The fact rows the load read (id, entity id, prop, value, position, level, release),
        unordered: a reader that shows facts beside the levels (the navigator's columns) reads
        them here instead of a second time."""

    def level(self, item_id: str) -> ItemLevel:
        return self.graph.level(item_id)

    def at(self, level: str) -> Visibility:
        return self.graph.at(level)

    def record(self, item_id: str) -> LevelRecord:
        found = self.graph.level(item_id)
        release = found.item.release
        return LevelRecord(
            level=found.level,
            own=found.own,
            evidence=found.evidence,
            derived_from=tuple(self.source_titles.get(s, "?") for s in found.derived_from),
            release=ReleaseRecord(release.to, release.by, release.at, release.reason)
            if release
            else None,
            released=found.released,
            held_by=tuple(self.captions.get(e, "?") for e in found.held_by),
        )

    def caption_at(self, entity_id: str, visibility: Visibility) -> str:
        """The entity's caption as a recipient of the level sees it: its first visible name."""
        names = self.names.get(entity_id, [])
        shown = visibility.first_shown([fact_id for fact_id, _value in names])
        if shown is None:
            return WITHHELD_NAME
        return next(value for fact_id, value in names if fact_id == shown)


def _rows(session: Session, query: Any, column: Any, ids: Collection[str] | None) -> list[Any]:
    """``query`` for all rows (``ids`` None) or for those whose ``column`` is in ``ids``."""
    if ids is None:
        return list(session.execute(query).all())
    out: list[Any] = []
    for batch in id_batches(session, ids):
        out += session.execute(query.where(batch.has(column))).all()
    return out


def _release(to: str | None, by: str | None, at: str | None, reason: str | None
             ) -> Release | None:
    """The release stored in the four release columns, or None."""
    if to is None:
        return None
    return Release(cast(HandlingLevel, to), by or "", at or "", reason or "")


RELEASE_COLUMNS = ("released_to", "released_by", "released_at", "release_reason")


def load_levels(
    session: Session, entity_ids: Iterable[str] | None = None, *, neighbours: bool = True,
    every_quote: bool = False,
) -> CasebookLevels:
    """The level graph of ``entity_ids`` (None: every entity) and what their levels need.

    With ``neighbours`` the entities at the other end of their relationships are loaded with
    their own evidence, so that relationships (and their other ends' captions) can be
    decided; without, only the entities' own levels can (the navigator's badges), and their
    notes are not loaded either (no entity's level depends on its notes).
    ``every_quote`` also loads the quotes that support nothing (their level is their own and
    their source's): what a casebook copy at a level needs to decide each quote.
    """
    scope = None if entity_ids is None else list(dict.fromkeys(entity_ids))
    rels = _relationships_touching(session, scope)
    events = _events_touching(session, scope)
    entity_scope: list[str] | None = scope
    if scope is not None and neighbours:
        ends = {r.subject_id for r in rels.values()} | {r.object_id for r in rels.values()}
        ends |= {e for _row, parties in events.values() for e in parties}  # an event's others
        in_scope = set(scope)
        extra = [e for e in ends if e not in in_scope]
        entity_scope = scope + extra
        # the neighbours' other relationships are evidence of the neighbours too
        rels.update(_relationships_touching(session, extra))

    entities = _rows(session, _levelled(Entity, Entity.caption), Entity.id, entity_scope)
    facts = _rows(
        session,
        _levelled(Fact, Fact.entity_id, Fact.prop, Fact.value, Fact.position),
        Fact.entity_id,
        entity_scope,
    )
    notes = (
        _rows(session, _levelled(Note, Note.entity_id), Note.entity_id, scope)
        if neighbours else []
    )
    evidence = _evidence(session, entity_scope, scope if neighbours else [])
    quotes = {quote_id: (source_id, own) for quote_id, _target, source_id, own in evidence}
    if every_quote:
        for quote_id, source_id, own in session.execute(
            select(Quote.id, Quote.source_id, Quote.handling)
        ):
            quotes.setdefault(quote_id, (source_id, own))
    # every source: a casebook holds far fewer sources than entities, and one query is cheaper
    # than a list of their ids
    sources = session.execute(select(Source.id, Source.title, Source.handling)).all()

    support: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for quote_id, target, _source, _own in evidence:
        support[target] += (quote_id,)
    # Rows are unpacked by position (the column order of _levelled: id, the columns asked
    # for, handling, the four release columns): much faster than attribute access by name.
    # Levels are read as stored: the CHECK constraints keep them to HANDLING_LEVELS.
    items: list[Item] = [Item("source", s.id, s.handling) for s in sources]
    items += [
        Item("quote", qid, cast(HandlingLevel, own), (), (source,))
        for qid, (source, own) in quotes.items()
    ]
    items += [
        Item("entity", eid, own, support[eid], release=_release(*release))
        for eid, _caption, own, *release in entities
    ]
    name_props = set(NAME_PROPERTIES)
    items += [
        Item("name" if prop in name_props else "fact", fid, own, support[fid], (owner,),
             (owner,), _release(*release))
        for fid, owner, prop, _value, _position, own, *release in facts
    ]
    items += [
        Item("relationship", rid, own, support[rid], (subject, obj), (subject, obj),
             _release(*release))
        for rid, subject, obj, own, *release in rels.values()
    ]
    items += [
        Item("note", nid, own, support[nid], (owner,), release=_release(*release))
        for nid, owner, own, *release in notes
    ]
    # an event needs every entity it involves, and its quotes are evidence of them all
    items += [
        Item("event", row[0], row[1], support[row[0]], parties, parties, _release(*row[2:]))
        for row, parties in events.values()
    ]
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    strength = {prop: rank for rank, prop in enumerate(NAME_PROPERTIES)}
    for f in sorted(
        (f for f in facts if f.prop in name_props),
        key=lambda f: (strength[f.prop], f.position),
    ):
        names[f.entity_id].append((f.id, f.value))
    levels = CasebookLevels(
        LevelGraph(items),
        {s.id: s.title for s in sources},
        {e.id: e.caption for e in entities},
        dict(names),
    )
    levels.fact_rows = facts
    return levels


def _levelled(model: Any, *columns: Any) -> Any:
    """SELECT id, ``columns``, the own level and the release columns of ``model``."""
    return select(model.id, *columns, model.handling,
                  *(getattr(model, c) for c in RELEASE_COLUMNS))


def _relationships_touching(session: Session, ids: list[str] | None) -> dict[str, Any]:
    """The relationships with an end among ``ids`` (None: every relationship), by id."""
    query = _levelled(Relationship, Relationship.subject_id, Relationship.object_id)
    if ids is None:
        return {r.id: r for r in session.execute(query)}
    found: dict[str, Any] = {}
    for batch in id_batches(session, ids):
        touching = or_(batch.has(Relationship.subject_id), batch.has(Relationship.object_id))
        found.update({r.id: r for r in session.execute(query.where(touching))})
    return found


def _events_touching(
    session: Session, ids: list[str] | None
) -> dict[str, tuple[Any, tuple[str, ...]]]:
    """The events involving any of ``ids`` (None: every event): id → (row, entity ids)."""
    query = _levelled(Event)
    rows: dict[str, Any] = {}
    if ids is None:
        rows = {r.id: r for r in session.execute(query)}
    else:
        for batch in id_batches(session, ids):
            involved = select(EventEntity.event_id).where(batch.has(EventEntity.entity_id))
            rows.update({r.id: r for r in session.execute(query.where(Event.id.in_(involved)))})
    parties: dict[str, list[str]] = defaultdict(list)
    link_query = select(EventEntity.event_id, EventEntity.entity_id).order_by(
        EventEntity.position
    )
    for event_id, entity_id in _rows(
        session, link_query, EventEntity.event_id, None if ids is None else list(rows)
    ):
        parties[event_id].append(entity_id)
    return {k: (row, tuple(parties.get(k, ()))) for k, row in rows.items()}


def _evidence(
    session: Session, entity_scope: list[str] | None, scope: list[str] | None
) -> list[tuple[str, str, str, str]]:
    """(quote id, target id, source id, quote level) of every evidence link that counts.

    Links to the entities of ``entity_scope``, to their facts and names and to relationships
    and events touching them; links to the notes of ``scope`` (None: every link; empty: none).
    The queries bind only entity ids: a page of the navigator costs one small query (the links
    to the entities and what they own), a level load with neighbours a second for the notes'.
    """
    targets: list[_Target] = [
        (Evidence.entity_id, None, lambda ids: ids.has(Evidence.entity_id)),
        (Evidence.fact_id, (Fact, Fact.id == Evidence.fact_id),
         lambda ids: ids.has(Fact.entity_id)),
        (Evidence.relationship_id, (Relationship, Relationship.id == Evidence.relationship_id),
         lambda ids: or_(ids.has(Relationship.subject_id), ids.has(Relationship.object_id))),
        (Evidence.event_id, (EventEntity, EventEntity.event_id == Evidence.event_id),
         lambda ids: ids.has(EventEntity.entity_id)),
    ]
    notes: list[_Target] = [
        (Evidence.note_id, (Note, Note.id == Evidence.note_id),
         lambda ids: ids.has(Note.entity_id)),
    ]
    found: set[tuple[str, str, str, str]] = set()
    found.update(_links(session, targets, entity_scope))
    found.update(_links(session, notes, scope))
    return sorted(found)


_Target = tuple[Any, Any, Callable[[IdBatch], Any]]
"""An evidence link's target column, the join to the item it names, and the condition that
the item belongs to a batch of entities."""


def _links(
    session: Session, targets: list[_Target], ids: list[str] | None
) -> list[tuple[str, str, str, str]]:
    """The links to ``targets`` of the entities ``ids`` (None: all), in one statement per batch
    of ids (the targets' queries in a UNION ALL)."""

    def query(batch: IdBatch | None) -> Any:
        parts = []
        for column, join, where in targets:
            part = (
                select(Evidence.quote_id, column, Quote.source_id, Quote.handling)
                .join(Quote, Quote.id == Evidence.quote_id)
                .where(column.is_not(None))
            )
            if join is not None:
                part = part.join(*join)
            parts.append(part if batch is None else part.where(where(batch)))
        return parts[0] if len(parts) == 1 else union_all(*parts)

    if ids is None:
        return [(q, t, src, own) for q, t, src, own in session.execute(query(None))]
    out: list[tuple[str, str, str, str]] = []
    # a batch's ids are bound once per target on SQLite: smaller batches keep the total low
    for batch in id_batches(session, ids, IDS_PER_STATEMENT // len(targets)):
        out += [(q, t, src, own) for q, t, src, own in session.execute(query(batch))]
    return out


def entity_levels(session: Session, entity_ids: Sequence[str]) -> dict[str, LevelRecord]:
    """The effective level of each entity (the navigator's badges): one load for a page."""
    if not entity_ids:
        return {}
    levels = badge_levels(session, entity_ids)
    return {e: levels.record(e) for e in entity_ids if e in levels.graph}


def badge_levels(session: Session, entity_ids: Sequence[str]) -> CasebookLevels:
    """The levels that decide the entities' own levels (not their relationships'): the
    entities with their facts and evidence, no neighbours, no notes."""
    # Past a few thousand ids, reading everything is cheaper than lists of ids.
    scope = None if len(entity_ids) > WHOLE_CASEBOOK_PAST else entity_ids
    return load_levels(session, scope, neighbours=False)
