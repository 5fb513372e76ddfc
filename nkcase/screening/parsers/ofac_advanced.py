"""OFAC's advanced XML (``sdn_advanced.xml``, ``cons_advanced.xml``; root ``Sanctions``).

A relational model in one file, in this order: ``ReferenceValueSets`` (the lookup tables: alias
types, countries, feature types, document types, name part types, party types, lists…),
``Locations``, ``IDRegDocuments`` (linked to an identity), ``DistinctParties`` (one per record:
profile, identities, aliases, features such as birth dates or vessel flags),
``ProfileRelationships``, and last ``SanctionsEntries`` (which list and programmes a profile is
on, and since when).

Since the entries come after the parties, the file is read twice, both times streaming: first
for the entries alone (a few fields per record), then for everything else, yielding each party
as a record as soon as it is read. Memory holds the lookup tables, locations, documents and
entries, never the parties.

The first pass (:mod:`ofac_entries`) reads only the head and the tail of the file; the second
checks that the entries it meets are those the first one read.

A large file is read in pieces instead (:mod:`nkcase.screening.pipeline.ofac_plan`): the
tables of the head once (:mod:`ofac_tables`), the entries of the tail once, then the parties
in pieces (:data:`PARTIES`, :func:`piece_records`), with the same records.
"""

from __future__ import annotations

from collections.abc import Iterator
from hashlib import sha256
from pathlib import Path
from typing import Any

from nkcase.screening.parsers import ofac
from nkcase.screening.parsers.common import (
    ListFormatError,
    ListHeader,
    clean_text,
    country_code,
    identifier,
    imo_numbers,
    make_record,
    script_of,
    single_date,
)
from nkcase.screening.parsers.memo import Memo
from nkcase.screening.parsers.ofac_dates import date_period
from nkcase.screening.parsers.ofac_entries import Entry, entry_xml, read_entries
from nkcase.screening.parsers.ofac_tables import TABLES, WANTED, NotInPiecesError, Tables
from nkcase.screening.parsers.xmlsafe import (
    LOCAL_NAMES,
    Piece,
    Progress,
    XmlLayout,
    by_name,
    halves,
    iter_elements,
    local,
    release,
    text_of,
)
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName, new_name

FORMAT = "ofac-advanced"
WHAT = "OFAC advanced XML list"
ALIAS_QUALITY = {"a.k.a.": "alias", "n.k.a.": "alias", "f.k.a.": "previousName"}
PARTIES = XmlLayout(records=(b"DistinctParty",), containers=(b"DistinctParties",))
"""Where the parties sit, for a reading in pieces (:func:`piece_records`): the tables before
them and the entries after are read once, each as a whole."""
SCHEMATA = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}


def header(path: Path) -> ListHeader:
    generated = None
    for _event, element in iter_elements(
        path, what=WHAT, events=("end",), tags=("{*}DateOfIssue", "{*}ReferenceValueSets")
    ):
        if local(element.tag) == "DateOfIssue":
            fields = by_name(element)
            generated = single_date(
                text_of(fields, "Year"), text_of(fields, "Month"), text_of(fields, "Day")
            )
        break
    return ListHeader(
        FORMAT,
        publisher=ofac.PUBLISHER,
        generated=generated,
        **ofac.list_identity(ofac.consolidated(path)),
    )


def records(path: Path, progress: Progress | None = None) -> Iterator[ListRecord]:
    entries, tail_digest = read_entries(path, WHAT, halves(progress, True))
    seen_entries = sha256() if tail_digest is not None else None
    tables = Tables()
    seen_party = False
    # without the blank text between elements (a third of a party's nodes, built and freed):
    # every text read is stripped, and the entries are compared without blanks (entry_xml)
    for _event, element in iter_elements(
        path,
        what=WHAT,
        progress=halves(progress, False),
        events=("end",),
        tags=WANTED,
        drop_blank_text=True,
    ):
        name = local(element.tag)
        if name in TABLES:
            tables.read(name, element)
        elif name == "DistinctParty":
            seen_party = True
            record = _party(element, tables, entries)
            if record is not None:
                yield record
        elif name == "SanctionsEntry" and seen_entries is not None:
            seen_entries.update(entry_xml(element))
        release(element)
    if not seen_party:
        raise ListFormatError(f"{path.name} has no <DistinctParty>: not an OFAC list")
    if seen_entries is not None and seen_entries.hexdigest() != tail_digest:
        raise ListFormatError(
            f"{path.name}: the <SanctionsEntries> at the end of the file are not the entries "
            "the file holds (markup inside a comment?): refused"
        )


