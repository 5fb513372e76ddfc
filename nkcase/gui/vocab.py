"""The schema and property names the GUI offers in its pickers.

The vocabulary module knows which properties each schema has; when it offers no list we fall
back to the common FollowTheMoney ones, and the property box stays editable so any property
the vocabulary accepts can be typed.
"""

from __future__ import annotations

COMMON_PROPERTIES = (
    "alias", "weakAlias", "previousName", "country", "status", "address", "registrationNumber",
    "imoNumber", "passportNumber", "incorporationDate", "dissolutionDate", "birthDate",
    "nationality", "website", "email", "phone", "flag", "callSign", "mmsi", "topics",
)
RELATIONSHIP_SCHEMATA = (
    "Ownership", "Directorship", "Employment", "Membership", "Associate", "Family",
    "Representation", "UnknownLink",
)


def properties_for(schema: str) -> list[str]:
    from nkcase import vocabulary  # when first needed, not at startup

    try:
        schema_obj = vocabulary.get_schema(schema)
        props = getattr(schema_obj, "properties", None)
        if props:
            names = [getattr(p, "name", p) for p in (props.values() if isinstance(props, dict)
                                                    else props)]
            return [str(n) for n in names if str(n) not in ("name",)]
    except Exception:
        pass
    return list(COMMON_PROPERTIES)


def relationship_schemata() -> list[str]:
    from nkcase import vocabulary

    found = getattr(vocabulary, "RELATIONSHIP_SCHEMATA", None)
    if found:
        return [getattr(s, "name", str(s)) for s in found]
    return list(RELATIONSHIP_SCHEMATA)
