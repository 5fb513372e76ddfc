"""A fieldwork copy of some entities (``nkcase checkout … --entity E``): exactly the slice
around them at the level, not one byte of anything else; edited offline and checked back in,
its edits and new rows come back and the store keeps every row it had (a row absent from the
slice is never a deletion). From a casebook file and from a team casebook on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from nkcase.cli.main import main
from nkcase.exchange.copy import copy_at_level
from nkcase.model import (
    Base,
    Entity,
    EntityTag,
    Event,
    Fact,
    Note,
    Quote,
    Relationship,
    Source,
)
from nkcase.services import entities, events, quotes, relationships, sources
from nkcase.services.check import check_casebook
from nkcase.services.levels import load_levels
from nkcase.store import Casebook, create_casebook, open_casebook
from nkcase.vocabulary.levels import above
from tests.exchange.test_level_copy import dump_of, forms_of

PORT_LOG = (
    "Port log, 2022.\n\n"
    "Albatross Trading owns the vessel Sea Star, registered under a flag of convenience.\n"
    "In May, Kim Chol met the Albatross Trading manager on the quay at Nampo.\n"
    "The Sea Star, also listed as Haesong 7, left the same night.\n"
)
REGISTRY = (
    "Company registry, 2021.\n\n"
    "Ryonbong General Corporation holds shares in Golden Lotus Restaurant.\n"
)
HARBOUR = "Harbour notice, 2020.\n\nOcean Pearl Trading chartered a tanker for the season.\n"
DEBRIEF = "Field debrief, 2023.\n\nAlbatross Trading paid the crew in cash through Tumen Gate.\n"

#: What a slice of Albatross Trading at ``internal`` must not hold, in any form.
ELSEWHERE = (
    "Ryonbong", "Golden Lotus", "Ocean Pearl", "Longkou", "Wonsan", "Shidao",
    "Company registry", "Harbour notice", "Field debrief", "Tumen Gate", "watchlist",
)


@dataclass
class Case:
    company: str
    vessel: str
    person: str
    others: list[str]
    ownership: str
    charter: str
    meeting: str
    company_note: str
    vessel_note: str
    vessel_fact: str
    port_log: str
    harbour: str
    quotes: dict[str, str]


def build_case(book: Casebook, folder: Path) -> Case:
    def source(name: str, text: str, handling: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        done = sources.import_file(book, path, sources.ImportOptions(
            handling=handling, title=text.split(",")[0]))[0].source_id
        assert done is not None
        return done

    port_log = source("port-log.txt", PORT_LOG, "internal")
    registry = source("registry.txt", REGISTRY, "public")
    harbour = source("harbour.txt", HARBOUR, "public")
    debrief = source("debrief.txt", DEBRIEF, "protected")

    def entity(schema: str, name: str, **kw: object) -> str:
        made = entities.create_entity(book, schema, name, **kw).subject_id  # type: ignore[arg-type]
        assert made is not None
        return made

    company = entity("Company", "Albatross Trading", aliases=["Albatross Shipping Ltd"],
                     props=[("country", "vn")], summary="Trading house")
    vessel = entity("Vessel", "Sea Star", aliases=["Haesong 7"], props=[("flag", "kp")])
    person = entity("Person", "Kim Chol")
    ryonbong = entity("Company", "Ryonbong General Corporation")
    lotus = entity("Company", "Golden Lotus Restaurant")
    pearl = entity("Company", "Ocean Pearl Trading")
    entities.tag_entity(book, company, "priority")
    entities.tag_entity(book, vessel, "watchlist")
    vessel_fact = entities.set_fact(book, vessel, "notes", "bunkered at Longkou").subject_id
    assert vessel_fact is not None
    company_note = entities.add_note(book, company, "Office moved in 2021").subject_id
    vessel_note = entities.add_note(book, vessel, "Renamed off Shidao").subject_id
    entities.add_note(book, person, "Studied in Wonsan")
    ownership = relationships.relate(book, "Ownership", company, vessel).subject_id
    charter = relationships.relate(book, "UnknownLink", pearl, vessel, role="charterer").subject_id
    relationships.relate(book, "Ownership", ryonbong, lotus)
    meeting = events.add_event(book, date="2022-05", summary="Meeting on the quay",
                               entity_ids=[company, person]).subject_id
    assert None not in (company_note, vessel_note, ownership, charter, meeting)
    q = {
        "ownership": quotes.add_quote(book, port_log, text="Albatross Trading owns the vessel "
                                      "Sea Star", relationship_ids=[ownership]).subject_id,
        "meeting": quotes.add_quote(book, port_log, text="Kim Chol met the Albatross Trading "
                                    "manager", event_ids=[meeting]).subject_id,
        "alias": quotes.add_quote(book, port_log, text="also listed as Haesong 7",
                                  entity_ids=[vessel]).subject_id,
        "registry": quotes.add_quote(book, registry, text="Ryonbong General Corporation holds "
                                     "shares", entity_ids=[ryonbong]).subject_id,
        "charter": quotes.add_quote(book, harbour, text="Ocean Pearl Trading chartered a tanker",
                                    relationship_ids=[charter]).subject_id,
        "debrief": quotes.add_quote(book, debrief, text="paid the crew in cash through Tumen "
                                    "Gate", entity_ids=[company]).subject_id,
    }
    assert None not in q.values()
    return Case(company, vessel, person, [ryonbong, lotus, pearl], str(ownership), str(charter),
                str(meeting), str(company_note), str(vessel_note), vessel_fact, port_log,
                harbour, {k: str(v) for k, v in q.items()})


@pytest.fixture(params=["file", "team"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where the casebook the slice is checked out of lives: a file or a team casebook."""
    if request.param == "file":
        path = tmp_path / "store.nkcase"
        create_casebook(path, "Test case").close()
        yield str(path)
    else:
        yield str(request.getfixturevalue("team_url"))