def piece_records(
    path: Path, piece: Piece, tables: Tables, entries: dict[str, Entry]
) -> Iterator[ListRecord]:
    """The records of one ``piece`` of the file's ``DistinctParties`` (a worker's part), with
    the ``tables`` of the head and the ``entries`` of the tail, as :func:`records` gives them.
    Only parties may stand there (and relationships, which nothing reads): a table or an entry
    would change what the next parties or the entries check get in a reading in one process,
    so it raises :class:`NotInPiecesError` and the file is read so. The piece is parsed whole
    (``at_once``): a party is read at its end and released then, so it reads the same whether
    the elements after it are there or not."""
    for _event, element in iter_elements(
        path,
        what=WHAT,
        events=("end",),
        tags=WANTED,
        piece=piece,
        drop_blank_text=True,
        at_once=True,
    ):
        name = local(element.tag)
        if name == "DistinctParty":
            record = _party(element, tables, entries)
            if record is not None:
                yield record
        elif name != "ProfileRelationship":
            raise NotInPiecesError(f"{path.name}: a <{name}> among the parties")
        release(element)


class _PartyFacts:
    """What a party's identities and features say, gathered before the record is built. A
    plain class whose lists are made by its own ``__init__``: a dataclass's default factories
    cost a call each, eight a party."""

    __slots__ = (
        "address_countries",
        "addresses",
        "birth_dates",
        "birth_places",
        "countries",
        "identifiers",
        "names",
        "positions",
    )

    def __init__(self) -> None:
        self.names: list[RecordName | None] = []
        self.identifiers: list[Identifier | None] = []
        self.birth_dates: list[DateRange | None] = []
        self.birth_places: list[str] = []
        self.countries: list[str | None] = []
        self.addresses: list[str] = []
        self.positions: list[str] = []
        self.address_countries: list[str | None] = []


#: The entry of a profile no SanctionsEntry names (read, never changed).
_NO_ENTRY = Entry()


def _party(element: Any, tables: Tables, entries: dict[str, Entry]) -> ListRecord | None:
    key = element.get("FixedRef", "")
    # children are picked by lxml's tag filter ("{*}Profile"), in C, rather than by reading
    # every child's name in Python: a third of the per-party work went to the names
    profile = next(element.iterchildren("{*}Profile"), None)
    if profile is None or not key:
        return None
    sub_type = profile.get("PartySubTypeID")
    party_type = tables.text("PartyType", tables.attribute("PartySubType", sub_type, "PartyTypeID"))
    sub_text = tables.text("PartySubType", sub_type)
    schema = SCHEMATA.get(sub_text.lower()) or SCHEMATA.get(party_type.lower(), "Organization")
    facts = _PartyFacts()
    for child in profile.iterchildren("{*}Identity", "{*}Feature"):
        if LOCAL_NAMES[child.tag] == "Identity":
            _identity(child, tables, facts, schema == "Person")
        else:
            _feature(child, tables, facts)
    if schema != "Person":  # where an entity or vessel is based says where it belongs
        facts.countries += facts.address_countries
    comment = next(element.iterchildren("{*}Comment"), None)
    remarks = clean_text(comment.text) if comment is not None else None
    remarks = remarks or None
    if remarks:
        facts.identifiers += [identifier("imo", n) for n in imo_numbers(remarks)]
    entry = entries.get(profile.get("ID", key), _NO_ENTRY)
    # filter(None, …) drops the Nones in C (names, dates and identifiers are never false)
    return make_record(
        record_key=key,
        schema=schema,
        names=tuple(filter(None, facts.names)),
        reference=key,
        programmes=tuple(entry.programmes),
        listed_on=entry.listed_on,
        birth_dates=tuple(filter(None, facts.birth_dates)),
        birth_places=tuple(facts.birth_places),
        countries=tuple(filter(None, facts.countries)),
        identifiers=tuple(filter(None, facts.identifiers)),
        addresses=tuple(facts.addresses),
        remarks=remarks,
        positions=tuple(facts.positions),
    )


def _identity(identity: Any, tables: Tables, facts: _PartyFacts, person: bool) -> None:
    group_types: dict[str, str] = {}
    for group in identity.iter("{*}NamePartGroup"):
        group_types[group.get("ID", "")] = tables.text("NamePartType", group.get("NamePartTypeID"))
    for alias in identity.iterchildren("{*}Alias"):
        if alias.get("LowQuality") == "true":
            quality = "weakAlias"
        elif alias.get("Primary") == "true":
            quality = "name"
        else:
            quality = _ALIAS_QUALITY[tables.text("AliasType", alias.get("AliasTypeID"))]
        for documented in alias.iterchildren("{*}DocumentedName"):
            facts.names.append(_documented_name(documented, group_types, quality, person))
    facts.identifiers += tables.documents.get(identity.get("ID", ""), ())


