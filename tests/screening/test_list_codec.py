"""The stored forms of list records are the JSON encoder's text, whatever the values hold.

``record_to_json`` and ``parts_to_json`` write the text with msgspec for speed (issue 13) and
fall back to the encoder for what msgspec cannot write (a lone surrogate); ``clean_text``
collapses whitespace with ``str.split``. Stored rows must not change with either, so they are
compared here with the encoder and the regular expression they replace, on values full of
quotes, backslashes, control characters, DEL, line and paragraph separators, lone surrogates,
non-ASCII spaces and other scripts. The content hash's canonical form (``repr``, version 1) is
pinned on one record.
"""

from __future__ import annotations

import json
import re
from hashlib import sha256

from hypothesis import given, settings
from hypothesis import strategies as st

from nkcase.screening.codec import parts_to_json, record_to_json
from nkcase.screening.parsers.common import clean_text, make_record
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName

ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
AWKWARD = st.sampled_from(
    ["a", "Z", " ", "  ", '"', "\\", "\x00", "\x1f", "\x7f", "\n", "\t", "\xa0", "\u2028",
     "\u3000", "리", "é", "'", "}", ",", "[", "/", "\ud7a3", "\ud800", "\udfff", "\u2029",
     "\U0001f600", "\x85"]
)  # fmt: skip
TEXT = st.lists(AWKWARD, max_size=5).map("".join)
OPTIONAL = st.none() | TEXT
TEXTS = st.lists(TEXT, max_size=3).map(tuple)


def encoded(record: ListRecord) -> str:
    """The JSON the encoder gives for the stored dictionary of ``record`` (codec's layout)."""
    data: dict[str, object] = {
        "key": record.record_key,
        "schema": record.schema,
        "names": [
            [n.full, n.quality, list(n.parts), n.family, n.script, n.lang] for n in record.names
        ],
        "hash": record.content_hash,
    }
    for name in ("reference", "listed_on", "remarks"):
        if getattr(record, name):
            data[name] = getattr(record, name)
    for name in ("programmes", "birth_places", "countries", "addresses", "positions"):
        if getattr(record, name):
            data[name] = list(getattr(record, name))
    if record.birth_dates:
        data["birth_dates"] = [[d.start, d.end] for d in record.birth_dates]
    if record.identifiers:
        data["identifiers"] = [[i.kind, i.value, i.country, i.note] for i in record.identifiers]
    return ENCODER.encode(data)


NAMES = st.builds(RecordName, TEXT, TEXT, TEXTS, OPTIONAL, OPTIONAL, OPTIONAL)
RECORDS = st.builds(
    ListRecord,
    record_key=TEXT,
    schema=TEXT,
    names=st.lists(NAMES, max_size=3).map(tuple),
    reference=OPTIONAL,
    programmes=TEXTS,
    listed_on=OPTIONAL,
    birth_dates=st.lists(st.builds(DateRange, TEXT, TEXT), max_size=2).map(tuple),
    birth_places=TEXTS,
    countries=TEXTS,
    identifiers=st.lists(st.builds(Identifier, TEXT, TEXT, OPTIONAL, OPTIONAL), max_size=2).map(
        tuple
    ),
    addresses=TEXTS,
    remarks=OPTIONAL,
    content_hash=TEXT,
    positions=TEXTS,
)


@settings(max_examples=200, deadline=None)
@given(RECORDS)
def test_record_json_is_the_encoders_text(record: ListRecord) -> None:
    assert record_to_json(record) == encoded(record)


def test_record_json_of_plain_values_and_of_values_that_are_not_text() -> None:
    record = ListRecord(
        "7000000",
        "Person",
        (RecordName("RI WON HO", "name", ("RI", "WON HO"), "RI", "Latn"),),
        reference="KPi.033",
        birth_dates=(DateRange("1964", "1964"),),
        identifiers=(Identifier("passport", "381420754", "kp"),),
        content_hash="ab",
    )
    assert record_to_json(record) == encoded(record)
    broken = ListRecord("k", "Person", (RecordName(None, "name"),))  # type: ignore[arg-type]
    assert record_to_json(broken) == encoded(broken)


@given(TEXTS)
def test_name_parts_json_is_the_encoders_text(parts: tuple[str, ...]) -> None:
    assert parts_to_json(parts) == (ENCODER.encode(list(parts)) if parts else "[]")


@given(st.none() | TEXT)
def test_clean_text_collapses_whitespace_as_the_regular_expression_did(value: str | None) -> None:
    expected = re.sub(r"\s+", " ", value).strip() if value else ""
    if value and value.isascii() and not re.search(r"  |[\n\t\r]", value):
        expected = value.strip()  # plain ASCII keeps its other control characters, as before
    assert clean_text(value) == expected


def test_content_hash_is_pinned() -> None:
    """Version 1 of the canonical form: a change would make every stored record look amended."""
    record = make_record(
        record_key="7000000",
        schema="Person",
        names=(
            RecordName("RI WON HO", "name", ("RI", "WON HO"), "RI", "Latn"),
            RecordName("리원호", "alias", (), "리", "Hang"),
        ),
        reference="KPi.033",
        programmes=("DPRK", "1718"),
        listed_on="2016-11-30",
        birth_dates=(DateRange("1964", "1964"),),
        countries=("kp",),
        identifiers=(Identifier("passport", "381420754", "kp"),),
        remarks='Ri\'s "note"\n',
    )
    body = (
        "(1, 'Person', [('RI WON HO', 'name', ('RI', 'WON HO'), 'RI', ''), "
        "('리원호', 'alias', (), '리', '')], 'KPi.033', ['1718', 'DPRK'], '2016-11-30', "
        "[('1964', '1964')], [], ['kp'], [('passport', '381420754', 'kp', '')], [], "
        "'Ri\\'s \"note\"\\n', [])"
    )
    assert record.content_hash == sha256(body.encode()).hexdigest()
