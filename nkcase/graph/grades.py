"""Ordering and grouping Admiralty grades ("B2") for drawing and filtering evidence.

A grade is the source's reliability (A–F) and the information's credibility (1–6); "X" marks
an ungraded half, and counts as the worst (F, 6: "cannot be judged"). A chart draws an edge by
the strongest or the weakest grade among its shown quotes, in one of five tiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from nkcase.errors import ValidationError

RELIABILITY = "ABCDEF"
_MINIMUM = re.compile(r"([A-F])?([1-6])?")
Tier = Literal["strong", "fair", "weak", "doubtful", "unsupported"]
TIERS: tuple[Tier, ...] = ("strong", "fair", "weak", "doubtful", "unsupported")
TIER_LABELS: dict[Tier, str] = {
    "strong": "A–B and 1–2",
    "fair": "up to C3",
    "weak": "D–E or 4–5",
    "doubtful": "F, 6 or ungraded",
    "unsupported": "no quote",
}


def grade_parts(grade: str) -> tuple[int, int]:
    """(reliability 0–5, credibility 0–5); an ungraded half is 5."""
    letter = grade[:1].upper()
    rel = RELIABILITY.index(letter) if letter and letter in RELIABILITY else 5
    digit = grade[1:2]
    cred = int(digit) - 1 if digit.isdigit() and 1 <= int(digit) <= 6 else 5
    return rel, cred


def grade_key(grade: str) -> tuple[int, int, int]:
    """Sort key, strongest first: by the worse half, then the sum, then reliability."""
    rel, cred = grade_parts(grade)
    return max(rel, cred), rel + cred, rel


def strongest(grades: Iterable[str]) -> str | None:
    return min(grades, key=grade_key, default=None)


def weakest(grades: Iterable[str]) -> str | None:
    return max(grades, key=grade_key, default=None)


def grade_tier(grade: str | None) -> Tier:
    """The drawing tier of one grade (None: no quote at all)."""
    if grade is None:
        return "unsupported"
    rel, cred = grade_parts(grade)
    worse = max(rel, cred)
    if worse <= 1:
        return "strong"
    if worse <= 2:
        return "fair"
    if worse <= 4:
        return "weak"
    return "doubtful"


def clean_minimum(raw: str | None) -> str | None:
    """A minimum grade as typed ("c3", "B", "2") → "C3", "B6", "F2"; None/"" for no minimum."""
    if raw is None or not raw.strip():
        return None
    match = _MINIMUM.fullmatch(raw.strip().upper())
    if match is None or not any(match.groups()):
        raise ValidationError(f"“{raw}” is not a grade: use a letter A–F and a digit 1–6, e.g. C3")
    letter, digit = match.groups()
    return f"{letter or 'F'}{digit or '6'}"


def meets_minimum(grade: str | None, minimum: str | None) -> bool:
    """Whether ``grade`` is at least ``minimum`` on both halves (no minimum: always)."""
    if minimum is None:
        return True
    if grade is None:
        return False
    rel, cred = grade_parts(grade)
    min_rel, min_cred = grade_parts(minimum)
    if "X" in grade.upper():
        return False
    return rel <= min_rel and cred <= min_cred
