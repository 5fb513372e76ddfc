"""OFAC's legacy CSV set: ``sdn.csv`` with ``alt.csv`` (aliases) and ``add.csv`` (addresses).

No header row, ``-0-`` for an empty value, a Ctrl-Z at the end. sdn.csv columns: ent_num,
name, type ("individual", "vessel", "aircraft", empty for an entity), programs ("NPWMD] [DPRK2"),
title, call sign, vessel type, tonnage, GRT, vessel flag, vessel owner, remarks. Individuals are
"FAMILY, Given" (kept as listed, with the parts). What the XML formats give as fields the CSV
hides in remarks ("DOB 18 Jun 1964; POB Kaesong, DPRK; nationality Korea, North; Passport
381420754; Vessel Registration Identification IMO 7937317"): those are read from the remarks,
which are also kept whole. The consolidated (non-SDN) set, ``cons_prim.csv`` with
``cons_alt.csv`` and ``cons_add.csv``, has the same columns. The CSV gives no date of issue.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

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
)
from nkcase.screening.parsers.xmlsafe import CountingReader, Progress
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName

FORMAT = "ofac-csv"
NULL = "-0-"
SDN_COLUMNS = 12
SCHEMATA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
Side = dict[str, list[list[str]]]
"""alt.csv or add.csv rows by the ent_num of their record."""
ALT_QUALITY = {"aka": "alias", "nka": "alias", "fka": "previousName"}
_PREFIX = r"(?:alt\.\s+)?"
_DOB = re.compile(_PREFIX + r"DOB\s+(.+)", re.IGNORECASE)
_POB = re.compile(_PREFIX + r"POB\s+(.+)", re.IGNORECASE)
_NATIONALITY = re.compile(_PREFIX + r"(?:nationality|citizen)\s+(.+)", re.IGNORECASE)
_DOCUMENT = re.compile(
    _PREFIX + r"(Passport|National ID No\.|Identification Number|Cedula No\.|"
    r"Registration ID|Registration Number|Tax ID No\.|MMSI|SWIFT/BIC)\s+([^\s(]+(?:\s[^\s(]+)*?)"
    r"(?:\s+\(([^)]+)\))?(?:\s+(?:issued|expires)\b.*)?$",
    re.IGNORECASE,
)


def parts(path: Path) -> list[tuple[str, Path]]:
    """sdn.csv and, beside it, alt.csv and add.csv (cons_prim.csv: cons_alt, cons_add)."""
    found = [("main", path)]
    prefix = "cons_" if path.name.lower().startswith("cons") else ""
    siblings = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
    for role in ("alt", "add"):
        sibling = siblings.get(f"{prefix}{role}.csv")
        if sibling is not None:
            found.append((role, sibling))
    return found


def header(path: Path) -> ListHeader:
    return ListHeader(
        FORMAT, publisher=ofac.PUBLISHER, **ofac.list_identity(ofac.consolidated(path))
    )


def _value(raw: str) -> str:
    text = clean_text(raw)
    return "" if text == NULL else text


def _cleaned(row: list[str]) -> list[str]:
    """The row's fields as :func:`_value` gives them. Most rows are plain ASCII without runs of
    whitespace: that is checked once on the whole row (the separator cannot make a run of
    spaces), and such a row's fields are only stripped, in one comprehension."""
    whole = "\x00".join(row)
    if (
        whole.isascii()
        and "  " not in whole
        and "\n" not in whole
        and "\t" not in whole
        and "\r" not in whole
    ):
        return [("" if text == NULL else text) for text in [cell.strip() for cell in row]]
    return [_value(cell) for cell in row]


def _rows(
    handle: io.TextIOBase, path: Path, columns: int, clean: bool = True
) -> Iterator[list[str]]:
    """The rows of ``handle``, checked; their fields cleaned unless ``clean`` is false (a
    parallel import cleans them in its worker processes: :func:`records_of_rows`)."""
    reader = csv.reader(handle, strict=True)
    try:
        for row in reader:
            if len(row) == 1 and not row[0].strip("\x1a \r\n"):
                continue  # blank lines and OFAC's Ctrl-Z end mark
            if not row:
                continue
            if len(row) != columns:
                raise ListFormatError(
                    f"{path.name} line {reader.line_num} has {len(row)} fields, not {columns}: "
                    "not an OFAC list file, or a damaged one"
                )
            yield _cleaned(row) if clean else row
    except csv.Error as err:
        raise ListFormatError(
            f"{path.name} line {reader.line_num} cannot be read as CSV ({err}): the file is "
            "damaged or truncated"
        ) from None


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older OFAC files


def _side_file(path: Path, columns: int) -> Side:
    by_entity: Side = {}
    with io.StringIO(_text(path.read_bytes()), newline="") as handle:
        for row in _rows(handle, path, columns):
            by_entity.setdefault(row[0], []).append(row)
    return by_entity


