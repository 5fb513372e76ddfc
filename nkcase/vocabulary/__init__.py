"""The FollowTheMoney vocabulary nkcase speaks: schemata, properties, value types, scripts.

Use :func:`get_schema` to look a schema up (case-insensitive, with a helpful error) and
:func:`clean_value` to validate and normalise what a person typed for a property.
"""

from __future__ import annotations

from dataclasses import replace

from nkcase.errors import ValidationError
from nkcase.vocabulary.countries import clean_country, country_label
from nkcase.vocabulary.schemata import ALL, Property, Schema
from nkcase.vocabulary.scripts import detect_script
from nkcase.vocabulary.types import (
    CLEANERS,
    STATUS_VALUES,
    clean_date,
    clean_url,
    display,
    imo_check_digit,
)

NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")


def _with_inherited(schemata: tuple[Schema, ...]) -> dict[str, Schema]:
    by_name = {s.name: s for s in schemata}
    resolved: dict[str, Schema] = {}

    def props(schema: Schema) -> dict[str, Property]:
        found: dict[str, Property] = {}
        for parent in schema.parents:
            found.update(props(by_name[parent]))
        found.update({p.name: p for p in schema.own_properties})
        return found

    for schema in schemata:
        resolved[schema.name] = replace(schema, properties=props(schema))
    return resolved


SCHEMATA: dict[str, Schema] = _with_inherited(ALL)
ENTITY_SCHEMATA = (
    *(s for s in SCHEMATA.values() if not (s.is_edge or s.abstract or s.name == "LegalEntity")),
    SCHEMATA["LegalEntity"],
)
RELATIONSHIP_SCHEMATA = tuple(s for s in SCHEMATA.values() if s.is_edge)
_BY_LOWER = {name.lower(): s for name, s in SCHEMATA.items()}


def get_schema(name: str) -> Schema:
    """The schema called ``name`` (any case); unknown names are refused listing the valid ones."""
    schema = _BY_LOWER.get(name.strip().lower())
    if schema is None:
        choices = ", ".join(s.name for s in (*ENTITY_SCHEMATA, *RELATIONSHIP_SCHEMATA))
        raise ValidationError(f"unknown schema “{name}”; choose one of: {choices}")
    return schema


def get_property(schema: str, prop: str) -> Property:
    found = get_schema(schema).get_property(prop)
    if found is None:
        known = ", ".join(sorted(get_schema(schema).properties))
        raise ValidationError(
            f"{get_schema(schema).label} has no property “{prop}”; known: {known}"
        )
    return found


def clean_value(schema: str, prop: str, raw: str | None) -> str:
    """Validate and normalise ``raw`` for ``schema.prop``; raises ValidationError naming both."""
    prop_obj = get_property(schema, prop)
    if raw is None:
        raise ValidationError(f"{prop_obj.label}: no value given")
    try:
        return CLEANERS[prop_obj.type](raw)
    except ValidationError as err:
        raise ValidationError(f"{prop_obj.label}: {err.message}") from None


def property_label(schema: str, prop: str) -> str:
    found = get_schema(schema).get_property(prop)
    return found.label if found else prop


def is_multiple(schema: str, prop: str) -> bool:
    found = get_schema(schema).get_property(prop)
    return found.multiple if found else True


def display_value(schema: str, prop: str, value: str) -> str:
    found = get_schema(schema).get_property(prop)
    return display(found.type, value) if found else value


def check_edge(edge: str, subject_schema: str, object_schema: str) -> None:
    """Refuse a relationship whose ends do not fit it (a Vessel cannot direct a Company)."""
    schema = get_schema(edge)
    subject, obj = get_schema(subject_schema), get_schema(object_schema)
    if not any(subject.is_a(s) for s in schema.source_schemata):
        raise ValidationError(
            f"{schema.label}: the {schema.source_prop} must be a "
            + " or ".join(schema.source_schemata)
            + f", not a {subject.label}"
        )
    if not any(obj.is_a(s) for s in schema.target_schemata):
        raise ValidationError(
            f"{schema.label}: the {schema.target_prop} must be a "
            + " or ".join(schema.target_schemata)
            + f", not a {obj.label}"
        )


__all__ = [
    "ENTITY_SCHEMATA",
    "NAME_PROPERTIES",
    "RELATIONSHIP_SCHEMATA",
    "SCHEMATA",
    "STATUS_VALUES",
    "Property",
    "Schema",
    "check_edge",
    "clean_country",
    "clean_date",
    "clean_url",
    "clean_value",
    "country_label",
    "detect_script",
    "display_value",
    "get_property",
    "get_schema",
    "imo_check_digit",
    "is_multiple",
    "property_label",
]
