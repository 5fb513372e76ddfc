"""The visibility rule: effective handling levels from own levels, evidence and releases.

Pure Python over plain records (no database, no Qt), so that every output — the dossier today;
FollowTheMoney export, casebook copies at a level, charts, timelines, screening output and the
team store's role filter later — asks the same question and gets the same answer.

An :class:`Item` is anything that carries a level: a source, a quote, an entity, a name, a
fact, a relationship, a note (an event later). Its **effective level** is:

1. its own level (what a person set: "protected" for an informant);
2. raised to the **lowest level of its support** when it has any: a fact whose every quote
   comes from protected sources is protected, because its value was learned from them. An
   entity's support is every quote linked to it, to its names and facts, and to its
   relationships (``evidence_for``): an entity known only from a debrief is protected;
3. unless a person **released** it: a release to level R caps what the support adds at R (it
   never lowers the item's own level);
4. raised to the level of everything it ``requires``: a fact is never shown without its
   entity, a relationship without both of its ends, a quote without its source.

An item is **visible at level L** exactly when its effective level is at most L. A quote is
shown as evidence of an item only when both are visible. :class:`Visibility` answers these
questions for one level and counts what is withheld.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field
from typing import Literal, NamedTuple

from nkcase.vocabulary.levels import LEVEL_RANK, HandlingLevel, check_level, higher, lowest

ItemKind = Literal["source", "quote", "entity", "name", "fact", "relationship", "note", "event"]

#: The kinds counted as "withheld" beside an entity in a dossier (the entity's own items).
OWNED_KINDS: tuple[ItemKind, ...] = ("name", "fact", "relationship", "note", "event")


@dataclass(frozen=True, slots=True)
class Release:
    """A person's decision to show an item at ``to`` although its evidence is higher."""

    to: HandlingLevel
    by: str
    at: str
    reason: str


class Item(NamedTuple):
    """One thing with a handling level, as the rule sees it (ids and levels, no content).

    (A named tuple rather than a frozen dataclass: a whole casebook is tens of thousands.)
    """

    kind: ItemKind
    id: str
    own: HandlingLevel
    support: tuple[str, ...] = ()
    """Ids of the quotes linked to it as evidence."""
    requires: tuple[str, ...] = ()
    """Ids of the items it cannot be shown without: its entity, both ends, a quote's source."""
    evidence_for: tuple[str, ...] = ()
    """Ids of entities for which its quotes are evidence too (a fact's entity, both ends)."""
    release: Release | None = None


class ItemLevel(NamedTuple):
    """An item's effective level and why it is that."""

    item: Item
    level: HandlingLevel
    evidence: HandlingLevel | None
    """The lowest level among its supporting quotes (None: nothing supports it)."""
    derived_from: tuple[str, ...] = ()
    """Source ids of its supporting quotes at that lowest level, when they raised its level."""
    released: bool = False
    """Whether its release lowered its level (``item.release`` holds who, when and why)."""
    held_by: tuple[str, ...] = ()
    """Ids of required items whose level raised its level (a protected entity for its fact)."""

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def kind(self) -> ItemKind:
        return self.item.kind

    @property
    def own(self) -> HandlingLevel:
        return self.item.own


