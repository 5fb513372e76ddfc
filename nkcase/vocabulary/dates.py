"""Partial dates: "2019", "2019-12", "2019-12-03", as the world is often vague about when.

The stored form is ISO 8601 cut to the precision known, as FtM stores dates. People type dates
in many ways; the unambiguous ones are accepted and normalised ("3 December 2019",
"Dec 2019", "2019/12/03", "2019년 12월 3일"), the ambiguous ones ("03/04/2019": March or
April?) are refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nkcase.errors import ValidationError

_MONTH_NAMES = (
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
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}

_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}\S*)?")
_CJK = re.compile(r"(\d{4})\s*[年년]\s*(?:(\d{1,2})\s*[月월]\s*(?:(\d{1,2})\s*[日일])?)?")
_DAY_FIRST = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_WORDS = (
    # 3 December 2019, 3rd of Dec. 2019
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})", re.IGNORECASE),
    # December 3, 2019
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+(\d{{4}})", re.IGNORECASE),
    # December 2019
    re.compile(rf"{_MONTH},?\s+(\d{{4}})", re.IGNORECASE),
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day. Sorts earliest-possible first."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month")

    @classmethod
    def parse(cls, raw: str) -> PartialDate:
        """Parse any accepted spelling (see :func:`clean_date`)."""
        parts = [int(p) for p in clean_date(raw).split("-")]
        return cls(*parts)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def earliest(self) -> date:
        """The first day this date may mean (2019-12 → 1 December 2019)."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day this date may mean (2019-12 → 31 December 2019)."""
        if self.day:
            return date(self.year, self.month or 1, self.day)
        if self.month:
            following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date(self.year, 12, 31)

    def sort_key(self) -> tuple[int, int, int]:
        """Orders "2019" before "2019-01" before "2019-01-01" before "2019-01-02"."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key() >= other.sort_key()

    def overlaps(self, other: PartialDate) -> bool:
        """True when both may mean the same day ("2019" overlaps "2019-12-03")."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _valid(year: int, month: int | None, day: int | None, raw: str) -> str:
    if not 1000 <= year <= 2999:
        raise ValidationError(f"'{raw}' is not a date: the year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(f"'{raw}' is not a date: there is no month {month}")
    if day is not None and month is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"'{raw}' is not a date: {year}-{month:02d} has no day {day}"
            ) from None
    return str(PartialDate(year, month, day if month is not None else None))


def clean_date(raw: str) -> str:
    """The stored form of a date: "2019", "2019-12" or "2019-12-03" (see the module docstring)."""
    text = " ".join(raw.split())
    for pattern in (_ISO, _CJK):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
            assert year is not None
            return _valid(year, month, day, text)
    if _DAY_FIRST.fullmatch(text):
        raise ValidationError(
            f"'{text}' is ambiguous (day or month first?): write it as 2019-12-03"
        )
    for index, pattern in enumerate(_WORDS):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groups()
        if index == 0:
            day, month, year = int(groups[0]), MONTHS[groups[1].lower()], int(groups[2])
        elif index == 1:
            month, day, year = MONTHS[groups[0].lower()], int(groups[1]), int(groups[2])
        else:
            return _valid(int(groups[1]), MONTHS[groups[0].lower()], None, text)
        return _valid(year, month, day, text)
    raise ValidationError(f"'{text}' is not a date: use 2019, 2019-12 or 2019-12-03")


def check_span(start: str | None, end: str | None, what: str = "it") -> None:
    """Refuse an end before the start; partial dates compare by what they may mean, so a span
    from 2019-06 to 2019 is accepted (it may end in December) and 2019-06 to 2018 is not."""
    if not start or not end:
        return
    if PartialDate.parse(end).latest < PartialDate.parse(start).earliest:
        raise ValidationError(f"{what} ends ({end}) before it starts ({start})")
