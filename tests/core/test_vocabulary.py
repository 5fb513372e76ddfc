"""The vocabulary: schemata, value types, countries, dates, identifiers, scripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkcase import vocabulary
from nkcase.errors import ValidationError


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Thailand", "th"),
        ("TH", "th"),
        ("tha", "th"),
        ("Vietnam", "vn"),
        ("Viet Nam", "vn"),
        ("North Korea", "kp"),
        ("DPRK", "kp"),
        ("Democratic People's Republic of Korea", "kp"),
        ("South Korea", "kr"),
        ("Burma", "mm"),
        ("Myanmar", "mm"),
        ("Laos", "la"),
        ("Russia", "ru"),
        ("UAE", "ae"),
        ("Hong Kong", "hk"),
        ("Taiwan", "tw"),
        ("Côte d'Ivoire", "ci"),
        ("  cambodia ", "kh"),
    ],
)
def test_countries_by_code_and_name(raw: str, code: str) -> None:
    assert vocabulary.clean_value("Company", "country", raw) == code


def test_unknown_country_is_refused_with_the_value() -> None:
    with pytest.raises(ValidationError, match="Atlantis"):
        vocabulary.clean_value("Company", "country", "Atlantis")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("2019", "2019"),
        ("2019-12", "2019-12"),
        ("2019-12-03", "2019-12-03"),
        ("2019/12/03", "2019-12-03"),
        ("3 December 2019", "2019-12-03"),
        ("Dec 2019", "2019-12"),
        ("2019-02-28T10:00:00Z", "2019-02-28"),
    ],
)
def test_partial_dates(raw: str, stored: str) -> None:
    assert vocabulary.clean_value("Company", "incorporationDate", raw) == stored


@pytest.mark.parametrize("raw", ["2019-13", "2019-02-30", "yesterday", "19", "12/2019/1"])
def test_bad_dates_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        vocabulary.clean_value("Company", "incorporationDate", raw)


def test_imo_numbers() -> None:
    assert vocabulary.clean_value("Vessel", "imoNumber", "8905490") == "IMO8905490"
    assert vocabulary.clean_value("Vessel", "imoNumber", "IMO 8905490") == "IMO8905490"
    with pytest.raises(ValidationError, match="check digit"):
        vocabulary.clean_value("Vessel", "imoNumber", "8905491")
    with pytest.raises(ValidationError, match="7 digits"):
        vocabulary.clean_value("Vessel", "imoNumber", "89054")


@given(st.integers(min_value=100000, max_value=999999))
def test_every_imo_with_its_check_digit_is_accepted(six: int) -> None:
    digits = f"{six}{vocabulary.imo_check_digit(str(six))}"
    assert vocabulary.clean_value("Vessel", "imoNumber", digits) == f"IMO{digits}"
    wrong = f"{six}{(int(digits[-1]) + 1) % 10}"
    with pytest.raises(ValidationError):
        vocabulary.clean_value("Vessel", "imoNumber", wrong)


@pytest.mark.parametrize(
    ("prop", "raw", "stored"),
    [
        ("mmsi", "445 123 456", "445123456"),
        ("email", "Ops@Example.COM", "Ops@example.com"),
        ("website", "example.org/about", "https://example.org/about"),
        ("website", "http://a.example.kp", "http://a.example.kp"),
        ("phone", "+856 21 123 456", "+85621123456"),
        ("phone", "0066 2 123 4567", "+6621234567"),
    ],
)
def test_identifier_types(prop: str, raw: str, stored: str) -> None:
    schema = "Vessel" if prop == "mmsi" else "Company"
    assert vocabulary.clean_value(schema, prop, raw) == stored


@pytest.mark.parametrize(
    ("prop", "raw"),
    [
        ("mmsi", "12345678"),
        ("mmsi", "945123456"),
        ("email", "not-an-address"),
        ("website", "javascript:alert(1)"),
        ("website", "file:///etc/passwd"),
        ("phone", "call me"),
    ],
)
def test_bad_identifiers_refused(prop: str, raw: str) -> None:
    schema = "Vessel" if prop == "mmsi" else "Company"
    with pytest.raises(ValidationError):
        vocabulary.clean_value(schema, prop, raw)


def test_schemata_and_properties() -> None:
    assert vocabulary.get_schema("vessel").name == "Vessel"
    assert vocabulary.get_schema("Company").is_a("LegalEntity")
    assert "imoNumber" not in vocabulary.get_schema("Company").properties
    assert "passportNumber" in vocabulary.get_schema("Person").properties
    with pytest.raises(ValidationError, match="choose one of"):
        vocabulary.get_schema("Shipp")
    with pytest.raises(ValidationError, match="no property"):
        vocabulary.clean_value("Company", "imoNumber", "8905490")
    names = {s.name for s in vocabulary.RELATIONSHIP_SCHEMATA}
    assert names == {
        "Ownership",
        "Directorship",
        "Employment",
        "Membership",
        "Associate",
        "Family",
        "Representation",
        "UnknownLink",
    }
    vocabulary.check_edge("Ownership", "Person", "Vessel")
    with pytest.raises(ValidationError, match="director"):
        vocabulary.check_edge("Directorship", "Vessel", "Company")


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("평양옥류관", "Hang"),
        ("Ra Kyong-su", "Latn"),
        ("萬壽臺", "Hani"),
        ("Раз", "Cyrl"),
        ("平壌のレストラン", "Jpan"),
        ("朝鮮 조선", "Kore"),
        ("123", "Zyyy"),
        ("Kim 김", "Zmix"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert vocabulary.detect_script(text) == script


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_name_cleaning_only_normalises(raw: str) -> None:
    try:
        cleaned = vocabulary.clean_value("Person", "name", raw)
    except ValidationError:
        assert not raw.split()
        return
    import unicodedata

    assert cleaned == " ".join(unicodedata.normalize("NFC", raw).split())


@pytest.mark.parametrize("name", ['AT&T <Ltd> "Co"', "Acme <script>", "O'Brien & Sons"])
def test_hostile_names_unchanged(name: str) -> None:
    assert vocabulary.clean_value("Company", "name", name) == name
