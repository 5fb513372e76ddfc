"""What every list parser shares: the list's header, cleaned text, countries, dates, identifiers,
and the record built once with its content hash (the hash itself: :mod:`.content_hash`; the
bounded memo of repeated values: :mod:`.memo`).

Parsers keep the list's own spelling of names (whitespace tidied, nothing else): a changed name
is a wrong match. Values the vocabulary cannot read (a country spelled in a way no table knows,
an IMO number with a wrong check digit) are kept as listed rather than dropped, except countries,
which are codes or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from nkcase.errors import IngestError, ValidationError
from nkcase.screening.parsers.content_hash import fields_hash
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
    """The record with repeats dropped and its
    :func:`~nkcase.screening.parsers.content_hash.content_hash` filled in."""
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
    """A :class:`ListRecord` of these fields with repeats dropped and its content hash
    (:func:`~nkcase.screening.parsers.content_hash.fields_hash`) filled in: what every parser
    returns, built once. Called once per record of lists of a
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
    digest = fields_hash(
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
