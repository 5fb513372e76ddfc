"""Random casebooks with random levels, supports and releases: a dossier at a level never holds
the text of anything whose effective level is higher, and holds what is not (hypothesis).

The casebook is built through the services from a drawn specification; the expected levels
come from the specification by the independent oracle of tests/levels/test_rule.py, not from
the loader under test. Every text the dossier data holds is searched for each item's token.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkcase.errors import ValidationError
from nkcase.levels import Item, Release
from nkcase.services import entities, quotes, relationships, releases, sources
from nkcase.services.dossier_data import gather_dossier
from nkcase.store import create_casebook, open_casebook
from nkcase.vocabulary.levels import HANDLING_LEVELS, LEVEL_RANK
from tests.levels.test_rule import oracle

levels = st.sampled_from(HANDLING_LEVELS)
SENTENCES = 4


@dataclass
class Spec:
    sources: list[str]  # level per source
    quotes: list[tuple[int, int, str]]  # (source, sentence, own level)
    entities: list[tuple[str, list[int]]]  # (own level, direct support)
    facts: list[tuple[int, str, str, list[int], str | None]]  # entity, prop, level, support, rel.
    relations: list[tuple[int, int, str, list[int], str | None]]
    notes: list[tuple[int, str, list[int], str | None]]


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    n_sources = draw(st.integers(1, 3))
    source_levels = [draw(levels) for _ in range(n_sources)]
    cells = draw(st.lists(st.tuples(st.integers(0, n_sources - 1), st.integers(0, SENTENCES - 1)),
                          unique=True, max_size=6))
    quote_specs = [(k, i, draw(levels)) for k, i in cells]
    support = (st.lists(st.integers(0, len(quote_specs) - 1), unique=True, max_size=2)
               if quote_specs else st.just([]))
    releases_ = st.none() | levels
    n_entities = draw(st.integers(1, 3))
    return Spec(
        source_levels,
        quote_specs,
        [(draw(levels), draw(support)) for _ in range(n_entities)],
        [(draw(st.integers(0, n_entities - 1)), draw(st.sampled_from(("notes", "alias"))),
          draw(levels), draw(support), draw(releases_)) for _ in range(draw(st.integers(0, 4)))],
        [(a, b, draw(levels), draw(support), draw(releases_))
         for a, b in draw(st.lists(st.tuples(st.integers(0, n_entities - 1),
                                             st.integers(0, n_entities - 1))
                                   .filter(lambda p: p[0] != p[1]), unique=True, max_size=2))],
        [(draw(st.integers(0, n_entities - 1)), draw(levels), draw(support), draw(releases_))
         for _ in range(draw(st.integers(0, 2)))],
    )


def sentence(k: int, i: int) -> str:
    return f"Sentence {i} of source {k} names token QT{k}x{i}Q."


@dataclass
class Built:
    items: list[Item] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)  # item id -> text that must hide
    entity_ids: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.nkcase"
        create_casebook(path, "Random levels").close()
        yield path


def build(casebook: Any, spec: Spec, folder: Path) -> Built:
    out = Built()
    source_ids = []
    for k, level in enumerate(spec.sources):
        path = folder / f"source-{k}.txt"
        path.write_text("\n".join(sentence(k, i) for i in range(SENTENCES)), encoding="utf-8")
        outcome, _ = sources.import_file(
            casebook, path, sources.ImportOptions(handling=level, title=f"Title ST{k}S"))
        assert outcome.source_id is not None
        source_ids.append(outcome.source_id)
        out.items.append(Item("source", outcome.source_id, level))  # type: ignore[arg-type]
        out.tokens[outcome.source_id] = f"ST{k}S"
    quote_ids = []
    for k, i, level in spec.quotes:
        change = quotes.add_quote(casebook, source_ids[k], text=sentence(k, i), handling=level)
        assert change.subject_id is not None
        quote_ids.append(change.subject_id)
        effective = max(level, spec.sources[k], key=LEVEL_RANK.__getitem__)
        out.items.append(Item("quote", change.subject_id, effective,  # type: ignore[arg-type]
                              requires=(source_ids[k],)))
        out.tokens[change.subject_id] = f"QT{k}x{i}Q"

    def attempt_release(item_id: str, to: str | None) -> Release | None:
        if to is None:
            return None
        try:
            releases.release(casebook, item_id, to, "drawn")
        except ValidationError:
            return None
        return Release(to, "", "", "")  # type: ignore[arg-type]

    for n, (level, support) in enumerate(spec.entities):
        change = entities.create_entity(casebook, "Person", f"EN{n}E", level=level)
        entity_id = str(change.subject_id)
        out.entity_ids.append(entity_id)
        linked = tuple(quote_ids[q] for q in support)
        for q in linked:
            quotes.link(casebook, q, entity_id=entity_id)
        out.items.append(Item("entity", entity_id, level, linked))  # type: ignore[arg-type]
        # the primary name: no support of its own, its entity's level
        name_id = entities.ensure_fact(casebook, entity_id, "name", f"EN{n}E")[0]
        out.items.append(Item("name", name_id, "public", requires=(entity_id,),
                              evidence_for=(entity_id,)))
        out.tokens[entity_id] = out.tokens[name_id] = f"EN{n}E"
    for m, (owner, prop, level, support, to) in enumerate(spec.facts):
        entity_id = out.entity_ids[owner]
        fact_id = entities.ensure_fact(casebook, entity_id, prop, f"FV{m}F")[0]
        releases.set_level(casebook, fact_id, level)
        linked = tuple(quote_ids[q] for q in support)
        for q in linked:
            quotes.link(casebook, q, fact_id=fact_id)
        out.items.append(Item("name" if prop == "alias" else "fact", fact_id,
                              level, linked, requires=(entity_id,),  # type: ignore[arg-type]
                              evidence_for=(entity_id,), release=attempt_release(fact_id, to)))
        out.tokens[fact_id] = f"FV{m}F"
    for r, (a, b, level, support, to) in enumerate(spec.relations):
        ends = (out.entity_ids[a], out.entity_ids[b])
        change = relationships.relate(casebook, "UnknownLink", *ends, role=f"RL{r}R",
                                      level=level)
        rel_id = str(change.subject_id)
        linked = tuple(quote_ids[q] for q in support)
        for q in linked:
            quotes.link(casebook, q, relationship_id=rel_id)
        out.items.append(Item("relationship", rel_id, level, linked,  # type: ignore[arg-type]
                              requires=ends, evidence_for=ends,
                              release=attempt_release(rel_id, to)))
        out.tokens[rel_id] = f"RL{r}R"
    for n, (owner, level, support, to) in enumerate(spec.notes):
        entity_id = out.entity_ids[owner]
        note_id = str(entities.add_note(casebook, entity_id, f"NT{n}N", handling=level).subject_id)
        linked = tuple(quote_ids[q] for q in support)
        for q in linked:
            quotes.link(casebook, q, note_id=note_id)
        out.items.append(Item("note", note_id, level, linked,  # type: ignore[arg-type]
                              requires=(entity_id,), release=attempt_release(note_id, to)))
        out.tokens[note_id] = f"NT{n}N"
    return out


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from texts(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from texts(v)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs())
def test_a_dossier_at_a_level_holds_nothing_from_above_it(template: Path, spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.nkcase"
        shutil.copy(template, path)
        with open_casebook(path) as casebook:
            built = build(casebook, spec, Path(folder))
            expected = oracle({i.id: i for i in built.items})
            for at in HANDLING_LEVELS:
                try:
                    doc = gather_dossier(casebook, built.entity_ids, at, with_page_images=False)
                except ValidationError:  # every entity is above the level: nothing at all
                    assert all(LEVEL_RANK[expected[e]] > LEVEL_RANK[at]
                               for e in built.entity_ids)
                    continue
                shown = "\n".join(texts(doc))
                for item_id, token in built.tokens.items():
                    above = LEVEL_RANK[expected[item_id]] > LEVEL_RANK[at]
                    if above:
                        assert token not in shown, (at, item_id, expected[item_id])
                    elif item_id in built.entity_ids or any(
                        i.id == item_id and i.kind in ("fact", "relationship", "note")
                        for i in built.items
                    ):
                        assert token in shown, (at, item_id, expected[item_id])
