"""Property value types: how each kind of value is validated, normalised and shown.

Every cleaner takes the raw text a person typed and returns the stored form, or raises
:class:`~nkcase.errors.ValidationError` with a one-line message naming what is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from nkcase.errors import ValidationError
from nkcase.vocabulary.countries import clean_country, country_label

MONTHS = {
    name: index + 1
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}


def clean_name(raw: str) -> str:
    """Names in any script: NFC, white space collapsed; empty and control characters refused."""
    text = unicodedata.normalize("NFC", raw)
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text):
        raise ValidationError(f"the name “{raw!r}” contains control characters")
    text = " ".join(text.split())
    if not text:
        raise ValidationError("a name cannot be empty")
    return text


def clean_string(raw: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        raise ValidationError("the value is empty")
    return text


def clean_text(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        raise ValidationError("the text is empty")
    return text


def _valid_date(year: int, month: int | None, day: int | None, raw: str) -> str:
    if not 1000 <= year <= 2999:
        raise ValidationError(f"“{raw}” is not a date: the year {year} is out of range")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValidationError(f"“{raw}” is not a date: there is no month {month}")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        raise ValidationError(
            f"“{raw}” is not a date: {year}-{month:02d} has no day {day}"
        ) from None
    return f"{year:04d}-{month:02d}-{day:02d}"


def clean_date(raw: str) -> str:
    """Partial ISO dates: "2019", "2019-12", "2019-12-03"; also "2019/12/03", "3 Dec 2019"."""
    text = raw.strip()
    match = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:T.*)?", text)
    if match:
        year, month, day = match.groups()
        return _valid_date(int(year), int(month) if month else None, int(day) if day else None, raw)
    words = re.findall(r"[A-Za-z]+|\d+", text)
    numbers = [int(w) for w in words if w.isdigit()]
    months = [MONTHS[w.lower()] for w in words if w.lower() in MONTHS]
    years = [n for n in numbers if n >= 1000]
    if len(months) == 1 and len(years) == 1:
        days = [n for n in numbers if n < 1000]
        return _valid_date(years[0], months[0], days[0] if len(days) == 1 else None, raw)
    raise ValidationError(f"“{raw}” is not a date: use 2019, 2019-12 or 2019-12-03")


def imo_check_digit(six_digits: str) -> int:
    return sum(int(d) * w for d, w in zip(six_digits, range(7, 1, -1), strict=True)) % 10


def clean_imo(raw: str) -> str:
    """IMO ship numbers: 7 digits, the last a check digit; stored as FtM does: "IMO8905490"."""
    digits = re.sub(r"^\s*imo[\s:#-]*", "", raw.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"\d{7}", digits):
        raise ValidationError(f"“{raw.strip()}” is not an IMO number: it needs 7 digits")
    expected = imo_check_digit(digits[:6])
    if int(digits[6]) != expected:
        raise ValidationError(
            f"{digits} has a wrong check digit (the last digit should be {expected})"
        )
    return f"IMO{digits}"


def clean_mmsi(raw: str) -> str:
    """MMSI: 9 digits; ships' MIDs start with 2 to 7."""
    digits = re.sub(r"[\s-]", "", raw)
    if not re.fullmatch(r"\d{9}", digits):
        raise ValidationError(f"“{raw.strip()}” is not an MMSI: it needs 9 digits")
    if digits[0] not in "234567":
        raise ValidationError(f"MMSI {digits} does not start with a ship's country code (2–7)")
    return digits


def clean_email(raw: str) -> str:
    text = raw.strip()
    if not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]{2,}", text):
        raise ValidationError(f"“{text}” is not an e-mail address")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def clean_url(raw: str) -> str:
    """http(s) URLs; a bare host gets https://. Other schemes (javascript:, file:) are refused."""
    text = raw.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:", text, re.IGNORECASE) and not re.match(
        r"^https?://", text, re.IGNORECASE
    ):
        raise ValidationError(f"“{text}” is not a web address: only http and https are kept")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text
    if not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", text, re.IGNORECASE):
        raise ValidationError(f"“{raw.strip()}” is not a web address")
    return text


def clean_phone(raw: str) -> str:
    text = raw.strip()
    digits = re.sub(r"\D", "", text)
    if not 5 <= len(digits) <= 15 or re.search(r"[A-Za-z]", text):
        raise ValidationError(f"“{text}” is not a phone number")
    if text.startswith("00"):
        return "+" + digits[2:]
    return ("+" if text.startswith("+") else "") + digits


def clean_identifier(raw: str) -> str:
    return clean_string(raw)


def clean_number(raw: str) -> str:
    text = raw.strip().replace(",", "")
    try:
        float(text)
    except ValueError:
        raise ValidationError(f"“{raw.strip()}” is not a number") from None
    return text


STATUS_VALUES = ("operating", "closed", "suspended", "unknown")


def clean_status(raw: str) -> str:
    text = " ".join(raw.split()).lower()
    if text not in STATUS_VALUES:
        raise ValidationError(f"unknown status “{raw.strip()}”; use " + ", ".join(STATUS_VALUES))
    return text


CLEANERS: dict[str, Callable[[str], str]] = {
    "name": clean_name,
    "string": clean_string,
    "text": clean_text,
    "country": clean_country,
    "date": clean_date,
    "imo": clean_imo,
    "mmsi": clean_mmsi,
    "email": clean_email,
    "url": clean_url,
    "phone": clean_phone,
    "identifier": clean_identifier,
    "number": clean_number,
    "address": clean_string,
    "status": clean_status,
}


def display(type_name: str, value: str) -> str:
    """A stored value as a person reads it ("vn" → "Vietnam (vn)")."""
    if type_name == "country":
        label = country_label(value)
        return f"{label} ({value})" if label != value else value
    return value
