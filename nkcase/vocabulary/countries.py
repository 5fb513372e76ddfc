"""Countries as ISO 3166-1 alpha-2 codes, from codes or the names people actually type."""

from __future__ import annotations

import unicodedata

from nkcase.errors import ValidationError
from nkcase.vocabulary.country_table import COUNTRIES

# Names investigators use that ISO does not list, and territories FtM codes on its own.
EXTRA_NAMES: dict[str, str] = {
    "dprk": "kp",
    "north korea": "kp",
    "korea north": "kp",
    "democratic peoples republic of korea": "kp",
    "rok": "kr",
    "south korea": "kr",
    "korea": "kr",
    "republic of korea": "kr",
    "burma": "mm",
    "laos": "la",
    "lao pdr": "la",
    "russia": "ru",
    "uae": "ae",
    "emirates": "ae",
    "uk": "gb",
    "great britain": "gb",
    "britain": "gb",
    "england": "gb",
    "usa": "us",
    "america": "us",
    "united states of america": "us",
    "vietnam": "vn",
    "viet nam": "vn",
    "prc": "cn",
    "china": "cn",
    "mainland china": "cn",
    "hong kong": "hk",
    "hong kong sar": "hk",
    "macau": "mo",
    "macao": "mo",
    "taiwan": "tw",
    "republic of china": "tw",
    "iran": "ir",
    "syria": "sy",
    "moldova": "md",
    "tanzania": "tz",
    "bolivia": "bo",
    "venezuela": "ve",
    "czech republic": "cz",
    "czechia": "cz",
    "ivory coast": "ci",
    "cote divoire": "ci",
    "east timor": "tl",
    "brunei": "bn",
    "cape verde": "cv",
    "swaziland": "sz",
    "kosovo": "xk",
}


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isalnum() or c.isspace() else " " if c in "-,/." else "" for c in letters)
    return " ".join(kept.split())


def _build() -> tuple[dict[str, str], dict[str, str]]:
    lookup: dict[str, str] = {}
    labels: dict[str, str] = {"xk": "Kosovo"}
    for alpha2, alpha3, label, *others in COUNTRIES:
        labels[alpha2] = label
        lookup[alpha2] = alpha2
        lookup[alpha3] = alpha2
        for name in (label, *others):
            lookup.setdefault(_key(name), alpha2)
    for name, code in EXTRA_NAMES.items():
        lookup[_key(name)] = code
    return lookup, labels


_LOOKUP, _LABELS = _build()


def clean_country(raw: str) -> str:
    """``"Vietnam"``, ``"VN"``, ``"VNM"``, ``"Viet Nam"`` → ``"vn"``; unknown names refused."""
    key = _key(raw)
    code = _LOOKUP.get(key)
    if code is None:
        raise ValidationError(f"unknown country “{raw.strip()}”: use an ISO code (th) or a name")
    return code


def country_label(code: str) -> str:
    """The English name of an ISO alpha-2 code (the code itself when unknown)."""
    return _LABELS.get(code.lower(), code)
