"""Edits that come across a merge without a question, named for the person who merges.

A three-way merge takes the other side's edit of a row we left unchanged since the two
casebooks diverged (a vessel's flag replaced there, a source graded again there). That is
right, and needs no decision, but an investigator still wants to see *which* facts change in
their casebook before they merge, not only how many rows: ``nkcase merge --dry-run`` and the
merge dialog list these beside the questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IncomingEdit:
    """One existing item the merge changes: its title and the values here and there."""

    table: str
    title: str
    here: dict[str, Any]
    there: dict[str, Any]

    def line(self) -> str:
        """``flag of Vessel “Blue Lantern”: tg → pa`` (one line for a terminal or a list)."""
        keys = list(dict.fromkeys([*self.here, *self.there]))
        if len(keys) == 1:
            key = keys[0]
            return f"{self.title}: {_show(self.here.get(key))} → {_show(self.there.get(key))}"
        changes = "; ".join(
            f"{k} {_show(self.here.get(k))} → {_show(self.there.get(k))}" for k in keys)
        return f"{self.title}: {changes}"


def _show(value: Any) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


__all__ = ["IncomingEdit"]
