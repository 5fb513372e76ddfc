"""The FollowTheMoney vocabulary nkcase speaks: schemata, properties, value types, scripts.

Use :func:`get_schema` to look a schema up (case-insensitive, with a helpful error) and
:func:`clean_value` to validate and normalise what a person typed for a property; every
error is a :class:`~nkcase.errors.ValidationError` with a one-line message naming the
property and the value.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nkcase.errors import ValidationError
from nkcase.vocabulary.names import NAME_PROPERTIES, NameProperty

if TYPE_CHECKING:
    from nkcase.vocabulary.countries import clean_country, country_codes, country_label
    from nkcase.vocabulary.dates import PartialDate, clean_date
    from nkcase.vocabulary.identifiers import clean_url, imo_check_digit
    from nkcase.vocabulary.registry import (
        ENTITY_SCHEMATA,
        RELATIONSHIP_SCHEMATA,
        SCHEMATA,
        check_edge,
        get_property,
        get_schema,
    )
    from nkcase.vocabulary.schemata import TYPES, EdgeSpec, Property, Schema
    from nkcase.vocabulary.scripts import detect_script, has_cjk
    from nkcase.vocabulary.types import STATUS_VALUES, clean_name

#: Names imported from their module at first use: reading a casebook needs the schemata, not
#: the country, date, script and value-cleaning tables (a tenth of `nkcase entity list`);
#: and the entity list of a casebook file needs no schema at all unless it filters by one
#: (its levels and names come from vocabulary.levels and vocabulary.names, issue 12).
_LAZY = {
    "ENTITY_SCHEMATA": "registry",
    "RELATIONSHIP_SCHEMATA": "registry",
    "SCHEMATA": "registry",
    "check_edge": "registry",
    "get_property": "registry",
    "get_schema": "registry",
    "TYPES": "schemata",
    "EdgeSpec": "schemata",
    "Property": "schemata",
    "Schema": "schemata",
    "clean_country": "countries",
    "country_codes": "countries",
    "country_label": "countries",
    "PartialDate": "dates",
    "clean_date": "dates",
    "clean_url": "identifiers",
    "imo_check_digit": "identifiers",
    "detect_script": "scripts",
    "has_cjk": "scripts",
    "STATUS_VALUES": "types",
    "clean_name": "types",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def clean_value(schema: str | Schema, prop: str, raw: str | None) -> str:
    """Validate and normalise ``raw`` for ``schema.prop``; the stored form is returned.

    Raises ValidationError ("IMO number: '8905491' has a wrong check digit...") for a bad
    value, an unknown schema or a property the schema does not have.
    """
    from nkcase.vocabulary.registry import get_property
    from nkcase.vocabulary.types import CLEANERS

    prop_obj = get_property(schema, prop)
    if raw is None:
        raise ValidationError(f"{prop_obj.label}: no value given")
    try:
        return CLEANERS[prop_obj.type](raw)
    except ValidationError as err:
        raise ValidationError(f"{prop_obj.label}: {err.message}") from None


def property_label(schema: str | Schema, prop: str) -> str:
    """The label of ``prop`` ("imoNumber" → "IMO number"); the name itself when unknown."""
    from nkcase.vocabulary.registry import get_schema

    found = get_schema(schema).get_property(prop)
    return found.label if found else prop


def is_multiple(schema: str | Schema, prop: str) -> bool:
    """Whether ``prop`` takes several values (unknown properties are assumed to)."""
    from nkcase.vocabulary.registry import get_schema

    found = get_schema(schema).get_property(prop)
    return found.multiple if found else True


def display_value(schema: str | Schema, prop: str, value: str) -> str:
    """A stored value as a person reads it (a country code with its name)."""
    from nkcase.vocabulary.registry import get_schema
    from nkcase.vocabulary.types import display

    found = get_schema(schema).get_property(prop)
    return display(found.type, value) if found else value


__all__ = [
    "ENTITY_SCHEMATA",
    "NAME_PROPERTIES",
    "RELATIONSHIP_SCHEMATA",
    "SCHEMATA",
    "STATUS_VALUES",
    "TYPES",
    "EdgeSpec",
    "NameProperty",
    "PartialDate",
    "Property",
    "Schema",
    "check_edge",
    "clean_country",
    "clean_date",
    "clean_name",
    "clean_url",
    "clean_value",
    "country_codes",
    "country_label",
    "detect_script",
    "display_value",
    "get_property",
    "get_schema",
    "has_cjk",
    "imo_check_digit",
    "is_multiple",
    "property_label",
]