def every_id(book: Casebook) -> dict[str, set[tuple[object, ...]]]:
    """Every row's key, per table."""
    with book.reading() as session:
        return {
            table.name: {tuple(row) for row in session.execute(
                select(*table.primary_key.columns))}
            for table in Base.metadata.sorted_tables
            if table.name not in ("audit_event", "casebook")
        }


def test_a_slice_holds_the_entity_its_context_and_evidence_and_nothing_else(
    store: str, tmp_path: Path
) -> None:
    with open_casebook(store, actor="anna") as book:
        case = build_case(book, tmp_path)
    field = tmp_path / "field.nkcase"
    assert main(["checkout", store, "--entity", "Albatross Trading", "--level", "internal",
                 "--out", str(field)]) == 0

    raw, dump = field.read_bytes(), dump_of(field)
    assert b"Albatross Trading" in raw and b"Haesong 7" in raw  # the check can fail
    for text in ELSEWHERE:
        assert text not in dump, f"{text!r} in the slice's dump"
        for form in forms_of(text):
            assert form not in raw, f"{text!r} in the slice's bytes"

    with open_casebook(field, readonly=True) as slice_, slice_.reading() as session:
        assert check_casebook(slice_) == []
        assert set(session.scalars(select(Entity.id))) == {case.company, case.vessel,
                                                           case.person}
        facts = {(f.entity_id, f.prop, f.value) for f in session.scalars(select(Fact))}
        assert facts == {
            (case.company, "name", "Albatross Trading"),
            (case.company, "alias", "Albatross Shipping Ltd"),
            (case.company, "country", "vn"),
            (case.vessel, "name", "Sea Star"),  # context: names only, no flag, no notes
            (case.vessel, "alias", "Haesong 7"),
            (case.person, "name", "Kim Chol"),
        }
        assert set(session.scalars(select(Relationship.id))) == {case.ownership}
        assert set(session.scalars(select(Note.id))) == {case.company_note}
        assert set(session.scalars(select(Event.id))) == {case.meeting}
        assert set(session.scalars(select(Quote.id))) == {
            case.quotes["ownership"], case.quotes["meeting"], case.quotes["alias"]
        }  # not the protected debrief's (above internal), nor the others' sources'
        assert set(session.scalars(select(Source.id))) == {case.port_log}
        assert set(session.scalars(select(EntityTag.tag))) == {"priority"}


def test_a_slice_at_a_lower_level_leaves_out_what_the_rule_withholds(
    store: str, tmp_path: Path
) -> None:
    with open_casebook(store) as book:
        case = build_case(book, tmp_path)
        out = tmp_path / "public.nkcase"
        # The vessel is public (a public quote supports it); its owner is known only from the
        # internal port log, so the ownership and the company stay out at public.
        copy_at_level(book, out, "public", entity_ids=[case.vessel])
    raw = out.read_bytes()
    assert b"Ocean Pearl" in raw  # the check can fail
    for text in ("Albatross", "Port log", "Kim Chol", "Nampo"):
        assert not any(form in raw for form in forms_of(text)), text
    with open_casebook(out, readonly=True) as slice_, slice_.reading() as session:
        assert check_casebook(slice_) == []
        assert set(session.scalars(select(Entity.id))) == {case.vessel, case.others[2]}
        assert set(session.scalars(select(Relationship.id))) == {case.charter}
        assert set(session.scalars(select(Quote.id))) == {case.quotes["charter"]}
        assert set(session.scalars(select(Source.id))) == {case.harbour}
        assert set(session.scalars(select(Note.id))) == set()  # notes start internal


