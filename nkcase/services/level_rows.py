"""Loading a casebook's levels from plain rows: which rows the rule needs, and the rule's input.

The visibility rule (:mod:`nkcase.levels`) decides on :class:`~nkcase.levels.Item` records.
:func:`levels_from` asks a :class:`LevelRows` reader for the rows of some entities — with their
facts, notes and evidence, the relationships and events touching them and, for relationships,
the entities at their other ends — and turns them into a :class:`CasebookLevels`. The reader
only runs queries; what is read for which scope, and how rows become items, is decided here
once, for both readers:

- :class:`nkcase.services.levels.SessionRows` (SQLAlchemy: SQLite, SQLCipher, PostgreSQL),
  behind :func:`nkcase.services.levels.load_levels`;
- :class:`nkcase.store.sqlite_read.FileRows` (the stdlib ``sqlite3`` module on a plain file,
  read-only), which lets ``nkcase entity list`` start without importing SQLAlchemy.

Rows are tuples (or SQLAlchemy rows, which index like them), their columns in the order each
method names; levels are read as stored (the CHECK constraints keep them to the known ones).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, cast

from nkcase.levels import Item, LevelGraph, Release
from nkcase.services.level_records import CasebookLevels
from nkcase.vocabulary.levels import HandlingLevel
from nkcase.vocabulary.names import NAME_PROPERTIES

WHOLE_CASEBOOK_PAST = 4000
"""Entity levels for more ids than this are computed from the whole casebook in one pass."""

RELEASE_COLUMNS = ("released_to", "released_by", "released_at", "release_reason")
"""The columns of a release, last in every levelled row (after the own level, ``handling``)."""

Row = Sequence[Any]


class LevelRows(Protocol):
    """The queries behind a level load. ``ids`` None means every row of the table; the rows
    are (id, the columns named, handling, *release columns)."""

    def relationships(self, ids: list[str] | None) -> dict[str, Row]:
        """Relationships with an end among ``ids``, by id: (id, subject, object, …)."""

    def events(self, ids: list[str] | None) -> dict[str, tuple[Row, tuple[str, ...]]]:
        """Events involving any of ``ids``: id → ((id, …), their entity ids in order)."""

    def entities(self, ids: list[str] | None) -> list[Row]:
        """(id, caption, …) of the entities ``ids``."""

    def facts(self, entity_ids: list[str] | None) -> list[Row]:
        """(id, entity id, prop, value, position, …) of the entities' facts and names."""

    def notes(self, entity_ids: list[str] | None) -> list[Row]:
        """(id, entity id, …) of the entities' notes."""

    def evidence(
        self, entity_scope: list[str] | None, note_scope: list[str] | None
    ) -> list[tuple[str, str, str, str]]:
        """(quote id, target id, source id, quote level) of the links to the entities of
        ``entity_scope``, their facts and names, the relationships and events touching them,
        and to the notes of ``note_scope`` (None: every link; empty: none), sorted."""

    def quotes(self) -> list[Row]:
        """(id, source id, handling) of every quote."""

    def sources(self) -> list[Row]:
        """(id, title, handling) of every source."""


def release_of(to: str | None, by: str | None, at: str | None, reason: str | None
               ) -> Release | None:
    """The release stored in the four release columns, or None."""
    if to is None:
        return None
    return Release(cast(HandlingLevel, to), by or "", at or "", reason or "")


def levels_from(
    rows: LevelRows, entity_ids: Iterable[str] | None = None, *, neighbours: bool = True,
    every_quote: bool = False,
) -> CasebookLevels:
    """The level graph of ``entity_ids`` (None: every entity) and what their levels need,
    read through ``rows`` (see :func:`nkcase.services.levels.load_levels` for the options)."""
    scope = None if entity_ids is None else list(dict.fromkeys(entity_ids))
    rels = rows.relationships(scope)
    events = rows.events(scope)
    entity_scope: list[str] | None = scope
    if scope is not None and neighbours:
        ends = {r[1] for r in rels.values()} | {r[2] for r in rels.values()}
        ends |= {e for _row, parties in events.values() for e in parties}  # an event's others
        in_scope = set(scope)
        extra = [e for e in ends if e not in in_scope]
        entity_scope = scope + extra
        # the neighbours' other relationships are evidence of the neighbours too
        rels.update(rows.relationships(extra))

    entities = rows.entities(entity_scope)
    facts = rows.facts(entity_scope)
    notes = rows.notes(scope) if neighbours else []
    evidence = rows.evidence(entity_scope, scope if neighbours else [])
    quotes = {quote_id: (source_id, own) for quote_id, _target, source_id, own in evidence}
    if every_quote:
        for quote_id, source_id, own in rows.quotes():
            quotes.setdefault(quote_id, (source_id, own))
    # every source: a casebook holds far fewer sources than entities, and one query is cheaper
    # than a list of their ids
    sources = rows.sources()

    support: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for quote_id, target, _source, _own in evidence:
        support[target] += (quote_id,)
    # Rows are unpacked by position (id, the columns asked for, handling, the four release
    # columns): much faster than attribute access by name.
    items: list[Item] = [Item("source", s[0], s[2]) for s in sources]
    items += [
        Item("quote", qid, cast(HandlingLevel, own), (), (source,))
        for qid, (source, own) in quotes.items()
    ]
    items += [
        Item("entity", eid, own, support[eid], release=release_of(*release))
        for eid, _caption, own, *release in entities
    ]
    name_props = set(NAME_PROPERTIES)
    items += [
        Item("name" if prop in name_props else "fact", fid, own, support[fid], (owner,),
             (owner,), release_of(*release))
        for fid, owner, prop, _value, _position, own, *release in facts
    ]
    items += [
        Item("relationship", rid, own, support[rid], (subject, obj), (subject, obj),
             release_of(*release))
        for rid, subject, obj, own, *release in rels.values()
    ]
    items += [
        Item("note", nid, own, support[nid], (owner,), release=release_of(*release))
        for nid, owner, own, *release in notes
    ]
    # an event needs every entity it involves, and its quotes are evidence of them all
    items += [
        Item("event", row[0], row[1], support[row[0]], parties, parties, release_of(*row[2:]))
        for row, parties in events.values()
    ]
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    strength = {prop: rank for rank, prop in enumerate(NAME_PROPERTIES)}
    for f in sorted((f for f in facts if f[2] in name_props), key=lambda f: (strength[f[2]], f[4])):
        names[f[1]].append((f[0], f[3]))
    levels = CasebookLevels(
        LevelGraph(items),
        {s[0]: s[1] for s in sources},
        {e[0]: e[1] for e in entities},
        dict(names),
    )
    levels.fact_rows = facts
    return levels


def badge_levels_from(rows: LevelRows, entity_ids: Sequence[str]) -> CasebookLevels:
    """The levels that decide the entities' own levels (not their relationships'): the
    entities with their facts and evidence, no neighbours, no notes."""
    # Past a few thousand ids, reading everything is cheaper than lists of ids.
    scope = None if len(entity_ids) > WHOLE_CASEBOOK_PAST else entity_ids
    return levels_from(rows, scope, neighbours=False)
