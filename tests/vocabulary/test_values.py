"""Value types: countries, dates, identifiers, names, scripts."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkcase.errors import ValidationError
from nkcase.vocabulary import (
    PartialDate,
    clean_value,
    country_codes,
    country_label,
    detect_script,
    display_value,
    imo_check_digit,
)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("TH", "th"),
        ("tha", "th"),
        ("Thailand", "th"),
        ("Vietnam", "vn"),
        ("Viet Nam", "vn"),
        ("North Korea", "kp"),
        ("DPRK", "kp"),
        ("D.P.R.K.", "kp"),
        ("Korea, DPR", "kp"),
        ("Democratic People's Republic of Korea", "kp"),
        ("Democratic People’s Republic of Korea", "kp"),
        ("South Korea", "kr"),
        ("Republic of Korea", "kr"),
        ("Burma", "mm"),
        ("Myanmar", "mm"),
        ("Laos", "la"),
        ("Lao People's Democratic Republic", "la"),
        ("Russia", "ru"),
        ("Russian Federation", "ru"),
        ("UAE", "ae"),
        ("United Arab Emirates", "ae"),
        ("Hong Kong", "hk"),
        ("Taiwan", "tw"),
        ("Côte d'Ivoire", "ci"),
        ("Åland Islands", "ax"),
        ("  cambodia ", "kh"),
    ],
)
def test_countries(raw: str, code: str) -> None:
    assert clean_value("Company", "country", raw) == code


def test_the_country_table_is_complete_and_labelled() -> None:
    codes = country_codes()
    assert len(codes) >= 249 and {"kp", "kr", "xk", "tw", "hk"} <= set(codes)
    assert all(len(c) == 2 and c.islower() for c in codes)
    assert country_label("kp") == "North Korea" and country_label("PS") == "Palestine"
    assert country_label("zz") == "zz"
    for code in codes:  # every code and every label reads back as itself
        assert clean_value("Vessel", "flag", code.upper()) == code
        assert clean_value("Vessel", "flag", country_label(code)) == code
    assert display_value("Person", "nationality", "vn") == "Vietnam (vn)"


@pytest.mark.parametrize(("raw", "choices"), [("Korea", "(kp)"), ("Congo", "(cd)")])
def test_ambiguous_countries_are_refused_with_the_choices(raw: str, choices: str) -> None:
    with pytest.raises(ValidationError, match="several countries") as caught:
        clean_value("Company", "country", raw)
    assert choices in str(caught.value) and str(caught.value).startswith("Country: ")


def test_unknown_country_names_the_value() -> None:
    with pytest.raises(ValidationError, match="Country: unknown country 'Atlantis'"):
        clean_value("Company", "country", "Atlantis")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("2019", "2019"),
        ("2019-12", "2019-12"),
        ("2019-12-03", "2019-12-03"),
        ("2019-1-3", "2019-01-03"),
        ("2019/12/03", "2019-12-03"),
        ("2019.12.03", "2019-12-03"),
        ("3 December 2019", "2019-12-03"),
        ("3rd of Dec. 2019", "2019-12-03"),
        ("December 3, 2019", "2019-12-03"),
        ("Dec 2019", "2019-12"),
        ("2020-02-29", "2020-02-29"),
        ("2019-02-28T10:00:00Z", "2019-02-28"),
        ("2019년 12월 3일", "2019-12-03"),
        ("2019年12月", "2019-12"),
    ],
)
def test_dates(raw: str, stored: str) -> None:
    assert clean_value("Company", "incorporationDate", raw) == stored


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("2019-13", "no month 13"),
        ("2019-02-30", "no day 30"),
        ("2019-02-29", "no day 29"),
        ("03/04/2019", "ambiguous"),
        ("yesterday", "not a date"),
        ("19", "not a date"),
        ("May 2019 12 45", "not a date"),
        ("0999", "out of range"),
    ],
)
def test_bad_dates(raw: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why) as caught:
        clean_value("Person", "birthDate", raw)
    assert str(caught.value).startswith("Date of birth: ")


def test_partial_dates_compare_and_sort() -> None:
    dates = [PartialDate.parse(d) for d in ("2019-12-03", "2019", "2018-06", "2019-12")]
    assert [str(d) for d in sorted(dates)] == ["2018-06", "2019", "2019-12", "2019-12-03"]
    december = PartialDate.parse("Dec 2019")
    assert (december.earliest.isoformat(), december.latest.isoformat()) == (
        "2019-12-01",
        "2019-12-31",
    )
    assert PartialDate.parse("2020-02").latest.day == 29
    assert december.precision == "month" and PartialDate(2019).precision == "year"
    assert PartialDate(2019).overlaps(PartialDate(2019, 12, 3))
    assert not PartialDate(2018).overlaps(december)


def test_imo_numbers() -> None:
    for raw in ("8905490", "IMO 8905490", "imo:8905490", " IMO8905490 "):
        assert clean_value("Vessel", "imoNumber", raw) == "IMO8905490"
    with pytest.raises(ValidationError) as caught:
        clean_value("Vessel", "imoNumber", "IMO 8905491")
    message = str(caught.value)
    assert message.startswith("IMO number: 'IMO 8905491'") and "check digit" in message
    assert "should be 0" in message
    with pytest.raises(ValidationError, match="7 digits"):
        clean_value("Vessel", "imoNumber", "89054")


@given(st.integers(min_value=0, max_value=999999), st.integers(1, 9))
def test_every_wrong_check_digit_is_caught(six: int, off: int) -> None:
    digits = f"{six:06d}"
    right = imo_check_digit(digits)
    assert clean_value("Vessel", "imoNumber", f"{digits}{right}") == f"IMO{digits}{right}"
    with pytest.raises(ValidationError, match="check digit"):
        clean_value("Vessel", "imoNumber", f"{digits}{(right + off) % 10}")


@pytest.mark.parametrize(
    ("schema", "prop", "raw", "stored"),
    [
        ("Vessel", "mmsi", "445 123 456", "445123456"),
        ("Vessel", "mmsi", "MMSI 445123456", "445123456"),
        ("Company", "email", "Ops@Example.COM", "Ops@example.com"),
        ("Company", "email", "mailto:ops@example.com", "ops@example.com"),
        ("Company", "website", "example.org/about", "https://example.org/about"),
        ("Company", "website", "HTTP://A.Example.kp/Path", "http://a.example.kp/Path"),
        ("Company", "sourceUrl", "example.org:8080/x", "https://example.org:8080/x"),
        ("Company", "phone", "+856 21 123 456", "+85621123456"),
        ("Company", "phone", "0066 2 123 4567", "+6621234567"),
        ("Company", "phone", "(02) 123-4567", "021234567"),
        ("Company", "registrationNumber", "  0105  556 ", "0105 556"),
        ("Vessel", "tonnage", "2,600", "2600"),
        ("Vessel", "grossRegisteredTonnage", "12 000.5", "12000.5"),
        ("Ownership", "percentage", "45%", "45"),
        ("Company", "status", "Operating", "operating"),
        ("Company", "status", "shut down", "closed"),
        ("Company", "status", "unknown", "unknown"),
        ("Vessel", "type", " Oil   tanker ", "Oil tanker"),
    ],
)
def test_other_types(schema: str, prop: str, raw: str, stored: str) -> None:
    assert clean_value(schema, prop, raw) == stored


@pytest.mark.parametrize(
    ("schema", "prop", "raw"),
    [
        ("Vessel", "mmsi", "12345678"),
        ("Vessel", "mmsi", "945123456"),
        ("Company", "email", "not-an-address"),
        ("Company", "email", "a@b"),
        ("Company", "website", "javascript:alert(1)"),
        ("Company", "website", "file:///etc/passwd"),
        ("Company", "website", "not a url"),
        ("Company", "phone", "call me"),
        ("Company", "phone", "12"),
        ("Vessel", "tonnage", "nan"),
        ("Vessel", "tonnage", "1,5"),
        ("Company", "status", "suspended"),
        ("Company", "notes", "   "),
    ],
)
def test_bad_values_are_refused_naming_the_property(schema: str, prop: str, raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_value(schema, prop, raw)
    message = str(caught.value)
    assert "\n" not in message and ":" in message


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_name_cleaning_only_normalises(raw: str) -> None:
    try:
        cleaned = clean_value("Person", "name", raw)
    except ValidationError as err:
        assert not raw.split() or "control character" in str(err)
        return
    assert cleaned == " ".join(unicodedata.normalize("NFC", raw).split())
    # Nothing but white space is lost: the characters are the same up to NFC.
    squeezed = "".join(unicodedata.normalize("NFD", raw).split())
    assert "".join(unicodedata.normalize("NFD", cleaned).split()) == squeezed


@pytest.mark.parametrize(
    "name", ['AT&T <Ltd> "Co"', "Acme <script>alert(1)</script>", "O'Brien & Sons", "평양옥류관"]
)
def test_escaping_hostile_names_are_kept_as_written(name: str) -> None:
    assert clean_value("Company", "name", name) == name


@pytest.mark.parametrize("raw", ["Kim\x00Chol", "Kim\u202eloh", "\x1b[31mred"])
def test_control_characters_in_names_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError, match=r"Name: .*control character"):
        clean_value("Person", "name", raw)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("평양옥류관", "Hang"),
        ("라경수", "Hang"),
        ("ㄱㄴ", "Hang"),
        ("Ra Kyong-su", "Latn"),
        ("Ra Kyŏng-su", "Latn"),
        ("RA KYʼONG-SU", "Latn"),
        ("Ｋｉｍ", "Latn"),
        ("萬壽臺", "Hani"),
        ("Раз Петров", "Cyrl"),
        ("محمد", "Arab"),
        ("שלום", "Hebr"),
        ("สมชาย", "Thai"),
        ("平壌のレストラン", "Jpan"),
        ("カタカナ", "Jpan"),
        ("朝鮮 조선", "Kore"),
        ("123 - !", "Zyyy"),
        ("", "Zyyy"),
        ("Kim 김", "Zmix"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script
