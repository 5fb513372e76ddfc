"""Property value types: how each kind of value is validated, normalised and shown.

Every cleaner takes the raw text a person typed and returns the stored form, or raises
:class:`~nkcase.errors.ValidationError` with a one-line message saying what is wrong; the
caller (``clean_value``) prefixes the property's label. Cleaners never escape anything:
``AT&T <Ltd>`` is a legitimate name, and escaping is the job of whatever renders it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from nkcase.errors import ValidationError
from nkcase.vocabulary.countries import clean_country, country_label
from nkcase.vocabulary.dates import clean_date
from nkcase.vocabulary.identifiers import (
    clean_email,
    clean_imo,
    clean_mmsi,
    clean_phone,
    clean_url,
)

# Bidirectional embedding/override/isolate controls can make a name display as another
# ("Trojan source"); names do not need them, so they are refused.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _refuse_controls(raw: str, what: str) -> None:
    for ch in raw:
        if ch.isspace():
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or ch in _BIDI_CONTROLS:
            raise ValidationError(
                f"the {what} {raw.strip()!r} contains the control character U+{ord(ch):04X}"
            )


def clean_name(raw: str) -> str:
    """Names in any script: NFC, white space collapsed; empty and control characters refused.

    Nothing else changes: case, punctuation and characters such as & < > " are kept.
    """
    _refuse_controls(raw, "name")
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        raise ValidationError("a name cannot be empty")
    return text


def clean_string(raw: str) -> str:
    """Short free text (a role, a sector, a city): NFC, white space collapsed."""
    _refuse_controls(raw, "value")
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        raise ValidationError("the value is empty")
    return text


def clean_text(raw: str) -> str:
    """Long text (notes, summaries): NFC, line breaks kept, only the ends trimmed."""
    _refuse_controls(raw, "text")
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        raise ValidationError("the text is empty")
    return text


def clean_identifier(raw: str) -> str:
    """Registration, passport, tax numbers: kept as written, white space collapsed."""
    return clean_string(raw)


_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def clean_number(raw: str) -> str:
    """A plain decimal number; thousands separators ("1,234", "12 000") and a "%" dropped."""
    text = raw.strip().removesuffix("%").strip()
    text = re.sub(r"(?<=\d)[,\s'](?=\d{3}\b)", "", text)
    if not _NUMBER.fullmatch(text):
        raise ValidationError(f"'{raw.strip()}' is not a number")
    return text.lstrip("+")


#: The statuses of a legal entity. Kept few on purpose: the date and the quote say the rest.
STATUS_VALUES = ("operating", "closed", "unknown")
_STATUS_WORDS = {
    **dict.fromkeys(("operating", "open", "active", "operational", "running"), "operating"),
    **dict.fromkeys(
        ("closed", "shut", "shut down", "closed down", "inactive", "defunct", "dissolved"),
        "closed",
    ),
    **dict.fromkeys(("unknown", "unclear", "?"), "unknown"),
}


def clean_status(raw: str) -> str:
    """One of :data:`STATUS_VALUES`; a few obvious synonyms ("active", "shut down") accepted."""
    text = " ".join(raw.split()).lower()
    if text not in _STATUS_WORDS:
        raise ValidationError(f"unknown status '{raw.strip()}'; use " + ", ".join(STATUS_VALUES))
    return _STATUS_WORDS[text]


#: The cleaner of each value type named in ``schemata.TYPES``.
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
