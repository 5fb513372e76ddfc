"""OFAC advanced XML: a party's names and birth dates are what the plain reading gives.

The parser reads a party's parts in as few Python steps as it can (a date's Year, Month and
Day in one loop, the days written from numbers, names built by the fast constructor, only the
parts a feature's kind reads). The plain reading it replaced (children grouped by name, each
text stripped, ``calendar.monthrange``, ``single_date``, ``RecordName``) is kept here as the
reference, and both read generated parties full of what real files may hold: odd whitespace
inside and between the tags, comments inside texts, missing, empty, repeated and unknown
parts, numbers that are not numbers, Hangul, ``& < >``. A feature no field reads (Gender)
carries a date that must not count.
"""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from nkcase.screening.parsers import open_list
from nkcase.screening.parsers.common import clean_text, date_range, script_of, single_date
from nkcase.screening.parsers.xmlsafe import by_name, text_of
from nkcase.screening.records import DateRange, RecordName
from tests.screening.lists import OFAC_ADVANCED

KEY = "99999"
LAST, FIRST = "1520", "1521"  # the excerpt's NamePartType IDs: Last Name, First Name
BLANK = st.sampled_from(["", " ", "\n      ", "\t", "  \r\n "])
NUMBER_BITS = st.sampled_from(
    ["1962", "19", "62", "2", "12", "1", "31", "30", "29", "0", "13", "-1", "x", "٣", " ", "\n",
     "<!-- c -->", "1_0", "&amp;", "2999", "1000", "999", "3000"]
)  # fmt: skip
NAME_BITS = st.sampled_from(
    ["KIM", "Yong", "Chol", " ", "  ", "\n", "\t", "리", "원호", "&amp;", "&lt;", "&gt;",
     "<!-- c -->", "O'", "-", "\u3000"]
)  # fmt: skip


def _text(bits: list[str]) -> str:
    return "".join(bits)


NUMBER = st.one_of(
    st.lists(NUMBER_BITS, max_size=4).map(_text),
    BLANK,  # a blank part is a missing one (month and day 1), not a number
    st.sampled_from(["1962", "1964", "2", "12", "1", "31", "29", "28"]),
)
FIELD = st.tuples(
    st.sampled_from(["Year", "Month", "Day", "Year", "Month", "Day", "Other"]),
    st.none() | NUMBER,  # None: an empty element
)
BOUND = st.one_of(
    st.none(),  # no such bound
    st.lists(FIELD, max_size=5),  # parts missing, repeated, out of order
    st.tuples(
        *(st.tuples(st.just(name), st.none() | NUMBER) for name in ("Year", "Month", "Day"))
    ).map(list),
    st.tuples(  # a plain date, often a month's or a year's first or last day
        st.tuples(st.just("Year"), st.sampled_from(["1962", "1964", "2000", " 1999\n"])),
        st.tuples(st.just("Month"), st.integers(1, 12).map(str)),
        st.tuples(st.just("Day"), st.sampled_from(["1", "28", "29", "30", "31", "01"])),
    ).map(list),
)


@st.composite
def date_periods(draw: st.DrawFn) -> str:
    def bound(name: str) -> str:
        fields = draw(BOUND)
        if fields is None:
            return ""
        inner = "".join(
            f"{draw(BLANK)}<{tag}/>" if text is None else f"{draw(BLANK)}<{tag}>{text}</{tag}>"
            for tag, text in fields
        )
        return f"{draw(BLANK)}<{name}>{inner}{draw(BLANK)}</{name}>"

    def edge(name: str, bounds: tuple[str, str]) -> str:
        if draw(st.integers(0, 5)) == 0:
            return ""
        return f"{draw(BLANK)}<{name}>{bound(bounds[0])}{bound(bounds[1])}{draw(BLANK)}</{name}>"

    if draw(st.integers(0, 2)) == 0:  # a whole year, month or span of them, or nearly
        years, months = st.sampled_from([1962, 1964, 2000, 1900]), st.sampled_from([1, 2, 12, 7])
        year, month = draw(years), draw(months)
        end_year, end_month = draw(years), draw(months)
        last = calendar.monthrange(end_year, end_month)[1]
        end_day = draw(st.sampled_from([last, last - 1, 31]))
        day = f"{draw(BLANK)}<Day>{draw(st.sampled_from(['1', '2', ' 01 ']))}</Day>"
        return (
            f"<DatePeriod><Start><From><Year>{year}</Year><Month>{month}</Month>{day}</From>"
            f"</Start><End><To><Year>{end_year}</Year><Month>{end_month}</Month>"
            f"<Day>{end_day}</Day></To></End></DatePeriod>"
        )
    start, end = edge("Start", ("From", "To")), edge("End", ("From", "To"))
    if draw(st.booleans()):
        start, end = end, start  # End before Start
    return f'<DatePeriod CalendarTypeID="1">{start}{end}{draw(BLANK)}</DatePeriod>'


