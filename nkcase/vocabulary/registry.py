"""The resolved schemata: inheritance merged, lookups that fail with a useful message.

Lookups are case-insensitive ("vessel" finds Vessel) because people type schema names on the
command line; the stored and exported spelling is always FtM's own.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from nkcase.errors import ValidationError
from nkcase.vocabulary.schemata import ALL, Property, Schema


def _resolve(declared: tuple[Schema, ...]) -> dict[str, Schema]:
    by_name = {s.name: s for s in declared}

    def ancestors(schema: Schema) -> tuple[str, ...]:
        found = [schema.name]
        for parent in schema.parents:
            found += [a for a in ancestors(by_name[parent]) if a not in found]
        return tuple(found)

    resolved: dict[str, Schema] = {}
    for schema in declared:
        props: dict[str, Property] = {}
        for name in reversed(ancestors(schema)):  # farthest first, so children override
            owner = by_name[name]
            props.update({p.name: replace(p, schema=owner.name) for p in owner.own_properties})
        resolved[schema.name] = replace(
            schema, ancestors=ancestors(schema), properties=MappingProxyType(props)
        )
    return resolved


#: Every schema by its FtM name, abstract ones (Thing, Interval, Asset) included.
SCHEMATA: dict[str, Schema] = _resolve(ALL)

_ENTITY_ORDER = ("Person", "Organization", "Company", "PublicBody", "Vessel", "Address")
#: The schemata an entity (a case file) can have, in the order pickers show them.
ENTITY_SCHEMATA: tuple[Schema, ...] = (
    *(SCHEMATA[n] for n in _ENTITY_ORDER),
    SCHEMATA["LegalEntity"],
)
#: The relationship (FtM edge) schemata.
RELATIONSHIP_SCHEMATA: tuple[Schema, ...] = tuple(s for s in SCHEMATA.values() if s.is_edge)
_BY_LOWER = {name.lower(): s for name, s in SCHEMATA.items()}
_CHOICES = ", ".join(s.name for s in (*ENTITY_SCHEMATA, *RELATIONSHIP_SCHEMATA))


def get_schema(name: str | Schema) -> Schema:
    """The schema called ``name`` (any case); an unknown name is refused listing the valid ones.

    Abstract schemata (Thing, Interval, Asset) are found too, since ``check_edge`` and
    ``is_a`` talk about them, but entities are only ever created with ``ENTITY_SCHEMATA``.
    """
    if isinstance(name, Schema):
        return name
    schema = _BY_LOWER.get(name.strip().lower())
    if schema is None:
        raise ValidationError(f"unknown schema '{name.strip()}'; choose one of: {_CHOICES}")
    return schema


def get_property(schema: str | Schema, prop: str) -> Property:
    """``schema``'s property ``prop`` (exact FtM spelling); unknown ones are refused."""
    schema_obj = get_schema(schema)
    found = schema_obj.get_property(prop)
    if found is None:
        known = ", ".join(sorted(schema_obj.properties))
        raise ValidationError(f"{schema_obj.label} has no property '{prop}'; known: {known}")
    return found


def check_edge(
    edge: str | Schema, source_schema: str | Schema, target_schema: str | Schema
) -> None:
    """Refuse a relationship whose ends do not fit it (a Vessel cannot direct a Company)."""
    schema = get_schema(edge)
    if schema.edge is None:
        raise ValidationError(f"{schema.label} is not a relationship schema")
    ends = (
        (schema.edge.source_prop, schema.edge.source_schemata, get_schema(source_schema)),
        (schema.edge.target_prop, schema.edge.target_schemata, get_schema(target_schema)),
    )
    for prop, accepted, given in ends:
        if not any(given.is_a(a) for a in accepted):
            wanted = " or ".join(SCHEMATA[a].label for a in accepted)
            raise ValidationError(
                f"{schema.label}: the {prop} must be a {wanted}, not a {given.label}"
            )
