"""Levels that follow the evidence, through the services: case files, releases, views, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from nkcase.errors import ValidationError
from nkcase.model import AuditEvent, Evidence, Fact
from nkcase.services import entities, history, quotes, releases, source_edits
from nkcase.services.casefiles import case_file, list_entities
from nkcase.services.level_views import case_file_at, level_report
from nkcase.store import Casebook
from tests.fixtures.informant import (
    ACCOUNT_FACT,
    DEBRIEF_TITLE,
    INFORMANT,
    INFORMANT_ALIAS,
    NOTE_TEXT,
    ROLE,
    InformantCase,
    build_informant_case,
)


@pytest.fixture
def informant(casebook: Casebook, tmp_path: Path) -> InformantCase:
    return build_informant_case(casebook, tmp_path)


def test_case_files_show_levels_derived_from_the_evidence(
    casebook: Casebook, informant: InformantCase
) -> None:
    company = case_file(casebook, informant.company)
    assert company.level.level == "public"
    fact = next(f for f in company.facts if f.prop == "notes")
    assert fact.level.level == "protected"
    assert fact.level.derived_from == (DEBRIEF_TITLE,)
    assert fact.level.explanation == (
        f"protected — derives from the protected source “{DEBRIEF_TITLE}”"
    )
    country = next(f for f in company.facts if f.prop == "country")
    assert country.level.level == "public"  # unsupported: its own level
    [rel] = company.relationships
    assert rel.level.level == "protected" and rel.level.derived_from == (DEBRIEF_TITLE,)
    [note] = company.notes
    assert note.level.level == "protected" and note.evidence  # a public note, protected support

    person = case_file(casebook, informant.informant)
    assert person.level.level == "protected"
    assert person.level.derived_from == (DEBRIEF_TITLE,)
    assert all(n.level.level == "protected" for n in person.names)
    badges = {e.caption: e.level.level for e in list_entities(casebook)}
    assert badges == {"Albatross Trading": "public", INFORMANT: "protected"}


def test_view_as_public_hides_what_came_only_from_the_protected_source(
    casebook: Casebook, informant: InformantCase
) -> None:
    view = case_file_at(casebook, informant.company, "public")
    assert view.as_level == "public" and not view.hidden
    notes_fact = next(f for f in view.facts if f.prop == "notes")
    assert notes_fact.withheld and notes_fact.value == "" and notes_fact.display == ""
    assert view.relationships == [] and view.notes == []
    assert [ref.source_title for ref in view.all_evidence()] == ["Hanoi registry extract"]
    assert view.withheld is not None
    assert (view.withheld.facts, view.withheld.relationships, view.withheld.notes) == (1, 1, 1)
    text = repr(view)
    for secret in informant.secrets():
        assert secret not in text, secret

    hidden = case_file_at(casebook, informant.informant, "public")
    assert hidden.hidden and hidden.caption == "(withheld)" and hidden.names == []
    assert INFORMANT not in repr(hidden) and DEBRIEF_TITLE not in repr(hidden)

    protected = case_file_at(casebook, informant.company, "protected")
    assert next(f for f in protected.facts if f.prop == "notes").value == ACCOUNT_FACT
    assert protected.relationships[0].role == ROLE


def test_release_with_a_reason_is_audited_undoable_and_shown(
    casebook: Casebook, informant: InformantCase
) -> None:
    with pytest.raises(ValidationError, match="reason"):
        releases.release(casebook, informant.account_fact, "public", "  ")
    change = releases.release(
        casebook, informant.account_fact, "public", "The bank confirmed it in court filing 117"
    )
    fact = next(f for f in case_file(casebook, informant.company).facts if f.prop == "notes")
    assert fact.level.level == "public" and fact.level.released
    assert fact.level.explanation.startswith(f"public — released to public by {casebook.actor} on ")
    assert fact.level.explanation.endswith(": The bank confirmed it in court filing 117")
    with casebook.reading() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None and event.action == "level.release"
        assert "court filing 117" in event.summary and "public" in event.summary
    view = case_file_at(casebook, informant.company, "public")
    shown = next(f for f in view.facts if f.prop == "notes")
    assert shown.value == ACCOUNT_FACT and shown.evidence == [] and shown.withheld_quotes == 1
    assert view.relationships == [] and view.notes == []  # only the released item
    report = level_report(casebook, None, "public")
    assert [line.kind for line in report.released] == ["fact"]
    assert {line.kind for line in report.withheld} == {"entity", "relationship", "note"}

    history.undo(casebook, change)
    fact = next(f for f in case_file(casebook, informant.company).facts if f.prop == "notes")
    assert fact.level.level == "protected" and fact.level.release is None
    history.redo(casebook, change)
    releases.withdraw_release(casebook, informant.account_fact)
    fact = next(f for f in case_file(casebook, informant.company).facts if f.prop == "notes")
    assert fact.level.level == "protected"


def test_what_cannot_be_released_is_refused_with_the_reason(
    casebook: Casebook, informant: InformantCase
) -> None:
    country = next(f for f in case_file(casebook, informant.company).facts
                   if f.prop == "country")
    with pytest.raises(ValidationError, match="no quote supports"):
        releases.release(casebook, country.id, "public", "why not")
    with pytest.raises(ValidationError, match="nothing to release"):
        releases.release(casebook, informant.account_fact, "protected", "already")
    releases.set_level(casebook, informant.account_fact, "internal")
    with pytest.raises(ValidationError, match="marked internal itself"):
        releases.release(casebook, informant.account_fact, "public", "x")
    with pytest.raises(ValidationError, match="not released"):
        releases.withdraw_release(casebook, informant.account_fact)


def test_a_released_relationship_stays_withheld_while_its_informant_is(
    casebook: Casebook, informant: InformantCase
) -> None:
    releases.release(casebook, informant.relationship, "public", "published by the court")
    company = case_file(casebook, informant.company)
    assert company.relationships[0].level.level == "protected"
    assert company.relationships[0].level.held_by == (INFORMANT,)
    releases.release(casebook, informant.informant, "public", "named in the indictment")
    view = case_file_at(casebook, informant.company, "public")
    assert [r.role for r in view.relationships] == [ROLE]


def test_own_levels_and_the_source_level_drive_the_effective_level(
    casebook: Casebook, informant: InformantCase
) -> None:
    marked = entities.create_entity(casebook, "Person", "Kim Source", level="protected")
    assert case_file(casebook, str(marked.subject_id)).level.explanation == (
        "protected — marked protected"
    )
    # raising the registry raises what rests on it: the company's lowest evidence is now
    # internal (levels are computed from the evidence, never stored)
    source_edits.set_source_handling(casebook, informant.registry, "internal")
    assert case_file(casebook, informant.company).level.level == "internal"
    assert next(e for e in list_entities(casebook) if e.caption == "Albatross Trading").level \
        .level == "internal"
    note = entities.add_note(casebook, informant.company, "plain lead").subject_id
    assert next(n for n in case_file(casebook, informant.company).notes
                if n.id == note).level.level == "internal"  # notes default to internal


def test_a_name_withheld_alone_leaves_the_entity_with_its_other_names(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    alias = entities.add_name(casebook, informant.company, "알바트로스").subject_id
    assert alias is not None
    quotes.add_quote(casebook, informant.debrief, text="왜가리 보고", fact_ids=[alias])
    view = case_file_at(casebook, informant.company, "public")
    assert [n.value for n in view.names] == ["Albatross Trading"]
    assert view.withheld is not None and view.withheld.names == 1
    # a primary name learned only from the debrief: the recipient sees the next visible name
    person = entities.create_entity(casebook, "Person", "Pak Chol-min", aliases=["Mr P"])
    person_id = str(person.subject_id)
    quotes.add_quote(casebook, informant.registry, text="Its office is on Tran Hung Dao street",
                     entity_ids=[person_id])
    name_id = next(f.id for f in case_file(casebook, person_id).names if f.prop == "name")
    quotes.add_quote(casebook, informant.debrief, text=DEBRIEF_TEXT_MANAGER, fact_ids=[name_id])
    view = case_file_at(casebook, person_id, "public")
    assert view.caption == "Mr P" and "Pak Chol-min" not in repr(view)


DEBRIEF_TEXT_MANAGER = "the manager Pak Chol-min"


def test_deleting_a_note_or_entity_removes_note_evidence_and_undo_restores_it(
    casebook: Casebook, informant: InformantCase
) -> None:
    change = entities.remove_note(casebook, informant.note)
    with casebook.reading() as session:
        assert session.scalars(select(Evidence).where(Evidence.note_id.is_not(None))).all() == []
    history.undo(casebook, change)
    [note] = case_file(casebook, informant.company).notes
    assert note.text == NOTE_TEXT and len(note.evidence) == 1
    entities.delete_entity(casebook, informant.company)
    with casebook.reading() as session:
        assert session.scalars(select(Evidence).where(Evidence.note_id.is_not(None))).all() == []
        assert session.scalars(select(Fact).where(Fact.value == INFORMANT_ALIAS)).all()
