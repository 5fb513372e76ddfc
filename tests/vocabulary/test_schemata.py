"""Schemata: FtM names, inheritance, edges and their ends, helpful lookups."""

from __future__ import annotations

import pytest

from nkcase import vocabulary
from nkcase.errors import ValidationError
from nkcase.vocabulary import ENTITY_SCHEMATA, RELATIONSHIP_SCHEMATA, get_schema

EDGES = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Employment": ("employee", "employer"),
    "Membership": ("member", "organization"),
    "Associate": ("person", "associate"),
    "Family": ("person", "relative"),
    "Representation": ("agent", "client"),
    "UnknownLink": ("subject", "object"),
}


def test_entity_and_relationship_schemata() -> None:
    assert [s.name for s in ENTITY_SCHEMATA] == [
        "Person",
        "Organization",
        "Company",
        "PublicBody",
        "Vessel",
        "Address",
        "LegalEntity",
    ]
    assert {s.name: (s.source_prop, s.target_prop) for s in RELATIONSHIP_SCHEMATA} == EDGES
    assert all(s.is_edge and s.edge for s in RELATIONSHIP_SCHEMATA)
    assert not any(s.is_edge or s.abstract for s in ENTITY_SCHEMATA)


@pytest.mark.parametrize("typed", ["vessel", "VESSEL", " Vessel "])
def test_lookup_ignores_case(typed: str) -> None:
    schema = get_schema(typed)
    assert (schema.name, schema.label, schema.plural) == ("Vessel", "Vessel", "Vessels")


def test_unknown_schema_lists_the_choices() -> None:
    with pytest.raises(ValidationError) as caught:
        get_schema("Shipp")
    message = str(caught.value)
    assert message.startswith("unknown schema 'Shipp'; choose one of: ")
    assert "Vessel" in message and "Ownership" in message and "\n" not in message


def test_inheritance_merges_properties_and_remembers_where_they_come_from() -> None:
    company = get_schema("Company")
    assert company.parents == ("Organization",)
    assert company.is_a("LegalEntity") and company.is_a("Thing") and not company.is_a("Person")
    assert company.get_property("imoNumber") is None
    name = company.get_property("name")
    registration = company.get_property("registrationNumber")
    assert name is not None and (name.schema, name.type) == ("Thing", "name")
    assert registration is not None and registration.schema == "LegalEntity"
    vessel = get_schema("Vessel")
    imo = vessel.get_property("imoNumber")
    assert imo is not None and (imo.type, imo.label, imo.schema) == ("imo", "IMO number", "Vessel")
    assert vessel.is_a("Asset") and not vessel.is_a("LegalEntity")
    assert get_schema("Address").get_property("full") is not None


@pytest.mark.parametrize(
    ("schema", "prop", "type_"),
    [
        ("Person", "nationality", "country"),
        ("Company", "jurisdiction", "country"),
        ("Company", "mainCountry", "country"),
        ("Vessel", "flag", "country"),
        ("Vessel", "pastFlags", "country"),
        ("Vessel", "mmsi", "mmsi"),
        ("Vessel", "callSign", "identifier"),
        ("Vessel", "tonnage", "number"),
        ("Vessel", "grossRegisteredTonnage", "number"),
        ("Vessel", "buildDate", "date"),
        ("Person", "passportNumber", "identifier"),
        ("Person", "birthDate", "date"),
        ("Company", "status", "status"),
        ("Company", "email", "email"),
        ("Company", "website", "url"),
        ("Company", "phone", "phone"),
        ("Company", "previousName", "name"),
        ("Ownership", "percentage", "number"),
        ("Family", "relationship", "string"),
        ("Associate", "relationship", "string"),
        ("Directorship", "startDate", "date"),
        ("Employment", "role", "string"),
    ],
)
def test_property_types(schema: str, prop: str, type_: str) -> None:
    found = get_schema(schema).get_property(prop)
    assert found is not None and found.type == type_
    assert found.type in vocabulary.TYPES


def test_single_valued_properties() -> None:
    assert not vocabulary.is_multiple("Company", "status")
    assert not vocabulary.is_multiple("Ownership", "percentage")
    assert vocabulary.is_multiple("Company", "alias")


def test_edge_ends_are_checked() -> None:
    vocabulary.check_edge("Ownership", "Person", "Vessel")
    vocabulary.check_edge("Ownership", "Company", "Company")
    vocabulary.check_edge("Employment", "Person", "PublicBody")
    vocabulary.check_edge("UnknownLink", "Vessel", "Address")
    with pytest.raises(ValidationError, match="the director must be a Legal entity"):
        vocabulary.check_edge("Directorship", "Vessel", "Company")
    with pytest.raises(ValidationError, match="the relative must be a Person"):
        vocabulary.check_edge("Family", "Person", "Company")
    with pytest.raises(ValidationError, match="not a relationship"):
        vocabulary.check_edge("Company", "Person", "Person")


def test_unknown_property_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="Company has no property 'imoNumber'; known: "):
        vocabulary.clean_value("Company", "imoNumber", "8905490")
