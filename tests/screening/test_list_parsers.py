"""Each list format read from real list files (or faithful excerpts): what a record says."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.screening.codec import record_from_json, record_to_json
from nkcase.screening.parsers import ListFormatError, open_list
from nkcase.screening.records import DateRange, Identifier, ListRecord
from tests.screening.lists import (
    EU,
    FTM_DPRK,
    FTM_YENTE,
    OFAC_ADVANCED,
    OFAC_CLASSIC,
    OFAC_CSV,
    UN_2024,
    UN_2026,
)


def records_by(path: Path, attribute: str = "reference") -> dict[str, ListRecord]:
    return {getattr(r, attribute): r for r in open_list(path).records()}


def names(record: ListRecord, quality: str | None = None) -> list[str]:
    return [n.full for n in record.names if quality is None or n.quality == quality]


# -- UN Security Council Consolidated List -------------------------------------------------------


def test_un_header_and_counts() -> None:
    source = open_list(UN_2026)
    assert source.format == "un"
    assert source.header.list_code == "un-sc"
    assert source.header.generated == "2026-01-28"
    records = list(source.records())
    assert len(records) == 12
    assert sum(r.schema == "Person" for r in records) == 8


def test_un_dprk_individual_keeps_family_name_first() -> None:
    ri = records_by(UN_2026)["KPi.033"]
    assert ri.record_key == "6908555"
    assert ri.schema == "Person"
    primary = ri.names[0]
    assert primary.full == "RI WON HO"  # FIRST_NAME " RI " and SECOND_NAME "WON HO", tidied
    assert primary.parts == ("RI", "WON HO")
    assert primary.family == "RI"
    assert ri.programmes == ("DPRK",)
    assert ri.listed_on == "2016-11-30"
    assert ri.birth_dates == (DateRange("1964-07-17", "1964-07-17"),)
    assert ri.countries == ("kp",)
    assert Identifier("passport", "381310014") in ri.identifiers
    assert ri.positions == ("DPRK Ministry of State Security Official",)
    assert ri.remarks is not None and "stationed in Syria" in ri.remarks


def test_un_alias_qualities() -> None:
    records = records_by(UN_2026)
    choe = records["KPi.064"]
    assert names(choe, "name") == ["CH'OE SO’K MIN"]
    assert names(choe, "weakAlias") == ["Choe Sok Min"]  # QUALITY Low
    assert names(records["KPi.037"], "alias") == ["Jang Chang Ha"]  # QUALITY Good
    ministry = records["KPe.054"]
    assert ministry.schema == "Organization"
    assert "MINISTRY OF DEFENCE" in names(ministry, "alias")  # a.k.a.
    assert names(ministry, "previousName") == ["MINISTRY OF THE PEOPLE’S ARMED FORCES (MPAF)"]


def test_un_birth_dates_year_only_and_between_range() -> None:
    records = records_by(UN_2026)
    assert records["KPi.002"].birth_dates == (DateRange("1938", "1938"),)
    assert records["KPi.066"].birth_dates == (DateRange("1967", "1969"),)  # BETWEEN kept
    assert records["KPi.030"].birth_dates == (
        DateRange("1968-03-26", "1968-03-26"),
        DateRange("1970-10-15", "1970-10-15"),
    )
    assert len([i for i in records["KPi.030"].identifiers if i.kind == "passport"]) == 2


def test_un_original_script_ampersand_and_company_imo_number() -> None:
    records = records_by(UN_2026)
    tikriti = records["IQi.004"]
    assert [n.script for n in tikriti.names][:2] == ["Latn", "Arab"]
    assert records["KPe.070"].primary_name.startswith("PHYONGCHON SHIPPING & MARINE")
    omm = records["KPe.020"]
    assert Identifier("imo", "IMO1790183") in omm.identifiers
    assert omm.countries == ("kp",)  # from the entity's addresses


def test_un_hangul_original_script(tmp_path: Path) -> None:
    """The 1718 entries carry no original script today; when one does, it is kept as Hangul."""
    path = tmp_path / "consolidated.xml"
    path.write_text(
        "<?xml version='1.0' encoding='UTF-8'?>\n<CONSOLIDATED_LIST dateGenerated='2026-02-01'>"
        "<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>RI</FIRST_NAME>"
        "<SECOND_NAME>WON HO</SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
        "<NAME_ORIGINAL_SCRIPT>리원호</NAME_ORIGINAL_SCRIPT></INDIVIDUAL></INDIVIDUALS>"
        "<ENTITIES/></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    (record,) = open_list(path).records()
    assert [(n.full, n.script) for n in record.names] == [("RI WON HO", "Latn"), ("리원호", "Hang")]


def test_un_content_hash_ignores_layout_and_sees_amendments() -> None:
    old, new = records_by(UN_2024), records_by(UN_2026)
    # 2024 wrote KPi.030's second birth date inside an empty alias and indented differently:
    # the same content, so the same hash.
    for reference in ("KPi.033", "KPi.030", "KPi.066", "KPe.054", "IQi.004"):
        assert old[reference].content_hash == new[reference].content_hash, reference
    # TAi.007 gained a second place of birth: amended.
    assert old["TAi.007"].content_hash != new["TAi.007"].content_hash
    assert "HTi.005" in old and "HTi.005" not in new
    assert "IRe.078" in new and "IRe.078" not in old


# -- OFAC -----------------------------------------------------------------------------------------


def test_ofac_csv_set_vessels_people_and_aliases() -> None:
    source = open_list(OFAC_CSV)
    assert source.format == "ofac-csv"
    assert [role for role, _ in source.parts] == ["main", "alt", "add"]
    assert source.header.list_code == "ofac-sdn" and source.header.generated is None
    records = records_by(OFAC_CSV, "record_key")
    assert len(records) == 8
    vessel = records["17084"]
    assert vessel.schema == "Vessel"
    assert names(vessel) == ["AM NOK GANG", "AP ROK GANG"]  # alt.csv
    assert Identifier("imo", "IMO8132835") in vessel.identifiers
    assert vessel.countries == ("kp",)  # Vess_flag
    paek = records["15667"]
    assert paek.names[0].parts == ("PAEK", "Chang-Ho") and paek.names[0].family == "PAEK"
    assert paek.birth_dates == (DateRange("1964-06-18", "1964-06-18"),)
    assert Identifier("passport", "381420754") in paek.identifiers
    kim = records["12211"]
    assert kim.birth_dates == (DateRange("1947", "1947"), DateRange("1946", "1946"))  # circa
    assert records["15771"].programmes == ("NPWMD", "DPRK2")
    naqdi = records["12057"]
    assert DateRange("1951", "1953") in naqdi.birth_dates  # "DOB 1951 to 1953"
    assert DateRange("1961-04", "1961-04") in naqdi.birth_dates
    komid = records["9345"]
    assert "Central District, Pyongyang, Korea, North" in komid.addresses  # add.csv
    assert "kp" in komid.countries


def test_ofac_advanced_xml() -> None:
    source = open_list(OFAC_ADVANCED)
    assert source.format == "ofac" and source.header.generated == "2020-03-17"
    records = records_by(OFAC_ADVANCED, "record_key")
    vessel = records["17084"]
    assert vessel.schema == "Vessel"
    assert names(vessel, "alias") == ["AP ROK GANG"]
    assert Identifier("imo", "IMO8132835") in vessel.identifiers
    assert vessel.countries == ("kp",)  # Vessel Flag, a location in North Korea
    assert vessel.programmes == ("DPRK",) and vessel.listed_on == "2014-07-30"
    paek = records["15667"]
    assert paek.names[0].full == "PAEK, Chang-Ho" and paek.names[0].family == "PAEK"
    assert paek.birth_dates == (DateRange("1964-06-18", "1964-06-18"),)
    assert paek.birth_places == ("Kaesong, DPRK",)
    haniya = records["9639"]
    assert haniya.birth_dates == (DateRange("1962", "1962"),)  # a whole-year DatePeriod
    assert haniya.listed_on == "2006-04-12"  # the earliest of its two entries
    veb = records["17015"]
    assert names(veb, "weakAlias") == ["VEB"]  # LowQuality="true"
    vtb = records["17013"]
    assert Identifier("swift", "VTBRRUMM") in vtb.identifiers
    assert "ru" in vtb.countries


def test_ofac_advanced_entries_read_from_the_tail_or_whole(tmp_path: Path) -> None:
    """The entries are read from the file's tail alone; a start tag the byte search finds but
    that is no element (inside a comment here) makes the parser read the whole file instead,
    with the same records."""
    expected = list(open_list(OFAC_ADVANCED).records())
    data = OFAC_ADVANCED.read_bytes()
    end = data.rindex(b"</Sanctions>")
    misleading = tmp_path / "sdn_advanced.xml"
    misleading.write_bytes(data[:end] + b"<!-- <SanctionsEntries -->\n" + data[end:])
    assert list(open_list(misleading).records()) == expected


def test_ofac_advanced_tail_is_read_in_the_files_encoding(tmp_path: Path) -> None:
    """The tail read on its own is read in the encoding the file declares: an ISO-8859-1
    programme "Ã©" (bytes that UTF-8 reads as "é") is no reason to refuse the file, and a
    US-ASCII file with another byte in its entries is refused as a whole reading refuses it."""
    data = OFAC_ADVANCED.read_bytes()
    latin = tmp_path / "sdn_advanced.xml"
    latin.write_bytes(
        data.replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'", 1).replace(
            b"<Comment>NPWMD</Comment>", "<Comment>NPWMD Ã©</Comment>".encode("latin-1")
        )
    )
    assert records_by(latin, "record_key")["15667"].programmes == ("NPWMD Ã©",)
    ascii_file = tmp_path / "ascii" / "sdn_advanced.xml"
    ascii_file.parent.mkdir()
    ascii_file.write_bytes(
        data.replace(b"encoding='UTF-8'", b"encoding='US-ASCII'", 1).replace(
            b"<Comment>NPWMD</Comment>", "<Comment>NPWMD é</Comment>".encode()
        )
    )
    with pytest.raises(ListFormatError, match="Invalid bytes in character encoding"):
        list(open_list(ascii_file).records())


def test_ofac_classic_xml_weak_aliases() -> None:
    source = open_list(OFAC_CLASSIC)
    assert source.header.list_code == "ofac-cons" and source.header.generated == "2026-01-08"
    zahhar = records_by(OFAC_CLASSIC, "record_key")["9647"]
    assert names(zahhar, "weakAlias") == ["ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]
    assert zahhar.programmes == ("NS-PLC", "SDGT")


# -- EU -------------------------------------------------------------------------------------------


def test_eu_weak_alias_year_range_and_languages() -> None:
    source = open_list(EU)
    assert source.format == "eu" and source.header.generated == "2018-12-21"
    records = records_by(EU, "record_key")
    choe = records["9001001"]
    assert names(choe, "weakAlias") == ["Choe Sok Min"]  # strong="false"
    assert choe.names[0].family == "CH'OE"
    assert choe.programmes == ("PRK",) and choe.countries == ("kp",)
    assert records["9001002"].birth_dates == (DateRange("1967", "1969"),)
    assert Identifier("imo", "IMO1790183", "kp") in records["9001004"].identifiers
    ibda = records["207"]
    assert {n.lang for n in ibda.names} == {None, "bg", "el"}
    mugabe = records["1"]
    assert mugabe.reference == "EU.36.64" and mugabe.positions == ("Former President",)
    assert Identifier("passport", "AD001095") in mugabe.identifiers


# -- OpenSanctions FtM ----------------------------------------------------------------------------


def test_ftm_targets_with_sanctions_and_hangul() -> None:
    records = records_by(FTM_DPRK, "record_key")
    assert set(records) == {"unsc-6908555", "ofac-19813", "ofac-17069", "unsc-6908046"}
    ri = records["unsc-6908555"]
    hangul = next(n for n in ri.names if n.script == "Hang")
    assert hangul.full == "리원호" and hangul.family == "리"
    assert names(ri, "weakAlias") == ["Ri Won Ho"]
    assert ri.programmes == ("UN-SCDPRK",) and ri.listed_on == "2016-11-30"
    vessel = records["ofac-17069"]
    assert vessel.schema == "Vessel" and vessel.countries == ("kp",)
    assert Identifier("imo", "IMO7937317") in vessel.identifiers
    omm = records["unsc-6908046"]
    assert omm.addresses == ("Donghung Dong, Central District, PO Box 120, Pyongyang",)


def test_ftm_real_opensanctions_lines() -> None:
    records = records_by(FTM_YENTE, "record_key")
    assert len(records) == 6  # the Address entity is not a target
    kuzmenko = records["NK-2Ka3UvopqbpZmVDFjWd4LA"]
    assert "Виталий Юрьевич КУЗЬМЕНКО" in names(kuzmenko)
    assert kuzmenko.birth_dates == (DateRange("1971-01-22", "1971-01-22"),)


# -- common ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "format_"),
    [
        (UN_2026, "un"),
        (OFAC_CSV, "ofac-csv"),
        (OFAC_ADVANCED, "ofac"),
        (OFAC_CLASSIC, "ofac"),
        (EU, "eu"),
        (FTM_DPRK, "ftm"),
    ],
)
def test_format_told_from_bytes_and_records_survive_storage(path: Path, format_: str) -> None:
    source = open_list(path)
    assert source.format == format_
    for record in source.records():
        assert record.names and record.record_key and len(record.content_hash) == 64
        assert record_from_json(record_to_json(record)) == record


def test_format_given_is_checked_against_the_bytes() -> None:
    with pytest.raises(ListFormatError, match="not a UN Security Council consolidated list"):
        open_list(OFAC_CSV, "un")
    assert open_list(UN_2026, "un").format == "un"


def test_a_memo_keeps_only_short_keys_and_so_many() -> None:
    """The memo of repeated field values: the function's value every time, but a long key
    (a hostile file's megabyte "country") and keys past the limit are not kept."""
    from nkcase.screening.parsers.memo import MEMO_KEY_CHARS, Memo

    calls: list[object] = []

    def compute(key: object) -> str:
        calls.append(key)
        return repr(key)

    memo: Memo[object, str] = Memo(compute, limit=3)
    long_key = "x" * (MEMO_KEY_CHARS + 1)
    long_tuple = (("CITY", "y" * MEMO_KEY_CHARS), ("COUNTRY", "kp"))
    for key in ["kp", None, long_key, long_tuple, "kp", None, long_key, long_tuple]:
        assert memo[key] == repr(key)
    assert calls == ["kp", None, long_key, long_tuple, long_key, long_tuple]
    assert set(memo) == {"kp", None}
    for key in ["a", "b", "c"]:
        assert memo[key] == repr(key)
    assert len(memo) == 3


def test_imo_numbers_read_only_where_the_keyword_can_be() -> None:
    """:func:`imo_numbers` searches only texts holding "mo" in some case: the letters that
    match "m" and "o" when the case is ignored must be those four (a new Unicode table giving
    "m" or "o" another case partner would make it miss numbers)."""
    import re
    import sys

    from nkcase.screening.parsers.common import imo_numbers

    for letter, partners in (("m", "mM"), ("o", "oO")):
        pattern = re.compile(letter, re.IGNORECASE)
        found = [chr(c) for c in range(sys.maxunicode + 1) if pattern.fullmatch(chr(c))]
        assert sorted(found) == sorted(partners)
    assert imo_numbers("İmO 1234567, ıMo: 7654321; iMO#1111111") == [
        "IMO1234567",
        "IMO7654321",
        "IMO1111111",
    ]
    assert imo_numbers("Company Number IMO 5434358") == ["IMO5434358"]
    assert imo_numbers("no number 1234567 here, Mohammed") == []
    assert imo_numbers(None) == imo_numbers("") == []