def test_checkout_refuses_an_entity_above_its_level_and_writes_nothing(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_casebook(store) as book:
        hidden = entities.create_entity(book, "Person", "Heron", level="protected").subject_id
    field = tmp_path / "field.nkcase"
    assert main(["checkout", store, "--entity", str(hidden), "--level", "public",
                 "--out", str(field)]) == 2
    assert "above the copy's level" in capsys.readouterr().err
    assert not field.exists()


def test_offline_edits_to_a_slice_check_back_in_and_the_store_loses_nothing(
    store: str, tmp_path: Path
) -> None:
    with open_casebook(store, actor="anna") as book:
        case = build_case(book, tmp_path)
        before = every_id(book)
    field = tmp_path / "field.nkcase"
    assert main(["checkout", store, "--entity", case.company, "--level", "internal",
                 "--out", str(field)]) == 0

    with open_casebook(field, actor="anna in the field") as offline:
        entities.edit_entity(offline, case.company, summary="Seen at Nampo, May 2022")
        entities.edit_note(offline, case.company_note, text="Office moved to Haiphong in 2021")
        entities.add_name(offline, case.vessel, "Hae Song Seven")
        made = entities.create_entity(offline, "Company", "Nampo Freight Agency").subject_id
        assert made is not None
        relationships.relate(offline, "UnknownLink", made, case.company, role="agent")
        new_quote = quotes.add_quote(offline, case.port_log, text="left the same night",
                                     entity_ids=[made]).subject_id

    assert main(["checkin", str(field), store]) == 0

    with open_casebook(store, readonly=True) as book:
        assert check_casebook(book) == []
        after = every_id(book)
        for table, keys in before.items():
            assert keys <= after[table], f"rows of {table} lost at checkin"
        with book.reading() as session:
            company = session.get(Entity, case.company)
            assert company is not None and company.summary == "Seen at Nampo, May 2022"
            note = session.get(Note, case.company_note)
            assert note is not None and note.text == "Office moved to Haiphong in 2021"
            aliases = set(session.scalars(select(Fact.value).where(
                Fact.entity_id == case.vessel, Fact.prop == "alias")))
            assert aliases == {"Haesong 7", "Hae Song Seven"}
            assert session.get(Entity, made) is not None
            assert session.get(Quote, new_quote) is not None
            # what the slice never held is still there, unchanged
            assert session.get(Fact, case.vessel_fact) is not None
            assert session.get(Note, case.vessel_note) is not None
            assert session.get(Relationship, case.charter) is not None
            assert session.get(Quote, case.quotes["debrief"]) is not None
            for other in case.others:
                assert session.get(Entity, other) is not None


def test_a_context_entity_keeps_its_level_without_the_evidence_left_behind(
    store: str, tmp_path: Path
) -> None:
    """Pak Su is protected at the store only through a debrief quote on one of his facts,
    which a slice of the company leaves behind: in the slice he is still protected, so a
    public output made from the slice cannot show him."""
    with open_casebook(store) as book:
        case = build_case(book, tmp_path)
        pak = entities.create_entity(book, "Person", "Pak Su").subject_id
        assert pak is not None
        relationships.relate(book, "Employment", pak, case.company)
        fact = entities.set_fact(book, pak, "position", "cashier").subject_id
        debrief = tmp_path / "debrief-2.txt"
        debrief.write_text("Debrief two.\n\nPak Su keeps the cash box for the office.\n")
        secret = sources.import_file(book, debrief, sources.ImportOptions(
            handling="protected"))[0].source_id
        assert fact is not None and secret is not None
        quotes.add_quote(book, secret, text="Pak Su keeps the cash box", fact_ids=[fact])
        with book.reading() as session:
            at_store = load_levels(session)
            assert not at_store.at("public").shows(pak)
            store_levels = {e: at_store.level(e).level for e in at_store.captions}
    field = tmp_path / "field.nkcase"
    assert main(["checkout", store, "--entity", case.company, "--level", "protected",
                 "--out", str(field)]) == 0
    with open_casebook(field, readonly=True) as slice_, slice_.reading() as session:
        assert session.get(Fact, fact) is None  # the evidence stayed behind...
        levels = load_levels(session)
        assert pak in levels.graph
        assert not levels.at("public").shows(pak)  # ...and Pak Su is still protected
        for entity_id in session.scalars(select(Entity.id)):  # never lower than at the store
            assert not above(store_levels[entity_id], levels.level(entity_id).level)
