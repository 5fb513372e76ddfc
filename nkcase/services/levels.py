"""The handling levels of a casebook's items: loaded from the store into the one rule.

:func:`load_levels` reads ids, levels, releases and evidence links (never texts) for some
entities — with what their levels depend on: the entities at the other end of their
relationships and those entities' evidence — or for the whole casebook, and hands them to
:class:`nkcase.levels.LevelGraph`. :class:`CasebookLevels` adds what people read: source
titles for "derives from", captions, and the visible caption of an entity at a level.

Every output calls this and then the rule: ``load_levels(session, ids).at("public")``.
Which rows a load reads and how they become the rule's items is
:func:`nkcase.services.level_rows.levels_from`; this module holds its queries through
SQLAlchemy (:class:`SessionRows`), for every backend.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import or_, select, union_all
from sqlalchemy.orm import Session

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
from nkcase.services.level_records import PUBLIC as PUBLIC
from nkcase.services.level_records import WITHHELD_NAME as WITHHELD_NAME
from nkcase.services.level_records import CasebookLevels as CasebookLevels
from nkcase.services.level_records import LevelRecord as LevelRecord
from nkcase.services.level_records import ReleaseRecord as ReleaseRecord
from nkcase.services.level_rows import RELEASE_COLUMNS, Row, badge_levels_from, levels_from
from nkcase.store.batches import IDS_PER_STATEMENT
from nkcase.store.id_sets import IdBatch, id_batches


def _rows(session: Session, query: Any, column: Any, ids: Collection[str] | None) -> list[Any]:
    """``query`` for all rows (``ids`` None) or for those whose ``column`` is in ``ids``."""
    if ids is None:
        return list(session.execute(query).all())
    out: list[Any] = []
    for batch in id_batches(session, ids):
        out += session.execute(query.where(batch.has(column))).all()
    return out


class SessionRows:
    """The queries of a level load (:class:`~nkcase.services.level_rows.LevelRows`) in a
    read session, on any backend: lists of ids go in batches the backend binds best."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def relationships(self, ids: list[str] | None) -> dict[str, Row]:
        return _relationships_touching(self.session, ids)

    def events(self, ids: list[str] | None) -> dict[str, tuple[Row, tuple[str, ...]]]:
        return _events_touching(self.session, ids)

    def entities(self, ids: list[str] | None) -> list[Row]:
        return _rows(self.session, _levelled(Entity, Entity.caption), Entity.id, ids)

    def facts(self, entity_ids: list[str] | None) -> list[Row]:
        return _rows(
            self.session,
            _levelled(Fact, Fact.entity_id, Fact.prop, Fact.value, Fact.position),
            Fact.entity_id,
            entity_ids,
        )

    def notes(self, entity_ids: list[str] | None) -> list[Row]:
        return _rows(self.session, _levelled(Note, Note.entity_id), Note.entity_id, entity_ids)

    def evidence(
        self, entity_scope: list[str] | None, note_scope: list[str] | None
    ) -> list[tuple[str, str, str, str]]:
        return _evidence(self.session, entity_scope, note_scope)

    def quotes(self) -> list[Row]:
        return list(self.session.execute(select(Quote.id, Quote.source_id, Quote.handling)))

    def sources(self) -> list[Row]:
        return list(self.session.execute(select(Source.id, Source.title, Source.handling)))


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
    return levels_from(
        SessionRows(session), entity_ids, neighbours=neighbours, every_quote=every_quote
    )


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
    return badge_levels_from(SessionRows(session), entity_ids)
