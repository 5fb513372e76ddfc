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
    data: dict[str, Any] = {
        "key": record.record_key,
        "schema": record.schema,
        "names": [
            [n.full, n.quality, list(n.parts), n.family, n.script, n.lang] for n in record.names
        ],
        "hash": record.content_hash,
    }
    for name in _SCALARS:
        value = getattr(record, name)
        if value:
            data[name] = value
    for name in _TUPLES:
        values = getattr(record, name)
        if values:
            data[name] = list(values)
    if record.birth_dates:
        data["birth_dates"] = [[d.start, d.end] for d in record.birth_dates]
    if record.identifiers:
        data["identifiers"] = [[i.kind, i.value, i.country, i.note] for i in record.identifiers]
    return data


def record_to_json(record: ListRecord) -> str:
    return _COMPACT.encode(record_to_dict(record))


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
    """A name's parts as stored in ``list_name.parts``."""
    return _COMPACT.encode(list(parts)) if parts else "[]"


def record_from_json(text: str) -> ListRecord:
    return record_from_dict(json.loads(text))
