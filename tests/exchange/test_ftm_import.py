"""FtM import: the round trip keeps every entity, name, property, relationship and event;
importing the same ids again updates; hostile lines are refused one line each; undo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nkcase.errors import ValidationError
from nkcase.exchange.ftm.export import export_ftm
from nkcase.exchange.ftm.importer import import_ftm
from nkcase.model import Entity, Event, FtmOrigin, Relationship
from nkcase.services import history
from nkcase.store import Casebook, create_casebook, open_casebook


def content(casebook: Casebook) -> dict[str, Any]:
    """Everything the round trip must keep, by names rather than ids."""
    with casebook.reading() as session:
        entities = session.scalars(select(Entity)).all()
        caption = {e.id: e.caption for e in entities}
        out: dict[str, Any] = {
            "entities": {
                e.caption: (e.schema, e.summary, sorted((f.prop, f.value) for f in e.facts),
                            sorted(t.tag for t in e.tags), sorted(n.text for n in e.notes))
                for e in entities
            },
            "relationships": sorted(
                (r.schema, caption[r.subject_id], caption[r.object_id], r.role, r.start_date,
                 r.end_date, r.summary)
                for r in session.scalars(select(Relationship))
            ),
            "events": sorted(
                (e.summary, e.start_date, e.end_date, e.place, e.description,
                 sorted((caption[p.entity_id], p.role) for p in e.entities))
                for e in session.scalars(select(Event))
            ),
        }
    return out


def test_round_trip_keeps_everything(demo: Casebook, tmp_path: Path) -> None:
    out = tmp_path / "demo.ftm.json"
    export_ftm(demo, out, level="protected")
    with create_casebook(tmp_path / "copy.nkcase", "copy") as copy:
        result = import_ftm(copy, out)
        assert not result.problems
        assert content(copy) == content(demo)
        # the same file again: updated, not duplicated
        again = import_ftm(copy, out)
        assert sum(again.updated.values()) == sum(result.created.values()) - again.created[
            "UnknownLink"]
        assert content(copy) == content(demo)
        with copy.reading() as session:
            origins = session.scalars(select(FtmOrigin)).all()
        assert {o.file_sha256 for o in origins} == {result.sha256}
        assert all(o.ftm_id.startswith("nkcase-") for o in origins)


def test_an_opensanctions_line_with_provenance_and_what_is_not_kept(
    casebook: Casebook, tmp_path: Path
) -> None:
    path = tmp_path / "entities.ftm.json"
    lines = [
        {"id": "NK-abc123", "schema": "Vessel", "datasets": ["un_sc_sanctions"],
         "properties": {"name": ["CHON MA SAN"], "imoNumber": ["IMO8660313"], "flag": ["kp"],
                        "topics": ["sanction"], "sourceUrl": ["https://example.org/x"],
                        "deadweightTonnage": ["1000"]}},
        {"id": "ofac-1", "schema": "Sanction", "properties": {"entity": ["NK-abc123"]}},
        {"id": "ofac-2", "schema": "Company", "properties": {"name": ["Korea Ocean Co"],
                                                          "country": ["kp"]}},
        {"id": "own-1", "schema": "Ownership", "properties": {
            "owner": ["ofac-2"], "asset": ["NK-abc123"], "percentage": ["100"],
            "startDate": ["2017"]}},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = import_ftm(casebook, path)
    report = result.report()
    assert "1 Sanction line(s) not imported: nkcase does not take this FtM schema" in report
    assert "1 value(s) of Vessel.deadweightTonnage not kept" in report
    assert "1 value(s) of Ownership.percentage not kept" in report
    with casebook.reading() as session:
        vessel = session.scalars(select(Entity).where(Entity.schema == "Vessel")).one()
        assert ("imoNumber", "IMO8660313") in {(f.prop, f.value) for f in vessel.facts}
        origin = session.scalars(select(FtmOrigin).where(FtmOrigin.ftm_id == "NK-abc123")).one()
        assert (origin.dataset, origin.entity_id) == ("un_sc_sanctions", vessel.id)
        rel = session.scalars(select(Relationship)).one()
        assert (rel.schema, rel.start_date) == ("Ownership", "2017")
    # one operation: undone at once
    assert result.change is not None
    history.undo(casebook, result.change)
    with casebook.reading() as session:
        assert session.scalars(select(Entity)).all() == []
        assert session.scalars(select(FtmOrigin)).all() == []


HOSTILE = [
    "not json at all",
    "[1, 2, 3]",
    '"a string"',
    '{"id": "x_y", "schema": "Person", "properties": {"name": ["A"]}}',
    '{"id": "p1", "schema": "Spaceship", "properties": {"name": ["A"]}}',
    '{"id": "p2", "schema": "Person", "properties": {"name": "A"}}',
    '{"id": "p3", "schema": "Person", "properties": {"name": [1]}}',
    '{"id": "p4", "schema": "Person", "properties": {"name": ["' + "x" * 5000 + '"]}}',
    '{"id": "p5", "schema": "Person", "properties": {"birthDate": ["yesterday"], '
    '"name": ["B"]}}',
    '{"id": "p6", "schema": "Person", "properties": {"name": ["\\u202eevil"]}}',
    '{"id": "r1", "schema": "Directorship", "properties": {"director": ["nobody"], '
    '"organization": ["nothing"]}}',
]


def test_hostile_lines_are_refused_one_line_each(casebook: Casebook, tmp_path: Path) -> None:
    path = tmp_path / "hostile.ftm.json"
    good = '{"id": "ok-1", "schema": "Person", "properties": {"name": ["Kim Su-ok"]}}'
    path.write_text("\n".join([*HOSTILE, good]) + "\n", encoding="utf-8")
    result = import_ftm(casebook, path)
    assert result.created == {"Person": 1}
    numbers = sorted(p.line for p in result.problems)
    assert numbers == list(range(1, len(HOSTILE) + 1))
    assert all("\n" not in str(p) and len(str(p)) < 300 for p in result.problems)


def test_a_file_with_nothing_to_take_writes_nothing(casebook: Casebook, tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text("\n".join(HOSTILE[:4]) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"nothing imported from bad\.ftm\.json"):
        import_ftm(casebook, path)
    with casebook.reading() as session:
        assert session.scalars(select(FtmOrigin)).all() == []


def test_an_overlong_line_is_refused_unread(casebook: Casebook, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from nkcase.exchange.ftm import reader

    monkeypatch.setattr(reader, "MAX_LINE_BYTES", 100)
    path = tmp_path / "long.ftm.json"
    long_line = '{"id": "p1", "schema": "Person", "properties": {"name": ["' + "y" * 200 + '"]}}'
    path.write_text(long_line + '\n{"id": "p2", "schema": "Person", "properties": '
                    '{"name": ["Ok"]}}\n', encoding="utf-8")
    result = import_ftm(casebook, path)
    assert [str(p) for p in result.problems] == ["line 1: longer than 100 bytes: not read"]
    assert result.created == {"Person": 1}


def test_two_casebooks_that_imported_the_same_line_merge_and_copy(tmp_path: Path) -> None:
    """Both keep their provenance through a merge (the entities are proposed as duplicates,
    never combined silently); a copy at a level keeps the provenance of what it keeps."""
    from nkcase.exchange.copy import copy_at_level
    from nkcase.exchange.merge import merge_casebooks, plan_merge

    path = tmp_path / "os.ftm.json"
    path.write_text('{"id": "NK-1", "schema": "Person", "datasets": ["un_sc_sanctions"], '
                    '"properties": {"name": ["Ri Chol"]}}\n', encoding="utf-8")
    with create_casebook(tmp_path / "a.nkcase", "a") as a, \
            create_casebook(tmp_path / "b.nkcase", "b") as b:
        import_ftm(a, path)
        import_ftm(b, path)
        with a.reading() as mine, b.reading() as theirs:
            plan = plan_merge(mine, theirs, None)
        decisions = {q.id: "separate" if "separate" in q.choices else q.choices[0]
                     for q in plan.questions}
        assert merge_casebooks(a, b, decisions) is not None
        with a.reading() as session:
            origins = session.scalars(select(FtmOrigin)).all()
        assert [o.ftm_id for o in origins] == ["NK-1", "NK-1"]
        again = import_ftm(a, path)
        assert again.updated == {"Person": 1} and not again.created
        copy_at_level(a, tmp_path / "copy.nkcase", "public")
    with open_casebook(tmp_path / "copy.nkcase", readonly=True) as copy, \
            copy.reading() as session:
        assert {o.dataset for o in session.scalars(select(FtmOrigin))} == {"un_sc_sanctions"}
