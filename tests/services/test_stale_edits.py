"""An edit made on values someone changed since they were read is refused, never applied over
the other change (services.edit_guard); on both backends, as two investigators of a team
casebook would meet it: one dialog open while a colleague saves."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from nkcase.errors import ConflictError
from nkcase.model import AuditEvent
from nkcase.services import entities, history, relationships, source_edits
from nkcase.services.casefiles import case_file
from nkcase.services.source_records import source_record
from nkcase.store import Casebook


def audit_count(casebook: Casebook) -> int:
    with casebook.reading() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def ownership(casebook: Casebook) -> tuple[str, str]:
    owner = entities.create_entity(casebook, "Company", "Korea Songi Trading").subject_id
    vessel = entities.create_entity(casebook, "Vessel", "Sea Star (천마호)").subject_id
    assert owner is not None and vessel is not None
    relationships.relate(casebook, "Ownership", owner, vessel, role="registered owner")
    return owner, vessel


def test_a_stale_relationship_edit_is_refused_and_the_colleagues_edit_kept(
    casebook: Casebook,
) -> None:
    _owner, vessel = ownership(casebook)
    seen = case_file(casebook, vessel).relationships[0]  # what the dialog shows
    relationships.edit_relationship(casebook, seen.id, role="beneficial owner")  # colleague
    before = audit_count(casebook)

    with pytest.raises(ConflictError, match=r"was changed by .* after you opened it"):
        relationships.edit_relationship(
            casebook, seen.id, role="ship manager", start="2019", seen_version=seen.row_version
        )

    now = case_file(casebook, vessel).relationships[0]
    assert (now.role, now.start) == ("beneficial owner", None)
    assert audit_count(casebook) == before  # nothing written, not even an audit event
    # Read again, the same edit goes through.
    relationships.edit_relationship(
        casebook, seen.id, role="ship manager", seen_version=now.row_version
    )
    assert case_file(casebook, vessel).relationships[0].role == "ship manager"


def test_an_edit_on_the_values_as_read_goes_through_again_after_the_colleague_undoes(
    casebook: Casebook,
) -> None:
    _owner, vessel = ownership(casebook)
    seen = case_file(casebook, vessel).relationships[0]
    colleague = relationships.edit_relationship(casebook, seen.id, summary="per UN panel")
    history.undo(casebook, colleague)  # the row is as the dialog read it again

    relationships.edit_relationship(
        casebook, seen.id, summary="seen in Nampo", seen_version=seen.row_version
    )
    assert case_file(casebook, vessel).relationships[0].summary == "seen in Nampo"


def test_a_stale_source_edit_is_refused_whichever_property_the_colleague_changed(
    casebook: Casebook, import_text
) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text("Ri Song Chol signed for Korea Songi Trading in Đà Nẵng.\n")
    seen = source_record(casebook, source_id)
    source_edits.grade_source(casebook, source_id, "B")  # colleague: the grade only

    for stale in (
        lambda: source_edits.edit_source(
            casebook, source_id, publisher="Own notes", seen_version=seen.row_version
        ),
        lambda: source_edits.grade_source(casebook, source_id, "E", seen_version=seen.row_version),
        lambda: source_edits.set_source_handling(
            casebook, source_id, "protected", seen_version=seen.row_version
        ),
    ):
        with pytest.raises(ConflictError, match=r"The source .* was changed"):
            stale()
    now = source_record(casebook, source_id)
    assert (now.publisher, now.reliability, now.handling) == (None, "B", seen.handling)

    source_edits.edit_source(casebook, source_id, publisher="Own notes",
                             seen_version=now.row_version)
    assert source_record(casebook, source_id).publisher == "Own notes"


def test_a_rename_over_a_colleagues_rename_is_refused(casebook: Casebook) -> None:
    vessel = entities.create_entity(casebook, "Vessel", "Sea Star").subject_id
    assert vessel is not None
    name = next(f for f in case_file(casebook, vessel).names if f.prop == "name")
    entities.edit_entity(casebook, vessel, name="Sea Dragon")  # colleague

    with pytest.raises(ConflictError, match="now “Sea Dragon”"):
        entities.edit_entity(casebook, vessel, name="Sea Star II",
                             seen_name_version=name.row_version)
    assert case_file(casebook, vessel).caption == "Sea Dragon"
    # the same rename on the current name goes through; other edits need no name version
    current = next(f for f in case_file(casebook, vessel).names if f.prop == "name")
    entities.edit_entity(casebook, vessel, name="Sea Star II",
                         seen_name_version=current.row_version)
    entities.edit_entity(casebook, vessel, summary="tanker", seen_name_version=0)
    assert case_file(casebook, vessel).caption == "Sea Star II"
