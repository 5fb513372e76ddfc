"""OpenSanctions' FollowTheMoney entities (``entities.ftm.json``): one JSON entity per line.

A line is ``{"id", "schema", "properties": {prop: [values]}, "target", "datasets", …}``. The
records are the targets (``"target": true``; without that field, entities of the schemata one
screens against). Their programme and listing date live on separate ``Sanction`` entities, and
their addresses may be ``Address`` entities, anywhere in the file: a first streaming pass reads
just those (lines are tested as text before any JSON is decoded), the second yields the targets.
A line longer than :data:`~nkcase.screening.parsers.ftm_lines.MAX_LINE_BYTES` is refused rather
than read into memory (the lines are cut by :mod:`.ftm_lines`).

Lines are decoded by msgspec into :class:`Entity`, the four fields the import reads, typed: in
C, about three times as fast as the standard library's ``json`` (a million targets and their
Sanction lines in OpenSanctions' default collection). A line msgspec refuses, which the
standard library may still accept (NaN, a lone surrogate ``\\ud800``, an id that is a number,
``"properties": null``, values of other types in properties the import does not read) or reject
with its own message, is decoded by the standard library as before, so what a file gives, or the
error it gets, does not depend on which decoder read it. Two things that used to crash the
import (or read a name a character at a time) are one-line errors either way: a property the
import reads whose value is not a list of text, and a lone surrogate in what it reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from nkcase.screening.codec import record_to_json
from nkcase.screening.parsers.common import (
    ListFormatError,
    ListHeader,
    clean_text,
    country_code,
    date_range,
    identifier,
    iso_date,
    make_record,
    script_of,
)
from nkcase.screening.parsers.ftm_lines import MAX_LINE_BYTES, Lines, file_lines
from nkcase.screening.parsers.xmlsafe import Progress, halves
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName, new_name

FORMAT = "ftm"
SCREENED = {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}
NAME_QUALITIES = ("name", "alias", "weakAlias", "previousName")
IDENTIFIER_PROPERTIES = {
    "imoNumber": "imo",
    "passportNumber": "passport",
    "idNumber": "national_id",
    "registrationNumber": "registration",
    "taxNumber": "tax_id",
    "innCode": "tax_id",
    "vatCode": "tax_id",
    "callSign": "call_sign",
    "mmsi": "mmsi",
    "swiftBic": "swift",
}
COUNTRY_PROPERTIES = frozenset(
    ("nationality", "citizenship", "country", "jurisdiction", "flag", "mainCountry")
)

_IDENTIFIER, _COUNTRY, _BIRTH, _NOTES, _PLACE, _POSITION, _ADDRESS, _ADDRESS_ENTITY = (
    "identifier", "country", "birth", "notes", "place", "position", "address", "entity"
)  # fmt: skip
_ROLES = {
    **dict.fromkeys(IDENTIFIER_PROPERTIES, _IDENTIFIER),
    **dict.fromkeys(COUNTRY_PROPERTIES, _COUNTRY),
    "birthDate": _BIRTH,
    "notes": _NOTES,
    "birthPlace": _PLACE,
    "position": _POSITION,
    "address": _ADDRESS,
    "addressEntity": _ADDRESS_ENTITY,
}
"""What :func:`_record` reads from each property it reads (besides the names)."""
READ = frozenset(
    (
        *NAME_QUALITIES,
        "lastName",
        *_ROLES,
        *("entity", "programId", "program", "listingDate", "startDate"),  # of Sanction entities
        "full",  # of Address entities
    )
)
"""Every property the import reads, of any schema: their values must be lists of text."""


def header(path: Path) -> ListHeader:
    title, generated = "OpenSanctions entities (FollowTheMoney)", None
    index = path.with_name("index.json")
    if index.is_file() and index.stat().st_size < MAX_LINE_BYTES:
        try:
            meta = json.loads(index.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            meta = None
        if isinstance(meta, dict):
            generated = iso_date(meta.get("last_export") or meta.get("updated_at"))
            if meta.get("title"):
                title = f"OpenSanctions: {clean_text(meta['title'])}"
    return ListHeader(
        format=FORMAT,
        list_code="opensanctions",
        publisher="OpenSanctions",
        title=title,
        generated=generated,
    )


class Entity(msgspec.Struct, gc=False):
    """What the import reads of an FtM line; the other fields are skipped (and checked: a line
    that is not JSON is refused whatever field holds the fault)."""

    id: str
    schema: str
    properties: dict[str, list[str]] = {}
    target: bool | None = None


class LooseEntity(Entity, gc=False):
    """An entity the standard library decoded (see the module docstring): its id, schema and
    target hold whatever the line has, as before msgspec was used; the properties the import
    reads (:data:`READ`) are checked to be lists of text, as msgspec checks them."""


_FAST = msgspec.json.Decoder(Entity).decode
_REFUSED = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)
"""What :data:`_FAST` raises for a line it does not decode (bytes are given to it only when
ASCII: msgspec does not check the UTF-8 of the fields it skips, ``bytes.decode`` does)."""
_DECODE = json.JSONDecoder().decode


def _loose(path: Path, number: int, line: bytes, ended: bool) -> Entity:
    """The entity of line ``number``, which msgspec refused (see the module docstring);
    ``ended``: whether it ended with a newline."""
    entity = _decode(path, number, line, ended)
    props = entity.get("properties") or {}
    if not isinstance(props, dict):
        raise ListFormatError(f"{path.name} line {number} is not an FtM entity (properties)")
    for prop in READ.intersection(props):
        values = props[prop]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ListFormatError(
                f"{path.name} line {number} is not an FtM entity ({prop} is not a list of texts)"
            )
    return LooseEntity(entity["id"], entity["schema"], props, entity.get("target"))


def _decode(path: Path, number: int, line: bytes, ended: bool) -> dict[str, Any]:
    try:
        # json.loads of bytes without its encoding sniffing; the byte order mark dropped as
        # "utf-8-sig" would, without that codec's Python-level decoder
        if line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        entity = _DECODE(line.decode())
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        what = "is not a JSON entity" if ended else "ends in the middle of an entity (truncated)"
        raise ListFormatError(f"{path.name} line {number} {what}") from None
    if not isinstance(entity, dict) or "schema" not in entity or "id" not in entity:
        raise ListFormatError(f"{path.name} line {number} is not an FtM entity (no id or schema)")
    return entity


Sanctions = dict[str, tuple[list[str], list[str]]]
"""A target's programmes and listing dates, from the Sanction entities naming it, in file order
(tuples of lists: a million of them go to each worker process of a parallel import)."""
_NO_SANCTION: tuple[list[str], list[str]] = ([], [])


def records(path: Path, progress: Progress | None = None) -> Iterator[ListRecord]:
    sanctions: Sanctions = {}
    addresses: dict[str, str] = {}
    read, seen = scan(path, file_lines(path, halves(progress, True)), 0, sanctions, addresses)
    yield from targets(
        path, file_lines(path, halves(progress, False)), 0, read, sanctions, addresses
    )
    if not seen:
        raise ListFormatError(f"{path.name} holds no FtM entities")


def scan(
    path: Path, lines: Lines, base: int, sanctions: Sanctions, addresses: dict[str, str]
) -> tuple[bytearray, bool]:
    """The first pass over ``lines``: their Sanction and Address entities added to
    ``sanctions`` and ``addresses``. Returns the lines it decoded as those, one bit per line
    counted from line ``base`` (the second pass skips them without decoding them again: they
    are never records), and whether there was any line that is not blank."""
    read = bytearray()
    seen = False
    for first, run, ended in lines:
        if not seen:
            seen = any(map(bytes.strip, run))
        for number, line in enumerate(run, first):
            # find, not "in": bytes.__contains__ first tries its argument as an integer (a
            # byte) and formats the TypeError it gets, 2,600 instructions a test
            if line.find(b'"Sanction"') < 0 and line.find(b'"Address"') < 0:
                continue  # blank lines too
            try:
                entity = _FAST(line if line.isascii() else line.decode())
            except _REFUSED:
                entity = _loose(path, number, line, ended)
            props = entity.properties
            if entity.schema == "Sanction":
                for target in props.get("entity", []):
                    found = sanctions.get(target)
                    if found is None:
                        found = sanctions[target] = ([], [])
                    found[0].extend(props.get("programId", []) or props.get("program", []))
                    found[1].extend(props.get("listingDate", []) + props.get("startDate", []))
            elif entity.schema == "Address":
                full = props.get("full") or []
                if full:
                    addresses[entity.id] = clean_text(full[0])
            else:
                continue
            index = number - base
            byte = index >> 3
            if byte >= len(read):
                read.extend(bytes(byte + 1 - len(read) + len(read) // 2))
            read[byte] |= 1 << (index & 7)
    return read, seen


def targets(
    path: Path,
    lines: Lines,
    base: int,
    read: bytes | bytearray,
    sanctions: Sanctions,
    addresses: dict[str, str],
) -> Iterator[ListRecord]:
    """The second pass: the records of the target entities among ``lines``, the lines
    :func:`scan` decoded (``read``, counted from line ``base``) skipped."""
    known = len(read) << 3
    for first, run, ended in lines:
        for index, line in enumerate(run, first - base):
            if index < known and read[index >> 3] & (1 << (index & 7)):
                continue
            try:
                entity = _FAST(line if line.isascii() else line.decode())
            except _REFUSED:
                if not line.strip():
                    continue  # a blank line
                entity = _loose(path, index + base, line, ended)
            # targets, and entities of the screened schemata unless marked as no target
            if entity.target is False or entity.schema not in SCREENED:
                continue
            record = _record(entity, sanctions.get(entity.id, _NO_SANCTION), addresses)
            if type(entity) is LooseEntity:
                _check_text(path, index + base, record)
            yield record


def _check_text(path: Path, number: int, record: ListRecord) -> None:
    """Refuse a record that holds a lone surrogate (``"\\ud800"``: JSON can write one, the
    standard library decodes it, and no database can store it) with a one-line error, rather
    than fail while writing it. Only loosely decoded lines can hold one (msgspec refuses them)."""
    try:
        record_to_json(record).encode()
    except UnicodeEncodeError:
        raise ListFormatError(
            f"{path.name} line {number} holds a lone surrogate (an escape like \\ud800 that is "
            "half of a character): not text"
        ) from None


def _names(props: dict[str, list[str]]) -> list[RecordName]:
    """The entity's names, strongest quality first, each with its family name when one of
    the entity's ``lastName`` values is among its words (or, for a name written without
    spaces, begins it: Hangul and Han names put the family name first, 리원호)."""
    last = props.get("lastName")
    families = [clean_text(v) for v in last] if last else None
    found: list[RecordName] = []
    for quality in NAME_QUALITIES:
        values = props.get(quality)
        if not values:
            continue
        for value in values:
            text = clean_text(value)  # make_name's own cleaning, done once for both
            if not text:
                continue
            family = None
            if families:
                for word in text.split(" "):
                    if word in families:
                        family = word
                        break
                else:
                    if " " not in text:
                        for name in families:
                            if name and value.startswith(name):
                                family = name
                                break
            # make_name's record, built directly: text and family are clean
            found.append(new_name(text, quality, (), family, script_of(text)))  # type: ignore[arg-type]
    return found


def _record(
    entity: Entity, sanction: tuple[list[str], list[str]], addresses: dict[str, str]
) -> ListRecord:
    """The record of one target entity. A million records of OpenSanctions' default
    collection go through here: one pass over the properties the entity has (most have a
    handful of the thirty read here), lists filled in place."""
    props = entity.properties
    identifiers: list[Identifier] = []
    countries: list[str] = []
    births: list[DateRange] = []
    places: list[str] = []
    positions: list[str] = []
    lines: list[str] = []
    notes: list[str] = []
    for prop, values in props.items():
        role = _ROLES.get(prop)
        if role is None or not values:
            continue
        if role == _IDENTIFIER:
            kind = IDENTIFIER_PROPERTIES[prop]
            for value in values:
                found = identifier(kind, value)
                if found is not None:
                    identifiers.append(found)
        elif role == _COUNTRY:
            for value in values:
                code = country_code(value)
                if code:
                    countries.append(code)
        elif role == _BIRTH:
            for value in values:
                birth = date_range(iso_date(value))
                if birth is not None:
                    births.append(birth)
        elif role == _NOTES:
            notes += [clean_text(n) for n in values]
        elif role == _PLACE:
            places += [clean_text(p) for p in values]
        elif role == _POSITION:
            positions += [clean_text(p) for p in values]
        elif role == _ADDRESS:
            lines[:0] = [clean_text(a) for a in values]  # written ones before the entities'
        else:  # _ADDRESS_ENTITY
            lines += [addresses[a] for a in values if a in addresses]
    programmes, dates = sanction
    listed = None  # the earliest listing date: a loop, a third of min() over comprehensions
    for value in dates:
        date = iso_date(value)
        if date and (listed is None or date < listed):
            listed = date
    key = str(entity.id)
    return make_record(
        record_key=key,
        schema=str(entity.schema),
        names=tuple(_names(props)),
        reference=key,
        programmes=tuple([clean_text(p) for p in programmes if p]) if programmes else (),
        listed_on=listed,
        birth_dates=tuple(births),
        birth_places=tuple(places),
        countries=tuple(countries),
        identifiers=tuple(identifiers),
        addresses=tuple([a for a in lines if a]) if lines else (),
        remarks=" ".join(notes) or None,
        positions=tuple(positions),
    )
