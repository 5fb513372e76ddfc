"""What a merge plan holds: the rows to bring across, the questions, and their summary.

Apart from the planning (:mod:`nkcase.exchange.merge.plan`) because these types are what the
rest of the merge and its callers read — :mod:`~nkcase.exchange.merge.apply` writes a
:class:`MergePlan`, :mod:`~nkcase.exchange.merge.decisions` and the merge dialog show its
:class:`Question` s, :func:`describe` counts it for ``--dry-run`` — without needing to know
how the two casebooks were compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Engine

from nkcase.exchange.merge.incoming import IncomingEdit
from nkcase.services.rows import Key, Row

QuestionKind = Literal["conflict", "edited_here", "edited_there", "property", "duplicate"]


@dataclass(frozen=True)
class Question:
    """One thing a person decides. ``id`` is stable across plans of the same two casebooks.

    ``here``/``there``/``base`` hold the differing columns (for a property: its values; for a
    duplicate: the two entities' names); ``choices`` what may be answered.
    """

    id: str
    kind: QuestionKind
    table: str
    title: str
    here: dict[str, Any]
    there: dict[str, Any]
    base: dict[str, Any] | None
    choices: tuple[str, ...]
    detail: str = ""


@dataclass
class MergePlan:
    """What a merge of ``other`` into the target would do (see :mod:`~nkcase.exchange.merge.plan`
    for how it is planned)."""

    other: dict[str, Any]
    inserts: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    updates: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    deletes: dict[str, list[Key]] = field(default_factory=lambda: defaultdict(list))
    unified: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    questions: list[Question] = field(default_factory=list)
    #: Edits of existing items that come across without a question (changed there only).
    incoming: list[IncomingEdit] = field(default_factory=list)
    new_snapshots: list[str] = field(default_factory=list)
    chain: dict[str, Any] | None = None
    chain_events: list[Row] = field(default_factory=list)
    other_engine: Engine | None = field(default=None, repr=False)
    maps: dict[str, dict[Any, Any]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def empty(self) -> bool:
        """Nothing to bring across and nothing to decide (merging it again changes nothing)."""
        return not (any(self.inserts.values()) or any(self.updates.values())
                    or any(self.deletes.values()) or self.questions or self.new_snapshots)

    def undecided(self, decisions: Mapping[str, str]) -> list[Question]:
        return [q for q in self.questions if decisions.get(q.id) not in q.choices]


def describe(plan: MergePlan) -> dict[str, Any]:
    """Counts per table of what would come across (for ``--dry-run`` and the dialog)."""
    return {
        "from": plan.other,
        "insert": {t: len(r) for t, r in plan.inserts.items() if r},
        "update": {t: len(r) for t, r in plan.updates.items() if r},
        "delete": {t: len(r) for t, r in plan.deletes.items() if r},
        "unified": {t: n for t, n in plan.unified.items() if n},
        "new_list_snapshots": len(plan.new_snapshots),
        "audit_events": len(plan.chain_events),
        "questions": len(plan.questions),
    }


__all__ = ["MergePlan", "Question", "QuestionKind", "describe"]
