"""The FtM validator (written from FtM's published model) on every schema we export, and on
deliberately broken lines: each break is found, with a message naming it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from nkcase import vocabulary
from nkcase.exchange.ftm.export import export_ftm
from nkcase.exchange.ftm.model import FTM_VERSION, ftm_model
from nkcase.exchange.ftm.validate import Validator
from nkcase.store import Casebook
from tests.exchange.conftest import read_lines

EXPORTED = {"Person", "Organization", "Company", "Vessel", "Address", "Ownership",
            "Directorship", "Employment", "UnknownLink", "Event", "Document", "Note"}


@pytest.fixture
def lines(demo: Casebook, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "demo.ftm.json"
    export_ftm(demo, out, level="protected")
    return read_lines(out)


def test_the_model_is_the_version_it_says() -> None:
    model = ftm_model()
    assert model.version == FTM_VERSION
    assert model.schemata["Ownership"].edge == ("owner", "asset")
    assert model.schemata["Ownership"].properties["asset"].range == "Asset"
    assert model.schemata["Vessel"].properties["imoNumber"].max_length == 16
    assert "Sanction" in model.all_schemata and "Sanction" not in model.schemata


def test_every_schema_of_our_vocabulary_is_in_the_model() -> None:
    model = ftm_model()
    for schema in (*vocabulary.ENTITY_SCHEMATA, *vocabulary.RELATIONSHIP_SCHEMATA):
        found = model.get(schema.name)
        assert found is not None and not found.abstract, schema.name
        if schema.edge is not None:
            assert found.edge == (schema.edge.source_prop, schema.edge.target_prop)


def test_every_exported_schema_is_valid(lines: list[dict[str, Any]]) -> None:
    assert {line["schema"] for line in lines} >= EXPORTED
    assert Validator().lines(lines) == []


def test_the_validator_catches_each_broken_line(lines: list[dict[str, Any]]) -> None:
    validator = Validator()
    vessel = next(line for line in lines if line["schema"] == "Vessel")
    ownership = next(line for line in lines if line["schema"] == "Ownership")

    def broken(line: dict[str, Any], change: Any) -> list[str]:
        data = copy.deepcopy(line)
        change(data)
        return [p.message for p in validator.entity(data)]

    def set_prop(prop: str, values: Any) -> Any:
        return lambda d: d["properties"].__setitem__(prop, values)

    cases: list[tuple[dict[str, Any], Any, str]] = [
        (vessel, lambda d: d.__setitem__("id", "nk_case"), "id rule"),
        (vessel, lambda d: d.__setitem__("id", "a" * 201), "id rule"),
        (vessel, lambda d: d.__setitem__("id", "-abc"), "id rule"),
        (vessel, lambda d: d.pop("id"), "no id"),
        (vessel, lambda d: d.__setitem__("schema", "Boat"), "not in FtM"),
        (vessel, lambda d: d.__setitem__("schema", "Thing"), "abstract"),
        (vessel, lambda d: d.__setitem__("schema", "Sanction"), "not in nkcase's model subset"),
        (vessel, set_prop("flag", ["KP"]), "not a valid country"),
        (vessel, set_prop("flag", "kp"), "list of strings"),
        (vessel, set_prop("flag", [7]), "list of strings"),
        (vessel, set_prop("buildDate", ["12/03/1990"]), "not a valid date"),
        (vessel, set_prop("buildDate", ["1990-13"]), "not a valid date"),
        (vessel, set_prop("imoNumber", ["IMO" + "1" * 20]), "at most 16"),
        (vessel, set_prop("tonnage", ["heavy"]), "not a valid number"),
        (vessel, set_prop("incorporationDate", ["2001"]), "no property"),
        (vessel, set_prop("name", ["x" * 385]), "at most 384"),
        (vessel, set_prop("name", [""]), "empty"),
        (vessel, lambda d: d["properties"].pop("name"), "requires name"),
        (vessel, lambda d: d.__setitem__("properties", []), "not an object"),
        (ownership, lambda d: d["properties"].pop("owner"), "requires owner"),
        (ownership, set_prop("owner", ["bad_id"]), "not a valid entity"),
        (ownership, set_prop("startDate", ["soon"]), "not a valid date"),
    ]
    for line, change, expected in cases:
        found = broken(line, change)
        assert any(expected in message for message in found), (expected, found)
    assert [p.message for p in validator.entity([1])] == ["not a JSON object but list"]


def test_references_must_exist_and_fit_the_range(lines: list[dict[str, Any]]) -> None:
    validator = Validator()
    ownership = next(line for line in lines if line["schema"] == "Ownership")
    person = next(line for line in lines if line["schema"] == "Person")
    dangling = copy.deepcopy(ownership)
    dangling["properties"]["asset"] = ["nkcase-entity-missing"]
    assert any("not in the file" in p.message for p in validator.lines([dangling]))
    wrong = copy.deepcopy(ownership)
    wrong["id"] = "wrong-range"
    wrong["properties"]["asset"] = [person["id"]]
    problems = [p.message for p in validator.lines([*lines, wrong])]
    assert any("is a Person, not a Asset" in m for m in problems), problems
    twice = validator.lines([*lines, lines[0]])
    assert any("used twice" in p.message for p in twice)