@dataclass(frozen=True, slots=True)
class Withheld:
    """How much one output leaves out at its level (only counts: never what)."""

    entities: int = 0
    names: int = 0
    facts: int = 0
    relationships: int = 0
    notes: int = 0
    events: int = 0
    quotes: int = 0
    sources: int = 0
    """Sources none of whose quotes is shown (their titles, URLs and hashes stay out)."""

    @property
    def anything(self) -> bool:
        return any(
            (self.entities, self.names, self.facts, self.relationships, self.notes, self.events,
             self.quotes, self.sources)
        )

    def __add__(self, other: Withheld) -> Withheld:
        return Withheld(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def describe(self) -> str | None:
        """ "2 quotes from 1 source, 1 property value and 1 entity"; None when nothing.

        The one wording of these counts: the dossier, the CLI and the app all use it.
        """
        parts: list[str] = []
        if self.quotes:
            part = _plural(self.quotes, "quote")
            if self.sources:
                part += " from " + _plural(self.sources, "source")
            parts.append(part)
        elif self.sources:
            parts.append(_plural(self.sources, "source"))
        for count, word in (
            (self.facts, "property value"),
            (self.names, "name"),
            (self.relationships, "relationship"),
            (self.notes, "note"),
            (self.events, "event"),
            (self.entities, "entity"),
        ):
            if count:
                parts.append(_plural(count, word))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    @property
    def single(self) -> bool:
        """Whether :meth:`describe` names exactly one thing ("1 note is withheld")."""
        counted = [self.entities, self.names, self.facts, self.relationships, self.notes,
                   self.events, self.quotes or self.sources]
        return sum(counted) == 1


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


class LevelGraph:
    """Items and their links; computes each item's :class:`ItemLevel` on demand (memoized).

    Items may name required items that are not in the graph (a relationship at the edge of a
    partial load): asking for such an item's level raises KeyError; nothing else does.
    """

    def __init__(self, items: Iterable[Item]) -> None:
        self.items: dict[str, Item] = {}
        for item in items:
            self.items[item.id] = item
        self._entity_support: dict[str, set[str]] = defaultdict(set)
        self._owned: dict[str, list[str]] = defaultdict(list)
        for item in self.items.values():
            if item.kind == "entity":
                self._entity_support[item.id].update(item.support)
            for entity_id in item.evidence_for:
                self._entity_support[entity_id].update(item.support)
            if item.kind in OWNED_KINDS:
                for required in dict.fromkeys(item.requires):
                    self._owned[required].append(item.id)
        self._levels: dict[str, ItemLevel] = {}
        self._resolving: set[str] = set()

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items

    def support(self, item_id: str) -> tuple[str, ...]:
        """The quotes that count as this item's evidence (for an entity: all of its items')."""
        item = self.items[item_id]
        if item.kind == "entity":
            return tuple(sorted(self._entity_support.get(item_id, ())))
        return item.support

    def owned_by(self, entity_id: str) -> list[str]:
        """Ids of the names, facts, relationships, notes (events) that require this entity."""
        return self._owned.get(entity_id, [])

    def source_of(self, quote_id: str) -> str | None:
        """The source of a quote: what a quote requires is its source."""
        requires = self.items[quote_id].requires
        return requires[0] if requires else None

    def level(self, item_id: str) -> ItemLevel:
        """The effective level of one item, with its reasons."""
        try:
            return self._levels[item_id]
        except KeyError:
            pass
        if item_id in self._resolving:
            raise ValueError(f"items require each other in a cycle (at {item_id})")
        self._resolving.add(item_id)
        try:
            result = self._resolve(self.items[item_id])
        finally:
            self._resolving.discard(item_id)
        self._levels[item_id] = result
        return result

    def _resolve(self, item: Item) -> ItemLevel:
        quotes = self.support(item.id)
        quote_levels = {q: self.level(q).level for q in quotes} if quotes else {}
        evidence = lowest(quote_levels.values()) if quotes else None
        base: HandlingLevel = item.own
        derived_from: tuple[str, ...] = ()
        released = False
        if evidence is not None and LEVEL_RANK[evidence] > LEVEL_RANK[base]:
            cap = evidence
            if item.release is not None and LEVEL_RANK[item.release.to] < LEVEL_RANK[evidence]:
                cap = higher(item.release.to, base)
                released = True
            if LEVEL_RANK[cap] > LEVEL_RANK[base]:
                base = cap
                derived_from = tuple(
                    dict.fromkeys(
                        s
                        for q in quotes
                        if quote_levels[q] == evidence
                        for s in [self.source_of(q)]
                        if s is not None
                    )
                )
        held_by = []
        level = base
        requires = item.requires if len(item.requires) < 2 else dict.fromkeys(item.requires)
        for required in requires:
            required_level = self.level(required).level
            if LEVEL_RANK[required_level] > LEVEL_RANK[base]:
                held_by.append(required)
                level = higher(level, required_level)
        return ItemLevel(item, level, evidence, derived_from, released, tuple(held_by))

    def at(self, level: str) -> Visibility:
        """What a recipient of ``level`` may see of this graph."""
        return Visibility(self, check_level(level))


@dataclass
class Visibility:
    """The answer of the rule for one level: which items, quotes and names are shown.

    Every output asks this object and nothing else; the questions are:

    - :meth:`shows` — is this item (entity, name, fact, relationship, note, quote, source)
      visible?
    - :meth:`shown_support` / :meth:`withheld_support` — which of its quotes are shown as its
      evidence, and how many are not;
    - :meth:`first_shown` — the first visible of several names (an entity's caption);
    - :meth:`withheld_in` / :meth:`withheld_items_in` / :meth:`released_in` — for a set of
      entities (one dossier), what is left out and what is shown only because it was released.
    """

    graph: LevelGraph
    level: HandlingLevel
    _cache: dict[str, bool] = field(default_factory=dict, repr=False)

    def shows(self, item_id: str) -> bool:
        found = self._cache.get(item_id)
        if found is None:
            found = LEVEL_RANK[self.graph.level(item_id).level] <= LEVEL_RANK[self.level]
            self._cache[item_id] = found
        return found

    def shown_support(self, item_id: str) -> tuple[str, ...]:
        """The item's quotes shown as its evidence (none when the item itself is withheld).

        For an entity these are the quotes linked to the entity itself, not those of its facts
        and relationships, which each item reports on its own.
        """
        if not self.shows(item_id):
            return ()
        return tuple(q for q in self.graph.items[item_id].support if self.shows(q))

    def withheld_support(self, item_id: str) -> int:
        """How many of a visible item's quotes are not shown (0 for a withheld item)."""
        if not self.shows(item_id):
            return 0
        support = self.graph.items[item_id].support
        return len(support) - len(self.shown_support(item_id))

    def first_shown(self, item_ids: Sequence[str]) -> str | None:
        return next((i for i in item_ids if self.shows(i)), None)

    def withheld_items_in(self, entity_ids: Iterable[str]) -> list[ItemLevel]:
        """The withheld entities among ``entity_ids`` and the withheld items of the others."""
        out: list[ItemLevel] = []
        seen: set[str] = set()
        for entity_id in dict.fromkeys(entity_ids):
            if not self.shows(entity_id):
                out.append(self.graph.level(entity_id))
                continue
            for owned in self.graph.owned_by(entity_id):
                if owned not in seen and not self.shows(owned):
                    seen.add(owned)
                    out.append(self.graph.level(owned))
        return out

    def released_in(self, entity_ids: Iterable[str]) -> list[ItemLevel]:
        """Items among ``entity_ids`` and theirs that are shown only because of a release."""
        out: list[ItemLevel] = []
        seen: set[str] = set()
        for entity_id in dict.fromkeys(entity_ids):
            for item_id in (entity_id, *self.graph.owned_by(entity_id)):
                if item_id in seen:
                    continue
                seen.add(item_id)
                found = self.graph.level(item_id)
                evidence = found.evidence
                if (
                    found.released
                    and self.shows(item_id)
                    and evidence is not None
                    and LEVEL_RANK[evidence] > LEVEL_RANK[self.level]
                ):
                    out.append(found)
        return out

    def withheld_in(self, entity_ids: Iterable[str]) -> Withheld:
        """Counts of what an output of these entities leaves out at this level.

        A withheld entity counts once (its own names, facts and notes are not counted again);
        of a visible entity, each withheld name, fact, relationship, note counts; quotes count
        when they support something of a visible entity but are shown nowhere in the output;
        sources when none of their quotes is shown.
        """
        ids = list(dict.fromkeys(entity_ids))
        counts: dict[str, int] = defaultdict(int)
        considered: set[str] = set()
        shown_quotes: set[str] = set()
        for level in self.withheld_items_in(ids):
            key = "entities" if level.kind == "entity" else f"{level.kind}s"
            counts[key] += 1
        for entity_id in ids:
            if not self.shows(entity_id):
                continue
            for item_id in (entity_id, *self.graph.owned_by(entity_id)):
                considered.update(self.graph.items[item_id].support)
                shown_quotes.update(self.shown_support(item_id))
        withheld_quotes = considered - shown_quotes
        shown_sources = {self.graph.source_of(q) for q in shown_quotes}
        withheld_sources = {self.graph.source_of(q) for q in withheld_quotes} - shown_sources
        withheld_sources.discard(None)
        return Withheld(
            entities=counts["entities"],
            names=counts["names"],
            facts=counts["facts"],
            relationships=counts["relationships"],
            notes=counts["notes"],
            events=counts["events"],
            quotes=len(withheld_quotes),
            sources=len(withheld_sources),
        )
