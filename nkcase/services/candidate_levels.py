"""Which screening candidates a recipient of a handling level may see, by the one visibility
rule (:mod:`nkcase.levels`): list data is public, the subject is not.

A candidate of a name found in a source follows the source. A candidate of an entity is shown
when the entity is, when a name of it equal to the name it was found by is (an alias known only
from a protected debrief withholds every match found by it), and when every other fact the
screening read of the entity is (a family name, birth dates, countries, identifiers:
:data:`nkcase.screening.screened_facts.SCREENED_PROPS`): the candidate's features quote those
values, so a passport number learned from a debrief would otherwise reach a public reader in
"passport PS123 = PS123". The screening output (:func:`candidates_at_level`), the casebook copy
(``exchange/copy.py``) and the team store's policy (``store/pg_levels.py``) decide alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from nkcase.levels.rule import Visibility
from nkcase.screening.screened_facts import SCREENED_PROPS
from nkcase.services.levels import CasebookLevels
from nkcase.services.screening_records import CandidateRecord
from nkcase.vocabulary import NAME_PROPERTIES

_SCREENED = frozenset(SCREENED_PROPS)
_NAMES = frozenset(NAME_PROPERTIES)


class CandidateRule:
    """The rule's answer for candidates, over the facts a level load read."""

    def __init__(self, levels: CasebookLevels, visibility: Visibility) -> None:
        self.levels = levels
        self.visibility = visibility
        self._facts: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for fact_id, entity_id, prop, value, *_rest in levels.fact_rows:
            self._facts[entity_id].append((fact_id, prop, value))

    def _shows(self, item_id: str) -> bool:
        return item_id in self.levels.graph and self.visibility.shows(item_id)

    def shows_entity_candidate(self, entity_id: str, subject_name: str) -> bool:
        """A candidate of ``entity_id`` found by its name ``subject_name``: shown?"""
        if not self._shows(entity_id):
            return False
        facts = self._facts.get(entity_id, [])
        named = any(
            prop in _NAMES and value == subject_name and self._shows(fact_id)
            for fact_id, prop, value in facts
        )
        return named and all(
            self._shows(fact_id) for fact_id, prop, _value in facts if prop in _SCREENED
        )


def candidates_at_level(
    session: Session, candidates: Sequence[CandidateRecord], level: str
) -> list[CandidateRecord]:
    """The candidates a recipient of ``level`` may see (above); an entity's subject shows its
    caption at the level."""
    from nkcase.services.levels import load_levels

    if not candidates:
        return []
    levels = load_levels(session, None)
    rule = CandidateRule(levels, levels.at(level))
    shown = []
    for c in candidates:
        if c.entity_id is not None:
            if rule.shows_entity_candidate(c.entity_id, c.subject_name):
                shown.append(replace(c, subject=levels.caption_at(c.entity_id, rule.visibility)))
        elif c.source_id is not None and rule.visibility.shows(c.source_id):
            shown.append(c)
    return shown
