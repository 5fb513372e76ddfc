"""FollowTheMoney schemata and properties: the part of its vocabulary an investigator needs.

Names, labels and the inheritance (Thing → LegalEntity → Organization → Company...) follow FtM,
so what we export reads as FtM; the ``followthemoney`` package itself is too heavy to ship in a
laptop app. Relationships are FtM "edge" schemata: each names the property that holds its
source end (Ownership: ``owner``) and its target end (``asset``) and the schemata each end takes.

This module only declares; :mod:`nkcase.vocabulary.registry` resolves inheritance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Value types a property can have (keys of ``nkcase.vocabulary.types.CLEANERS``).
TYPES = (
    "name",
    "string",
    "text",
    "country",
    "date",
    "imo",
    "mmsi",
    "email",
    "url",
    "phone",
    "identifier",
    "number",
    "address",
    "status",
)


@dataclass(frozen=True, slots=True)
class Property:
    """One FtM property: ``name`` is FtM's (``imoNumber``), ``schema`` the schema defining it."""

    name: str
    label: str
    type: str
    multiple: bool = True
    schema: str = ""


@dataclass(frozen=True, slots=True)
class EdgeSpec:
    """The two ends of a relationship schema, with FtM's property names for them."""

    source_prop: str
    target_prop: str
    source_schemata: tuple[str, ...]
    target_schemata: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Schema:
    """An FtM schema with its inherited properties already merged in (see ``registry``)."""

    name: str
    label: str
    plural: str
    parents: tuple[str, ...] = ()
    abstract: bool = False
    own_properties: tuple[Property, ...] = ()
    edge: EdgeSpec | None = None
    #: This schema and every ancestor, nearest first (filled in by the registry).
    ancestors: tuple[str, ...] = field(default=(), compare=False)
    #: Own and inherited properties by name (filled in by the registry).
    properties: Mapping[str, Property] = field(
        default_factory=lambda: MappingProxyType({}), compare=False
    )

    @property
    def is_edge(self) -> bool:
        return self.edge is not None

    @property
    def source_prop(self) -> str | None:
        return self.edge.source_prop if self.edge else None

    @property
    def target_prop(self) -> str | None:
        return self.edge.target_prop if self.edge else None

    @property
    def source_schemata(self) -> tuple[str, ...]:
        return self.edge.source_schemata if self.edge else ()

    @property
    def target_schemata(self) -> tuple[str, ...]:
        return self.edge.target_schemata if self.edge else ()

    def get_property(self, name: str) -> Property | None:
        """The property called ``name`` (exact FtM spelling), or None."""
        return self.properties.get(name)

    def is_a(self, other: str) -> bool:
        """True when this schema is ``other`` or inherits from it (a Company is a LegalEntity)."""
        return other in self.ancestors


def P(name: str, label: str, type_: str = "string", multiple: bool = True) -> Property:  # noqa: N802
    return Property(name, label, type_, multiple)


THING = (
    P("name", "Name", "name"),
    P("alias", "Alias", "name"),
    P("weakAlias", "Weak alias", "name"),
    P("previousName", "Previous name", "name"),
    P("country", "Country", "country"),
    P("summary", "Summary", "text", multiple=False),
    P("notes", "Notes", "text"),
    P("address", "Address", "address"),
    P("sourceUrl", "Source link", "url"),
    P("website", "Website", "url"),
    P("keywords", "Keywords"),
    P("topics", "Topics"),
)
LEGAL_ENTITY = (
    P("email", "E-mail", "email"),
    P("phone", "Phone", "phone"),
    P("registrationNumber", "Registration number", "identifier"),
    P("idNumber", "ID number", "identifier"),
    P("taxNumber", "Tax number", "identifier"),
    P("incorporationDate", "Incorporation date", "date"),
    P("dissolutionDate", "Dissolution date", "date"),
    P("status", "Status", "status", multiple=False),
    P("sector", "Sector"),
    P("jurisdiction", "Jurisdiction", "country"),
    P("mainCountry", "Main country", "country"),
    P("legalForm", "Legal form"),
)
PERSON = (
    P("nationality", "Nationality", "country"),
    P("birthDate", "Date of birth", "date"),
    P("deathDate", "Date of death", "date"),
    P("birthPlace", "Place of birth"),
    P("passportNumber", "Passport number", "identifier"),
    P("gender", "Gender"),
    P("position", "Position"),
    P("firstName", "First name", "name"),
    P("lastName", "Last name", "name"),
)
VESSEL = (
    P("imoNumber", "IMO number", "imo"),
    P("mmsi", "MMSI", "mmsi"),
    P("callSign", "Call sign", "identifier"),
    P("flag", "Flag", "country"),
    P("pastFlags", "Past flags", "country"),
    P("pastNames", "Past names", "name"),
    P("type", "Vessel type"),
    P("buildDate", "Build date", "date"),
    P("tonnage", "Tonnage", "number"),
    P("grossRegisteredTonnage", "Gross registered tonnage", "number"),
    P("registrationPort", "Port of registration"),
)
ADDRESS = (
    P("full", "Full address", "address"),
    P("street", "Street"),
    P("city", "City"),
    P("postalCode", "Postal code", "identifier"),
    P("region", "Region"),
)
INTERVAL = (
    P("startDate", "Start date", "date", multiple=False),
    P("endDate", "End date", "date", multiple=False),
    P("role", "Role"),
    P("summary", "Summary", "text", multiple=False),
    P("description", "Description", "text"),
    P("sourceUrl", "Source link", "url"),
)
RELATIONSHIP_WORD = (P("relationship", "Relationship"),)
EVENT = (
    P("date", "Date", "date"),
    P("location", "Location"),
)
"""FtM's Event also has ``involved`` and ``organizer`` (entities): nkcase keeps those as the
event's entities (:class:`nkcase.model.EventEntity`), not as property values."""
ANY_PARTY = ("LegalEntity",)
ORGANISATIONS = ("Organization",)


