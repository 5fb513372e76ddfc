"""ListRecord ↔ JSON, as stored in ``list_record.data``.

Compact: empty fields are left out, names and identifiers are short arrays rather than objects
(a large list holds hundreds of thousands of records). :func:`record_from_json` gives back an
equal :class:`ListRecord`.
"""

from __future__ import annotations

import json
from typing import Any

from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_TUPLES = ("programmes", "birth_places", "countries", "addresses", "positions")
_SCALARS = ("reference", "listed_on", "remarks")


def record_to_dict(record: ListRecord) -> dict[str, Any]:
    """The record as stored: fields in a fixed order, empty ones left out. Called once per
    record of every imported list, so the fields are written out rather than looked up."""
    r = record
    data: dict[str, Any] = {
        "key": r.record_key,
        "schema": r.schema,
        "names": [[n.full, n.quality, list(n.parts), n.family, n.script, n.lang] for n in r.names],
        "hash": r.content_hash,
    }
    if r.reference:
        data["reference"] = r.reference
    if r.listed_on:
        data["listed_on"] = r.listed_on
    if r.remarks:
        data["remarks"] = r.remarks
    if r.programmes:
        data["programmes"] = list(r.programmes)
    if r.birth_places:
        data["birth_places"] = list(r.birth_places)
    if r.countries:
        data["countries"] = list(r.countries)
    if r.addresses:
        data["addresses"] = list(r.addresses)
    if r.positions:
        data["positions"] = list(r.positions)
    if r.birth_dates:
        data["birth_dates"] = [[d.start, d.end] for d in r.birth_dates]
    if r.identifiers:
        data["identifiers"] = [[i.kind, i.value, i.country, i.note] for i in r.identifiers]
    return data


def record_to_json(record: ListRecord) -> str:
    """:func:`record_to_dict` as compact JSON, the very text the encoder gives.

    Written once per record of every imported list, where the encoder cost more than reading
    the record: so the text is joined directly, counting the quotes it should hold, and the
    encoder is used only when a value needs escaping (it holds a quote, which makes the count
    differ, a backslash or a control character) or is not text."""
    try:
        text, quotes = _joined(record)
    except TypeError:  # a value that is not text (None where text belongs)
        return _COMPACT.encode(record_to_dict(record))
    # a quote in a value makes more quotes than counted; a backslash or a control character
    # (not printable) needs escaping too
    if text.count('"') != quotes or "\\" in text or not text.isprintable():
        return _COMPACT.encode(record_to_dict(record))
    return text


def _joined(record: ListRecord) -> tuple[str, int]:
    """The record's JSON, its values written without escaping, and the number of quotes it
    has when no value holds one. Values are joined with ``+`` and ``str.join``, which raise
    TypeError for anything but text (an f-string would write None as "None")."""
    r = record
    names = []
    quotes = 14  # "key", "schema", "names", "hash" and the values of the first two and last
    for n in r.names:
        parts, family, script, lang = n.parts, n.family, n.script, n.lang
        names.append(
            '["'
            + n.full
            + '","'
            + n.quality
            + '",'
            + _array(parts)
            + (",null," if family is None else ',"' + family + '",')
            + ("null," if script is None else '"' + script + '",')
            + ("null]" if lang is None else '"' + lang + '"]')
        )
        quotes += (
            4
            + 2 * len(parts)
            + (family is not None) * 2
            + (script is not None) * 2
            + (lang is not None) * 2
        )
    text = (
        '{"key":"'
        + r.record_key
        + '","schema":"'
        + r.schema
        + '","names":['
        + ",".join(names)
        + '],"hash":"'
        + r.content_hash
        + '"'
    )
    more = []
    for field in _TEXT_FIELDS:  # in this order: the stored JSON's key order
        value = getattr(r, field)
        if value:
            more.append(',"' + field + '":"' + value + '"')
            quotes += 4
    for field in _LIST_FIELDS:
        values = getattr(r, field)
        if values:
            more.append(',"' + field + '":' + _array(values))
            quotes += 2 + 2 * len(values)
    if r.birth_dates:
        dates = ",".join(['["' + d.start + '","' + d.end + '"]' for d in r.birth_dates])
        more.append(f',"birth_dates":[{dates}]')
        quotes += 2 + 4 * len(r.birth_dates)
    if r.identifiers:
        found = []
        for i in r.identifiers:
            country, note = i.country, i.note
            found.append(
                '["'
                + i.kind
                + '","'
                + i.value
                + ('",null,' if country is None else '","' + country + '",')
                + ("null]" if note is None else '"' + note + '"]')
            )
            quotes += 4 + (country is not None) * 2 + (note is not None) * 2
        more.append(f',"identifiers":[{",".join(found)}]')
        quotes += 2
    return f"{text}{''.join(more)}}}", quotes


#: The record's optional text and list fields, in the order the stored JSON has them.
_TEXT_FIELDS = ("reference", "listed_on", "remarks")
_LIST_FIELDS = ("programmes", "birth_places", "countries", "addresses", "positions")


def _array(values: tuple[str, ...]) -> str:
    """Strings as a JSON array, written without escaping (see :func:`_joined`)."""
    if not values:
        return "[]"
    return '["' + '","'.join(values) + '"]'


def record_from_dict(data: dict[str, Any]) -> ListRecord:
    optional: dict[str, Any] = {name: data.get(name) for name in _SCALARS}
    optional.update((name, tuple(data.get(name, ()))) for name in _TUPLES)
    return ListRecord(
        record_key=data["key"],
        schema=data["schema"],
        names=tuple(
            RecordName(full, quality, tuple(parts), family, script, lang)
            for full, quality, parts, family, script, lang in data["names"]
        ),
        birth_dates=tuple(DateRange(s, e) for s, e in data.get("birth_dates", ())),
        identifiers=tuple(Identifier(*i) for i in data.get("identifiers", ())),
        content_hash=data.get("hash", ""),
        **optional,
    )


def parts_to_json(parts: tuple[str, ...]) -> str:
    """A name's parts as stored in ``list_name.parts``. Called for every name of an imported
    list: parts that JSON writes as they are (no quote, backslash or control character) are
    joined directly, the same text the encoder would give."""
    if not parts:
        return "[]"
    text = '","'.join(parts)
    # no quote, backslash or control character (not printable): JSON writes it as it is
    if '"' not in text and "\\" not in text and text.isprintable():
        return '["' + text + '"]'
    return _COMPACT.encode(list(parts))


def record_from_json(text: str) -> ListRecord:
    return record_from_dict(json.loads(text))
