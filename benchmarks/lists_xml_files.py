"""Large generated list files in OFAC's advanced XML and the EU's full sanctions list XML, for
``benchmarks/lists_import.py`` (``--only ofac-advanced``, ``--only eu``), with the bare parse
each is measured beside.

Both follow the real files element for element (tests/data/lists/ofac/advanced-excerpt.xml and
tests/data/lists/eu/full-sanctions-list-excerpt.xml; OFAC's ``cons_advanced.xml`` of 2020 and
the EU file of 2026 for the proportions), so that a parser does per record the work it does on
the real ones:

- OFAC advanced: the reference value sets copied from the excerpt (the real lookup tables of
  2020 with the vessel and DPRK values), then per party one ``Location`` (city, an address line
  for entities, a country), one ``IDRegDocument`` (a passport, a registration number, or a
  vessel's IMO number), the ``DistinctParty`` (its identity with a primary name and two or three
  aliases of which some are weak, their name part groups, and features: a birth date as a
  ``DatePeriod`` — a day, a year or a range of years — a place of birth, a nationality, the
  location; a vessel's call sign, type and flag), and last each party's ``SanctionsEntry``
  (its listing event and its measures, a block and one or two programmes). 5–6 KB a party,
  as in the real files (OFAC's SDN list is ~117 MB for ~18,000 parties with more documents and
  locations each; its consolidated list 2.7 MB for 375).
- EU: per record a ``regulation`` with its publication URL, the subject type, a strong name and
  its transliterations (each ``nameAlias`` carrying its ``regulationSummary``, as the EU's file
  does: the 2026 file has 62,136 name aliases for 6,239 entities), a weak alias, a citizenship,
  a birth date (a date, a year or ``yearRangeFrom``–``yearRangeTo``), a passport or an IMO
  number, an address and a remark. About 4 KB a record (the 2026 file: 25.8 MB, 6,239 records).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lists_import import PERSON_COMMENT, SYLLABLES, korean_name  # the same names

ROOT = Path(__file__).resolve().parent.parent
OFAC_EXCERPT = ROOT / "tests" / "data" / "lists" / "ofac" / "advanced-excerpt.xml"
OFAC_NS = "http://www.un.org/sanctions/1.0"
EU_NS = "http://eu.europa.ec/fpi/fsd/export"
# the IDs of the excerpt's reference values the generated parties use
KP, CN, RU = "11119", "11065", "11171"
COUNTRY_NAMES = {KP: "North Korea", CN: "China", RU: "Russia"}
CITIES = {KP: ("Pyongyang", "Nampo", "Sinuiju"), CN: ("Dandong", "Shenyang"), RU: ("Vladivostok",)}
ISO2 = {"KP": KP, "CN": CN, "RU": RU}
PROGRAMS = ("DPRK", "NPWMD", "SDGT", "SYRIA", "UKRAINE-EO13662")


def _reference_value_sets() -> str:
    text = OFAC_EXCERPT.read_text(encoding="utf-8")
    found = re.search(r"  <ReferenceValueSets>.*?</ReferenceValueSets>\n", text, re.DOTALL)
    assert found is not None, f"{OFAC_EXCERPT} has no <ReferenceValueSets>"
    return found.group(0)


def _name_part(group: int, value: str) -> str:
    return (
        "\n              <DocumentedNamePart>\n"
        f'                <NamePartValue NamePartGroupID="{group}" ScriptID="215" '
        f'ScriptStatusID="1" Acronym="false">{value}</NamePartValue>\n'
        "              </DocumentedNamePart>"
    )


def _alias(uid: int, name_id: int, kind: str, primary: bool, low: bool, parts: str) -> str:
    status = "1" if primary else "2"
    flags = f'Primary="{str(primary).lower()}" LowQuality="{str(low).lower()}"'
    return f"""
          <Alias FixedRef="{uid}" AliasTypeID="{kind}" {flags}>
            <DocumentedName ID="{name_id}" FixedRef="{uid}" DocNameStatusID="{status}">{parts}
            </DocumentedName>
          </Alias>"""


def _point(year: int, month: int, day: int) -> str:
    return f"""
                  <Year>{year}</Year>
                  <Month>{month}</Month>
                  <Day>{day}</Day>"""


def _date_period(start: tuple[int, int, int], end: tuple[int, int, int]) -> str:
    edges = []
    for edge, value in (("Start", start), ("End", end)):
        edges.append(
            f"""
              <{edge} Approximate="false" YearFixed="false" MonthFixed="false" DayFixed="false">
                <From>{_point(*value)}
                </From>
                <To>{_point(*value)}
                </To>
              </{edge}>"""
        )
    fixed = 'YearFixed="false" MonthFixed="false" DayFixed="false"'
    return f"""
            <DatePeriod CalendarTypeID="1" {fixed}>{"".join(edges)}
            </DatePeriod>"""


def _feature(feature_id: int, type_id: str, body: str, identity: int) -> str:
    return f"""
        <Feature ID="{feature_id}" FeatureTypeID="{type_id}">
          <FeatureVersion ID="{feature_id}" ReliabilityID="1">
            <Comment />{body}
          </FeatureVersion>
          <IdentityReference IdentityID="{identity}" IdentityFeatureLinkTypeID="1" />
        </Feature>"""


def _location(location_id: int, country: str, parts: list[tuple[str, str]]) -> str:
    values = "".join(
        f"""
      <LocationPart LocPartTypeID="{part_type}">
        <LocationPartValue Primary="true" LocPartValueTypeID="1" LocPartValueStatusID="1">
          <Comment />
          <Value>{value}</Value>
        </LocationPartValue>
      </LocationPart>"""
        for part_type, value in parts
    )
    return f"""
    <Location ID="{location_id}">
      <LocationAreaCode AreaCodeID="{country}" />
      <LocationCountry CountryID="{country}" CountryRelevanceID="1413" />{values}
      <FeatureVersionReference FeatureVersionID="{location_id}" />
    </Location>"""


def _document(doc_id: int, type_id: str, identity: int, country: str, number: str) -> str:
    ids = f'IDRegDocTypeID="{type_id}" IdentityID="{identity}" IssuedBy-CountryID="{country}"'
    return f"""
    <IDRegDocument ID="{doc_id}" {ids} ValidityID="1">
      <Comment />
      <IDRegistrationNo>{number}</IDRegistrationNo>
      <IssuingAuthority />
      <DocumentedNameReference DocumentedNameID="{identity}" />
    </IDRegDocument>"""


def _ofac_party(i: int, rng: random.Random) -> tuple[str, str, str, str]:
    """(location, document, party, sanctions entry) of the i-th generated party."""
    uid, identity = 40000 + i, 900000 + i
    group = 2_000_000 + i * 10
    kind = "vessel" if i % 10 == 9 else ("entity" if i % 4 == 3 else "individual")
    country = KP if i % 3 else rng.choice((CN, RU))
    city = rng.choice(CITIES[country])
    features: list[str] = []
    if kind == "individual":
        sub_type, groups = "4", [(group, "1520"), (group + 1, "1521")]
        family, given = korean_name(rng)
        alt_given = given.title().replace(" ", "-")
        names = [
            _alias(
                uid,
                identity,
                "1403",
                True,
                False,
                _name_part(group, family) + _name_part(group + 1, given.title()),
            ),
            _alias(
                uid,
                identity + 10**7,
                "1400",
                False,
                False,
                _name_part(group + 2, family) + _name_part(group + 3, alt_given),
            ),
            _alias(uid, identity + 2 * 10**7, "1400", False, True, _name_part(group + 4, given)),
        ]
        groups += [(group + 2, "1520"), (group + 3, "1521"), (group + 4, "1521")]
        year = rng.randint(1940, 1999)
        if i % 7 == 0:
            period = _date_period((year, 1, 1), (year + 2, 12, 31))
        elif i % 5 == 0:
            period = _date_period((year, 1, 1), (year, 12, 31))
        else:
            day = (year, rng.randint(1, 12), rng.randint(1, 28))
            period = _date_period(day, day)
        features += [
            _feature(
                group + 5,
                "8",
                period + '\n            <VersionDetail DetailTypeID="1430" />',
                identity,
            ),
            _feature(
                group + 6,
                "9",
                f'\n            <VersionDetail DetailTypeID="1432">{city}, '
                f"{COUNTRY_NAMES[country]}</VersionDetail>",
                identity,
            ),
            _feature(
                group + 7,
                "10",
                f'\n            <VersionDetail DetailTypeID="1433" />'
                f'\n            <VersionLocation LocationID="{uid}" />',
                identity,
            ),
        ]
        features.append(
            _feature(
                group + 8, "25", f'\n            <VersionLocation LocationID="{uid}" />', identity
            )
        )
        location = _location(uid, country, [("1454", city)])
        document = _document(uid, "1571", identity, country, str(rng.randint(10**8, 10**9)))
        comment = "<Comment />"
    else:
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {i}"
        if kind == "vessel":
            sub_type, part_type = "1", "1526"
            name = f"{name} GANG"
            number = f"IMO {rng.randint(7000000, 9999999)}"
            features += [
                _feature(
                    group + 5,
                    "1",
                    '\n            <VersionDetail DetailTypeID="1432">'
                    f"HM{rng.randint(10, 99)}</VersionDetail>",
                    identity,
                ),
                _feature(
                    group + 6,
                    "2",
                    '\n            <VersionDetail DetailTypeID="1432">'
                    "General Cargo</VersionDetail>",
                    identity,
                ),
                _feature(
                    group + 7,
                    "3",
                    '\n            <VersionDetail DetailTypeID="1433" />'
                    f'\n            <VersionLocation LocationID="{uid}" />',
                    identity,
                ),
            ]
            location = _location(uid, country, [])
            document = _document(uid, "1626", identity, country, number)
            comment = "<Comment />"
        else:
            sub_type, part_type = "3", "1525"
            name = f"{name} TRADING CORPORATION"
            features.append(
                _feature(
                    group + 7,
                    "25",
                    f'\n            <VersionLocation LocationID="{uid}" />',
                    identity,
                )
            )
            location = _location(
                uid, country, [("1451", f"{rng.randint(1, 99)} Sungri Street"), ("1454", city)]
            )
            document = _document(uid, "1585", identity, country, str(rng.randint(10**6, 10**7)))
            comment = f"<Comment>{PERSON_COMMENT.replace('Official', 'Front company')}</Comment>"
        groups = [(group, part_type), (group + 1, part_type)]
        names = [
            _alias(uid, identity, "1403", True, False, _name_part(group, name)),
            _alias(
                uid, identity + 10**7, "1400", False, False, _name_part(group + 1, name.title())
            ),
        ]
    master = "".join(
        f"""
            <MasterNamePartGroup>
              <NamePartGroup ID="{g}" NamePartTypeID="{t}" />
            </MasterNamePartGroup>"""
        for g, t in groups
    )
    party = f"""
    <DistinctParty FixedRef="{uid}">
      {comment}
      <Profile ID="{uid}" PartySubTypeID="{sub_type}">
        <Identity ID="{identity}" FixedRef="{uid}" Primary="true" False="false">{"".join(names)}
          <NamePartGroups>{master}
          </NamePartGroups>
        </Identity>{"".join(features)}
      </Profile>
    </DistinctParty>"""
    programmes = (
        rng.sample(PROGRAMS[:2], k=rng.randint(1, 2))
        if country == KP
        else [rng.choice(PROGRAMS[2:])]
    )
    measures = "".join(
        f"""
      <SanctionsMeasure ID="{uid * 10 + n}" SanctionsTypeID="1">
        <Comment>{programme}</Comment>
        <DatePeriod CalendarTypeID="1" YearFixed="true" MonthFixed="true" DayFixed="true" />
      </SanctionsMeasure>"""
        for n, programme in enumerate(programmes, 1)
    )
    listed = _point(rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)).replace(
        "\n                ", "\n          "
    )
    entry = f"""
    <SanctionsEntry ID="{uid}" ProfileID="{uid}" ListID="1550">
      <EntryEvent ID="{uid}" EntryEventTypeID="1" LegalBasisID="1">
        <Comment />
        <Date CalendarTypeID="1">{listed}
        </Date>
      </EntryEvent>
      <SanctionsMeasure ID="{uid * 10}" SanctionsTypeID="1705">
        <DatePeriod CalendarTypeID="1" YearFixed="true" MonthFixed="true" DayFixed="true" />
      </SanctionsMeasure>{measures}
    </SanctionsEntry>"""
    return location, document, party, entry


def make_ofac_advanced(path: Path, count: int) -> None:
    """An OFAC SDN list in the advanced XML format with ``count`` parties (written in four
    streaming passes over the same random sequence, so memory stays small)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
            f'<Sanctions xmlns="{OFAC_NS}" Version="3" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{OFAC_NS} '
            'http://www.treasury.gov/ofac/downloads/sanctions/1.0/sdn_advanced.xsd">\n'
            '  <DateOfIssue CalendarTypeID="1">\n    <Year>2026</Year>\n    <Month>1</Month>\n'
            "    <Day>28</Day>\n  </DateOfIssue>\n"
        )
        out.write(_reference_value_sets())
        for part, (opening, closing) in enumerate(
            (
                ("  <Locations>", "\n  </Locations>\n"),
                ("  <IDRegDocuments>", "\n  </IDRegDocuments>\n"),
                ("  <DistinctParties>", "\n  </DistinctParties>\n  <ProfileRelationships />\n"),
                ("  <SanctionsEntries>", "\n  </SanctionsEntries>\n"),
            )
        ):
            rng = random.Random(1550)
            out.write(opening)
            for i in range(count):
                out.write(_ofac_party(i, rng)[part])
            out.write(closing)
        out.write("</Sanctions>\n")