NAME_PART = st.tuples(
    st.sampled_from([LAST, FIRST, "missing"]), st.lists(NAME_BITS, max_size=4).map(_text)
)


@st.composite
def parties(draw: st.DrawFn) -> str:
    schema = draw(st.sampled_from(["4", "3"]))  # an individual, an entity
    groups: list[str] = []
    aliases = []
    for number, (primary, low) in enumerate(draw(st.lists(ALIAS_FLAGS, min_size=1, max_size=3))):
        parts = []
        for index, (kind, text) in enumerate(draw(st.lists(NAME_PART, max_size=4))):
            group = f"{number}{index}"
            if kind != "missing":
                groups.append(f'<NamePartGroup ID="{group}" NamePartTypeID="{kind}"/>')
            parts.append(
                f"{draw(BLANK)}<DocumentedNamePart>{draw(BLANK)}<NamePartValue"
                f' NamePartGroupID="{group}">{text}</NamePartValue></DocumentedNamePart>'
            )
        aliases.append(
            f'<Alias AliasTypeID="1400" Primary="{primary}" LowQuality="{low}">{draw(BLANK)}'
            f'<DocumentedName ID="{number}">{"".join(parts)}</DocumentedName></Alias>'
        )
    features = [
        f'<Feature FeatureTypeID="{kind}">{draw(BLANK)}<FeatureVersion>{draw(BLANK)}<Comment/>'
        f"{draw(date_periods())}{draw(BLANK)}<VersionDetail/></FeatureVersion></Feature>"
        for kind in draw(st.lists(st.sampled_from(["8", "224"]), max_size=3))  # Birthdate, Gender
    ]
    identity = (
        f'<Identity ID="{KEY}">{draw(BLANK)}{"".join(aliases)}<NamePartGroups>'
        f"{''.join(f'<MasterNamePartGroup>{g}</MasterNamePartGroup>' for g in groups)}"
        "</NamePartGroups></Identity>"
    )
    profile = f'<Profile ID="{KEY}" PartySubTypeID="{schema}">{identity}{"".join(features)}'
    return f'<DistinctParty FixedRef="{KEY}"><Comment/>{profile}</Profile></DistinctParty>'


ALIAS_FLAGS = st.tuples(st.sampled_from(["true", "false"]), st.sampled_from(["true", "false"]))


# -- the plain reading, as the parser read parties before -----------------------------------------


def plain_period(period: Any) -> DateRange | None:
    def point(edge: str, bound: str) -> tuple[int, int, int] | None:
        for side in period.iterchildren(edge):
            for part in side.iterchildren(bound):
                fields = by_name(part)
                try:
                    return (
                        int(text_of(fields, "Year")),
                        int(text_of(fields, "Month") or 1),
                        int(text_of(fields, "Day") or 1),
                    )
                except ValueError:
                    return None
        return None

    start, end = point("{*}Start", "{*}From"), point("{*}End", "{*}To")
    if start is None:
        return None
    end = end or start
    last_day = calendar.monthrange(end[0], end[1])[1] if 1 <= end[1] <= 12 else 31
    if start[1:] == (1, 1) and end[1:] == (12, 31):
        return date_range(single_date(start[0]), single_date(end[0]))
    if start[2] == 1 and end[2] == last_day and start[:2] <= end[:2]:
        return date_range(single_date(*start[:2]), single_date(*end[:2]))
    return date_range(single_date(*start), single_date(*end))


def plain_names(identity: Any, person: bool) -> list[RecordName]:
    group_types = {
        group.get("ID"): "Last Name" if group.get("NamePartTypeID") == LAST else "First Name"
        for group in identity.iter("{*}NamePartGroup")
    }
    found = []
    for alias in identity.iterchildren("{*}Alias"):
        if alias.get("LowQuality") == "true":
            quality = "weakAlias"
        elif alias.get("Primary") == "true":
            quality = "name"
        else:
            quality = "alias"  # A.K.A.
        for documented in alias.iterchildren("{*}DocumentedName"):
            parts = []
            for value in documented.iter("{*}NamePartValue"):
                text = clean_text(value.text)
                if text:
                    parts.append((group_types.get(value.get("NamePartGroupID", ""), ""), text))
            family = next((t for kind, t in parts if kind == "Last Name"), None)
            others = [t for kind, t in parts if kind != "Last Name"]
            if person and family and others:
                full = f"{family}, {' '.join(others)}"
            else:
                full = " ".join([t for _kind, t in parts])
            if full:
                parts_only = tuple(t for _k, t in parts)
                found.append(RecordName(full, quality, parts_only, family, script_of(full)))  # type: ignore[arg-type]
    return list(dict.fromkeys(found))


