"""Handling levels that follow the evidence, and the one visibility rule every output uses.

Build a :class:`LevelGraph` from :class:`Item` records (``nkcase.services.levels`` loads one
from a casebook), then ask ``graph.level(id)`` for an item's effective level and why, or
``graph.at("public")`` for a :class:`Visibility`: which items and quotes a recipient of that
level sees and how much is withheld. See :mod:`nkcase.levels.rule` for the rule itself and
docs/architecture.md for how outputs use it.
"""

from nkcase.levels.rule import (
    Item,
    ItemKind,
    ItemLevel,
    LevelGraph,
    Release,
    Visibility,
    Withheld,
)

__all__ = [
    "Item",
    "ItemKind",
    "ItemLevel",
    "LevelGraph",
    "Release",
    "Visibility",
    "Withheld",
]
