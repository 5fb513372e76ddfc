"""The EU parser's records equal those of the plain reading it replaced.

:mod:`nkcase.screening.parsers.eu` reads a record through Memos of repeated values, a record's
table of name spellings, lazily read birth dates and without the blank text between elements
(``drop_blank_text``). :func:`reference_entity` is the reading before all that (each attribute
cleaned where it is used, names built by the dataclass, every text kept by the parser): on
generated EU documents with odd whitespace, comments and processing instructions between and
inside elements, missing and blank attributes, names in many scripts (outside the BMP too,
composed and decomposed), character references and CDATA sections, ``& < >`` and the
letters that match "IMO" when the case is ignored, both give equal records, with equal
``repr`` (what is stored is written from the fields).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkcase.screening.parsers import eu
from nkcase.screening.parsers.common import (
    clean_text,
    country_code,
    date_range,
    identifier,
    iso_date,
    make_record,
    script_of,
    single_date,
)
from nkcase.screening.parsers.xmlsafe import iter_elements, local, release
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName
from tests.screening.lists import EU

_IMO = re.compile(r"\bIMO\)?(?:\s+number)?[\s:#.-]*(\d{7})\b", re.IGNORECASE)


def imo_numbers(text: str | None) -> list[str]:
    """:func:`~nkcase.screening.parsers.common.imo_numbers` before its shortcut (the reference
    must not share what it checks): the pattern tried on every text."""
    return [f"IMO{digits}" for digits in _IMO.findall(text or "")]


def _attr(element: Any, name: str) -> str:
    value = element.get(name)
    return clean_text(value) if value else ""


def _name(alias: Any, quality: str) -> RecordName | None:
    first, middle, last = (_attr(alias, n) for n in ("firstName", "middleName", "lastName"))
    whole = _attr(alias, "wholeName") or " ".join(p for p in (first, middle, last) if p)
    if not whole:
        return None
    lang = alias.get("nameLanguage")
    return RecordName(
        whole,
        quality,  # type: ignore[arg-type]
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
    kind = eu.DOCUMENT_KINDS.get(code, "other")
    if kind == "other" and "imo" in description.lower():
        kind = "imo"
    return identifier(
        kind,
        _attr(element, "number") or _attr(element, "latinNumber"),
        country=country_code(_attr(element, "countryIso2Code")),
        note=description if kind == "other" else None,
    )


def reference_entity(element: Any) -> ListRecord:
    """A ``sanctionEntity`` as the EU parser read it before it was made faster (main 583a290)."""
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
    has_name = False
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
            schema = eu.SCHEMATA.get(_attr(child, "code").lower(), "Organization")
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


def reference_records(path: Path) -> list[ListRecord]:
    """The records of ``path`` read as before: every blank text kept by the parser."""
    found = []
    for _event, element in iter_elements(
        path, what=eu.WHAT, events=("end",), tags=("{*}sanctionEntity",)
    ):
        found.append(reference_entity(element))
        release(element)
    return found


VALUES = [
    "",
    " ",
    " \t\n ",
    "false",
    " FALSE ",
    "true",
    "UNKNOWN",
    " unknown ",
    "KP",
    " kp ",
    "00",
    "CN",
    "Korea, North",
    "person",
    " Enterprise ",
    "vessel",
    "passport",
    "IMO",
    "regnumber",
    "Ship IMO register",
    "2018-01-12",
    "2018-1-2",
    " 2017-12-31T00:00:00 ",
    "1990",
    " 1992 ",
    "13",
    "2",
    "0",
    "리원호",
    "리  원호",
    "ХВАНГ Йун Ким",
    "Υον Κιμ",
    'O\'Brien & Sons <Ltd> "Co"',
    "HWANG  Yun\tKim",
    "IMO 1234567",
    "Vessel IMO: 7654321",
    "BG",
    " el ",
    "Representative",
    # names in other scripts, outside the BMP, composed and decomposed: equal after cleaning
    # or not, each is a key of its own in the Memos and the record's table of spellings
    "محمد  علي",
    "金正恩",
    "キム・ジョンウン",
    "김 정은 Kim",
    "ვლადიმერ",
    "राम",
    "𠀀𠀁 𝐀𝐁",
    "😀",
    "José",
    "Jose\u0301",
    "\u212aIM",  # the Kelvin sign, whose lower case is "k"
    "Kim",
    "ſeo",
    "\u00a0Kim\u00a0",  # a no-break space: white space to clean_text, not to libxml2
    "IMO",
    "imo",
    "I.M.O. 1234567",
    "İMO 1234567",
    "ıMO\u00a07654321",
    "M/V IMO 123456",
    "Imo 1234567",
    "iMo: 7654321",
    "imO#1111111",
]
ODD = st.text(
    st.sampled_from(list("aZ9 -&<>\"'\t\nİıMmOo리원Йκ.:#\u212a\u00a0\u0301é𠀀")), max_size=14
)
VALUE = st.one_of(st.none(), st.sampled_from(VALUES), ODD)
DAYS = ["2018-01-12", "2018-1-2", " 2017-12-31T00:00:00 ", "", " "]
YEARS = ["1990", " 1992 ", "0990", "", "x"]
NUMBERS = ["2", " 12 ", "13", "0", "", "31", "32"]
COUNTRIES = ["KP", " kp ", "00", "CN", "", "UNKNOWN"]
TYPICAL = {
    "yearRangeFrom": YEARS,
    "yearRangeTo": YEARS,
    "year": YEARS,
    "birthdate": DAYS,
    "designationDate": DAYS,
    "entryIntoForceDate": DAYS,
    "publicationDate": DAYS,
    "monthOfYear": NUMBERS,
    "dayOfMonth": NUMBERS,
    "countryIso2Code": COUNTRIES,
    "code": ["person", " Enterprise ", "vessel", "", "other"],
    "strong": ["false", " FALSE ", "true", ""],
}
"""Values a field often holds, drawn as often as any other value (so that dates, countries
and their fallbacks are read in most examples)."""


def value(field: str) -> st.SearchStrategy[str | None]:
    typical = TYPICAL.get(field)
    return st.one_of(VALUE, st.sampled_from(typical)) if typical else VALUE


BETWEEN = st.sampled_from(["", "\n        ", " " * 400, "<!-- a <comment> -->", "<?pi x?>"])
FIELDS = {
    "nameAlias": (
        "firstName",
        "middleName",
        "lastName",
        "wholeName",
        "strong",
        "nameLanguage",
        "function",
    ),
    "subjectType": ("code",),
    "citizenship": ("countryIso2Code",),
    "birthdate": (
        "yearRangeFrom",
        "yearRangeTo",
        "birthdate",
        "year",
        "monthOfYear",
        "dayOfMonth",
        "place",
        "city",
        "region",
        "countryDescription",
    ),
    "identification": (
        "identificationTypeCode",
        "identificationTypeDescription",
        "number",
        "latinNumber",
        "countryIso2Code",
    ),
    "address": (
        "street",
        "poBox",
        "zipCode",
        "city",
        "place",
        "region",
        "countryDescription",
        "countryIso2Code",
    ),
    "regulation": ("programme", "entryIntoForceDate", "publicationDate"),
    "sanctionEntity": ("logicalId", "euReferenceNumber", "designationDate"),
}


def referenced(text: str) -> str:
    """``text`` (escaped already) with every character beyond ASCII written as a character
    reference: the parser gives the same value as for the character itself."""
    return "".join(c if c.isascii() else f"&#x{ord(c):x};" for c in text)


def attributes(draw: st.DrawFn, kind: str) -> str:
    written = [(name, draw(value(name))) for name in FIELDS[kind]]
    found = "".join(f" {name}={quoteattr(value)}" for name, value in written if value is not None)
    return referenced(found) if draw(st.booleans()) else found


def remark_text(draw: st.DrawFn) -> str:
    """A remark's text as written: escaped, in character references, or a CDATA section."""
    text = draw(VALUE) or ""
    how = draw(st.sampled_from(["escaped", "referenced", "cdata"]))
    if how == "cdata" and "]]>" not in text:
        return f"<![CDATA[{text}]]>"
    return referenced(escape(text)) if how == "referenced" else escape(text)