def _summary(url: str) -> str:
    return (
        '\n            <regulationSummary regulationType="amendment" publicationDate="2018-01-11" '
        f'numberTitle="2018/40 (OJ L7)" publicationUrl="{url}"/>'
    )


def _eu_name(
    whole: str, first: str, last: str, function: str, lang: str, strong: bool, logical: int
) -> str:
    url = "http://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32018R0040&amp;from=EN"
    return (
        f'\n        <nameAlias firstName="{first}" middleName="" lastName="{last}" '
        f'wholeName="{whole}" function="{function}" gender="M" title="" nameLanguage="{lang}" '
        f'strong="{str(strong).lower()}" regulationLanguage="en" logicalId="{logical}">'
        f"{_summary(url)}\n        </nameAlias>"
    )


#: A strong name is given in several EU languages: Bulgarian in Cyrillic, Greek in Greek
#: letters (transliterated letter by letter here), the others in the Latin spelling.
EU_LANGUAGES = ("", "BG", "EL", "DE", "FR", "IT", "PL", "RO")
SCRIPTS = {
    "BG": str.maketrans(
        "ABCDEGHIJKLMNOPRSTUWYabcdeghijklmnoprstuwy", "АБЦДЕГХИЙКЛМНОПРСТУВЙабцдегхийклмнопрстувй"
    ),
    "EL": str.maketrans(
        "ABDEGHIKLMNOPRSTUWYabdeghiklmnoprstuwy", "ΑΒΔΕΓΧΙΚΛΜΝΟΠΡΣΤΟΒΥαβδεγχικλμνοπρστοβυ"
    ),
}
EU_COUNTRIES = {
    "KP": "KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)",
    "CN": "CHINA",
    "RU": "RUSSIAN FEDERATION",
}


