"""FollowTheMoney schemata and properties: the part of its vocabulary an investigator needs.

Names and the inheritance (Thing → LegalEntity → Organization → Company...) follow FtM, so our
exports read as FtM; the ``followthemoney`` package itself is too heavy to ship in a laptop app.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Property:
    name: str
    label: str
    type: str  # a key of nkcase.vocabulary.types.CLEANERS
    multiple: bool = True


@dataclass(frozen=True)
class Schema:
    name: str
    label: str
    plural: str
    parents: tuple[str, ...] = ()
    is_edge: bool = False
    abstract: bool = False
    own_properties: tuple[Property, ...] = ()
    source_prop: str | None = None  # edges: the property naming the subject end
    target_prop: str | None = None  # edges: the property naming the object end
    source_schemata: tuple[str, ...] = ()  # edges: which entity schemata each end accepts
    target_schemata: tuple[str, ...] = ()
    properties: dict[str, Property] = field(default_factory=dict, compare=False)

    def get_property(self, name: str) -> Property | None:
        return self.properties.get(name)

    def is_a(self, other: str) -> bool:
        """True when this schema is ``other`` or inherits from it."""
        from nkcase.vocabulary import SCHEMATA

        if self.name == other:
            return True
        return any(SCHEMATA[p].is_a(other) for p in self.parents)


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
    P("sourceUrl", "Source link", "url"),
)
ANY_PARTY = ("LegalEntity",)
ORGANISATIONS = ("Organization",)

ALL: tuple[Schema, ...] = (
    Schema("Thing", "Thing", "Things", abstract=True, own_properties=THING),
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
    Schema("Vessel", "Vessel", "Vessels", ("Thing",), own_properties=VESSEL),
    Schema("Address", "Address", "Addresses", ("Thing",), own_properties=ADDRESS),
    Schema(
        "Ownership",
        "Ownership",
        "Ownerships",
        is_edge=True,
        own_properties=(
            *INTERVAL,
            P("percentage", "Percentage", "number", multiple=False),
            P("ownershipType", "Type of ownership"),
        ),
        source_prop="owner",
        target_prop="asset",
        source_schemata=ANY_PARTY,
        target_schemata=("Organization", "Vessel", "Address"),
    ),
    Schema(
        "Directorship",
        "Directorship",
        "Directorships",
        is_edge=True,
        own_properties=INTERVAL,
        source_prop="director",
        target_prop="organization",
        source_schemata=ANY_PARTY,
        target_schemata=ORGANISATIONS,
    ),
    Schema(
        "Employment",
        "Employment",
        "Employments",
        is_edge=True,
        own_properties=INTERVAL,
        source_prop="employee",
        target_prop="employer",
        source_schemata=("Person",),
        target_schemata=ANY_PARTY,
    ),
    Schema(
        "Membership",
        "Membership",
        "Memberships",
        is_edge=True,
        own_properties=INTERVAL,
        source_prop="member",
        target_prop="organization",
        source_schemata=ANY_PARTY,
        target_schemata=ORGANISATIONS,
    ),
    Schema(
        "Associate",
        "Associate",
        "Associates",
        is_edge=True,
        own_properties=(*INTERVAL, P("relationship", "Relationship")),
        source_prop="person",
        target_prop="associate",
        source_schemata=("Person",),
        target_schemata=("Person",),
    ),
    Schema(
        "Family",
        "Family",
        "Family relations",
        is_edge=True,
        own_properties=(*INTERVAL, P("relationship", "Relationship")),
        source_prop="person",
        target_prop="relative",
        source_schemata=("Person",),
        target_schemata=("Person",),
    ),
    Schema(
        "Representation",
        "Representation",
        "Representations",
        is_edge=True,
        own_properties=INTERVAL,
        source_prop="agent",
        target_prop="client",
        source_schemata=ANY_PARTY,
        target_schemata=ANY_PARTY,
    ),
    Schema(
        "UnknownLink",
        "Link",
        "Links",
        is_edge=True,
        own_properties=INTERVAL,
        source_prop="subject",
        target_prop="object",
        source_schemata=("Thing",),
        target_schemata=("Thing",),
    ),
)
