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
# The parsers build records through the functions below instead: each fills a plain slotted
# twin of the class (same slots, so the same memory layout; plain attribute stores) and then
# gives the object its real class, which Python allows between classes of the same layout. The
# result is an ordinary instance of the frozen class (equal, hashed, immutable and pickled as
# one built by its constructor; tests/screening/test_list_records.py checks), four times as
# fast to make.


class _NameDraft:
    __slots__ = RecordName.__slots__

    def __init__(
        self,
        full: str,
        quality: NameQuality,
        parts: tuple[str, ...],
        family: str | None,
        script: str | None,
        lang: str | None,
    ) -> None:
        self.full = full
        self.quality = quality
        self.parts = parts
        self.family = family
        self.script = script
        self.lang = lang


class _DateRangeDraft:
    __slots__ = DateRange.__slots__

    def __init__(self, start: str, end: str) -> None:
        self.start = start
        self.end = end


class _IdentifierDraft:
    __slots__ = Identifier.__slots__

    def __init__(self, kind: str, value: str, country: str | None, note: str | None) -> None:
        self.kind = kind
        self.value = value
        self.country = country
        self.note = note


class _RecordDraft:
    __slots__ = ListRecord.__slots__

    def __init__(
        self,
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
    ) -> None:
        self.record_key = record_key
        self.schema = schema
        self.names = names
        self.reference = reference
        self.programmes = programmes
        self.listed_on = listed_on
        self.birth_dates = birth_dates
        self.birth_places = birth_places
        self.countries = countries
        self.identifiers = identifiers
        self.addresses = addresses
        self.remarks = remarks
        self.content_hash = content_hash
        self.positions = positions


_set = object.__setattr__


def new_name(
    full: str,
    quality: NameQuality,
    parts: tuple[str, ...],
    family: str | None,
    script: str | None,
    lang: str | None = None,
) -> RecordName:
    """``RecordName(full, quality, parts, family, script, lang)``, made faster (see above)."""
    name = _NameDraft(full, quality, parts, family, script, lang)
    _set(name, "__class__", RecordName)
    return name  # type: ignore[return-value]


def new_date_range(start: str, end: str) -> DateRange:
    """``DateRange(start, end)``, made faster (see above): birth dates differ from record to
    record, so most are new ranges."""
    found = _DateRangeDraft(start, end)
    _set(found, "__class__", DateRange)
    return found  # type: ignore[return-value]


def new_identifier(kind: str, value: str, country: str | None, note: str | None) -> Identifier:
    """``Identifier(kind, value, country, note)``, made faster (see above)."""
    found = _IdentifierDraft(kind, value, country, note)
    _set(found, "__class__", Identifier)
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
    record = _RecordDraft(
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
        content_hash,
        positions,
    )
    _set(record, "__class__", ListRecord)
    return record  # type: ignore[return-value]