def _eu_entity(i: int, rng: random.Random) -> str:
    logical = 200000 + i * 20
    person = i % 4 != 3
    iso2 = "KP" if i % 3 else rng.choice(("CN", "RU"))
    country = EU_COUNTRIES[iso2]
    city = rng.choice(CITIES[ISO2[iso2]])
    url = "http://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32018R0040&amp;from=EN"
    parts: list[str] = []
    if person:
        family, given = korean_name(rng)
        whole = f"{family} {given.title()}"
        for n, lang in enumerate(EU_LANGUAGES[: rng.randint(3, 8)]):
            parts.append(
                _eu_name(
                    whole.translate(SCRIPTS.get(lang, {})),
                    given.title().translate(SCRIPTS.get(lang, {})),
                    family.translate(SCRIPTS.get(lang, {})),
                    "Representative" if n == 0 else "",
                    lang,
                    True,
                    logical + n,
                )
            )
        alt = given.title().replace(" ", "-")
        parts.append(
            _eu_name(f"{family.title()} {alt}", alt, family.title(), "", "", False, logical + 9)
        )
        parts.append(
            f'\n        <citizenship region="" countryIso2Code="{iso2}" countryDescription='
            f'"{country}" regulationLanguage="en" logicalId="{logical + 10}">{_summary(url)}'
            "\n        </citizenship>"
        )
        year = rng.randint(1940, 1999)
        if i % 7 == 0:
            birth = (
                f'birthdate="" dayOfMonth="" monthOfYear="" year="" yearRangeFrom="{year}" '
                f'yearRangeTo="{year + 2}"'
            )
        elif i % 5 == 0:
            birth = f'birthdate="" dayOfMonth="" monthOfYear="" year="{year}"'
        else:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            birth = (
                f'birthdate="{year}-{month:02d}-{day:02d}" dayOfMonth="{day}" '
                f'monthOfYear="{month}" year="{year}"'
            )
        parts.append(
            f'\n        <birthdate circa="false" calendarType="GREGORIAN" city="{city}" '
            f'zipCode="" {birth} region="" place="" countryIso2Code="{iso2}" '
            f'countryDescription="{country}" regulationLanguage="en" '
            f'logicalId="{logical + 11}">{_summary(url)}\n        </birthdate>'
        )
        code, description, number = "passport", "National passport", rng.randint(10**8, 10**9)
        subject = '<subjectType code="person" classificationCode="P"/>'
        remark = f"\n        <remark>{PERSON_COMMENT}</remark>"
    else:
        whole = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {i} Trading Corporation"
        for n, lang in enumerate(EU_LANGUAGES[: rng.randint(2, 6)]):
            parts.append(_eu_name(whole, "", "", "", lang, True, logical + n))
        code, description, number = "other", "IMO number", 5000000 + i
        subject = '<subjectType code="enterprise" classificationCode="E"/>'
        remark = "\n        <remark>Company engaged in ship-to-ship transfers.</remark>"
    parts.append(
        f'\n        <identification diplomatic="false" knownExpired="false" knownFalse="false" '
        f'reportedLost="false" revokedByIssuer="false" issuedBy="" latinNumber="" '
        f'nameOnDocument="" number="{number}" region="" countryIso2Code="{iso2}" '
        f'countryDescription="{country}" identificationTypeCode="{code}" '
        f'identificationTypeDescription="{description}" regulationLanguage="en" '
        f'logicalId="{logical + 12}">{_summary(url)}\n        </identification>'
    )
    parts.append(
        f'\n        <address city="{city}" street="{rng.randint(1, 99)} Sungri Street" poBox="" '
        f'zipCode="" region="" place="" asAtListingTime="false" countryIso2Code="{iso2}" '
        f'countryDescription="{country}" regulationLanguage="en" logicalId="{logical + 13}">'
        f"{_summary(url)}\n        </address>"
    )
    programme = "PRK" if iso2 == "KP" else rng.choice(("RUS", "TERR", "CHN"))
    reference = f"EU.{9000 + i // 100}.{i % 100:02d}"
    regulation = (
        'regulationType="amendment" organisationType="commission" publicationDate="2018-01-11" '
        'entryIntoForceDate="2018-01-12" numberTitle="2018/40 (OJ L7)" '
        f'programme="{programme}" logicalId="{logical + 14}"'
    )
    return f"""
    <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="{reference}" \
logicalId="{logical}">{remark}
        <regulation {regulation}>
            <publicationUrl>{url}</publicationUrl>
        </regulation>
        {subject}{"".join(parts)}
    </sanctionEntity>
"""


def make_eu(path: Path, count: int) -> None:
    """An EU full sanctions list (``xmlFullSanctionsList_1_1``) of ``count`` records."""
    rng = random.Random(2580)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<export xmlns="{EU_NS}" generationDate="2026-01-28T17:26:53.906+01:00" '
            'globalFileId="180460">\n'
        )
        for i in range(count):
            out.write(_eu_entity(i, rng))
        out.write("</export>\n")


def _count(path: Path, tag: str) -> int:
    count = 0
    for _event, element in etree.iterparse(
        str(path), events=("end",), tag=tag, resolve_entities=False
    ):
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def bare_ofac_advanced(path: Path) -> int:
    """The reference: lxml ``iterparse`` of the whole file, each party cleared once read (one
    pass; nkcase reads the file twice, since the entries come after the parties)."""
    return _count(path, f"{{{OFAC_NS}}}DistinctParty")


def bare_eu(path: Path) -> int:
    """The reference: lxml ``iterparse``, each ``sanctionEntity`` cleared once read."""
    return _count(path, f"{{{EU_NS}}}sanctionEntity")
