"""Countries as ISO 3166-1 alpha-2 codes (lower case, as FtM stores them), from what people type.

Accepted: alpha-2 and alpha-3 codes in any case, ISO's English names (short and official), and
the names investigators actually use (DPRK, Burma, UAE, Vietnam...). Matching ignores case,
accents and punctuation ("Côte d'Ivoire" = "cote divoire"). Names that mean several
countries ("Korea", "Congo") are refused listing the choices: a wrong country is a wrong fact.
"""

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
    "d p r k": "kp",
    "d p r korea": "kp",
    "dpr korea": "kp",
    "korea dpr": "kp",
    "rok": "kr",
    "south korea": "kr",
    "korea south": "kr",
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
    "xkx": "xk",
    "palestine": "ps",
    "vatican": "va",
    "vatican city": "va",
    "micronesia": "fm",
    "congo kinshasa": "cd",
    "drc": "cd",
    "congo brazzaville": "cg",
    "turkey": "tr",
    "turkiye": "tr",
    "holland": "nl",
    "the netherlands": "nl",
    "the gambia": "gm",
    "the bahamas": "bs",
    "north macedonia": "mk",
    "macedonia": "mk",
}

# Names that mean more than one country: refused with the choices, never guessed.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "korea": ("kp", "kr"),
    "congo": ("cd", "cg"),
    "virgin islands": ("vg", "vi"),
}

# Shorter display names where ISO's is an inverted list entry.
LABELS: dict[str, str] = {
    "cd": "Congo (Democratic Republic)",
    "cg": "Congo (Republic)",
    "fm": "Micronesia",
    "ps": "Palestine",
    "va": "Vatican City",
    "vg": "British Virgin Islands",
    "vi": "U.S. Virgin Islands",
    "xk": "Kosovo",
}


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isalnum() or c.isspace() else " " if c in "-,/." else "" for c in letters)
    return " ".join(kept.split())


def _build() -> tuple[dict[str, str], dict[str, str]]:
    lookup: dict[str, str] = {}
    labels: dict[str, str] = {}
    for alpha2, alpha3, label, *others in COUNTRIES:
        labels[alpha2] = label
        lookup[alpha2] = alpha2
        lookup[alpha3] = alpha2
        for name in (label, *others):
            lookup.setdefault(_key(name), alpha2)
    for name, code in EXTRA_NAMES.items():
        lookup[_key(name)] = code
    labels.update(LABELS)
    for code, label in LABELS.items():
        lookup.setdefault(code, code)
        lookup.setdefault(_key(label), code)
    for name in AMBIGUOUS:
        lookup.pop(_key(name), None)
    return lookup, labels


_LOOKUP, _LABELS = _build()


def clean_country(raw: str) -> str:
    """``"Vietnam"``, ``"VN"``, ``"VNM"``, ``"Viet Nam"`` → ``"vn"``; unknown names refused."""
    key = _key(raw)
    code = _LOOKUP.get(key)
    if code is not None:
        return code
    if key in AMBIGUOUS:
        choices = ", ".join(f"{_LABELS[c]} ({c})" for c in AMBIGUOUS[key])
        raise ValidationError(f"'{raw.strip()}' could mean several countries: {choices}")
    raise ValidationError(f"unknown country '{raw.strip()}': use an ISO code (th) or a name")


def country_codes() -> tuple[str, ...]:
    """Every alpha-2 code known, sorted."""
    return tuple(sorted(_LABELS))


def country_label(code: str) -> str:
    """The English name of an ISO alpha-2 code (the code itself when unknown)."""
    return _LABELS.get(code.lower(), code)
