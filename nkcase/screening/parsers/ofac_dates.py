"""An OFAC ``DatePeriod`` (a birth date in OFAC's advanced XML) as a :class:`DateRange`.

A person's birth date is ten elements (Start/From and End/To, each Year, Month and Day): read
here with as few element proxies and Python steps as the reading allows, since a birth date
was a sixth of a person's parse. ``tests/screening/test_ofac_advanced_parties.py`` compares
the result with the plain reading it replaced.
"""

from __future__ import annotations

import calendar
from typing import Any

from nkcase.screening.parsers.common import date_range
from nkcase.screening.parsers.xmlsafe import LOCAL_NAMES
from nkcase.screening.records import DateRange


def date_period(period: Any) -> DateRange | None:
    """An OFAC DatePeriod: Start/From … End/To; a whole year or month becomes "1962", a
    span of years "1962"–"1964", otherwise full dates."""
    start, end = _point(period, "{*}Start", "{*}From"), _point(period, "{*}End", "{*}To")
    if start is None:
        return None
    end = end or start
    if start[1:] == (1, 1) and end[1:] == (12, 31):
        return date_range(_iso(start[0]), _iso(end[0]))
    if start[2] == 1 and start[:2] <= end[:2] and end[2] == _last_day(*end[:2]):
        return date_range(_iso(*start[:2]), _iso(*end[:2]))
    return date_range(_iso(*start), _iso(*end))


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """:func:`~.common.single_date` of numbers: the same checks and text, without turning
    the numbers into text and back (a third of a birth date's building). A year from 1000 to
    2999 is written as it is, in four digits."""
    if not 1000 <= year <= 2999:
        return None
    if month is None or not 1 <= month <= 12:
        return str(year)
    if day is None or not 1 <= day <= 31:
        return f"{year}-{_TWO_DIGITS[month]}"
    return f"{year}-{_TWO_DIGITS[month]}-{_TWO_DIGITS[day]}"


_TWO_DIGITS = tuple(f"{n:02d}" for n in range(32))


def _point(period: Any, edge: str, bound: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the first ``bound`` ("From", "To") of an ``edge`` ("Start",
    "End"); month and day 1 when missing, None when the year is or a part is not a number.
    Each part is the text of the first child of that name, as :func:`~.xmlsafe.by_name` and
    :func:`~.xmlsafe.text_of` would read it, in one loop over the three children."""
    for side in period.iterchildren(edge):
        for part in side.iterchildren(bound):
            texts: dict[str, str | None] = {}
            for child in part:
                texts.setdefault(LOCAL_NAMES[child.tag], child.text)
            month, day = texts.get("Month"), texts.get("Day")
            try:  # int() skips the blanks str.strip() would: only a blank text needs a test
                return (
                    int(texts.get("Year") or ""),
                    int(month) if month and not month.isspace() else 1,
                    int(day) if day and not day.isspace() else 1,
                )
            except ValueError:
                return None
    return None


def _last_day(year: int, month: int) -> int:
    """The month's last day (:func:`calendar.monthrange`'s, without its weekday); 31 for a
    month that is not one."""
    if not 1 <= month <= 12:
        return 31
    return _MONTH_DAYS[month] + (month == 2 and calendar.isleap(year))


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
