"""What charts and timelines may show at a handling level: the one visibility rule
(:mod:`nkcase.levels`, loaded by :func:`nkcase.services.levels.load_levels`) behind the three
questions they ask — is this item shown, which of its quotes are, what is this entity called.

An item the rule was not given (outside what was loaded) is not shown: unknown means withheld.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nkcase.levels import Visibility
from nkcase.services.levels import CasebookLevels, load_levels
from nkcase.vocabulary.levels import check_level


@dataclass
class LevelView:
    levels: CasebookLevels
    visibility: Visibility

    @property
    def level(self) -> str:
        return self.visibility.level

    def shows(self, item_id: str) -> bool:
        return item_id in self.levels.graph and self.visibility.shows(item_id)

    def shown_support(self, item_id: str) -> tuple[str, ...]:
        """The item's own quotes shown as its evidence (none when the item is withheld)."""
        if not self.shows(item_id):
            return ()
        return self.visibility.shown_support(item_id)

    def caption_at(self, entity_id: str, caption: str) -> str:
        """The entity's caption as the level shows it: its first visible name."""
        if entity_id not in self.levels.names:
            return caption
        return self.levels.caption_at(entity_id, self.visibility)


def level_view(
    session: Session, level: str, *, entity_ids: Collection[str] | None
) -> LevelView:
    """The rule's answers at ``level`` for ``entity_ids`` (None: the whole casebook), their
    facts, notes, events and relationships, and the entities at the other end of those."""
    levels = load_levels(session, None if entity_ids is None else list(entity_ids))
    return LevelView(levels, levels.at(check_level(level)))
