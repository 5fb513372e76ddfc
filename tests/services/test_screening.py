"""Screening a casebook against list snapshots: candidates, review, re-screening, designations."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import update

from nkcase.errors import UsageError, ValidationError
from nkcase.model import ScreeningCandidate
from nkcase.services import entities, history
from nkcase.services.casefiles import case_file
from nkcase.services.dossier_data import gather_dossier
from nkcase.services.dossier_export import export_dossier
from nkcase.services.lists import import_list
from nkcase.services.screening import review_candidate, screen
from nkcase.services.screening_records import designations_for, list_candidates
from nkcase.store import Casebook
from tests.screening.lists import OFAC_ADVANCED, OFAC_CSV, UN_2024, UN_2026


def _entity(casebook: Casebook, schema: str, name: str, **props: str) -> str:
    change = entities.create_entity(casebook, schema, name, props=list(props.items()))
    assert change.subject_id is not None
    return change.subject_id


@pytest.mark.parametrize(
    "written", ["Lee Won-ho", "Won Ho Ri", "리원호", "리 원호", "Yi Wŏn-ho", "RHEE WONHO"]
)
def test_a_listed_dprk_individual_is_found_under_any_spelling(
    casebook: Casebook, written: str
) -> None:
    import_list(casebook, UN_2024)
    person = _entity(casebook, "Person", written)
    report = screen(casebook, entity_ids=[person])
    [result] = report.subjects
    [candidate] = result.candidates
    assert (candidate.reference, candidate.list_name, candidate.note) == (
        "KPi.033",
        "UN 1718",
        "new",
    )
    assert candidate.matched_name == "RI WON HO"
    assert candidate.score >= 0.95
    assert "family name" in candidate.explanation and "given name" in candidate.explanation
    assert report.new == 1 and report.change is not None


def test_a_decoy_is_not_a_candidate(casebook: Casebook) -> None:
    import_list(casebook, UN_2024)
    decoy = _entity(casebook, "Person", "Ri Won Chol")
    report = screen(casebook, entity_ids=[decoy])
    assert report.subjects[0].candidates == []
    assert report.change is None  # nothing found, nothing written


def test_a_vessel_is_found_by_imo_under_a_new_name(casebook: Casebook) -> None:
    import_list(casebook, OFAC_ADVANCED)
    ship = _entity(casebook, "Vessel", "OCEAN BREEZE", imoNumber="7937317")
    [candidate] = screen(casebook, entity_ids=[ship]).subjects[0].candidates
    assert candidate.matched_name == "CHONG CHON GANG"
    assert candidate.features[0]["text"] == "IMO IMO7937317 = IMO7937317 (exact)"
    assert candidate.score >= 0.95


def test_a_list_file_without_a_date_is_named_by_its_import_day(casebook: Casebook) -> None:
    """OFAC's CSV set says nothing of when it was generated (the real one of April 2021 was
    reported as "OFAC SDN List of" the day it was imported): the report says "imported"."""
    import_list(casebook, OFAC_CSV)
    import_list(casebook, UN_2024)
    report = screen(casebook, entity_ids=[_entity(casebook, "Person", "Ri Won Ho")])
    assert report.snapshots[0].startswith("OFAC SDN List, undated (imported 2")
    assert report.snapshots[1] == "UN Security Council Consolidated List of 2024-09-26"
    # so does a designation it makes, in the case file and the dossier
    ship = _entity(casebook, "Vessel", "OCEAN BREEZE", imoNumber="7937317")
    [candidate] = screen(casebook, entity_ids=[ship]).subjects[0].candidates
    review_candidate(casebook, candidate.id, "confirm")
    [designation] = case_file(casebook, ship).designations
    assert designation.snapshot_label.startswith("OFAC SDN List, undated (imported 2")
    [line] = gather_dossier(casebook, [ship], "public").entities[0].designations
    assert line.snapshot == designation.snapshot_label


def test_confirming_makes_a_designation_and_undo_takes_it_back(casebook: Casebook) -> None:
    import_list(casebook, UN_2024)
    person = _entity(casebook, "Person", "Ri Won Ho", birthDate="1964-07-17")
    [candidate] = screen(casebook, entity_ids=[person]).subjects[0].candidates
    change = review_candidate(casebook, candidate.id[:8], "confirm")
    with casebook.reading() as session:
        [designation] = designations_for(session, [person])[person]
    assert designation.text == "Designated: UN 1718 · KPi.033 · listed 2016-11-30"
    assert len(designation.snapshot_sha256) == 64
    assert case_file(casebook, person).designations[0].reference == "KPi.033"
    history.undo(casebook, change)
    with casebook.reading() as session:
        assert designations_for(session, [person]) == {}
        [again] = list_candidates(session, entity_ids=[person])
    assert again.status == "open"


def test_a_rejected_pair_stays_rejected_unless_the_record_changes(casebook: Casebook) -> None:
    import_list(casebook, UN_2024)
    person = _entity(casebook, "Person", "Ri Won Ho")
    [candidate] = screen(casebook, entity_ids=[person]).subjects[0].candidates
    with pytest.raises(ValidationError):
        review_candidate(casebook, candidate.id, "reject")
    review_candidate(casebook, candidate.id, "reject", "born 1990, another person")
    import_list(casebook, UN_2026)  # the same record, unchanged, in a newer snapshot
    report = screen(casebook, entity_ids=[person])
    assert report.subjects[0].candidates == [] and report.new == 0
    # the list amends the record: the pair comes back for review
    with casebook.session() as session, session.begin():
        session.execute(update(ScreeningCandidate).values(content_hash="an older version"))
    report = screen(casebook, entity_ids=[person])
    [reopened] = report.subjects[0].candidates
    assert (reopened.status, reopened.note, report.reopened) == ("open", "reopened", 1)


def test_rescreening_a_newer_snapshot_reports_new_candidates_and_delistings(
    casebook: Casebook,
) -> None:
    import_list(casebook, UN_2024)
    haitian = _entity(casebook, "Person", "Innocent Vitelhomme")
    iranian = _entity(casebook, "Company", "Yazd Metallurgy Industries")
    first = screen(casebook, all_entities=True)
    [listed] = next(r for r in first.subjects if r.entity_id == haitian).candidates
    review_candidate(casebook, listed.id, "confirm")
    import_list(casebook, UN_2026)  # drops the Haitian record, adds the Iranian company
    second = screen(casebook, all_entities=True)
    assert second.new == 1
    [new] = next(r for r in second.subjects if r.entity_id == iranian).candidates
    assert new.reference == "IRe.078" and new.note == "new"
    [delisted] = second.delisted
    assert delisted.id == listed.id and delisted.delisted_in is not None
    with casebook.reading() as session:
        [designation] = designations_for(session, [haitian])[haitian]
    assert designation.text.startswith("Delisted: UN")
    # the same screening again finds nothing new and writes nothing
    assert screen(casebook, all_entities=True).change is None


def test_names_in_a_source_are_screened(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    import_list(casebook, UN_2024)
    text = (
        "평양에서 리원호는 지시를 받았다. The Panel met KIM Song-chol and Ri Won Chol in Bangkok."
    )
    source = import_text(text, name="report.txt")
    report = screen(casebook, source_id=source)
    found = {c.reference: c for r in report.subjects for c in r.candidates}
    assert set(found) == {"KPi.033", "KPi.030"}
    hangul = found["KPi.033"]
    assert text[hangul.start : hangul.end] == "리원호" and hangul.source_id == source


def test_choosing_lists_and_bad_requests(casebook: Casebook) -> None:
    person = _entity(casebook, "Person", "Ri Won Ho")
    with pytest.raises(UsageError, match="no sanctions list"):
        screen(casebook, entity_ids=[person])
    import_list(casebook, UN_2024)
    import_list(casebook, OFAC_ADVANCED)
    report = screen(casebook, entity_ids=[person], lists=["ofac-sdn"])
    assert report.subjects[0].candidates == [] and len(report.snapshots) == 1
    with pytest.raises(UsageError):
        screen(casebook, entity_ids=[person], all_entities=True)
    with pytest.raises(ValidationError):
        screen(casebook, entity_ids=[person], threshold=1.5)


def test_the_dossier_states_each_designation_with_its_snapshot(
    casebook: Casebook, tmp_path: Path
) -> None:
    import_list(casebook, UN_2024)
    person = _entity(casebook, "Person", "Lee Won-ho")
    [candidate] = screen(casebook, entity_ids=[person]).subjects[0].candidates
    review_candidate(casebook, candidate.id, "confirm")
    document = gather_dossier(casebook, [person], "public")
    [line] = document.entities[0].designations
    assert (line.list_name, line.reference, line.listed_on) == ("UN 1718", "KPi.033", "2016-11-30")
    assert line.snapshot == "UN Security Council Consolidated List of 2024-09-26"
    assert line.snapshot_sha256 == hashlib.sha256(UN_2024.read_bytes()).hexdigest()
    out = tmp_path / "dossier.pdf"
    export_dossier(casebook, [person], out, level="public")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Sanctions designations" in text and "KPi.033" in text
    assert "SHA-256" in text and line.snapshot_sha256[:32] in text.replace("\n", "")


def test_a_snapshot_cited_by_a_designation_cannot_be_removed(casebook: Casebook) -> None:
    from nkcase.errors import ConflictError
    from nkcase.services.lists import remove_snapshot

    first = import_list(casebook, UN_2024).snapshot
    person = _entity(casebook, "Person", "Ri Won Ho")
    [candidate] = screen(casebook, entity_ids=[person]).subjects[0].candidates
    review_candidate(casebook, candidate.id, "confirm")
    with pytest.raises(ConflictError, match="still cited"):
        remove_snapshot(casebook, first.id)
    with casebook.reading() as session:
        assert designations_for(session, [person])[person][0].reference == "KPi.033"
    # an open candidate goes with its snapshot
    review_candidate(casebook, candidate.id, "reopen")
    remove_snapshot(casebook, first.id)
    with casebook.reading() as session:
        assert list_candidates(session) == []


def test_screening_output_at_a_level_leaves_out_what_the_level_may_not_see(
    casebook: Casebook, tmp_path: Path
) -> None:
    """The informant case: an entity known only from a protected debrief is screened; a public
    recipient never learns that it was, nor by which name."""
    from nkcase.services import quotes
    from nkcase.services.screening import report_at_level
    from tests.fixtures.informant import build_informant_case

    case = build_informant_case(casebook, tmp_path)
    import_list(casebook, UN_2024)
    hidden = _entity(casebook, "Person", "Ri Won Ho")
    quotes.add_quote(
        casebook, case.debrief, text="HERON, who keeps the books", entity_ids=[hidden]
    )
    public = _entity(casebook, "Person", "Kim Song-chol")
    report = screen(casebook, all_entities=True)
    found = {c.reference for r in report.subjects for c in r.candidates}
    assert {"KPi.033", "KPi.030"} <= found
    seen = report_at_level(casebook, report, "public")
    assert hidden not in {r.entity_id for r in seen.subjects}
    assert {c.reference for r in seen.subjects for c in r.candidates} == {"KPi.030"}
    assert public in {r.entity_id for r in seen.subjects}
    text = repr(seen)
    for secret in (*case.secrets(), "Ri Won Ho"):
        assert secret not in text
    at_protected = report_at_level(casebook, report, "protected")
    assert "KPi.033" in {c.reference for r in at_protected.subjects for c in r.candidates}


def test_a_candidate_quoting_a_withheld_fact_is_withheld_from_the_output_and_a_copy(
    casebook: Casebook, tmp_path: Path
) -> None:
    """A public person whose passport number only the protected debrief gives: the match on it
    quotes the number in its features, so a public recipient gets neither, by the one rule."""
    from nkcase.exchange.copy import copy_at_level
    from nkcase.services import quotes
    from nkcase.services.candidate_levels import candidates_at_level
    from nkcase.store import open_casebook
    from tests.fixtures.informant import DEBRIEF_QUOTES, REGISTRY_TEXT, build_informant_case

    case = build_informant_case(casebook, tmp_path)
    import_list(casebook, UN_2024)
    person = _entity(casebook, "Person", "Kim Song-chol")
    quotes.add_quote(casebook, case.registry, text=REGISTRY_TEXT[:20], entity_ids=[person])
    passport = entities.set_fact(casebook, person, "passportNumber", "381420565").subject_id
    assert passport is not None
    quotes.add_quote(casebook, case.debrief, text=DEBRIEF_QUOTES[0], fact_ids=[passport])
    [candidate] = [
        c for r in screen(casebook, entity_ids=[person]).subjects for c in r.candidates
        if c.reference == "KPi.030"
    ]
    assert "381420565" in repr(candidate.features)
    with casebook.reading() as session:
        assert candidates_at_level(session, [candidate], "protected") != []
        assert candidates_at_level(session, [candidate], "public") == []
    for level, held in (("public", 0), ("protected", 1)):
        out = tmp_path / f"{level}.nkcase"
        copy_at_level(casebook, out, level)
        with open_casebook(out, readonly=True) as copy, copy.reading() as session:
            assert len(list_candidates(session, entity_ids=[person])) == held, level
