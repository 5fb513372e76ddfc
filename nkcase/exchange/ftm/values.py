"""Our stored property values as FtM property values, and back.

Our vocabulary already uses FtM's schema and property names and stores values in FtM's forms
(lowercase country codes, ISO date prefixes, IMO numbers as ``IMO1234567``), so most values go
across unchanged. The exceptions are listed here, once: properties FtM spells differently or
keeps on another schema (``pastNames`` → ``previousName``; Associate's and Family's ``role`` →
``relationship``; read back as FtM's, so a past name comes back as ``previousName``), and
values FtM's types would refuse (a phone number without its country
code, a topic outside FtM's list): those travel as a labelled line of ``notes`` ("Phone:
021 555"), so nothing is lost and nothing invalid is written.
"""

from __future__ import annotations

from nkcase import vocabulary
from nkcase.exchange.ftm.model import FtmSchema
from nkcase.exchange.ftm.validate import Validator

#: Our property → FtM's, where FtM spells it differently on that schema.
RENAMED = {"pastNames": "previousName"}


def ftm_property(schema: FtmSchema, prop: str) -> str:
    """The FtM property our ``prop`` goes to on ``schema``."""
    prop = RENAMED.get(prop, prop)
    if prop == "role" and "relationship" in schema.properties and "role" not in schema.properties:
        return "relationship"
    return prop


def export_value(
    validator: Validator, schema: FtmSchema, our_schema: str, prop: str, value: str
) -> tuple[str, str]:
    """(FtM property, value) for one of our values; ``notes`` with a label when FtM's type
    for it would refuse the value or the schema has no such property."""
    target = ftm_property(schema, prop)
    if validator.value_ok(schema, target, value) is None:
        return target, value
    label = vocabulary.property_label(our_schema, prop) if our_schema else prop
    return "notes", f"{label}: {value}"
