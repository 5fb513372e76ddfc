"""FtM export at a level: nothing above it leaves (the informant case and the demo's debrief),
the evidence chain travels (proof, quotes as Notes), a cancelled export leaves no file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from nkcase.errors import CancelledError
from nkcase.exchange.ftm.export import export_ftm
from nkcase.exchange.ftm.ids import ftm_id
from nkcase.exchange.ftm.validate import Validator
from nkcase.model import Source, SourceOriginal
from nkcase.store import Casebook
from tests.exchange.conftest import read_lines
from tests.fixtures.informant import (
    ACCOUNT_FACT,
    DEBRIEF_QUOTES,
    INFORMANT,
    InformantCase,
    build_informant_case,
)


@pytest.fixture
def informant(casebook: Casebook, tmp_path: Path) -> InformantCase:
    return build_informant_case(casebook, tmp_path)


def assert_absent(path: Path, secrets: list[str]) -> None:
    data = path.read_bytes()
    for secret in secrets:
        assert secret.encode() not in data, secret


def test_a_public_export_holds_nothing_the_debrief_taught(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "public.ftm.json"
    result = export_ftm(casebook, out, level="public")
    assert_absent(out, informant.secrets())
    assert_absent(out, [informant.debrief, informant.informant, informant.relationship])
    lines = read_lines(out)
    assert Validator().lines(lines) == []
    assert result.withheld.anything
    company = next(line for line in lines if line["id"] == ftm_id("entity", informant.company))
    assert company["properties"]["name"] == ["Albatross Trading"]
    # the registry quote travels, naming its Document and the company
    [note] = [line for line in lines if line["schema"] == "Note"]
    document = ftm_id("source", informant.registry)
    assert note["properties"]["proof"] == [document]
    assert note["properties"]["entity"] == [document, company["id"]]
    assert company["properties"]["proof"] == [document]


def test_a_protected_export_holds_the_evidence_chain(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "protected.ftm.json"
    export_ftm(casebook, out, level="protected")
    lines = read_lines(out)
    assert Validator().lines(lines) == []
    by_id = {line["id"]: line for line in lines}
    debrief = by_id[ftm_id("source", informant.debrief)]["properties"]
    with casebook.reading() as session:
        data = session.scalar(select(SourceOriginal.data)
                              .where(SourceOriginal.source_id == informant.debrief))
        source = session.get(Source, informant.debrief)
        assert data is not None and source is not None
    assert debrief["contentHash"] == [hashlib.sha1(data, usedforsecurity=False).hexdigest()]
    assert f"SHA-256 of the original file (nkcase): {source.sha256}" in debrief["notes"]
    quotes = {q["properties"]["description"][0] for q in lines if q["schema"] == "Note"}
    assert set(DEBRIEF_QUOTES) <= quotes
    person = by_id[ftm_id("entity", informant.informant)]["properties"]
    assert person["name"] == [INFORMANT]
    assert ftm_id("source", informant.debrief) in person["proof"]
    link = by_id[ftm_id("rel", informant.relationship)]["properties"]
    assert link["proof"] == [ftm_id("source", informant.debrief)]
    assert ACCOUNT_FACT in by_id[ftm_id("entity", informant.company)]["properties"]["notes"]


def test_an_entity_export_takes_its_links_and_their_other_ends(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "one.ftm.json"
    export_ftm(casebook, out, level="protected", entity_ids=[informant.informant])
    ids = {line["id"] for line in read_lines(out)}
    assert {ftm_id("entity", informant.informant), ftm_id("entity", informant.company),
            ftm_id("rel", informant.relationship)} <= ids
    # at public the informant is withheld: nothing of it, nothing of the link
    export_ftm(casebook, out, level="public", entity_ids=[informant.informant])
    assert read_lines(out) == []


def test_the_demo_at_public_holds_no_byte_of_the_debrief(
    demo: Casebook, tmp_path: Path
) -> None:
    with demo.reading() as session:
        debrief = session.scalars(select(Source).where(Source.handling == "protected")).one()
        title, url, sha = debrief.title, debrief.url, debrief.sha256
    out = tmp_path / "public.ftm.json"
    export_ftm(demo, out, level="public")
    assert_absent(out, [s for s in (title, url, sha, debrief.id) if s])
    full = tmp_path / "protected.ftm.json"
    export_ftm(demo, full, level="protected")
    assert title.encode() in full.read_bytes()
    for line in read_lines(full):
        if line["schema"] == "Note" and ftm_id("source", debrief.id) in line["properties"]["proof"]:
            assert line["properties"]["description"][0].encode() not in out.read_bytes()


def test_a_cancelled_export_leaves_no_file(demo: Casebook, tmp_path: Path) -> None:
    out = tmp_path / "cancelled.ftm.json"
    with pytest.raises(CancelledError):
        export_ftm(demo, out, is_cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_ids_are_stable_between_exports(demo: Casebook, tmp_path: Path) -> None:
    export_ftm(demo, tmp_path / "a.json")
    export_ftm(demo, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_what_ftm_would_refuse_is_kept_in_valid_forms(casebook: Casebook, tmp_path: Path) -> None:
    from nkcase.services import entities, relationships

    person = entities.create_entity(casebook, "Person", "Ri Ok",
                                    props=[("phone", "021 555 1234")]).subject_id
    club = entities.create_entity(casebook, "Organization", "Hanoi Club").subject_id
    ship = entities.create_entity(casebook, "Vessel", "Sea Star",
                                  props=[("pastNames", "Morning Star")]).subject_id
    long_name = "Korea " + "Ryonbong " * 60 + "General Corporation"
    long_one = entities.create_entity(casebook, "Company", long_name).subject_id
    assert person and club and ship and long_one
    relationships.relate(casebook, "Ownership", person, club, role="shareholder")
    out = tmp_path / "x.ftm.json"
    result = export_ftm(casebook, out, level="public")
    lines = read_lines(out)
    assert Validator().lines(lines) == []
    by_id = {line["id"]: line for line in lines}
    assert by_id[ftm_id("entity", person)]["properties"]["notes"] == ["Phone: 0215551234"]
    assert by_id[ftm_id("entity", ship)]["properties"]["previousName"] == ["Morning Star"]
    [link] = [line for line in lines if line["schema"] == "UnknownLink"]
    assert link["properties"]["role"] == ["Ownership: shareholder"]
    company = by_id[ftm_id("entity", long_one)]["properties"]
    assert len(company["name"][0]) == 384 and company["name"][0].endswith("…")
    assert company["notes"] == [f"Name: {long_name}"]  # kept whole
    assert (result.as_notes, result.as_unknown_link) == (2, 1)
