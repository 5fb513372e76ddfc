"""The score of a screened subject against one list record, built from named features.

After nomenklatura's logic-v2: the score is the best of the *main* features (the names; an
identifier such as an IMO number matched exactly), then *qualifiers* move it: a year of birth
that differs, nationalities that do not meet, a schema that cannot be the same thing (a
Vessel is not a Person), a different IMO number. Agreeing dates and nationalities are shown
but add nothing: a decoy with the right birth year must not be lifted over the threshold.

A weak alias counts less than a name (the list itself doubts it), a previous name a little less.
"""

from __future__ import annotations

from dataclasses import dataclass

from nkcase.screening.matching.compare import NameComparison, compare_names
from nkcase.screening.matching.features import DIFFERENT, EQUAL, SIMILAR, Feature, explain
from nkcase.screening.matching.names import prepare_name
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName

#: Candidates at or above this score are shown for review.
DEFAULT_THRESHOLD = 0.8

#: How much a name of each quality can score at most.
QUALITY_FACTORS = {"name": 1.0, "alias": 1.0, "previousName": 0.95, "weakAlias": 0.85}

#: What an identifier matched exactly scores on its own, by kind.
IDENTIFIER_SCORES = {
    "imo": 0.95,
    "mmsi": 0.9,
    "swift": 0.95,
    "passport": 0.9,
    "national_id": 0.9,
    "registration": 0.85,
    "tax_id": 0.85,
    "call_sign": 0.75,
    "other": 0.8,
}
#: Kinds whose values are unique to one thing: two different values mean two things.
UNIQUE_KINDS = ("imo", "mmsi")

BIRTH_YEAR_DIFFERS = -0.15
BIRTH_YEAR_CLOSE = -0.05
BIRTH_DAY_DIFFERS = -0.1
COUNTRY_DIFFERS = -0.1
SCHEMA_DIFFERS = -0.5
UNIQUE_ID_DIFFERS = -0.4

PERSON_SCHEMATA = frozenset(("Person",))
ORGANISATION_SCHEMATA = frozenset(("Organization", "Company", "PublicBody"))
VESSEL_SCHEMATA = frozenset(("Vessel",))


