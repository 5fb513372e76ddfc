"""The one visibility rule, on plain records: examples, then random graphs (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nkcase.levels import Item, LevelGraph, Release, Withheld
from nkcase.vocabulary.levels import HANDLING_LEVELS, LEVEL_RANK

RANK = LEVEL_RANK


def informant_graph(*, release_fact: bool = False) -> LevelGraph:
    """A public registry, a protected debrief; a company known from both, an informant known
    only from the debrief, a fact learned only from it, and the link between the two."""
    release = Release("public", "alice", "2026-12-01T10:00:00Z", "bank confirmed it")
    return LevelGraph(
        [
            Item("source", "registry", "public"),
            Item("source", "debrief", "protected"),
            Item("quote", "q-registry", "public", requires=("registry",)),
            Item("quote", "q-cash", "protected", requires=("debrief",)),
            Item("quote", "q-inside", "protected", requires=("debrief",)),
            Item("entity", "company", "public", ("q-registry",)),
            Item("entity", "informant", "public"),
            Item("name", "company-name", "public", requires=("company",),
                 evidence_for=("company",)),
            Item("name", "informant-name", "public", requires=("informant",),
                 evidence_for=("informant",)),
            Item("fact", "cash", "public", ("q-cash",), requires=("company",),
                 evidence_for=("company",), release=release if release_fact else None),
            Item("relationship", "inside", "public", ("q-inside",),
                 requires=("informant", "company"), evidence_for=("informant", "company")),
            Item("note", "lead", "internal", requires=("company",)),
        ]
    )


def test_a_fact_learned_only_from_a_protected_source_is_protected() -> None:
    graph = informant_graph()
    cash = graph.level("cash")
    assert cash.level == "protected" and cash.evidence == "protected"
    assert cash.derived_from == ("debrief",) and not cash.released


def test_an_entity_whose_only_evidence_is_protected_is_protected() -> None:
    graph = informant_graph()
    assert graph.level("informant").level == "protected"
    assert graph.level("informant").derived_from == ("debrief",)
    assert graph.level("company").level == "public"  # it has public evidence too
    # its name goes with it
    assert graph.level("informant-name").level == "protected"
    assert graph.level("informant-name").held_by == ("informant",)


def test_public_visibility_and_counts() -> None:
    public = informant_graph().at("public")
    assert public.shows("company") and public.shows("company-name")
    for hidden in ("informant", "informant-name", "cash", "inside", "lead", "q-cash", "debrief"):
        assert not public.shows(hidden), hidden
    assert public.shown_support("cash") == ()
    assert public.withheld_in(["company", "informant"]) == Withheld(
        entities=1, facts=1, relationships=1, notes=1, quotes=2, sources=1
    )
    # a dossier of the company alone does not count the informant as an entity
    assert public.withheld_in(["company"]).entities == 0


def test_a_release_lowers_exactly_the_released_item() -> None:
    graph = informant_graph(release_fact=True)
    cash = graph.level("cash")
    assert cash.level == "public" and cash.released and cash.evidence == "protected"
    public = graph.at("public")
    assert public.shows("cash")
    assert public.shown_support("cash") == ()  # the quote stays protected
    assert public.withheld_support("cash") == 1
    assert not public.shows("q-cash") and not public.shows("inside")
    assert [x.id for x in public.released_in(["company"])] == ["cash"]
    assert public.withheld_in(["company"]).facts == 0


def test_a_release_never_lowers_an_own_level_nor_an_entity_it_needs() -> None:
    release = Release("public", "a", "2026", "why")
    graph = LevelGraph(
        [
            Item("source", "s", "protected"),
            Item("quote", "q", "protected", requires=("s",)),
            Item("entity", "e", "protected"),
            Item("fact", "own-internal", "internal", ("q",), requires=("e",), release=release),
            Item("entity", "f", "public"),
            Item("fact", "x", "internal", ("q",), requires=("f",), release=release),
        ]
    )
    assert graph.level("own-internal").level == "protected"  # its entity is protected
    assert graph.level("own-internal").held_by == ("e",)
    assert graph.level("x").level == "internal" and graph.level("x").released


def test_a_quote_is_never_below_its_source_and_support_takes_the_lowest() -> None:
    graph = LevelGraph(
        [
            Item("source", "s1", "internal"),
            Item("source", "s2", "protected"),
            Item("quote", "q1", "public", requires=("s1",)),
            Item("quote", "q2", "protected", requires=("s2",)),
            Item("entity", "e", "public"),
            Item("fact", "f", "public", ("q2", "q1"), requires=("e",), evidence_for=("e",)),
        ]
    )
    assert graph.level("q1").level == "internal"
    assert graph.level("f").level == "internal"
    assert graph.level("f").derived_from == ("s1",)
    assert graph.at("internal").shown_support("f") == ("q1",)
    assert graph.at("internal").withheld_support("f") == 1


def test_a_cycle_of_requirements_is_refused() -> None:
    graph = LevelGraph([Item("fact", "a", "public", requires=("b",)),
                        Item("fact", "b", "public", requires=("a",))])
    with pytest.raises(ValueError, match="cycle"):
        graph.level("a")


# -- random graphs ------------------------------------------------------------------------------

levels = st.sampled_from(HANDLING_LEVELS)


@dataclass
class Drawn:
    items: list[Item]
    quotes: list[str]


@st.composite
def graphs(draw: st.DrawFn) -> Drawn:
    n_sources = draw(st.integers(1, 4))
    items: list[Item] = [Item("source", f"s{i}", draw(levels)) for i in range(n_sources)]
    quotes = [f"q{i}" for i in range(draw(st.integers(0, 8)))]
    items += [
        Item("quote", q, draw(levels), requires=(f"s{draw(st.integers(0, n_sources - 1))}",))
        for q in quotes
    ]
    support = st.lists(st.sampled_from(quotes), max_size=3, unique=True).map(tuple) \
        if quotes else st.just(())
    releases = st.none() | st.builds(Release, levels, st.just("x"), st.just("d"), st.just("r"))
    entities = [f"e{i}" for i in range(draw(st.integers(1, 5)))]
    items += [Item("entity", e, draw(levels), draw(support), release=draw(releases))
              for e in entities]
    for i in range(draw(st.integers(0, 10))):
        owner = draw(st.sampled_from(entities))
        kind = draw(st.sampled_from(("name", "fact", "note")))
        items.append(Item(kind, f"{kind}{i}", draw(levels), draw(support), requires=(owner,),
                          evidence_for=(owner,) if kind != "note" else (),
                          release=draw(releases)))
    for i in range(draw(st.integers(0, 6))):
        ends = (draw(st.sampled_from(entities)), draw(st.sampled_from(entities)))
        items.append(Item("relationship", f"r{i}", draw(levels), draw(support), requires=ends,
                          evidence_for=ends, release=draw(releases)))
    return Drawn(items, quotes)


def oracle(items: dict[str, Item]) -> dict[str, str]:
    """The issue's definition, written out independently of nkcase.levels."""
    entity_support: dict[str, set[str]] = {}
    for item in items.values():
        if item.kind == "entity":
            entity_support.setdefault(item.id, set()).update(item.support)
        for e in item.evidence_for:
            entity_support.setdefault(e, set()).update(item.support)
    out: dict[str, str] = {}

    def level(item_id: str) -> str:
        if item_id in out:
            return out[item_id]
        item = items[item_id]
        support = entity_support.get(item_id, set()) if item.kind == "entity" else item.support
        rank = RANK[item.own]
        if support:
            derived = min(RANK[level(q)] for q in support)
            if item.release is not None:
                derived = min(derived, RANK[item.release.to])
            rank = max(rank, derived)
        for required in item.requires:
            rank = max(rank, RANK[level(required)])
        out[item_id] = HANDLING_LEVELS[rank]
        return out[item_id]

    for item_id in items:
        level(item_id)
    return out


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_the_visible_set_never_holds_an_item_above_the_level(drawn: Drawn) -> None:
    items = {i.id: i for i in drawn.items}
    expected = oracle(items)
    graph = LevelGraph(drawn.items)
    entity_ids = [i.id for i in drawn.items if i.kind == "entity"]
    previous: set[str] = set()
    for at in HANDLING_LEVELS:
        visibility = graph.at(at)
        visible = {i for i in items if visibility.shows(i)}
        for item_id in items:
            assert graph.level(item_id).level == expected[item_id], item_id
            assert (item_id in visible) == (RANK[expected[item_id]] <= RANK[at])
        for item_id in visible:
            item = items[item_id]
            assert all(r in visible for r in item.requires)  # never without its entity/ends
            assert RANK[item.own] <= RANK[at]
            shown = visibility.shown_support(item_id)
            assert set(shown) <= visible and set(shown) <= set(item.support)
            if item.support and item.kind != "entity" and item.release is None:
                assert shown  # visible by its evidence: some of it is visible
        assert previous <= visible  # a higher level sees everything a lower one sees
        previous = visible
        counts = visibility.withheld_in(entity_ids)
        assert counts.entities == sum(1 for e in entity_ids if e not in visible)
        withheld = {x.id for x in visibility.withheld_items_in(entity_ids)}
        assert withheld.isdisjoint(visible)
        assert all(x.id in visible for x in visibility.released_in(entity_ids))