def assert_read_plainly(folder: Path, party: str) -> DateRange | None:
    """The party read from an OFAC file holding it has the plain reading's names and birth
    dates; returns its first birth date."""
    data = OFAC_ADVANCED.read_bytes()
    at = data.index(b"</DistinctParties>")
    path = folder / "sdn_advanced.xml"
    path.write_bytes(data[:at] + party.encode() + b"\n" + data[at:])
    record = next(r for r in list(open_list(path).records()) if r.record_key == KEY)

    element = etree.fromstring(party.encode(), etree.XMLParser(remove_comments=True))
    person = 'PartySubTypeID="4"' in party
    assert record.schema == ("Person" if person else "Organization")
    identity = element.find("Profile/Identity")
    assert list(record.names) == (plain_names(identity, person) if identity is not None else [])
    periods = [
        plain_period(period)
        for feature in element.iterfind("Profile/Feature[@FeatureTypeID='8']")
        for period in feature.iterfind("FeatureVersion/DatePeriod")
    ]
    assert record.birth_dates == tuple(dict.fromkeys(p for p in periods if p is not None))
    return record.birth_dates[0] if record.birth_dates else None


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parties())
def test_a_partys_names_and_birth_dates_are_the_plain_readings(tmp_path: Path, party: str) -> None:
    assert_read_plainly(tmp_path, party)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((1962, 1, 1), (1964, 12, 31), ("1962", "1964")),  # a span of whole years
        ((1964, 2, 1), (1964, 2, 29), ("1964-02", "1964-02")),  # a whole leap February
        ((1900, 2, 1), (1900, 2, 29), ("1900-02-01", "1900-02-29")),  # 1900 is no leap year
        ((1961, 4, 1), (1961, 4, 30), ("1961-04", "1961-04")),
        ((1961, 4, 1), (1961, 4, 29), ("1961-04-01", "1961-04-29")),
        ((1961, 7, 1), (1961, 6, 30), ("1961-07-01", "1961-06-30")),  # an end before the start
        ((999, 1, 1), (1964, 12, 31), None),  # a year out of range
    ],
)
def test_whole_years_and_months_are_read_plainly(
    tmp_path: Path,
    start: tuple[int, int, int],
    end: tuple[int, int, int],
    expected: tuple[str, str] | None,
) -> None:
    def point(name: str, date: tuple[int, int, int]) -> str:
        year, month, day = date
        return f"<{name}><Year>{year}</Year><Month>{month}</Month><Day>{day}</Day></{name}>"

    period = (
        f"<DatePeriod><Start>{point('From', start)}</Start>"
        f"<End>{point('To', end)}</End></DatePeriod>"
    )
    party = (
        f'<DistinctParty FixedRef="{KEY}"><Profile ID="{KEY}" PartySubTypeID="4">'
        f'<Feature FeatureTypeID="8"><FeatureVersion>{period}</FeatureVersion></Feature>'
        "</Profile></DistinctParty>"
    )
    found = assert_read_plainly(tmp_path, party)
    assert found == (DateRange(*expected) if expected else None)


def test_the_party_generator_writes_what_the_plain_reading_reads() -> None:
    """The generated XML is what it means to be: a party with its escapes read as text."""
    name = escape("KIM & <리>")
    party = (
        f'<DistinctParty FixedRef="{KEY}"><Profile ID="{KEY}" PartySubTypeID="4">'
        f'<Identity ID="{KEY}"><Alias Primary="true" LowQuality="false"><DocumentedName>'
        f'<DocumentedNamePart><NamePartValue NamePartGroupID="1">{name}</NamePartValue>'
        "</DocumentedNamePart></DocumentedName></Alias><NamePartGroups><MasterNamePartGroup>"
        f'<NamePartGroup ID="1" NamePartTypeID="{LAST}"/></MasterNamePartGroup></NamePartGroups>'
        "</Identity></Profile></DistinctParty>"
    )
    element = etree.fromstring(party.encode())
    assert [n.full for n in plain_names(element.find("Profile/Identity"), True)] == ["KIM & <리>"]