@dataclass(frozen=True, slots=True)
class Subject:
    """What is screened: a casebook entity, or a name found in a source's text."""

    key: str
    schema: str
    names: tuple[RecordName, ...]
    birth_dates: tuple[DateRange, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()

    @classmethod
    def from_record(cls, record: ListRecord) -> Subject:
        return cls(
            record.record_key,
            record.schema,
            record.names,
            record.birth_dates,
            record.countries,
            record.identifiers,
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A scored pair with its explanation."""

    score: float
    name_score: float
    matched_name: str  # the list record's name that agreed best
    query_name: str  # the screened name it agreed with
    features: tuple[Feature, ...]

    @property
    def explanation(self) -> str:
        return explain(self.features)


def _kind(schema: str) -> str:
    if schema in PERSON_SCHEMATA:
        return "person"
    if schema in ORGANISATION_SCHEMATA:
        return "organisation"
    if schema in VESSEL_SCHEMATA:
        return "vessel"
    return "any"  # LegalEntity, Thing: could be either


def is_person_pair(a: str, b: str) -> bool:
    return "person" in (_kind(a), _kind(b)) and {_kind(a), _kind(b)} <= {"person", "any"}


def best_name(subject: Subject, record: ListRecord) -> NameComparison | None:
    """The best-agreeing pair of names, weighted by the quality of the list's name."""
    person = is_person_pair(subject.schema, record.schema)
    best: NameComparison | None = None
    best_key = (-1.0, False)
    for q in subject.names:
        prepared_q = prepare_name(q.full, q.quality, q.family)
        for r in record.names:
            prepared_r = prepare_name(r.full, r.quality, r.family)
            found = compare_names(prepared_q, prepared_r, person=person)
            factor = QUALITY_FACTORS.get(r.quality, 1.0) * (
                0.95 if q.quality == "weakAlias" else 1.0
            )
            if factor < 1.0 and found.score > 0:
                note = Feature(
                    "list name quality",
                    "",
                    r.quality,
                    SIMILAR,
                    "weighted lower",
                    factor,
                    0.0,
                    found.score * factor - found.score,
                )
                found = NameComparison(
                    found.score * factor, found.query, found.record, (*found.features, note)
                )
            # between equal scores, the list's name in the screened name's script
            key = (found.score, prepared_q.script == prepared_r.script)
            if key > best_key:
                best, best_key = found, key
    return best


def _normal_id(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


def _identifiers(subject: Subject, record: ListRecord) -> tuple[float, list[Feature]]:
    best = 0.0
    features: list[Feature] = []
    by_kind_q: dict[str, set[str]] = {}
    by_kind_r: dict[str, set[str]] = {}
    for ident in subject.identifiers:
        by_kind_q.setdefault(ident.kind, set()).add(_normal_id(ident.value))
    for ident in record.identifiers:
        by_kind_r.setdefault(ident.kind, set()).add(_normal_id(ident.value))
    for q in subject.identifiers:
        for r in record.identifiers:
            same_kind = q.kind == r.kind or "other" in (q.kind, r.kind)
            if same_kind and _normal_id(q.value) == _normal_id(r.value):
                score = IDENTIFIER_SCORES.get(r.kind if r.kind != "other" else q.kind, 0.8)
                if score > best:
                    best = score
                label = r.kind.replace("_", " ") if r.kind != "other" else q.kind
                features.append(
                    Feature(
                        label.upper() if label in ("imo", "mmsi") else label,
                        q.value,
                        r.value,
                        EQUAL,
                        "exact",
                        1.0,
                    )
                )
    for kind in UNIQUE_KINDS:
        mine, theirs = by_kind_q.get(kind), by_kind_r.get(kind)
        if mine and theirs and not mine & theirs:
            features.append(
                Feature(
                    kind.upper(),
                    ", ".join(sorted(mine)),
                    ", ".join(sorted(theirs)),
                    DIFFERENT,
                    "",
                    0.0,
                    0.0,
                    UNIQUE_ID_DIFFERS,
                )
            )
    return best, features


def _years(d: DateRange) -> tuple[int, int]:
    return int(d.start[:4]), int(d.end[:4])


def _overlaps(a: DateRange, b: DateRange) -> bool:
    """Both may mean the same day: compared as ISO prefixes ("1964" spans "1964-03-02")."""
    a_end, b_end = a.end + "\uffff", b.end + "\uffff"  # a prefix ends after all its days
    return a.start <= b_end and b.start <= a_end


def _shown(dates: tuple[DateRange, ...]) -> str:
    return ", ".join(d.start if d.start == d.end else f"{d.start}–{d.end}" for d in dates)


def _birth(subject: Subject, record: ListRecord) -> Feature | None:
    if not subject.birth_dates or not record.birth_dates:
        return None
    q, r = _shown(subject.birth_dates), _shown(record.birth_dates)
    pairs = [(a, b) for a in subject.birth_dates for b in record.birth_dates]
    if any(_overlaps(a, b) for a, b in pairs):
        return Feature("born", q, r, EQUAL, "", 1.0)
    try:
        gaps = [max(_years(a)[0] - _years(b)[1], _years(b)[0] - _years(a)[1]) for a, b in pairs]
    except ValueError:
        return None
    gap = min(gaps)
    if gap <= 0:
        return Feature(
            "born", q, r, DIFFERENT, "same year, another day", 0.0, 0.0, BIRTH_DAY_DIFFERS
        )
    effect = BIRTH_YEAR_CLOSE if gap == 1 else BIRTH_YEAR_DIFFERS
    return Feature(
        "born", q, r, DIFFERENT, f"{gap} year{'s' if gap > 1 else ''} apart", 0.0, 0.0, effect
    )


def _countries(subject: Subject, record: ListRecord) -> Feature | None:
    mine, theirs = set(subject.countries), set(record.countries)
    if not mine or not theirs:
        return None
    label = "nationality" if _kind(record.schema) == "person" else "country"
    q, r = ", ".join(sorted(mine)), ", ".join(sorted(theirs))
    if mine & theirs:
        return Feature(label, q, r, EQUAL, "", 1.0)
    return Feature(label, q, r, DIFFERENT, "", 0.0, 0.0, COUNTRY_DIFFERS)


def _schema(subject: Subject, record: ListRecord) -> Feature | None:
    a, b = _kind(subject.schema), _kind(record.schema)
    if a == b or "any" in (a, b):
        return None
    return Feature("schema", subject.schema, record.schema, DIFFERENT, "", 0.0, 0.0, SCHEMA_DIFFERS)


def score_pair(subject: Subject, record: ListRecord) -> Match:
    """The score and features of one subject against one record."""
    name = best_name(subject, record)
    name_score = name.score if name else 0.0
    id_score, id_features = _identifiers(subject, record)
    base = max(name_score, id_score)
    features: list[Feature] = list(id_features) if id_score > name_score else []
    if name is not None:
        features.extend(name.features)
    if id_score <= name_score:
        features.extend(id_features)
    if base > 0:
        for qualifier in (
            _birth(subject, record),
            _countries(subject, record),
            _schema(subject, record),
        ):
            if qualifier is not None:
                features.append(qualifier)
    total = base + sum(f.effect for f in features if f.label != "list name quality")
    return Match(
        score=round(min(1.0, max(0.0, total)), 4),
        name_score=round(name_score, 4),
        matched_name=name.record if name else record.primary_name,
        query_name=name.query if name else (subject.names[0].full if subject.names else ""),
        features=tuple(features),
    )
