"""OFAC's classic XML (root ``sdnList``): one ``sdnEntry`` per record, with its aliases
(``category`` weak → weakAlias), identifiers, addresses, dates and places of birth,
nationalities and, for vessels, ``vesselInfo`` (call sign, flag)."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
    make_name,
    make_record,
    single_date,
)
from nkcase.screening.parsers.xmlsafe import Progress, by_name, iter_elements, release, text_of
from nkcase.screening.records import Identifier, ListRecord, RecordName

FORMAT = "ofac-classic"
WHAT = "OFAC XML list"
SCHEMATA = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
AKA_QUALITY = {"a.k.a.": "alias", "n.k.a.": "alias", "f.k.a.": "previousName"}
# idList rows that are notes, not identifiers.
NOT_IDENTIFIERS = re.compile(
    r"(sanctions information|secondary sanctions|transactions prohibited|more information|"
    r"website|email|gender|executive order|directive|organization (type|established)|"
    r"target type|issuer name)",
    re.IGNORECASE,
)
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def header(path: Path) -> ListHeader:
    published = None
    for _event, element in iter_elements(path, what=WHAT, events=("end",)):
        name = element.tag.rpartition("}")[2]
        if name == "Publish_Date":
            match = _US_DATE.fullmatch(clean_text(element.text))
            if match:
                month, day, year = match.groups()
                published = single_date(year, month, day)
            break
        if name == "sdnEntry":
            break
    return ListHeader(
        FORMAT,
        publisher=ofac.PUBLISHER,
        generated=published,
        **ofac.list_identity(ofac.consolidated(path)),
    )


def records(path: Path, progress: Progress | None = None) -> Iterator[ListRecord]:
    seen = False
    for _event, element in iter_elements(
        path, what=WHAT, progress=progress, events=("end",), tags=("{*}sdnEntry",)
    ):
        seen = True
        yield _entry(by_name(element))
        release(element)
    if not seen:
        raise ListFormatError(f"{path.name} has no <sdnEntry>: not an OFAC list")


def _items(groups: dict[str, list[Any]], outer: str) -> list[dict[str, list[Any]]]:
    return [by_name(item) for group in groups.get(outer, ()) for item in group]


def _name(fields: dict[str, list[Any]], quality: str, person: bool) -> RecordName | None:
    last, first = text_of(fields, "lastName"), text_of(fields, "firstName")
    if person and last and first:
        return make_name(f"{last}, {first}", quality, parts=(last, first), family=last)
    return make_name(" ".join(p for p in (first, last) if p), quality)


def _entry(groups: dict[str, list[Any]]) -> ListRecord:
    kind = clean_text(text_of(groups, "sdnType")).lower()
    schema = SCHEMATA.get(kind, "Organization")
    person = schema == "Person"
    names = [_name(groups, "name", person)]
    for aka in _items(groups, "akaList"):
        quality = AKA_QUALITY.get(clean_text(text_of(aka, "type")).lower(), "alias")
        if clean_text(text_of(aka, "category")).lower() == "weak":
            quality = "weakAlias"
        names.append(_name(aka, quality, person))
    identifiers: list[Identifier | None] = []
    for item in _items(groups, "idList"):
        id_type = clean_text(text_of(item, "idType"))
        if NOT_IDENTIFIERS.search(id_type):
            continue
        kind_of = ofac.ID_KINDS.get(id_type.lower(), "other")
        identifiers.append(
            identifier(
                kind_of,
                text_of(item, "idNumber"),
                country=country_code(text_of(item, "idCountry")),
                note=None if kind_of != "other" else id_type,
            )
        )
    countries = [country_code(text_of(i, "country")) for i in _items(groups, "nationalityList")]
    countries += [country_code(text_of(i, "country")) for i in _items(groups, "citizenshipList")]
    addresses = []
    for item in _items(groups, "addressList"):
        fields = (
            "address1",
            "address2",
            "address3",
            "city",
            "stateOrProvince",
            "postalCode",
            "country",
        )
        line = ", ".join(p for p in (clean_text(text_of(item, f)) for f in fields) if p)
        if line:
            addresses.append(line)
        if not person:
            countries.append(country_code(text_of(item, "country")))
    births = [
        ofac.birth_date(clean_text(text_of(i, "dateOfBirth")))
        for i in _items(groups, "dateOfBirthList")
    ]
    places = [clean_text(text_of(i, "placeOfBirth")) for i in _items(groups, "placeOfBirthList")]
    for vessel in (by_name(v) for v in groups.get("vesselInfo", ())):
        identifiers.append(identifier("call_sign", text_of(vessel, "callSign")))
        countries.append(country_code(text_of(vessel, "vesselFlag")))
    remarks = clean_text(text_of(groups, "remarks"))
    identifiers += [identifier("imo", n) for n in imo_numbers(remarks)]
    uid = clean_text(text_of(groups, "uid"))
    title = clean_text(text_of(groups, "title"))
    programmes = [clean_text(p.text) for g in groups.get("programList", ()) for p in g]
    return make_record(
        record_key=uid,
        schema=schema,
        names=tuple(n for n in names if n is not None),
        reference=uid,
        programmes=tuple(p for p in programmes if p),
        birth_dates=tuple(b for b in births if b is not None),
        birth_places=tuple(p for p in places if p),
        countries=tuple(c for c in countries if c),
        identifiers=tuple(i for i in identifiers if i is not None),
        addresses=tuple(addresses),
        remarks=remarks or None,
        positions=(title,) if title else (),
    )
