"""The content hash of a list record: what tells an amended record from an unchanged one, in
snapshot diffs and for rejected screening pairs (docs/screening.md, "The content hash").

Apart from the parsers' shared cleaning and record building (:mod:`.common`, whose
:func:`~nkcase.screening.parsers.common.make_record` fills the hash in through
:func:`fields_hash`) because it is a stored format, not parsing: its canonical form is
versioned, migration 0012 reads it (``nkcase/store/migrations/versions/0012_content_hash_v2.py``)
and ``tests/screening/test_list_codec.py`` pins its values, so it changes only with a migration.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import sha256

from nkcase.screening.codec import compact_json_bytes
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName


def content_hash(record: ListRecord) -> str:
    """SHA-256 of what the record says, independent of the order the list gives things in.

    Two snapshots that list the same names, dates, documents… in another order, or with other
    whitespace or markup, give the same hash: only a change of content is an amendment.
    """
    r = record
    return fields_hash(
        r.schema,
        r.names,
        r.reference,
        r.programmes,
        r.listed_on,
        r.birth_dates,
        r.birth_places,
        r.countries,
        r.identifiers,
        r.addresses,
        r.remarks,
        r.positions,
    )


def fields_hash(
    schema: str,
    names: tuple[RecordName, ...],
    reference: str | None,
    programmes: tuple[str, ...],
    listed_on: str | None,
    birth_dates: tuple[DateRange, ...],
    birth_places: tuple[str, ...],
    countries: tuple[str, ...],
    identifiers: tuple[Identifier, ...],
    addresses: tuple[str, ...],
    remarks: str | None,
    positions: tuple[str, ...],
) -> str:
    """SHA-256 (hex) of the canonical form, version 2: the compact JSON of the array
    ``[2, schema, names, reference, programmes, listed_on, birth_dates, birth_places,
    countries, identifiers, addresses, remarks, positions]``, exactly
    ``json.dumps(body, ensure_ascii=False, separators=(",", ":"))`` in UTF-8
    (:func:`~nkcase.screening.codec.compact_json_bytes`, which writes it with msgspec).

    Each many-valued field is an array sorted in code point order (Python's order of strings
    and tuples), so that the order a list gives things in does not count: a name is
    ``[full, quality, parts, family, lang]``, a date range ``[start, end]``, an identifier
    ``[kind, value, country, note]``; a missing text is "" (None and "" are the same content,
    as in version 1; it also keeps tuples comparable when sorted). The name's script is left
    out: it is derived from the name.

    Version 1 was the ``repr`` of the same tuple led by 1: the same content gives equal hashes
    in either version, and different content different ones, so the stored hashes were
    carried over by migration 0012 (``nkcase/store/migrations/versions/0012_content_hash_v2.py``).
    Version 2 costs about a third of version 1 (the JSON is written in C by msgspec, where
    ``repr`` of nested tuples walked them through each object's ``__repr__``), and the body
    is built with fewer lists: JSON writes tuples as arrays, so the record's own tuples go in
    as they are, and one or two items are put in order without a sort. Changing any of this
    makes every stored record look amended to the next snapshot: a new version needs a
    migration like 0012. ``tests/screening/test_list_codec.py`` pins the values."""
    if len(names) > 2:
        named: Sequence[object] = sorted(
            [(n.full, n.quality, n.parts, n.family or "", n.lang or "") for n in names]
        )
    elif len(names) == 2:
        a, b = names
        first = (a.full, a.quality, a.parts, a.family or "", a.lang or "")
        second = (b.full, b.quality, b.parts, b.family or "", b.lang or "")
        named = (first, second) if first <= second else (second, first)
    elif names:
        n = names[0]
        named = ((n.full, n.quality, n.parts, n.family or "", n.lang or ""),)
    else:
        named = ()
    if len(birth_dates) > 1:
        born: Sequence[object] = sorted([(d.start, d.end) for d in birth_dates])
    elif birth_dates:
        d = birth_dates[0]
        born = ((d.start, d.end),)
    else:
        born = ()
    if len(identifiers) > 1:
        ids: Sequence[object] = sorted(
            [(i.kind, i.value, i.country or "", i.note or "") for i in identifiers]
        )
    elif identifiers:
        i = identifiers[0]
        ids = ((i.kind, i.value, i.country or "", i.note or ""),)
    else:
        ids = ()
    body = (
        2,
        schema,
        named,
        reference or "",
        sorted(programmes) if len(programmes) > 1 else programmes,
        listed_on or "",
        born,
        sorted(birth_places) if len(birth_places) > 1 else birth_places,
        sorted(countries) if len(countries) > 1 else countries,
        ids,
        sorted(addresses) if len(addresses) > 1 else addresses,
        remarks or "",
        sorted(positions) if len(positions) > 1 else positions,
    )
    return sha256(compact_json_bytes(body)).hexdigest()