def records(path: Path, progress: Progress | None = None) -> Iterator[ListRecord]:
    aliases, addresses = side_files(path)
    for row in sdn_rows(path, progress):
        yield _record(row, aliases.get(row[0], []), addresses.get(row[0], []))


def side_files(path: Path) -> tuple[Side, Side]:
    """The rows of alt.csv and add.csv beside ``path`` (read first, whole: they are small)."""
    side = dict(parts(path))
    aliases = _side_file(side["alt"], 5) if "alt" in side else {}
    addresses = _side_file(side["add"], 6) if "add" in side else {}
    return aliases, addresses


def sdn_rows(
    path: Path, progress: Progress | None = None, clean: bool = True
) -> Iterator[list[str]]:
    """The rows of sdn.csv, checked, in order (cleaned unless ``clean`` is false)."""
    size = path.stat().st_size
    with path.open("rb") as raw:
        counting = io.BufferedReader(CountingReader(raw, size, progress))
        text = io.TextIOWrapper(counting, encoding="utf-8-sig", errors="strict", newline="")
        try:
            yield from _rows(text, path, SDN_COLUMNS, clean)
        except UnicodeDecodeError:
            raise ListFormatError(
                f"{path.name} is not UTF-8 text: not a current OFAC CSV file"
            ) from None


def records_of_rows(rows: list[list[str]], aliases: Side, addresses: Side) -> list[ListRecord]:
    """The records of sdn.csv ``rows`` read with ``clean=False`` (in a worker process)."""
    found = []
    for row in rows:
        cleaned = _cleaned(row)
        key = cleaned[0]
        found.append(_record(cleaned, aliases.get(key, []), addresses.get(key, [])))
    return found


def _person_name(name: str, quality: str) -> RecordName | None:
    family, comma, given = name.partition(",")
    if not comma:
        return make_name(name, quality)
    return make_name(name, quality, parts=(family, given), family=family)


def _record(row: list[str], alt_rows: list[list[str]], add_rows: list[list[str]]) -> ListRecord:
    (
        ent_num,
        name,
        kind,
        programs,
        title,
        call_sign,
        _vessel_type,
        _tonnage,
        _grt,
        flag,
        _owner,
        remarks,
    ) = row
    schema = SCHEMATA.get(kind.lower(), "Organization")
    person = schema == "Person"
    names = [_person_name(name, "name") if person else make_name(name)]
    for alt in alt_rows:
        quality = ALT_QUALITY.get(alt[2].lower().strip(". "), "alias")
        names.append(_person_name(alt[3], quality) if person else make_name(alt[3], quality))
    segments = [clean_text(s).rstrip(".") for s in remarks.split(";")]
    facts = _remark_facts(segments)
    countries = facts.countries
    if flag:
        countries.append(country_code(flag))
    identifiers = facts.identifiers
    if call_sign:
        identifiers.append(identifier("call_sign", call_sign))
    identifiers += [identifier("imo", n) for n in imo_numbers(remarks)]
    address_lines = []
    for add in add_rows:
        line = ", ".join(p for p in add[2:5] if p)
        if line:
            address_lines.append(line)
        if not person and add[4]:
            countries.append(country_code(add[4]))
    return make_record(
        record_key=ent_num,
        schema=schema,
        names=tuple([n for n in names if n is not None]),
        reference=ent_num,
        programmes=tuple(p.strip("[] ") for p in programs.split("] [") if p.strip("[] ")),
        birth_dates=tuple(facts.birth_dates),
        birth_places=tuple(facts.birth_places),
        countries=tuple([c for c in countries if c]),
        identifiers=tuple([i for i in identifiers if i is not None]),
        addresses=tuple(address_lines),
        remarks=remarks or None,
        positions=(title,) if title else (),
    )


class _Facts:
    def __init__(self) -> None:
        self.birth_dates: list[DateRange] = []
        self.birth_places: list[str] = []
        self.countries: list[str | None] = []
        self.identifiers: list[Identifier | None] = []


def _remark_facts(segments: list[str]) -> _Facts:
    facts = _Facts()
    for segment in segments:
        if match := _DOB.fullmatch(segment):
            found = ofac.birth_date(match.group(1))
            if found is not None:
                facts.birth_dates.append(found)
        elif match := _POB.fullmatch(segment):
            facts.birth_places.append(match.group(1))
        elif match := _NATIONALITY.fullmatch(segment):
            facts.countries.append(country_code(match.group(1)))
        elif match := _DOCUMENT.fullmatch(segment):
            kind = ofac.ID_KINDS[match.group(1).lower()]
            facts.identifiers.append(
                identifier(kind, match.group(2), country=country_code(match.group(3)))
            )
    return facts
