"""The EU's consolidated list of persons, groups and entities subject to financial sanctions
(``xmlFullSanctionsList_1_1``, root ``export`` in namespace http://eu.europa.ec/fpi/fsd/export).

One ``sanctionEntity`` per record (key: ``logicalId``; reference: ``euReferenceNumber``), with
``nameAlias`` elements (``strong="false"`` → weak alias; the first strong name is the name),
``citizenship``, ``birthdate`` (a date, a year, or ``yearRangeFrom``–``yearRangeTo``),
``identification`` (passport, id, IMO…), ``address``, ``regulation`` (programme "PRK" for the
DPRK regime, publication and entry-into-force dates) and ``remark``. Values are attributes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nkcase.screening.parsers.common import (
    ListFormatError,
    ListHeader,
    clean_text,
    country_code,
    date_range,
    identifier,
    imo_numbers,
    iso_date,
    make_record,
    script_of,
    single_date,
)
from nkcase.screening.parsers.xmlsafe import (
    Piece,
    Progress,
    XmlLayout,
    iter_elements,
    local,
    release,
)
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName

FORMAT = "eu"
WHAT = "EU consolidated list"
LAYOUT = XmlLayout(records=(b"sanctionEntity",))
SCHEMATA = {"person": "Person", "enterprise": "Organization", "vessel": "Vessel"}
DOCUMENT_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "imo": "imo",
    "regnumber": "registration",
    "fiscalcode": "tax_id",
    "swiftbic": "swift",
}


def header(path: Path) -> ListHeader:
    for _event, element in iter_elements(path, what=WHAT, events=("start",)):
        if local(element.tag) != "export":
            raise ListFormatError(f"{path.name} is not an EU consolidated list")
        return ListHeader(
            format=FORMAT,
            list_code="eu-fsf",
            publisher="European Union",
            title="EU Consolidated Financial Sanctions List",
            generated=iso_date(element.get("generationDate")),
        )
    raise ListFormatError(f"{path.name} is empty")


def records(
    path: Path, progress: Progress | None = None, piece: Piece | None = None
) -> Iterator[ListRecord]:
    """The records of the file, or of one ``piece`` of it (a worker's part, which may hold
    none).

    The whitespace between elements is not built (``drop_blank_text``: two blank texts an
    element, a tenth of the parse). Whether libxml2 drops a blank text depends on where its
    input buffer ends, so a record must read blank and missing text alike: values here are
    attributes, and the one text read (a remark's) is cleaned, blank giving ""."""
    seen = False
    for _event, element in iter_elements(
        path,
        what=WHAT,
        progress=progress,
        events=("end",),
        tags=("{*}sanctionEntity",),
        piece=piece,
        drop_blank_text=True,
    ):
        seen = True
        yield _entity(element)
        release(element)
    if not seen and piece is None:
        raise ListFormatError(f"{path.name} has no <sanctionEntity>: not an EU list")


def _attr(element: Any, name: str) -> str:
    """An attribute's value cleaned, "" when absent or empty (most of a record's attributes
    are empty: the test spares the cleaning call)."""
    value = element.get(name)
    return clean_text(value) if value else ""


def _name(alias: Any, quality: str) -> RecordName | None:
    first, middle, last = (_attr(alias, n) for n in ("firstName", "middleName", "lastName"))
    whole = _attr(alias, "wholeName") or " ".join(p for p in (first, middle, last) if p)
    if not whole:
        return None
    lang = alias.get("nameLanguage")
    # what make_name() would build from these values, which are clean already (a record has
    # half a dozen names and up to a dozen in the EU's file: cleaning each twice showed)
    return RecordName(
        whole,
        quality,  # type: ignore[arg-type]  # "name", "alias" or "weakAlias"
        tuple([p for p in (first, middle, last) if p]),
        last or None,
        script_of(whole),
        (clean_text(lang).lower() or None) if lang else None,
    )


def _birth(element: Any) -> tuple[DateRange | None, str]:
    start, end = _attr(element, "yearRangeFrom"), _attr(element, "yearRangeTo")
    if start or end:
        found = date_range(single_date(start or end), single_date(end or start))
    else:
        found = date_range(
            iso_date(_attr(element, "birthdate"))
            or single_date(
                _attr(element, "year"), _attr(element, "monthOfYear"), _attr(element, "dayOfMonth")
            )
        )
    country = _attr(element, "countryDescription")
    place_parts = [_attr(element, "place"), _attr(element, "city"), _attr(element, "region")]
    if country and country.upper() != "UNKNOWN":
        place_parts.append(country)
    return found, ", ".join(p for p in place_parts if p)


def _document(element: Any) -> Identifier | None:
    code = _attr(element, "identificationTypeCode").lower()
    description = _attr(element, "identificationTypeDescription")
    kind = DOCUMENT_KINDS.get(code, "other")
    if kind == "other" and "imo" in description.lower():
        kind = "imo"
    return identifier(
        kind,
        _attr(element, "number") or _attr(element, "latinNumber"),
        country=country_code(_attr(element, "countryIso2Code")),
        note=description if kind == "other" else None,
    )


def _entity(element: Any) -> ListRecord:
    names: list[RecordName | None] = []
    births: list[DateRange | None] = []
    places: list[str] = []
    countries: list[str | None] = []
    identifiers: list[Identifier | None] = []
    addresses: list[str] = []
    programmes: list[str] = []
    positions: list[str] = []
    remarks: list[str] = []
    listed: list[str] = []
    schema = "Organization"
    has_name = False  # a strong name read: the next strong ones are aliases
    for child in element:
        kind = local(child.tag)
        if kind == "nameAlias":
            if _attr(child, "strong").lower() == "false":
                names.append(_name(child, "weakAlias"))
            elif has_name:
                names.append(_name(child, "alias"))
            else:
                name = _name(child, "name")
                has_name = name is not None
                names.append(name)
            function = _attr(child, "function")
            if function:
                positions.append(function)
        elif kind == "subjectType":
            schema = SCHEMATA.get(_attr(child, "code").lower(), "Organization")
        elif kind == "citizenship":
            countries.append(country_code(_attr(child, "countryIso2Code")))
        elif kind == "birthdate":
            found, place = _birth(child)
            births.append(found)
            if place:
                places.append(place)
        elif kind == "identification":
            identifiers.append(_document(child))
        elif kind == "address":
            fields = ("street", "poBox", "zipCode", "city", "place", "region", "countryDescription")
            line = ", ".join(
                v for v in (_attr(child, f) for f in fields) if v and v.upper() != "UNKNOWN"
            )
            if line:
                addresses.append(line)
            if schema != "Person":
                countries.append(country_code(_attr(child, "countryIso2Code")))
        elif kind == "regulation":
            if _attr(child, "programme"):
                programmes.append(_attr(child, "programme"))
            dated = iso_date(_attr(child, "entryIntoForceDate") or _attr(child, "publicationDate"))
            if dated:
                listed.append(dated)
        elif kind == "remark" and clean_text(child.text):
            remarks.append(clean_text(child.text))
    remark = " ".join(remarks) or None
    identifiers += [identifier("imo", n) for n in imo_numbers(remark)]
    listed_on = iso_date(_attr(element, "designationDate")) or (min(listed) if listed else None)
    return make_record(
        record_key=_attr(element, "logicalId"),
        schema=schema,
        names=tuple(n for n in names if n is not None),
        reference=_attr(element, "euReferenceNumber") or None,
        programmes=tuple(programmes),
        listed_on=listed_on,
        birth_dates=tuple(b for b in births if b is not None),
        birth_places=tuple(places),
        countries=tuple(c for c in countries if c),
        identifiers=tuple(i for i in identifiers if i is not None),
        addresses=tuple(addresses),
        remarks=remark,
        positions=tuple(positions),
    )
