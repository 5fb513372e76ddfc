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
from nkcase.screening.parsers.memo import Memo
from nkcase.screening.parsers.xmlsafe import (
    Piece,
    Progress,
    XmlLayout,
    iter_elements,
    local,
    release,
)
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName, new_name

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
    element, 1.4 % of a record's instructions). Whether libxml2 drops a blank text depends on
    where its input buffer ends, so a record must read blank and missing text alike: values
    here are attributes, and the one text read (a remark's) is cleaned, blank giving "". A piece
    is parsed whole (``at_once``: 7 % of a record's instructions as a worker reads): an entity
    is read and released at its end, so it reads the same whether the elements after it are
    there or not."""
    seen = False
    for _event, element in iter_elements(
        path,
        what=WHAT,
        progress=progress,
        events=("end",),
        tags=("{*}sanctionEntity",),
        piece=piece,
        drop_blank_text=True,
        at_once=True,
    ):
        seen = True
        yield _entity(element)
        release(element)
    if not seen and piece is None:
        raise ListFormatError(f"{path.name} has no <sanctionEntity>: not an EU list")


# Values a list repeats record after record, read through a Memo of what they give (a
# dictionary read in C where a call would clean the text again): keyed by the raw attribute
# values, None when absent, so the cleaning is the Memo's.
#
# Attributes are read by ``get`` with their names as bytes: lxml encodes a str name to UTF-8
# at every read (2,100 instructions a read rather than 2,300; a record reads about seventy).
_LOCAL: Memo[str, str] = Memo(local)
"""A child's local name by its tag: lxml builds the tag's text, namespace and all, at every
read, and a dictionary read is a third of :func:`local`'s call and partition."""
_WEAK: Memo[str | None, bool] = Memo(lambda raw: clean_text(raw).lower() == "false")
_LANG: Memo[str | None, str | None] = Memo(lambda raw: clean_text(raw).lower() or None)
_SCHEMA: Memo[str | None, str] = Memo(
    lambda raw: SCHEMATA.get(clean_text(raw).lower(), "Organization")
)
_CLEANED = Memo(clean_text)
"""A function (position) or a programme: a few recur."""
_COUNTRY = Memo(country_code)
"""An ISO code as the list writes it (:func:`country_code` cleans the text itself)."""
_DAY: Memo[tuple[str | None, str | None], str | None] = Memo(
    lambda written: iso_date(clean_text(written[0]) or clean_text(written[1]))
)
"""A listing day from a date and the one to read when it is blank (a designation date; a
regulation's entry into force, else its publication): a list has a few hundred of them."""


Spelling = tuple[str, tuple[str, ...], str | None, str]
"""A name's full text, parts, family name and script (see :func:`_spelling`)."""


def _spelling(
    first: str | None, middle: str | None, last: str | None, whole: str | None
) -> Spelling | None:
    """A name's text, parts, family name and script from its four attributes as written; None
    without a name. A record lists its name in several languages, most often in the same
    letters: :func:`_entity` asks once per record for each spelling."""
    given, second, family = [clean_text(v) if v else "" for v in (first, middle, last)]
    parts = tuple([p for p in (given, second, family) if p])
    full = (clean_text(whole) if whole else "") or " ".join(parts)
    if not full:
        return None
    return full, parts, family or None, script_of(full)


PLACE_FIELDS = (b"place", b"city", b"region", b"countryDescription")


def _birth(element: Any) -> tuple[DateRange | None, str]:
    """A ``birthdate``'s date and place. The date is a year range, else a day, else a year,
    month and day: the attributes after the first that gives a date are not read (a read
    costs 2,100 instructions). Not through a Memo: dates differ from record to record (three
    in four missed one on the EU-like benchmark file)."""
    get = element.get
    start, end = get(b"yearRangeFrom"), get(b"yearRangeTo")
    start, end = clean_text(start) if start else "", clean_text(end) if end else ""
    if start or end:
        found = date_range(single_date(start or end), single_date(end or start))
    else:
        day = get(b"birthdate")
        found = date_range(
            (iso_date(clean_text(day)) if day else None)
            or single_date(*[clean_text(get(f)) for f in (b"year", b"monthOfYear", b"dayOfMonth")])
        )
    place, city, region, country = [clean_text(v) if v else "" for v in map(get, PLACE_FIELDS)]
    places = [place, city, region]
    if country and country.upper() != "UNKNOWN":
        places.append(country)
    return found, ", ".join([p for p in places if p])


def _document_kind(written: tuple[str | None, str | None]) -> tuple[str, str | None]:
    """A document's kind and note from its type code and description as written."""
    code, description = [clean_text(v) if v else "" for v in written]
    kind = DOCUMENT_KINDS.get(code.lower(), "other")
    if kind == "other" and "imo" in description.lower():
        kind = "imo"
    return kind, description if kind == "other" else None


_DOCUMENT_KIND = Memo(_document_kind)

ADDRESS_FIELDS = (
    b"street",
    b"poBox",
    b"zipCode",
    b"city",
    b"place",
    b"region",
    b"countryDescription",
)


def _address_of(written: tuple[str | None, ...]) -> str:
    """An address's line from its :data:`ADDRESS_FIELDS` as written ("UNKNOWN" left out)."""
    cleaned = [clean_text(v) if v else "" for v in written]
    return ", ".join([v for v in cleaned if v and v.upper() != "UNKNOWN"])


_ADDRESS = Memo(_address_of, 4096)
"""Addresses through their fields: a list repeats its cities and countries."""


def _entity(element: Any) -> ListRecord:
    """One ``sanctionEntity``. Attributes are read one by one with each element's ``get``
    (``dict(element.items())`` costs twice the seven reads a name needs), and what they give
    comes from the Memos above or, for names, from the record's own table of spellings (its
    names in several languages mostly share one: 3.3 spellings for 5.9 names a record)."""
    names: list[RecordName] = []
    births: list[DateRange] = []
    places: list[str] = []
    countries: list[str | None] = []
    identifiers: list[Identifier | None] = []
    addresses: list[str] = []
    programmes: list[str] = []
    positions: list[str] = []
    remarks: list[str] = []
    listed: list[str] = []
    spellings: dict[tuple[str | None, ...], Spelling | None] = {}
    schema = "Organization"
    has_name = False  # a strong name read: the next strong ones are aliases
    for child in element:
        kind = _LOCAL[child.tag]
        get = child.get
        if kind == "nameAlias":
            written = (get(b"firstName"), get(b"middleName"), get(b"lastName"), get(b"wholeName"))
            if written in spellings:
                spelling = spellings[written]
            else:
                spelling = spellings[written] = _spelling(*written)
            if spelling is not None:
                if _WEAK[get(b"strong")]:
                    quality = "weakAlias"
                elif has_name:
                    quality = "alias"
                else:
                    quality = "name"
                    has_name = True
                full, parts, family, script = spelling
                lang = _LANG[get(b"nameLanguage")]
                names.append(new_name(full, quality, parts, family, script, lang))  # type: ignore[arg-type]
            function = _CLEANED[get(b"function")]
            if function:
                positions.append(function)
        elif kind == "subjectType":
            schema = _SCHEMA[get(b"code")]
        elif kind == "citizenship":
            countries.append(_COUNTRY[get(b"countryIso2Code")])
        elif kind == "birthdate":
            found, place = _birth(child)
            if found is not None:
                births.append(found)
            if place:
                places.append(place)
        elif kind == "identification":
            document, note = _DOCUMENT_KIND[
                (get(b"identificationTypeCode"), get(b"identificationTypeDescription"))
            ]
            number = get(b"number")
            identifiers.append(
                identifier(
                    document,
                    (clean_text(number) if number else "") or get(b"latinNumber"),
                    country=_COUNTRY[get(b"countryIso2Code")],
                    note=note,
                )
            )
        elif kind == "address":
            line = _ADDRESS[tuple([get(f) for f in ADDRESS_FIELDS])]
            if line:
                addresses.append(line)
            if schema != "Person":
                countries.append(_COUNTRY[get(b"countryIso2Code")])
        elif kind == "regulation":
            programme = _CLEANED[get(b"programme")]
            if programme:
                programmes.append(programme)
            dated = _DAY[(get(b"entryIntoForceDate"), get(b"publicationDate"))]
            if dated:
                listed.append(dated)
        elif kind == "remark":
            text = clean_text(child.text)
            if text:
                remarks.append(text)
    remark = " ".join(remarks) or None
    identifiers += [identifier("imo", n) for n in imo_numbers(remark)]
    get = element.get
    listed_on = _DAY[(get(b"designationDate"), None)] or (min(listed) if listed else None)
    key = get(b"logicalId")
    reference = get(b"euReferenceNumber")
    return make_record(
        record_key=clean_text(key) if key else "",
        schema=schema,
        names=tuple(names),
        reference=(clean_text(reference) or None) if reference else None,
        programmes=tuple(programmes),
        listed_on=listed_on,
        birth_dates=tuple(births),
        birth_places=tuple(places),
        countries=tuple([c for c in countries if c]),
        identifiers=tuple([i for i in identifiers if i is not None]),
        addresses=tuple(addresses),
        remarks=remark,
        positions=tuple(positions),
    )
