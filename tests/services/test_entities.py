"""Entity operations: validation, one audit event each, typed changes, undo and redo."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from nkcase import vocabulary
from nkcase.errors import ConflictError, NotFoundError, ValidationError
from nkcase.model import AuditEvent, Entity, Evidence, Fact, Relationship
from nkcase.services import entities, history, relationships
from nkcase.services.casefiles import case_file, list_entities
from nkcase.store import Casebook


def counts(casebook: Casebook) -> tuple[int, int, int, int]:
    with casebook.reading() as s:
        return tuple(  # type: ignore[return-value]
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Entity, Fact, Relationship, AuditEvent)
        )


def test_create_entity_keeps_hangul_alias_and_maps_country(casebook: Casebook) -> None:
    change = entities.create_entity(
        casebook,
        "Organization",
        "Pyongyang Okryu Restaurant",
        aliases=["평양옥류관"],
        props=[("country", "Thailand"), ("status", "operating")],
    )
    record = case_file(casebook, change.subject_id)
    assert record.caption == "Pyongyang Okryu Restaurant"
    aliases = [n for n in record.names if n.prop == "alias"]
    assert [a.value for a in aliases] == ["평양옥류관"]
    assert aliases[0].script == "Hang"
    assert [f.value for f in record.facts if f.prop == "country"] == ["th"]
    assert record.status == "operating"
    assert change.action == "entity.create"
    assert {r.table for r in change.rows} == {"entity", "fact"}
    assert all(r.kind == "insert" for r in change.rows)
    assert counts(casebook)[3] == 1  # exactly one audit event


@pytest.mark.parametrize("name", ['AT&T <Ltd> "Co"', "Acme <b>Ltd</b> & Sons", "O'Brien & Kim"])
def test_escaping_hostile_names_are_stored_literally(casebook: Casebook, name: str) -> None:
    change = entities.create_entity(casebook, "Company", name)
    assert case_file(casebook, change.subject_id).caption == name


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names, alias=names)
def test_names_in_any_script_round_trip(casebook: Casebook, name: str, alias: str) -> None:
    try:
        expected_name = vocabulary.clean_value("Person", "name", name)
        expected_alias = vocabulary.clean_value("Person", "alias", alias)
    except ValidationError:
        return  # the vocabulary refuses it; covered by its own tests
    change = entities.create_entity(casebook, "Person", name, aliases=[alias])
    record = case_file(casebook, change.subject_id)
    values = {n.value for n in record.names}
    assert expected_name in values and expected_alias in values


def test_bad_imo_check_digit_is_refused_and_nothing_written(casebook: Casebook) -> None:
    before = counts(casebook)
    with pytest.raises(ValidationError, match="check digit"):
        entities.create_entity(casebook, "Vessel", "Wise Honest", props=[("imoNumber", "8905491")])
    assert counts(casebook) == before
    ok = entities.create_entity(casebook, "Vessel", "Wise Honest", props=[("imoNumber", "8905490")])
    assert any(f.prop == "imoNumber" for f in case_file(casebook, ok.subject_id).facts)


def test_unknown_schema_is_refused(casebook: Casebook) -> None:
    with pytest.raises(ValidationError, match="Shipp"):
        entities.create_entity(casebook, "Shipp", "Nowhere")
    with pytest.raises(ValidationError):
        entities.create_entity(casebook, "Ownership", "Not an entity")


def test_single_valued_status_replaces_and_is_undoable(casebook: Casebook) -> None:
    eid = entities.create_entity(casebook, "Company", "Haedang Trading").subject_id
    entities.set_fact(casebook, eid, "status", "operating")
    change = entities.set_fact(casebook, eid, "status", "closed", date="2021-03")
    record = case_file(casebook, eid)
    assert [f.value for f in record.facts if f.prop == "status"] == ["closed"]
    assert [f.date for f in record.facts if f.prop == "status"] == ["2021-03"]
    history.undo(casebook, change)
    assert case_file(casebook, eid).status == "operating"


def test_edit_renames_and_removes(casebook: Casebook) -> None:
    eid = entities.create_entity(
        casebook, "Company", "Old Name", props=[("country", "vn"), ("country", "kp")]
    ).subject_id
    entities.edit_entity(casebook, eid, name="New Name", remove_props=[("country", "Vietnam")])
    record = case_file(casebook, eid)
    assert record.caption == "New Name"
    assert [n.value for n in record.names if n.prop == "name"] == ["New Name"]
    assert [f.value for f in record.facts if f.prop == "country"] == ["kp"]
    with pytest.raises(NotFoundError):
        entities.edit_entity(casebook, eid, remove_props=[("country", "th")])


def test_delete_removes_links_and_undo_restores_everything(casebook: Casebook) -> None:
    a = entities.create_entity(casebook, "Company", "Albatross", props=[("country", "vn")])
    b = entities.create_entity(casebook, "Person", "Ra Kyong-su")
    relationships.relate(casebook, "Directorship", b.subject_id, a.subject_id, role="director")
    entities.tag_entity(casebook, a.subject_id, "Front company")
    entities.add_note(casebook, a.subject_id, "Check the 2019 registry extract.")
    before = case_file(casebook, a.subject_id)
    snapshot_counts = counts(casebook)

    deleted = entities.delete_entity(casebook, a.subject_id)
    assert {"entity", "fact", "relationship", "entity_tag", "note"} <= {
        r.table for r in deleted.rows
    }
    with pytest.raises(NotFoundError):
        case_file(casebook, a.subject_id)
    assert case_file(casebook, b.subject_id).relationships == []

    history.undo(casebook, deleted)
    restored = case_file(casebook, a.subject_id)
    assert restored == before
    assert counts(casebook)[:3] == snapshot_counts[:3]

    redone = history.redo(casebook, deleted)
    assert redone.action == "redo:entity.delete"
    with pytest.raises(NotFoundError):
        case_file(casebook, a.subject_id)


def test_every_operation_undoes_and_redoes(casebook: Casebook) -> None:
    eid = entities.create_entity(casebook, "Company", "Sample Co").subject_id
    other = entities.create_entity(casebook, "Person", "Kim Chol").subject_id
    operations = [
        lambda: entities.add_name(casebook, eid, "샘플", lang="ko"),
        lambda: entities.set_fact(casebook, eid, "country", "Laos"),
        lambda: entities.edit_entity(casebook, eid, name="Sample Company", summary="A front."),
        lambda: entities.tag_entity(casebook, eid, "priority"),
        lambda: entities.add_note(casebook, eid, "note text", handling="protected"),
        lambda: relationships.relate(casebook, "Employment", other, eid, role="manager"),
        lambda: entities.create_entity(casebook, "Vessel", "Sea Star"),
    ]
    for run in operations:
        before = case_file(casebook, eid)
        change = run()
        after = case_file(casebook, eid)
        history.undo(casebook, change)
        assert case_file(casebook, eid) == before, change.action
        history.redo(casebook, change)
        assert case_file(casebook, eid) == after, change.action


def test_undo_refuses_when_changed_since(casebook: Casebook) -> None:
    eid = entities.create_entity(casebook, "Company", "First").subject_id
    rename = entities.edit_entity(casebook, eid, name="Second")
    entities.edit_entity(casebook, eid, name="Third")
    with pytest.raises(ConflictError):
        history.undo(casebook, rename)
    assert case_file(casebook, eid).caption == "Third"


def test_relationship_validation(casebook: Casebook) -> None:
    a = entities.create_entity(casebook, "Company", "A Co").subject_id
    b = entities.create_entity(casebook, "Company", "B Co").subject_id
    with pytest.raises(ValidationError):
        relationships.relate(casebook, "Company", a, b)
    with pytest.raises(ValidationError, match="before"):
        relationships.relate(casebook, "Ownership", a, b, start="2020", end="2019")
    with pytest.raises(ValidationError):
        relationships.relate(casebook, "Ownership", a, a)
    rel = relationships.relate(casebook, "Ownership", a, b, start="2018-04", role="shareholder")
    record = case_file(casebook, b).relationships[0]
    assert (record.subject_caption, record.object_caption, record.start) == (
        "A Co",
        "B Co",
        "2018-04",
    )
    assert not record.supported
    relationships.unrelate(casebook, rel.subject_id)
    assert case_file(casebook, b).relationships == []


def test_list_filters_and_counts(casebook: Casebook) -> None:
    entities.create_entity(casebook, "Company", "Zeta", props=[("status", "closed")])
    entities.create_entity(casebook, "Vessel", "Alpha")
    eid = entities.create_entity(casebook, "Company", "beta").subject_id
    entities.tag_entity(casebook, eid, "restaurant")
    assert [e.caption for e in list_entities(casebook)] == ["Alpha", "beta", "Zeta"]
    assert [e.caption for e in list_entities(casebook, schema="company")] == ["beta", "Zeta"]
    assert [e.caption for e in list_entities(casebook, status="closed")] == ["Zeta"]
    assert [e.caption for e in list_entities(casebook, tag="Restaurant")] == ["beta"]
    assert [e.caption for e in list_entities(casebook, offset=1, limit=1)] == ["beta"]


def test_evidence_link_rows_are_removed_with_their_fact(casebook: Casebook) -> None:
    eid = entities.create_entity(casebook, "Company", "X", props=[("country", "th")]).subject_id
    with casebook.reading() as s:
        assert s.scalar(select(func.count()).select_from(Evidence)) == 0
    record = case_file(casebook, eid)
    country = next(f for f in record.facts if f.prop == "country")
    change = entities.remove_fact(casebook, country.id)
    assert any(r.table == "fact" and r.kind == "delete" for r in change.rows)
    with pytest.raises(ValidationError):
        entities.remove_fact(casebook, record.names[0].id)


def test_ensure_fact_reuses_an_existing_value_and_sets_a_missing_one(casebook: Casebook) -> None:
    entity_id = entities.create_entity(casebook, "Company", "Albatross").subject_id
    assert entity_id is not None

    fact_id, change = entities.ensure_fact(casebook, entity_id, "country", "Vietnam")
    assert change is not None and change.subject_id == fact_id
    again_id, again = entities.ensure_fact(casebook, entity_id, "country", "vn")  # same value
    assert (again_id, again) == (fact_id, None)
    assert [(f.prop, f.value) for f in case_file(casebook, entity_id).facts] == [("country", "vn")]

    with pytest.raises(ValidationError):
        entities.ensure_fact(casebook, entity_id, "country", "Atlantis")
    assert len(case_file(casebook, entity_id).facts) == 1
