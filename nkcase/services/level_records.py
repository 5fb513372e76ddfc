"""An item's effective level as people read it, and a casebook's levels with their names.

:class:`CasebookLevels` wraps the :class:`~nkcase.levels.LevelGraph` of (part of) a casebook
with the source titles and captions its records name; :class:`LevelRecord` is one item's level
and the line that says why. Both are plain Python, shared by the two ways a casebook's levels
are loaded (:mod:`nkcase.services.level_rows`): through SQLAlchemy for every backend
(:func:`nkcase.services.levels.load_levels`) and through the stdlib ``sqlite3`` module for the
read-only path of a file (:mod:`nkcase.store.sqlite_read`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nkcase.levels import ItemLevel, LevelGraph, Visibility

WITHHELD_NAME = "(name withheld)"
"""The caption of a visible entity none of whose names may be shown at the level."""


@dataclass(frozen=True)
class ReleaseRecord:
    to: str
    by: str
    at: str
    reason: str

    def __str__(self) -> str:
        return f"released to {self.to} by {self.by} on {self.at[:10]}: {self.reason}"


@dataclass(frozen=True)
class LevelRecord:
    """An item's effective level as people read it: the level and one line saying why."""

    level: str
    own: str
    evidence: str | None = None
    derived_from: tuple[str, ...] = ()
    """Titles of the sources whose quotes set its level (when its evidence did)."""
    release: ReleaseRecord | None = None
    released: bool = False
    """Whether the release is what lowered its level."""
    held_by: tuple[str, ...] = ()
    """Captions of the entities whose level raised its level."""

    JSON_EXTRA = ("explanation",)

    def bare(self) -> LevelRecord:
        """Only the level, without the reasons (whose source titles may be above it): what a
        view at a level carries."""
        return LevelRecord(self.level, self.level, detailed=False)

    detailed: bool = True

    @property
    def explanation(self) -> str:
        """ "protected — derives from the protected source “KESTREL debrief”" and the like."""
        if not self.detailed:
            return self.level
        if self.held_by:
            names = ", ".join(f"“{n}”" for n in self.held_by)
            verb = "is" if len(self.held_by) == 1 else "are"
            return f"{self.level} — {names} {verb} {self.level}"
        if self.released and self.release is not None:
            return f"{self.level} — {self.release}"
        if self.derived_from:
            titles = ", ".join(f"“{t}”" for t in self.derived_from)
            noun = "source" if len(self.derived_from) == 1 else "sources"
            return f"{self.level} — derives from the {self.evidence} {noun} {titles}"
        if self.own != "public":
            return f"{self.level} — marked {self.own}"
        return self.level


PUBLIC = LevelRecord("public", "public")


class CasebookLevels:
    """A :class:`LevelGraph` of (part of) a casebook, with the names people read."""

    def __init__(
        self,
        graph: LevelGraph,
        source_titles: dict[str, str],
        captions: dict[str, str],
        names: dict[str, list[tuple[str, str]]],
    ) -> None:
        self.graph = graph
        self.source_titles = source_titles
        self.captions = captions
        self.names = names
        """Entity id -> its (fact id, value) names, strongest kind first, in order."""
        self.fact_rows: Sequence[Any] = ()
        """The fact rows the load read (id, entity id, prop, value, position, level, release),
        unordered: a reader that shows facts beside the levels (the navigator's columns) reads
        them here instead of a second time."""

    def level(self, item_id: str) -> ItemLevel:
        return self.graph.level(item_id)

    def at(self, level: str) -> Visibility:
        return self.graph.at(level)

    def record(self, item_id: str) -> LevelRecord:
        found = self.graph.level(item_id)
        release = found.item.release
        return LevelRecord(
            level=found.level,
            own=found.own,
            evidence=found.evidence,
            derived_from=tuple(self.source_titles.get(s, "?") for s in found.derived_from),
            release=ReleaseRecord(release.to, release.by, release.at, release.reason)
            if release
            else None,
            released=found.released,
            held_by=tuple(self.captions.get(e, "?") for e in found.held_by),
        )

    def caption_at(self, entity_id: str, visibility: Visibility) -> str:
        """The entity's caption as a recipient of the level sees it: its first visible name."""
        names = self.names.get(entity_id, [])
        shown = visibility.first_shown([fact_id for fact_id, _value in names])
        if shown is None:
            return WITHHELD_NAME
        return next(value for fact_id, value in names if fact_id == shown)


