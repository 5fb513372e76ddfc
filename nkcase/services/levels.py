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
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nkcase.levels import Item, ItemLevel, LevelGraph, Release, Visibility
from nkcase.model import Entity, Evidence, Fact, Note, Quote, Relationship, Source
from nkcase.vocabulary import NAME_PROPERTIES
from nkcase.vocabulary.levels import HandlingLevel

CHUNK = 500
"""Ids per ``IN (...)`` list: well below SQLite's limit on bound parameters."""

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


def _chunks(ids: Collection[str]) -> Iterator[list[str]]:
    listed = list(ids)
    for start in range(0, len(listed), CHUNK):
        yield listed[start : start + CHUNK]


def _rows(session: Session, query: Any, column: Any, ids: Collection[str] | None) -> list[Any]:
    """``query`` for all rows (``ids`` None) or for those whose ``column`` is in ``ids``."""
    if ids is None:
        return list(session.execute(query).all())
    out: list[Any] = []
    for chunk in _chunks(ids):
        out += session.execute(query.where(column.in_(chunk))).all()
    return out


def _release(row: Any) -> Release | None:
    if row.released_to is None:
        return None
    return Release(
        cast(HandlingLevel, row.released_to),
        row.released_by or "",
        row.released_at or "",
        row.release_reason or "",
    )


def _level(value: str) -> HandlingLevel:
    return cast(HandlingLevel, value)


RELEASE_COLUMNS = ("released_to", "released_by", "released_at", "release_reason")


def load_levels(
    session: Session, entity_ids: Iterable[str] | None = None, *, neighbours: bool = True
) -> CasebookLevels:
    """The level graph of ``entity_ids`` (None: every entity) and what their levels need.

    With ``neighbours`` the entities at the other end of their relationships are loaded with
    their own evidence, so that relationships (and their other ends' captions) can be
    decided; without, only the entities' own levels can (the navigator's badges).
    """
    scope = None if entity_ids is None else list(dict.fromkeys(entity_ids))
    rels = _relationships_touching(session, scope)
    entity_scope: list[str] | None = scope
    if scope is not None and neighbours:
        ends = {r.subject_id for r in rels.values()} | {r.object_id for r in rels.values()}
        extra = [e for e in ends if e not in set(scope)]
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
    notes = _rows(session, _levelled(Note, Note.entity_id), Note.entity_id, scope)
    evidence = _evidence(
        session,
        None if entity_scope is None else entity_scope,
        None if scope is None else [f.id for f in facts],
        None if scope is None else list(rels),
        None if scope is None else [n.id for n in notes],
    )
    quote_ids = {quote_id for quote_id, _kind, _target in evidence}
    quotes = _rows(
        session,
        select(Quote.id, Quote.source_id, Quote.handling),
        Quote.id,
        None if scope is None else quote_ids,
    )
    source_ids = {q.source_id for q in quotes}
    sources = _rows(
        session,
        select(Source.id, Source.title, Source.handling),
        Source.id,
        None if scope is None else source_ids,
    )

    support: dict[str, list[str]] = defaultdict(list)
    for quote_id, _kind, target in evidence:
        support[target].append(quote_id)
    items: list[Item] = [Item("source", s.id, _level(s.handling)) for s in sources]
    items += [Item("quote", q.id, _level(q.handling), requires=(q.source_id,)) for q in quotes]
    items += [
        Item("entity", e.id, _level(e.handling), tuple(support.get(e.id, ())),
             release=_release(e))
        for e in entities
    ]
    name_props = set(NAME_PROPERTIES)
    items += [
        Item(
            "name" if f.prop in name_props else "fact",
            f.id,
            _level(f.handling),
            tuple(support.get(f.id, ())),
            requires=(f.entity_id,),
            evidence_for=(f.entity_id,),
            release=_release(f),
        )
        for f in facts
    ]
    items += [
        Item(
            "relationship",
            r.id,
            _level(r.handling),
            tuple(support.get(r.id, ())),
            requires=(r.subject_id, r.object_id),
            evidence_for=(r.subject_id, r.object_id),
            release=_release(r),
        )
        for r in rels.values()
    ]
    items += [
        Item("note", n.id, _level(n.handling), tuple(support.get(n.id, ())),
             requires=(n.entity_id,), release=_release(n))
        for n in notes
    ]
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    strength = {prop: rank for rank, prop in enumerate(NAME_PROPERTIES)}
    for f in sorted(
        (f for f in facts if f.prop in name_props),
        key=lambda f: (strength[f.prop], f.position),
    ):
        names[f.entity_id].append((f.id, f.value))
    return CasebookLevels(
        LevelGraph(items),
        {s.id: s.title for s in sources},
        {e.id: e.caption for e in entities},
        dict(names),
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
    for chunk in _chunks(ids):
        touching = or_(Relationship.subject_id.in_(chunk), Relationship.object_id.in_(chunk))
        found.update({r.id: r for r in session.execute(query.where(touching))})
    return found


def _evidence(
    session: Session,
    entity_ids: Sequence[str] | None,
    fact_ids: Sequence[str] | None,
    rel_ids: Sequence[str] | None,
    note_ids: Sequence[str] | None,
) -> list[tuple[str, str, str]]:
    """(quote id, target kind, target id) for every evidence link of the given targets."""
    columns = (
        ("entity", Evidence.entity_id, entity_ids),
        ("fact", Evidence.fact_id, fact_ids),
        ("relationship", Evidence.relationship_id, rel_ids),
        ("note", Evidence.note_id, note_ids),
    )
    out: list[tuple[str, str, str]] = []
    for kind, column, ids in columns:
        query = select(Evidence.quote_id, column).where(column.is_not(None))
        out += [(quote_id, kind, target) for quote_id, target in _rows(session, query, column, ids)]
    return out


def entity_levels(session: Session, entity_ids: Sequence[str]) -> dict[str, LevelRecord]:
    """The effective level of each entity (the navigator's badges): one load for a page."""
    if not entity_ids:
        return {}
    levels = load_levels(session, entity_ids, neighbours=False)
    return {e: levels.record(e) for e in entity_ids if e in levels.graph}