def _edge(name: str, label: str, plural: str, ends: EdgeSpec, *extra: Property) -> Schema:
    return Schema(name, label, plural, ("Interval",), own_properties=extra, edge=ends)


#: Every schema nkcase knows, parents before children.
ALL: tuple[Schema, ...] = (
    Schema("Thing", "Thing", "Things", abstract=True, own_properties=THING),
    Schema("Interval", "Interval", "Intervals", abstract=True, own_properties=INTERVAL),
    Schema(
        "LegalEntity", "Legal entity", "Legal entities", ("Thing",), own_properties=LEGAL_ENTITY
    ),
    Schema("Person", "Person", "People", ("LegalEntity",), own_properties=PERSON),
    Schema("Organization", "Organization", "Organizations", ("LegalEntity",)),
    Schema(
        "Company",
        "Company",
        "Companies",
        ("Organization",),
        own_properties=(P("capital", "Capital"),),
    ),
    Schema("PublicBody", "Public body", "Public bodies", ("Organization",)),
    Schema("Asset", "Asset", "Assets", ("Thing",), abstract=True),
    Schema("Vessel", "Vessel", "Vessels", ("Asset",), own_properties=VESSEL),
    Schema("Address", "Address", "Addresses", ("Thing",), own_properties=ADDRESS),
    Schema("Event", "Event", "Events", ("Interval", "Thing"), own_properties=EVENT),
    _edge(
        "Ownership",
        "Ownership",
        "Ownerships",
        EdgeSpec("owner", "asset", ANY_PARTY, ("Organization", "Asset", "Address")),
        P("percentage", "Percentage", "number", multiple=False),
        P("ownershipType", "Type of ownership"),
        P("sharesCount", "Number of shares", "number"),
    ),
    _edge(
        "Directorship",
        "Directorship",
        "Directorships",
        EdgeSpec("director", "organization", ANY_PARTY, ORGANISATIONS),
        P("secretary", "Secretary"),
    ),
    _edge(
        "Employment",
        "Employment",
        "Employments",
        EdgeSpec("employee", "employer", ("Person",), ANY_PARTY),
    ),
    _edge(
        "Membership",
        "Membership",
        "Memberships",
        EdgeSpec("member", "organization", ANY_PARTY, ORGANISATIONS),
    ),
    _edge(
        "Associate",
        "Associate",
        "Associates",
        EdgeSpec("person", "associate", ("Person",), ("Person",)),
        *RELATIONSHIP_WORD,
    ),
    _edge(
        "Family",
        "Family",
        "Family relations",
        EdgeSpec("person", "relative", ("Person",), ("Person",)),
        *RELATIONSHIP_WORD,
    ),
    _edge(
        "Representation",
        "Representation",
        "Representations",
        EdgeSpec("agent", "client", ANY_PARTY, ANY_PARTY),
    ),
    _edge(
        "UnknownLink",
        "Link",
        "Links",
        EdgeSpec("subject", "object", ("Thing",), ("Thing",)),
    ),
)
