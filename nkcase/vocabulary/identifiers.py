"""Identifier-like values: IMO and MMSI numbers, e-mail, web addresses, phone numbers.

Stored forms, chosen once:
- IMO number: "IMO8905490" (FtM's form); "8905490", "IMO 8905490", "imo: 8905490" accepted.
- MMSI: nine digits, no spaces.
- e-mail: as typed, the domain lower-cased.
- URL: http or https only (other schemes such as javascript: or file: are refused, since a
  dossier turns URLs into links); a bare "example.org/x" gets "https://"; scheme and host are
  lower-cased, the rest kept as typed.
- phone: "+" and digits only ("0066 2 123 4567" → "+6621234567"); a number without an
  international prefix keeps its digits and no "+", since we cannot know the country.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from nkcase.errors import ValidationError


def imo_check_digit(six_digits: str) -> int:
    """The IMO check digit of the first six digits (weights 7..2, sum modulo 10)."""
    return sum(int(d) * w for d, w in zip(six_digits, range(7, 1, -1), strict=True)) % 10


def clean_imo(raw: str) -> str:
    """IMO ship numbers: 7 digits, the last a check digit; stored as "IMO8905490"."""
    shown = raw.strip()
    digits = re.sub(r"^imo[\s:#.-]*", "", shown, flags=re.IGNORECASE).replace(" ", "")
    if not re.fullmatch(r"\d{7}", digits):
        raise ValidationError(f"'{shown}' is not an IMO number: it needs 7 digits")
    expected = imo_check_digit(digits[:6])
    if int(digits[6]) != expected:
        raise ValidationError(
            f"'{shown}' has a wrong check digit: the last digit should be {expected}, "
            f"not {digits[6]}"
        )
    return f"IMO{digits}"


def clean_mmsi(raw: str) -> str:
    """MMSI: 9 digits; a ship's starts with its country's MID, whose first digit is 2 to 7."""
    shown = raw.strip()
    digits = re.sub(r"^mmsi[\s:#]*", "", shown, flags=re.IGNORECASE)
    digits = re.sub(r"[\s-]", "", digits)
    if not re.fullmatch(r"\d{9}", digits):
        raise ValidationError(f"'{shown}' is not an MMSI: it needs 9 digits")
    if digits[0] not in "234567":
        raise ValidationError(
            f"'{shown}' is not a ship's MMSI: it must start with a country code (2 to 7)"
        )
    return digits


_EMAIL = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]{2,}")


def clean_email(raw: str) -> str:
    text = raw.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not _EMAIL.fullmatch(text):
        raise ValidationError(f"'{raw.strip()}' is not an e-mail address")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def clean_url(raw: str) -> str:
    """http(s) URLs; a bare host gets https://. Other schemes (javascript:, file:) are refused."""
    text = raw.strip()
    if any(c.isspace() for c in text) or not text:
        raise ValidationError(f"'{text}' is not a web address")
    has_scheme = re.match(r"^https?://", text, re.IGNORECASE)
    # "example.org:8080/x" looks like a scheme to a parser; a dot before the colon says host.
    if not has_scheme and _SCHEME.match(text) and "." not in text.split(":", 1)[0]:
        raise ValidationError(f"'{text}' is not a web address: only http and https are kept")
    if not has_scheme:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.hostname or ""
    if "." not in host.strip(".") and host != "localhost":
        raise ValidationError(f"'{raw.strip()}' is not a web address")
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment)
    )


def clean_phone(raw: str) -> str:
    text = raw.strip()
    if re.search(r"[^\d\s+().\-/]", text) or text.count("+") > 1 or "+" in text[1:]:
        raise ValidationError(f"'{text}' is not a phone number: use digits, spaces and +")
    digits = re.sub(r"\D", "", text)
    international = text.startswith("+") or digits.startswith("00")
    if digits.startswith("00") and not text.startswith("+"):
        digits = digits[2:]
    if not 5 <= len(digits) <= 15:
        raise ValidationError(f"'{text}' is not a phone number: it needs 5 to 15 digits")
    return ("+" if international else "") + digits
