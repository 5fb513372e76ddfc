"""Time scales: days to positions and back, and ticks from decades down to days.

Positions are ``(day - origin) * pixels_per_day``. :func:`ticks` picks the unit that keeps
labels apart at the current zoom — decades, years, quarters, months, weeks or days — and labels
ticks the way partial dates are written ("2019", "2019-06", "2019-06-03").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

Unit = tuple[str, float]
UNITS: tuple[Unit, ...] = (
    ("day", 1.0),
    ("week", 7.0),
    ("month", 30.44),
    ("quarter", 91.31),
    ("year", 365.25),
    ("5 years", 5 * 365.25),
    ("decade", 3652.5),
    ("50 years", 5 * 3652.5),
    ("century", 36525.0),
)
MIN_TICK_SPACING = 44.0
"""Pixels between two labelled ticks at least."""


@dataclass(frozen=True, slots=True)
class Tick:
    day: date
    label: str
    major: bool


def unit_for(pixels_per_day: float, min_spacing: float = MIN_TICK_SPACING) -> str:
    """The finest unit whose ticks are at least ``min_spacing`` pixels apart."""
    for name, days in UNITS:
        if days * pixels_per_day >= min_spacing:
            return name
    return UNITS[-1][0]


def _starts(first: date, last: date, unit: str) -> Iterator[date]:
    """Tick days of ``unit`` from the one at or before ``first`` to the one after ``last``."""
    if unit == "day":
        day = first
        while day <= last:
            yield day
            day += timedelta(days=1)
        return
    if unit == "week":
        day = first - timedelta(days=first.weekday())
        while day <= last:
            yield day
            day += timedelta(days=7)
        return
    if unit in ("month", "quarter"):
        step = 1 if unit == "month" else 3
        year, month = first.year, (first.month - 1) // step * step + 1
        while date(year, month, 1) <= last:
            yield date(year, month, 1)
            month += step
            if month > 12:
                year, month = year + 1, month - 12
        return
    step = {"year": 1, "5 years": 5, "decade": 10, "50 years": 50, "century": 100}[unit]
    year = max(1, first.year // step * step)
    while year <= last.year and year <= 9999:
        yield date(year, 1, 1)
        year += step


def label_for(day: date, unit: str) -> str:
    if unit in ("day", "week"):
        return day.isoformat()
    if unit in ("month", "quarter"):
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "decade":
        return f"{day.year}s"
    return f"{day.year:04d}"


def ticks(first: date, last: date, pixels_per_day: float) -> list[Tick]:
    """Labelled ticks covering ``first``..``last`` at this zoom; ``major`` marks those starting
    a larger unit (a year among months), for a stronger line."""
    unit = unit_for(pixels_per_day)
    out: list[Tick] = []
    for day in _starts(first, last, unit):
        major = (
            (unit in ("day", "week") and day.day <= (7 if unit == "week" else 1))
            or (unit in ("month", "quarter") and day.month == 1)
            or (unit == "year" and day.year % 10 == 0)
            or (unit in ("5 years", "decade") and day.year % 50 == 0)
            or unit in ("50 years", "century")
        )
        out.append(Tick(day, label_for(day, unit), major))
    return out


def day_number(day: date) -> float:
    """Days since 0001-01-01 (the ordinal), as a float coordinate."""
    return float(day.toordinal())


def span_days(first: date, last: date) -> float:
    """Days from the start of ``first`` to the end of ``last``."""
    return float(last.toordinal() + 1 - first.toordinal())
