"""The stored forms of list records are the JSON encoder's text, whatever the values hold.

``record_to_json`` and ``parts_to_json`` write the text with msgspec for speed (issue 13) and
fall back to the encoder for what msgspec cannot write (a lone surrogate); ``clean_text``
collapses whitespace with ``str.split``. Stored rows must not change with either, so they are
compared here with the encoder and the regular expression they replace, on values full of
quotes, backslashes, control characters, DEL, line and paragraph separators, lone surrogates,
non-ASCII spaces and other scripts. The content hash's canonical form (compact JSON, version 2)
is the encoder's text too, and is pinned on records by their exact hash values.
"""

from __future__ import annotations

import json
import random
import re
from hashlib import sha256

from hypothesis import given, settings
from hypothesis import strategies as st

from nkcase.screening.codec import parts_to_json, record_to_json
from nkcase.screening.parsers.common import clean_text, make_record
from nkcase.screening.parsers.content_hash import content_hash
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


PINNED = make_record(
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


def test_content_hash_is_pinned() -> None:
    """Version 2 of the canonical form, the compact JSON of the sorted content (version 1 was
    its ``repr``, pinned here until the JSON replaced it: a third of the cost, issue 13). The
    values are fixed: a change would make every stored record look amended to the next
    snapshot and reopen every rejected pair, unless a migration like 0012 re-hashes the
    stored records and candidates."""
    body = (
        '[2,"Person",[["RI WON HO","name",["RI","WON HO"],"RI",""],["리원호","alias",[],"리",""]],'
        '"KPi.033",["1718","DPRK"],"2016-11-30",[["1964","1964"]],[],["kp"],'
        '[["passport","381420754","kp",""]],[],"Ri\'s \\"note\\"\\n",[]]'
    )
    assert sha256(body.encode()).hexdigest() == PINNED.content_hash
    assert PINNED.content_hash == "9e0d0c526afbc7d9a258a08ab3f37004d4fd0dcd6bb910dea8afb8ad92d963f0"
    # a lone surrogate (UTF-8 cannot hold it: written as surrogatepass does), and no names
    odd = make_record(record_key="x", schema="Vessel", names=(RecordName("SEA\ud800STAR", "name"),))
    assert odd.content_hash == "59a1147fe161f5d7a42b116022e4aa358de5fcbe48d9e14e8d3639caa25c310c"
    empty = make_record(record_key="x", schema="Vessel", names=())
    assert empty.content_hash == "b57b895821b6cb9343b8f091fdce6b431cb25dc331b60d789262c04af162f534"


def canonical(record: ListRecord) -> bytes:
    """Version 2's canonical form as its definition says, with the standard library."""
    body = [
        2,
        record.schema,
        sorted([n.full, n.quality, list(n.parts), n.family or "", n.lang or ""]
               for n in record.names),
        record.reference or "",
        sorted(record.programmes),
        record.listed_on or "",
        sorted([d.start, d.end] for d in record.birth_dates),
        sorted(record.birth_places),
        sorted(record.countries),
        sorted([i.kind, i.value, i.country or "", i.note or ""] for i in record.identifiers),
        sorted(record.addresses),
        record.remarks or "",
        sorted(record.positions),
    ]
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=200, deadline=None)
@given(RECORDS, st.randoms(use_true_random=False))
def test_content_hash_is_the_sha256_of_the_encoders_text_in_any_order(
    record: ListRecord, rng: random.Random
) -> None:
    assert content_hash(record) == sha256(canonical(record)).hexdigest()

    def shuffled[T](items: tuple[T, ...]) -> tuple[T, ...]:
        return tuple(rng.sample(items, len(items)))

    reordered = ListRecord(
        record.record_key, record.schema, shuffled(record.names), record.reference,
        shuffled(record.programmes), record.listed_on, shuffled(record.birth_dates),
        shuffled(record.birth_places), shuffled(record.countries), shuffled(record.identifiers),
        shuffled(record.addresses), record.remarks, positions=shuffled(record.positions),
    )
    assert content_hash(reordered) == content_hash(record)
