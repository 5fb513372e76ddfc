"""What a sanctions list record is, once parsed: the contract between list parsers and matching.

Every list format (UN SC consolidated XML, OFAC advanced XML and legacy CSV, EU consolidated
XML, OpenSanctions FollowTheMoney lines) is parsed into :class:`ListRecord`; the matcher, the
blocking index, screening and the dossier read only these records, never a format's own
structure. The words are FollowTheMoney's: ``schema`` is an FtM schema name (Person,
Organization, LegalEntity, Company, Vessel…), name qualities are FtM's name properties.

Records are immutable values: a newer snapshot of a list is compared with an older one record
by record (same ``record_key``) to report what was added, removed or amended.
"""

from __future__ import annotations

from dataclasses import dataclass

from nkcase.vocabulary.names import NameProperty

NameQuality = NameProperty
"""FtM's name properties, strongest first (:mod:`nkcase.vocabulary.names`). UN QUALITY "Good"
→ alias, "Low" → weakAlias; EU ``strong="false"`` → weakAlias; OFAC "weak" AKAs → weakAlias."""


@dataclass(frozen=True, slots=True)
class RecordName:
    """One name of a record, exactly as listed.

    ``full`` is the whole name as the list spells it. ``parts`` keeps the list's own parts in the
    list's order when the format has them (UN FIRST_NAME…FOURTH_NAME; for DPRK records the family
    name comes first), and is empty when it does not. ``family`` is the family name when the
    format says which part it is (EU lastName, OFAC "Last Name"), else None. ``script`` is
    "Latn", "Hang", "Hani", "Cyrl"… (the dominant script of ``full``), ``lang`` an ISO 639 code
    when the list gives one.
    """

    full: str
    quality: NameQuality = "name"
    parts: tuple[str, ...] = ()
    family: str | None = None
    script: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date or a range of dates as listed: "1964", "1964-03", "1964-03-02", or BETWEEN
    ``start`` and ``end`` (UN "BETWEEN 1960 AND 1962"). ISO prefixes, like FtM dates; for a
    single date ``start == end``."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier: ``kind`` is one of "imo", "passport", "national_id", "registration",
    "call_sign", "mmsi", "tax_id", "swift", "other"; ``value`` normalised (IMO as "IMO1234567",
    upper case, no spaces); ``country`` a lowercase ISO 3166 code when known."""

    kind: str
    value: str
    country: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ListRecord:
    """One designated person, entity or vessel of one list snapshot.

    ``record_key`` is stable across snapshots of the same list (UN DATAID, OFAC uid, EU logicalId,
    FtM id). ``reference`` is what the list calls it in public (UN "KPi.033", OFAC uid, EU
    reference); ``programmes`` the sanctions programmes ("DPRK", "DPRK3", "1718"…);
    ``countries`` lowercase ISO 3166 codes of nationality/citizenship/registration/flag.
    ``positions`` the roles the list gives (UN DESIGNATION, EU function, FtM position).
    ``content_hash`` is a SHA-256 of the record's normalised content, so that an amended record
    is told from an unchanged one between snapshots.
    """

    record_key: str
    schema: str
    names: tuple[RecordName, ...]
    reference: str | None = None
    programmes: tuple[str, ...] = ()
    listed_on: str | None = None
    birth_dates: tuple[DateRange, ...] = ()
    birth_places: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[str, ...] = ()
    remarks: str | None = None
    content_hash: str = ""
    positions: tuple[str, ...] = ()

    @property
    def primary_name(self) -> str:
        """The name shown first: the first of quality "name", else the first name at all."""
        for name in self.names:
            if name.quality == "name":
                return name.full
        return self.names[0].full if self.names else self.record_key


# -- built in bulk ---------------------------------------------------------------------------------
# A frozen dataclass sets each field through ``object.__setattr__`` in its ``__init__``: 3 µs for
# a ListRecord, most of a record's construction when a list of a million records is imported.
# The parsers build records through the functions below instead: each makes a bare instance of
# a plain slotted twin of the class (same slots, so the same memory layout), stores the fields
# as plain slot stores and then gives the object its real class, which Python allows between
# classes of the same layout. The result is an ordinary instance of the frozen class (equal,
# hashed, immutable and pickled as one built by its constructor; tests/screening/
# test_ftm_decoding.py checks), four times as fast to make. The twins have no ``__init__`` (a
# Python ``__init__`` reached through ``type.__call__`` was a third of a name's 5,100
# instructions), and the class is given by an attribute store on the twin, which has no
# ``__setattr__`` of its own, rather than by calling ``object.__setattr__`` (another fifth):
# 3,100 instructions a name.


class _NameDraft:
    __slots__ = RecordName.__slots__
    full: str
    quality: NameQuality
    parts: tuple[str, ...]
    family: str | None
    script: str | None
    lang: str | None


class _DateRangeDraft:
    __slots__ = DateRange.__slots__
    start: str
    end: str


class _IdentifierDraft:
    __slots__ = Identifier.__slots__
    kind: str
    value: str
    country: str | None
    note: str | None


class _RecordDraft:
    __slots__ = ListRecord.__slots__
    record_key: str
    schema: str
    names: tuple[RecordName, ...]
    reference: str | None
    programmes: tuple[str, ...]
    listed_on: str | None
    birth_dates: tuple[DateRange, ...]
    birth_places: tuple[str, ...]
    countries: tuple[str, ...]
    identifiers: tuple[Identifier, ...]
    addresses: tuple[str, ...]
    remarks: str | None
    content_hash: str
    positions: tuple[str, ...]


_bare = object.__new__


def new_name(
    full: str,
    quality: NameQuality,
    parts: tuple[str, ...],
    family: str | None,
    script: str | None,
    lang: str | None = None,
) -> RecordName:
    """``RecordName(full, quality, parts, family, script, lang)``, made faster (see above)."""
    name = _bare(_NameDraft)
    name.full = full
    name.quality = quality
    name.parts = parts
    name.family = family
    name.script = script
    name.lang = lang
    name.__class__ = RecordName  # type: ignore[assignment]
    return name  # type: ignore[return-value]


def new_date_range(start: str, end: str) -> DateRange:
    """``DateRange(start, end)``, made faster (see above): birth dates differ from record to
    record, so most are new ranges."""
    found = _bare(_DateRangeDraft)
    found.start = start
    found.end = end
    found.__class__ = DateRange  # type: ignore[assignment]
    return found  # type: ignore[return-value]


def new_identifier(kind: str, value: str, country: str | None, note: str | None) -> Identifier:
    """``Identifier(kind, value, country, note)``, made faster (see above)."""
    found = _bare(_IdentifierDraft)
    found.kind = kind
    found.value = value
    found.country = country
    found.note = note
    found.__class__ = Identifier  # type: ignore[assignment]
    return found  # type: ignore[return-value]


def new_record(
    record_key: str,
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
    content_hash: str,
    positions: tuple[str, ...],
) -> ListRecord:
    """``ListRecord(...)`` of every field in order, made faster (see above)."""
    record = _bare(_RecordDraft)
    record.record_key = record_key
    record.schema = schema
    record.names = names
    record.reference = reference
    record.programmes = programmes
    record.listed_on = listed_on
    record.birth_dates = birth_dates
    record.birth_places = birth_places
    record.countries = countries
    record.identifiers = identifiers
    record.addresses = addresses
    record.remarks = remarks
    record.content_hash = content_hash
    record.positions = positions
    record.__class__ = ListRecord  # type: ignore[assignment]
    return record  # type: ignore[return-value]
