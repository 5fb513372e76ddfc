"""OFAC's XML lists: the advanced format (``sdn_advanced.xml``, ``cons_advanced.xml``) and the
classic one (``sdn.xml``, ``consolidated.xml`` with root ``sdnList``).

Both are told apart by their root element; :mod:`ofac_advanced` and :mod:`ofac_classic` read
them. A record's key is OFAC's uid (``FixedRef`` in the advanced format), the same number the
legacy CSV calls ent_num, so snapshots in different OFAC formats describe the same records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from nkcase.screening.parsers.common import (
    ListFormatError,
    ListHeader,
    date_range,
    single_date,
)
from nkcase.screening.parsers.xmlsafe import Progress, iter_elements, local
from nkcase.screening.records import DateRange, ListRecord

WHAT = "OFAC XML list"


def _root(path: Path) -> str:
    for _event, element in iter_elements(path, what=WHAT, events=("start",)):
        return local(element.tag)
    raise ListFormatError(f"{path.name} is empty")


def _module(path: Path) -> ModuleType:
    from nkcase.screening.parsers import ofac_advanced, ofac_classic

    root = _root(path)
    if root == "Sanctions":
        return ofac_advanced
    if root == "sdnList":
        return ofac_classic
    raise ListFormatError(
        f"{path.name} is not an OFAC XML list (its root element is <{root}>, not <Sanctions> "
        "or <sdnList>)"
    )


def header(path: Path) -> ListHeader:
    found: ListHeader = _module(path).header(path)
    return found


def records(path: Path, progress: Progress | None = None) -> Iterator[ListRecord]:
    found: Iterator[ListRecord] = _module(path).records(path, progress)
    return found


def consolidated(path: Path) -> bool:
    """Whether the file is OFAC's consolidated (non-SDN) list rather than the SDN list: the
    classic format says so only in its file name."""
    return "cons" in path.name.lower()


def list_identity(consolidated_list: bool) -> dict[str, str]:
    if consolidated_list:
        return {"list_code": "ofac-cons", "title": "OFAC Consolidated (non-SDN) List"}
    return {"list_code": "ofac-sdn", "title": "OFAC SDN List"}


PUBLISHER = "US Department of the Treasury, Office of Foreign Assets Control"

#: OFAC's names for identifier types (advanced XML IDRegDocType, classic idType, the CSV's
#: remarks), lower case → our Identifier kinds. Others are kept as "other" with the type noted.
ID_KINDS = {
    "passport": "passport",
    "national id no.": "national_id",
    "identification number": "national_id",
    "cedula no.": "national_id",
    "vessel registration identification": "imo",
    "mmsi": "mmsi",
    "registration id": "registration",
    "registration number": "registration",
    "business registration number": "registration",
    "commercial registry number": "registration",
    "public registration number": "registration",
    "tax id no.": "tax_id",
    "swift/bic": "swift",
}


MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MONTH_YEAR = re.compile(r"(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\s+(\d{4})")
_CIRCA = re.compile(r"^circa\s+", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")


def _one_date(text: str) -> str | None:
    text = _CIRCA.sub("", text.strip())
    if _YEAR.fullmatch(text):
        return single_date(text)
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match is None:
        return None
    day, month, year = match.groups()
    number = MONTHS.get(month.lower())
    return single_date(year, number, day) if number else None


@lru_cache(maxsize=8192)
def birth_date(text: str) -> DateRange | None:
    """OFAC's written dates of birth: "18 Jun 1964", "Jun 1964", "1964", "circa 1947",
    "1962 to 1964" (a range, kept as one). Cached: a list repeats its dates of birth, and the
    range is an immutable value."""
    start, sep, end = text.strip().rstrip(".").partition(" to ")
    first = _one_date(start)
    if not sep:
        return date_range(first)
    return date_range(first, _one_date(end))