@pytest.mark.parametrize("padding", [0, 4_097, 30_011])
@pytest.mark.parametrize("blanks", [1, 299, 301, 5_000, 40_000, 70_000])
def test_entries_with_long_blank_runs_are_read_and_not_refused(
    tmp_path: Path, blanks: int, padding: int
) -> None:
    """Both passes leave out the blank text between elements, and libxml2 keeps a long blank
    run or not by where its input buffer ends, which differs from one pass to the other (the
    first reads the entries from the tail): the entries must still be found the same, and the
    records be what the file without the blanks gives."""
    expected = list(open_list(OFAC_ADVANCED).records())
    data = OFAC_ADVANCED.read_bytes()
    at = data.index(b"<SanctionsEntries>")
    run = b" \n\t" * (blanks // 3) + b" " * (blanks % 3)
    entries = (
        data[at:]
        .replace(b"<EntryEvent", run + b"<EntryEvent")
        .replace(b"<Comment/>", b"<Comment>" + run + b"</Comment>")
        .replace(b"</SanctionsMeasure>", run + b"</SanctionsMeasure>")
    )
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(data[:at] + b"<!--" + b"x" * padding + b"-->" + entries)
    assert list(open_list(path).records()) == expected


DATE_PARTS = st.lists(
    st.tuples(st.sampled_from(["Year", "Month", "Day", "Year"]), st.none() | NUMBER), max_size=4
)


@st.composite
def entries(draw: st.DrawFn) -> str:
    """A SanctionsEntry of the party :data:`KEY`: events with dates (missing, repeated, blank
    parts) and measures (programmes or not) with comments (none, two, blank, Hangul)."""
    children = []
    for _ in range(draw(st.integers(0, 3))):
        dates = []
        for _ in range(draw(st.integers(0, 2))):
            parts = "".join(
                f"{draw(BLANK)}<{tag}/>" if text is None else f"{draw(BLANK)}<{tag}>{text}</{tag}>"
                for tag, text in draw(DATE_PARTS)
            )
            dates.append(f"{draw(BLANK)}<Date>{parts}{draw(BLANK)}</Date>")
        children.append(f"<EntryEvent>{draw(BLANK)}<Comment/>{''.join(dates)}</EntryEvent>")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["1", "1706"]))  # Program, Reject
        comments = "".join(
            f"{draw(BLANK)}<Comment>{draw(st.lists(NAME_BITS, max_size=3).map(_text))}</Comment>"
            for _ in range(draw(st.integers(0, 2)))
        )
        children.append(f'<SanctionsMeasure SanctionsTypeID="{kind}">{comments}</SanctionsMeasure>')
    inner = "".join(f"{draw(BLANK)}{child}" for child in children)
    return f'<SanctionsEntry ProfileID="{KEY}" ListID="1550">{inner}{draw(BLANK)}</SanctionsEntry>'


def plain_entry(entry: Any) -> tuple[str | None, tuple[str, ...]]:
    """(listed_on, programmes) of one SanctionsEntry, as the first pass read them before."""
    listed_on = None
    programmes: list[str] = []
    for child in entry:
        if child.tag == "EntryEvent":
            dated = None
            for date in child:
                if date.tag == "Date":
                    fields = by_name(date)
                    dated = single_date(
                        text_of(fields, "Year"), text_of(fields, "Month"), text_of(fields, "Day")
                    )
                    break
            if dated and (listed_on is None or dated < listed_on):
                listed_on = dated
        elif child.tag == "SanctionsMeasure":
            comment = clean_text(text_of(by_name(child), "Comment"))
            if child.get("SanctionsTypeID") == "1" and comment:
                programmes.append(comment)
    return listed_on, tuple(dict.fromkeys(programmes))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries())
def test_an_entrys_listing_day_and_programmes_are_the_plain_readings(
    tmp_path: Path, entry: str
) -> None:
    data = OFAC_ADVANCED.read_bytes()
    party = (
        f'<DistinctParty FixedRef="{KEY}"><Profile ID="{KEY}" PartySubTypeID="3"><Identity>'
        '<Alias Primary="true"><DocumentedName><DocumentedNamePart><NamePartValue>ACME'
        "</NamePartValue></DocumentedNamePart></DocumentedName></Alias></Identity></Profile>"
        "</DistinctParty>"
    )
    parties_end, entries_end = data.index(b"</DistinctParties>"), data.index(b"</SanctionsEntries>")
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(
        data[:parties_end]
        + party.encode()
        + data[parties_end:entries_end]
        + entry.encode()
        + data[entries_end:]
    )
    record = next(r for r in list(open_list(path).records()) if r.record_key == KEY)
    listed_on, programmes = plain_entry(
        etree.fromstring(entry.encode(), etree.XMLParser(remove_comments=True))
    )
    assert (record.listed_on, record.programmes) == (listed_on, programmes)
