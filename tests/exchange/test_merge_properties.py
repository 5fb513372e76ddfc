"""Merge properties: nothing lost, idempotent, order-free (hypothesis).

Two casebooks descend from one base; each side adds entities (with names, facts, notes,
relationships to the base's entities, quotes of a shared or of its own source, events). The
merge must hold every item of both (the same source once), merging again must change nothing,
and merging A into B must hold the same content as B into A.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from nkcase.exchange.merge import merge_casebooks, plan_merge
from nkcase.model import Entity, Event, Fact, Note, Quote, Relationship, Source
from nkcase.services import entities, events, quotes, relationships, sources
from nkcase.store import Casebook, create_casebook, open_casebook

SHARED_TEXT = "Shared registry text. Albatross Trading was registered in Hanoi in 2016.\n" * 3
WORDS = ("Harbour", "Lotus", "Crane", "Pine", "River", "Stone", "Amber", "Cedar")

item = st.tuples(
    st.sampled_from(WORDS), st.sampled_from(WORDS), st.integers(0, 9999),
    st.sampled_from(("entity", "note", "relationship", "quote", "own_quote", "event")),
)
side = st.lists(item, max_size=5)


def content(book: Casebook) -> dict[str, set[tuple[object, ...]]]:
    with book.reading() as s:
        return {
            "entity": set(s.execute(select(Entity.id, Entity.caption, Entity.schema)).all()),
            "fact": set(s.execute(select(Fact.entity_id, Fact.prop, Fact.value)).all()),
            "note": set(s.execute(select(Note.id, Note.text)).all()),
            "relationship": set(s.execute(select(Relationship.id, Relationship.role)).all()),
            "quote": set(s.execute(select(Quote.id, Quote.exact)).all()),
            "source": set(s.execute(select(Source.sha256)).all()),
            "event": set(s.execute(select(Event.id, Event.summary)).all()),
        }


def apply_side(book: Casebook, folder: Path, steps: list[tuple[str, str, int, str]],
               base_entity: str, tag: str) -> None:
    shared = _import(book, folder, "shared.txt", SHARED_TEXT)
    for number, (first, second, n, kind) in enumerate(steps):
        name = f"{first} {second} {tag}{n}"
        entity = entities.create_entity(book, "Company", name).subject_id
        assert entity is not None
        if kind == "note":
            entities.add_note(book, entity, f"note on {name}")
        elif kind == "relationship":
            relationships.relate(book, "UnknownLink", entity, base_entity, role=f"role {n}")
        elif kind == "quote":
            quotes.add_quote(book, shared, start=n % 50, end=n % 50 + 20, entity_ids=[entity])
        elif kind == "own_quote":
            own = _import(book, folder, f"{tag}-{number}.txt", f"Own text of {name}. " * 4)
            quotes.add_quote(book, own, start=0, end=12, entity_ids=[entity])
        elif kind == "event":
            events.add_event(book, date="2019", summary=f"event of {name}", entity_ids=[entity])


def _import(book: Casebook, folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    outcome, _ = sources.import_file(book, path)
    assert outcome.source_id is not None
    return outcome.source_id


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(left=side, right=side)
def test_merge_keeps_everything_is_idempotent_and_order_free(
    tmp_path_factory: object, left: list[tuple[str, str, int, str]],
    right: list[tuple[str, str, int, str]],
) -> None:
    folder = tmp_path_factory.mktemp("merge")  # type: ignore[attr-defined]
    with create_casebook(folder / "base.nkcase", "Base") as base:
        base_entity = entities.create_entity(base, "Company", "Albatross Trading").subject_id
        assert base_entity is not None
    for name in ("a", "b"):
        shutil.copy(folder / "base.nkcase", folder / f"{name}.nkcase")
    books = {n: open_casebook(folder / f"{n}.nkcase", actor=n) for n in ("a", "b")}
    try:
        apply_side(books["a"], folder, left, base_entity, "L")
        apply_side(books["b"], folder, right, base_entity, "R")
        a_before, b_before = content(books["a"]), content(books["b"])
        decisions = _separate(books["a"], books["b"])
        merge_casebooks(books["a"], books["b"], decisions)
        merged = content(books["a"])
        for table in merged:
            assert a_before[table] <= merged[table], table
            if table != "fact":  # facts of a base entity unify by value
                assert b_before[table] <= merged[table], table
        assert b_before["fact"] <= merged["fact"]
        assert merge_casebooks(books["a"], books["b"], decisions) is None  # twice: nothing
        assert content(books["a"]) == merged
        # the other order: b into a copy of b holds the same content
        shutil.copy(folder / "b.nkcase", folder / "b3.nkcase")
        with open_casebook(folder / "b3.nkcase") as b3:
            merge_casebooks(b3, books["a"], _separate(b3, books["a"]))
            assert content(b3) == merged
    finally:
        for book in books.values():
            book.close()


def _separate(target: Casebook, other: Casebook) -> dict[str, str]:
    """Every duplicate proposed is kept separate (both sides' entities stay)."""
    with target.reading() as mine, other.reading() as theirs:
        plan = plan_merge(mine, theirs)
    return {q.id: "separate" for q in plan.questions if q.kind == "duplicate"}
