"""What every list parser shares: the list's header, cleaned text, countries, dates, identifiers,
and the content hash that tells an amended record from an unchanged one.

Parsers keep the list's own spelling of names (whitespace tidied, nothing else): a changed name
is a wrong match. Values the vocabulary cannot read (a country spelled in a way no table knows,
an IMO number with a wrong check digit) are kept as listed rather than dropped, except countries,
which are codes or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from hashlib import sha256

from nkcase.errors import IngestError, ValidationError
from nkcase.screening.codec import compact_json_bytes
from nkcase.screening.records import (
    DateRange,
    Identifier,
    ListRecord,
    RecordName,
    new_date_range,
    new_identifier,
    new_name,
    new_record,
)
from nkcase.vocabulary.countries import clean_country
from nkcase.vocabulary.scripts import detect_script


class ListFormatError(IngestError):
    """A list file that cannot be read as the format it claims (or any format): one line."""


@dataclass(frozen=True, slots=True)
class ListHeader:
    """What a list file says about itself, read before its records.

    ``format`` is the representation ("un", "ofac-advanced", "ofac-classic", "ofac-csv", "eu",
    "ftm"): snapshots are compared record by record only within one representation, since the
    same record reads differently in OFAC's CSV and XML.

    ``list_code`` names the list across snapshots ("un-sc", "ofac-sdn", "eu-fsf", "ftm"), so that
    a newer snapshot is compared with an older one of the same list; ``generated`` is the date
    (ISO, "2026-01-28" or with a time) the publisher generated the file, None when it does not say.
    """

    format: str
    list_code: str
    publisher: str
    title: str
    generated: str | None = None


def clean_text(value: str | None) -> str:
    """Whitespace collapsed and trimmed; None becomes ""."""
    if not value:
        return ""
    if "  " in value or "\n" in value or "\t" in value or "\r" in value or not value.isascii():
        # what a regular expression of whitespace runs would give: str.split() and re's \s
        # know the same whitespace (checked on every code point), and this is faster
        return " ".join(value.split())
    return value.strip()  # the common case


def make_name(
    full: str,
    quality: str = "name",
    *,
    parts: tuple[str, ...] = (),
    family: str | None = None,
    lang: str | None = None,
) -> RecordName | None:
    """A :class:`RecordName` with its script detected; None when ``full`` is empty."""
    full = clean_text(full)
    if not full:
        return None
    if parts:
        parts = tuple([p for p in [clean_text(p) for p in parts] if p])
    return new_name(
        full,
        quality,  # type: ignore[arg-type]  # callers pass FtM name qualities
        parts,
        (clean_text(family) or None) if family else None,
        script_of(full),
        lang or None,
    )


def script_of(text: str) -> str:
    """The dominant script of a name ("Latn", "Hang"…)."""
    if text.isascii():  # most list names: no need to look each letter up
        # an ASCII letter is exactly an ASCII character with a case
        return "Latn" if text.lower() != text.upper() else "Zyyy"
    return _script_of(text)


@lru_cache(maxsize=4096)
def _script_of(text: str) -> str:
    """:func:`detect_script`, cached: lists repeat names. (ASCII names are not cached: most
    are told apart at once, and a cache of a million different names only misses.)"""
    return detect_script(text)


@lru_cache(maxsize=2048)
def country_code(raw: str | None) -> str | None:
    """An ISO code (lower case) for a country as a list spells it, or None when unknown."""
    text = clean_text(raw)
    if not text or text.lower() in {"unknown", "undetermined", "00"}:
        return None
    try:
        return clean_country(text)
    except ValidationError:
        return None


class Memo[K, T](dict[K, T]):
    """The values of a function of one key, kept for the keys a list repeats: ``memo[key]`` is
    ``compute(key)``. For the fields whose few values recur record after record (an alias's
    quality, a document's type, a country, an address): a lookup costs a fifth of cleaning the
    text again (a plain dictionary read in C, where :func:`functools.lru_cache` also moves the
    entry to the front of its order, and the function call itself costs more than the lookup).
    Bounded: once it holds ``limit`` keys, other keys are computed each time, and a key of
    more than :data:`MEMO_KEY_CHARS` characters (a hostile file's megabyte-long "country") is
    never kept, so no file can make it hold more than a few megabytes."""

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[K], T], limit: int = 1024) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> T:
        value = self._compute(key)
        if len(self) < self._limit and _key_chars(key) <= MEMO_KEY_CHARS:
            self[key] = value
        return value


MEMO_KEY_CHARS = 1024
"""The longest key a :class:`Memo` keeps (characters of its texts)."""


def _key_chars(key: object) -> int:
    """The characters of the texts in ``key`` (a text, None, or tuples of them)."""
    if isinstance(key, str):
        return len(key)
    if isinstance(key, tuple):
        return sum(_key_chars(part) for part in key)
    return 0


# "IMO 7937317", "IMO number: 5571322", "(IMO) Number: 1790183", "Company Number IMO 5434358":
# the keyword is required, since remarks are full of other seven-digit numbers.
_IMO = re.compile(r"\bIMO\)?(?:\s+number)?[\s:#.-]*(\d{7})\b", re.IGNORECASE)


def imo_numbers(text: str | None) -> list[str]:
    """Every IMO number written in ``text`` ("Vessel Registration Identification IMO 7937317").

    A text without the keyword's "MO", in any case, holds none: most remarks, which are not
    searched then (the search tries the pattern at every character, 20,000 instructions for an
    EU remark; the four tests cost a tenth). Only M and m match "m" when the case is ignored,
    and only O and o match "o" (unlike "i", matched by "İ" and "ı" too):
    ``tests/screening/test_list_parsers.py`` checks it on every code point."""
    if not text or (
        "mo" not in text and "MO" not in text and "Mo" not in text and "mO" not in text
    ):
        return []
    return [f"IMO{digits}" for digits in _IMO.findall(text)]


# compiled once: re's module functions look the pattern up in its cache in Python each call
_IMO_PREFIX = re.compile(r"^IMO[:#.-]*")
_SEVEN_DIGITS = re.compile(r"\d{7}")


def identifier(
    kind: str, raw: str | None, *, country: str | None = None, note: str | None = None
) -> Identifier | None:
    """An :class:`Identifier` with its value normalised: upper case, no spaces; IMO numbers as
    "IMO1234567". Values are kept as listed, never corrected: company IMO numbers do not follow
    the ships' check digit, and a list's typo is still what the list says."""
    value = clean_text(raw)
    if not value:
        return None
    value = value.upper().replace(" ", "")
    if kind == "imo":
        digits = _IMO_PREFIX.sub("", value)
        if _SEVEN_DIGITS.fullmatch(digits):
            value = f"IMO{digits}"
    return new_identifier(kind, value, country, (clean_text(note) or None) if note else None)


def single_date(
    year: str | int | None, month: str | int | None = None, day: str | int | None = None
) -> str | None:
    """ "1964", "1964-03" or "1964-03-02" from parts; None when the year is missing or absurd.

    A year alone written as four ASCII digits from 1000 to 2999 is returned as it is: what the
    general parse gives for it, without the conversions and the formatting (UN dates of birth
    are often years, or BETWEEN two years: about 1,900 instructions less a year)."""
    if (
        month is None
        and day is None
        and isinstance(year, str)
        and len(year) == 4
        and year.isascii()
        and year.isdigit()
        and year[0] in "12"
    ):
        return year
    try:
        y = int(str(year).strip()) if year not in (None, "") else None
        m = int(str(month).strip()) if month not in (None, "") else None
        d = int(str(day).strip()) if day not in (None, "") else None
    except ValueError:
        return None
    if y is None or not 1000 <= y <= 2999:
        return None
    if m is None or not 1 <= m <= 12:
        return f"{y:04d}"
    if d is None or not 1 <= d <= 31:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_ISO_DAY = re.compile(r"[12]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])", re.ASCII)
"""A day already written as :func:`iso_date` writes it: what it gives is then the text's first
ten characters."""


@lru_cache(maxsize=8192)
def iso_date(text: str | None) -> str | None:
    """The ISO date prefix of ``text`` ("2016-11-30", "1964-07-17T00:00:00") or None
    (cached: listing dates and birth dates repeat across a list).

    A text that begins with a valid ISO day (:data:`_ISO_DAY`: ASCII digits, year 1000–2999,
    month 01–12, day 01–31, as :func:`single_date` accepts them) is that day, cut out by one
    match: most lists write their dates so, and birth dates differ from record to record, so
    the cache misses for most of them; the parse and the three formatted numbers of the general
    case cost five times as much (25,000 instructions a date)."""
    if text:
        day = _ISO_DAY.match(text)
        if day is not None:
            return day.group()
    match = _ISO_DATE.match(clean_text(text))
    return single_date(*match.groups()) if match else None


def date_range(start: str | None, end: str | None = None) -> DateRange | None:
    """The range from ``start`` to ``end`` (``start`` alone: that date); None without a start.
    Not cached: a range is built faster than a cache of a list's birth dates, which are mostly
    different from record to record, misses (4,900 instructions a new range cached, 2,900
    uncached)."""
    if not start:
        return None
    return new_date_range(start, end or start)


def unique[T](items: list[T] | tuple[T, ...]) -> tuple[T, ...]:
    """Items in their first order, repeats dropped (lists repeat addresses and documents)."""
    return tuple(dict.fromkeys(items)) if len(items) > 1 else tuple(items)


_FIELDS = tuple(f.name for f in fields(ListRecord))


def finish(record: ListRecord) -> ListRecord:
    """The record with repeats dropped and its :func:`content_hash` filled in."""
    return make_record(
        **{name: getattr(record, name) for name in _FIELDS if name != "content_hash"}
    )


def make_record(
    *,
    record_key: str,
    schema: str,
    names: tuple[RecordName, ...],
    reference: str | None = None,
    programmes: tuple[str, ...] = (),
    listed_on: str | None = None,
    birth_dates: tuple[DateRange, ...] = (),
    birth_places: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    identifiers: tuple[Identifier, ...] = (),
    addresses: tuple[str, ...] = (),
    remarks: str | None = None,
    positions: tuple[str, ...] = (),
) -> ListRecord:
    """A :class:`ListRecord` of these fields with repeats dropped and its :func:`content_hash`
    filled in: what every parser returns, built once. Called once per record of lists of a
    million, so the fields are named (no dictionary of defaults to fill) and the record is
    built positionally."""
    # unique() written out: nine calls a record add up over a million records
    if len(names) > 1 and len({n.full for n in names}) < len(names):
        # hashing a name runs the dataclass's __hash__ in Python: only when two names share
        # their text can two be the same
        names = tuple(dict.fromkeys(names))
    else:
        names = tuple(names)
    programmes = tuple(dict.fromkeys(programmes)) if len(programmes) > 1 else tuple(programmes)
    birth_dates = tuple(dict.fromkeys(birth_dates)) if len(birth_dates) > 1 else tuple(birth_dates)
    birth_places = (
        tuple(dict.fromkeys(birth_places)) if len(birth_places) > 1 else tuple(birth_places)
    )
    countries = tuple(dict.fromkeys(countries)) if len(countries) > 1 else tuple(countries)
    identifiers = tuple(dict.fromkeys(identifiers)) if len(identifiers) > 1 else tuple(identifiers)
    addresses = tuple(dict.fromkeys(addresses)) if len(addresses) > 1 else tuple(addresses)
    positions = tuple(dict.fromkeys(positions)) if len(positions) > 1 else tuple(positions)
    digest = _hash(
        schema,
        names,
        reference,
        programmes,
        listed_on,
        birth_dates,
        birth_places,
        countries,
        identifiers,
        addresses,
        remarks,
        positions,
    )
    return new_record(
        record_key,
        schema,
        names,
        reference,
        programmes,
        listed_on,
        birth_dates,
        birth_places,
        countries,
        identifiers,
        addresses,
        remarks,
        digest,
        positions,
    )


def content_hash(record: ListRecord) -> str:
    """SHA-256 of what the record says, independent of the order the list gives things in.

    Two snapshots that list the same names, dates, documents… in another order, or with other
    whitespace or markup, give the same hash: only a change of content is an amendment.
    """
    r = record
    return _hash(
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


def _hash(
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