@st.composite
def entity(draw: st.DrawFn) -> str:
    children = []
    for kind in draw(
        st.lists(st.sampled_from([*FIELDS.keys() - {"sanctionEntity"}, "remark"]), max_size=12)
    ):
        if kind == "remark":
            text, more = remark_text(draw), remark_text(draw)
            children.append(f"<remark>{text}{draw(BETWEEN)}{more}</remark>")
        elif draw(st.booleans()):
            children.append(f"<{kind}{attributes(draw, kind)}/>")
        else:
            inner = draw(BETWEEN) + '<regulationSummary publicationDate="2018-01-11"/>'
            children.append(f"<{kind}{attributes(draw, kind)}>{inner}{draw(BETWEEN)}</{kind}>")
    body = "".join(draw(BETWEEN) + child for child in children) + draw(BETWEEN)
    return f"<sanctionEntity{attributes(draw, 'sanctionEntity')}>{body}</sanctionEntity>"


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entity(), min_size=1, max_size=6))
def test_generated_records_read_as_before(tmp_path: Path, entities: list[str]) -> None:
    path = tmp_path / "eu.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-28">\n'
        + "\n    ".join(entities)
        + "\n</export>\n",
        encoding="utf-8",
    )
    expected = reference_records(path)
    found = list(eu.records(path))
    assert found == expected
    assert [repr(r) for r in found] == [repr(r) for r in expected]


def test_the_excerpt_reads_as_before() -> None:
    found = list(eu.records(EU))
    assert found == reference_records(EU) and len(found) == 6
    assert [repr(r) for r in found] == [repr(r) for r in reference_records(EU)]