#: An alias type's name ("A.K.A.") → the quality of its names.
_ALIAS_QUALITY: Memo[str, str] = Memo(lambda kind: ALIAS_QUALITY.get(kind.lower(), "alias"))


def _documented_name(
    documented: Any, group_types: dict[str, str], quality: str, person: bool
) -> RecordName | None:
    parts: list[str] = []
    family: str | None = None  # the first part of the type "Last Name"
    others: list[str] = []  # the parts of other types
    for value in documented.iter("{*}NamePartValue"):
        text = clean_text(value.text)
        if text:
            parts.append(text)
            if group_types.get(value.get("NamePartGroupID", ""), "") != "Last Name":
                others.append(text)
            elif family is None:
                family = text
    full = (
        f"{family}, {' '.join(others)}"  # OFAC's own spelling: "KIM, Yong Chol"
        if person and family and others
        else " ".join(parts)
    )
    if not full:
        return None
    # what make_name() would build: the parts are clean already, and so is what joins them
    return new_name(
        full,
        quality,  # type: ignore[arg-type]  # "name", "alias", "previousName" or "weakAlias"
        tuple(parts),
        family,
        script_of(full),
        None,
    )


def _feature(feature: Any, tables: Tables, facts: _PartyFacts) -> None:
    kind = _FEATURE_KIND[tables.text("FeatureType", feature.get("FeatureTypeID"))]
    if not kind:
        return  # a feature no field reads (gender, website…): its versions are not read
    read = _FEATURE_PARTS[kind]  # only the parts the kind reads: no birth date is built for
    for version in feature.iterchildren("{*}FeatureVersion"):  # a place, no text for a date
        detail = ""
        location: tuple[str, str | None] | None = None
        period: DateRange | None = None
        for part in version.iterchildren(*read):  # the last of each, as the file gives them
            name = LOCAL_NAMES[part.tag]
            if name == "VersionDetail":
                reference = part.get("DetailReferenceID")
                detail = clean_text(part.text) or tables.text("DetailReference", reference)
            elif name == "VersionLocation":
                location = tables.locations.get(part.get("LocationID", ""))
            else:
                period = date_period(part)
        if kind == "birthdate":
            facts.birth_dates.append(period)
        else:
            _apply_feature(kind, detail, location, facts)


def _feature_kind(feature_type: str) -> str:
    """What a feature type ("Birthdate", "Nationality Country", "Vessel Flag"…) gives:
    "birthdate", "birthplace", "country", "location", "call_sign", "swift", "title", or ""
    for a type no field reads."""
    kind = feature_type.lower()
    if kind == "birthdate":
        return "birthdate"
    if kind == "place of birth":
        return "birthplace"
    if "nationality" in kind or "citizenship" in kind or kind == "vessel flag":
        return "country"
    if kind == "location":
        return "location"
    if "call sign" in kind:
        return "call_sign"
    if kind == "swift/bic":
        return "swift"
    return "title" if kind == "title" else ""


#: A feature type's name → its kind (:func:`_feature_kind`): a file has a few dozen types.
_FEATURE_KIND: Memo[str, str] = Memo(_feature_kind)
_DETAIL, _LOCATION = ("{*}VersionDetail",), ("{*}VersionLocation",)
#: The parts of a feature version each kind reads (lxml's tag filter picks them, in C).
_FEATURE_PARTS = {
    "birthdate": ("{*}DatePeriod",),
    "birthplace": _DETAIL + _LOCATION,
    "country": _DETAIL + _LOCATION,
    "location": _LOCATION,
    "call_sign": _DETAIL,
    "swift": _DETAIL,
    "title": _DETAIL,
}


def _apply_feature(
    kind: str, detail: str, location: tuple[str, str | None] | None, facts: _PartyFacts
) -> None:
    place, place_country = location if location else ("", None)
    if kind == "birthplace":
        if detail or place:
            facts.birth_places.append(detail or place)
    elif kind == "country":
        facts.countries.append(place_country or country_code(detail))
    elif kind == "location":
        if place:
            facts.addresses.append(place)
        facts.address_countries.append(place_country)
    elif kind == "call_sign":
        facts.identifiers.append(identifier("call_sign", detail))
    elif kind == "swift":
        facts.identifiers.append(identifier("swift", detail))
    elif detail:  # a title
        facts.positions.append(detail)
