"""ListRecord ↔ JSON, as stored in ``list_record.data``.

Compact: empty fields are left out, names and identifiers are short arrays rather than objects
(a large list holds hundreds of thousands of records). :func:`record_from_json` gives back an
equal :class:`ListRecord`.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from nkcase.screening.records import DateRange, Identifier, ListRecord, new_name, new_record

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_ENCODE = msgspec.json.Encoder().encode


def record_to_dict(record: ListRecord) -> dict[str, Any]:
    """The record as stored: fields in a fixed order, empty ones left out, arrays as tuples
    (the record's own, not copied: JSON writes both as arrays). Called once per record of every
    imported list, so the fields are written out rather than looked up."""
    r = record
    data: dict[str, Any] = {
        "key": r.record_key,
        "schema": r.schema,
        "names": [(n.full, n.quality, n.parts, n.family, n.script, n.lang) for n in r.names],
        "hash": r.content_hash,
    }
    if r.reference:
        data["reference"] = r.reference
    if r.listed_on:
        data["listed_on"] = r.listed_on
    if r.remarks:
        data["remarks"] = r.remarks
    if r.programmes:
        data["programmes"] = r.programmes
    if r.birth_places:
        data["birth_places"] = r.birth_places
    if r.countries:
        data["countries"] = r.countries
    if r.addresses:
        data["addresses"] = r.addresses
    if r.positions:
        data["positions"] = r.positions
    if r.birth_dates:
        data["birth_dates"] = [(d.start, d.end) for d in r.birth_dates]
    if r.identifiers:
        data["identifiers"] = [(i.kind, i.value, i.country, i.note) for i in r.identifiers]
    return data


class _Stored(msgspec.Struct, omit_defaults=True, gc=False):
    """:func:`record_to_dict`'s dictionary as msgspec writes it fastest: its keys in its order
    (written once, in C, not looked up and escaped for each record), a field left out when it
    holds its default, as the dictionary leaves out an empty field: a record's empty tuples
    are all the one empty tuple, and :func:`record_to_json` gives None for an empty text.
    Values are not checked (msgspec checks types only when it decodes)."""

    key: str
    schema: str
    names: list[tuple[Any, ...]]
    hash: str
    reference: str | None = None
    listed_on: str | None = None
    remarks: str | None = None
    programmes: tuple[str, ...] = ()
    birth_places: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    birth_dates: list[tuple[str, str]] | tuple[()] = ()
    identifiers: list[tuple[Any, ...]] | tuple[()] = ()


def record_to_json(record: ListRecord) -> str:
    """:func:`record_to_dict` as compact JSON, the very text the standard library's encoder
    gives (:data:`_COMPACT`), written by msgspec: a record holds text and None, which msgspec
    writes as that encoder does (same escapes: quotes, backslashes and control characters
    only), three times as fast, and from a :class:`_Stored` rather than the dictionary (half
    the instructions of building and writing the dictionary). msgspec cannot write a lone
    surrogate (it writes UTF-8), which the standard library's encoder writes as it is: such a
    record goes to that encoder."""
    r = record
    try:
        return _ENCODE(
            _Stored(
                r.record_key,
                r.schema,
                [(n.full, n.quality, n.parts, n.family, n.script, n.lang) for n in r.names],
                r.content_hash,
                r.reference or None,
                r.listed_on or None,
                r.remarks or None,
                r.programmes,
                r.birth_places,
                r.countries,
                r.addresses,
                r.positions,
                [(d.start, d.end) for d in r.birth_dates] if r.birth_dates else (),
                [(i.kind, i.value, i.country, i.note) for i in r.identifiers]
                if r.identifiers
                else (),
            )
        ).decode()
    except UnicodeEncodeError:
        return _COMPACT.encode(record_to_dict(record))


def record_from_dict(data: dict[str, Any]) -> ListRecord:
    """The record of :func:`record_to_dict`'s dictionary, built by the records' fast
    constructors (``new_record``, ``new_name``: a record of a snapshot is read back for every
    screening hit, diff and the re-hashing of migration 0012, a million of them for a large
    list)."""
    get = data.get
    return new_record(
        data["key"],
        data["schema"],
        tuple(
            [
                new_name(full, quality, tuple(parts), family, script, lang)
                for full, quality, parts, family, script, lang in data["names"]
            ]
        ),
        get("reference"),
        tuple(get("programmes", ())),
        get("listed_on"),
        tuple([DateRange(s, e) for s, e in get("birth_dates", ())]),
        tuple(get("birth_places", ())),
        tuple(get("countries", ())),
        tuple([Identifier(*i) for i in get("identifiers", ())]),
        tuple(get("addresses", ())),
        get("remarks"),
        get("hash", ""),
        tuple(get("positions", ())),
    )


def parts_to_json(parts: tuple[str, ...]) -> str:
    """A name's parts as stored in ``list_name.parts``: the standard library's JSON, written
    by msgspec as in :func:`record_to_json`."""
    if not parts:
        return "[]"
    try:
        return _ENCODE(parts).decode()
    except UnicodeEncodeError:
        return _COMPACT.encode(parts)


def record_from_json(text: str) -> ListRecord:
    return record_from_dict(json.loads(text))


def compact_json_bytes(value: Any) -> bytes:
    """``value`` (text, None, numbers, lists and tuples of them) as the standard library's
    compact JSON (:data:`_COMPACT`: ``json.dumps(value, ensure_ascii=False, separators=(",",
    ":"))``) in UTF-8, written by msgspec as in :func:`record_to_json`. A lone surrogate, which
    UTF-8 cannot hold, goes to that encoder and is kept as ``surrogatepass`` writes it (the
    canonical form of the content hash, version 2, is this text)."""
    try:
        return _ENCODE(value)
    except UnicodeEncodeError:
        return _COMPACT.encode(value).encode("utf-8", "surrogatepass")
