"""Handling levels: who may see an item. Defined here once; every module uses these names.

``public`` may be shown to anyone; ``internal`` to colleagues; ``protected`` reveals a
confidential source (an informant, a debrief) and leaves the investigation only on purpose.
The levels are ordered: an item "above" a level is withheld from a recipient of that level.
How an item's *effective* level follows from its own level and its evidence is decided by
:mod:`nkcase.levels`; this module holds only the words and their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, cast

from nkcase.errors import ValidationError

HandlingLevel = Literal["public", "internal", "protected"]

#: Every handling level, lowest (shown to anyone) first.
HANDLING_LEVELS: tuple[HandlingLevel, ...] = ("public", "internal", "protected")

#: The order of the levels: a higher rank is seen by fewer people.
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(HANDLING_LEVELS)}

#: What each level means for an item, in a few words (menus, dialogs, ``--help``).
LEVEL_DESCRIPTIONS: dict[HandlingLevel, str] = {
    "public": "may be shown to anyone",
    "internal": "for colleagues in the investigation",
    "protected": "reveals a confidential source",
}

#: The colour of each level wherever it is shown (dossier bands, badges in the app).
LEVEL_COLOURS: dict[HandlingLevel, str] = {
    "public": "#2e6b34",
    "internal": "#9a5b00",
    "protected": "#a11d1d",
}

#: The level an item gets when nobody chose one: facts, names, relationships and entities take
#: their level from their evidence (see :mod:`nkcase.levels`), so their own level starts at
#: the lowest; notes and sources are the investigator's and start as internal.
DEFAULT_OWN_LEVEL: HandlingLevel = "public"
DEFAULT_NOTE_LEVEL: HandlingLevel = "internal"
DEFAULT_SOURCE_LEVEL: HandlingLevel = "internal"


def check_level(value: str) -> HandlingLevel:
    """``value`` as a handling level, or a ValidationError naming the three levels."""
    cleaned = value.strip().lower() if isinstance(value, str) else value
    if cleaned not in LEVEL_RANK:
        raise ValidationError(
            f"unknown handling level “{value}”; use public, internal or protected"
        )
    return cast(HandlingLevel, cleaned)


def higher(first: str, *others: str) -> HandlingLevel:
    """The highest (most restricted) of the given levels."""
    return cast(HandlingLevel, max((first, *others), key=LEVEL_RANK.__getitem__))


def lowest(levels: Iterable[str]) -> HandlingLevel | None:
    """The lowest of ``levels``, or None when there are none."""
    found = list(levels)
    return cast(HandlingLevel, min(found, key=LEVEL_RANK.__getitem__)) if found else None


def above(level: str, limit: str) -> bool:
    """Whether ``level`` is above ``limit`` (an item at ``level`` is withheld at ``limit``)."""
    return LEVEL_RANK[level] > LEVEL_RANK[limit]


def sql_check(column: str, *, nullable: bool = False) -> str:
    """The CHECK constraint text that keeps ``column`` to the handling levels."""
    listed = ",".join(f"'{level}'" for level in HANDLING_LEVELS)
    check = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {check}" if nullable else check
