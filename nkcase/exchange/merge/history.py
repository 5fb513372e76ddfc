"""What a casebook's audit log knows of a row's past: the origins it had, when it was deleted.

A merge asks, for a row the two casebooks hold differently, whether one side's state is an
older state of the other's (then the newer comes across without a question) or both changed
since they diverged (then a person decides, with the base beside them). Each operation's audit
event holds the rows it wrote before and after, stamped with their ``origin``
(:mod:`nkcase.model.versioned`); the events of casebooks merged earlier count too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.model import AuditEvent, MergedAuditEvent
from nkcase.services.rows import Key, Row

RowId = tuple[str, Key]


@dataclass
class History:
    """Of the rows asked about: every origin they had, their states by origin, deletions."""

    origins: dict[RowId, set[str]] = field(default_factory=lambda: defaultdict(set))
    states: dict[tuple[RowId, str], Row] = field(default_factory=dict)
    deleted: set[RowId] = field(default_factory=set)

    def knew(self, row: RowId) -> bool:
        """Whether this casebook ever held the row (so its absence is a deletion)."""
        return row in self.origins

    def had(self, row: RowId, origin: str) -> bool:
        return origin in self.origins.get(row, ())


def origin_of(row: Row | None) -> str:
    return "" if row is None else str(row.get("origin") or "")


def load_history(
    session: Session, wanted: Collection[RowId], every: Collection[str] = ()
) -> History:
    """The history of the rows ``wanted`` (and of every row of the tables ``every``) from
    this casebook's audit log and merged chains."""
    history = History()
    wanted_set = set(wanted)
    tables = {table for table, _key in wanted_set} | set(every)
    if not tables:
        return history
    for query in (select(AuditEvent.changes), select(MergedAuditEvent.changes)):
        for (text,) in session.execute(query):
            if not any(f'"table":"{t}"' in text for t in tables):
                continue
            _read_event(history, json.loads(text), wanted_set, set(every))
    return history


def _read_event(history: History, entries: Any, wanted: set[RowId], every: set[str]) -> None:
    if not isinstance(entries, list):
        return
    for entry in entries:
        if not isinstance(entry, dict) or "table" not in entry:
            continue
        row_id = (entry["table"], tuple(entry["key"]))
        if row_id not in wanted and entry["table"] not in every:
            continue
        for state in (entry.get("before"), entry.get("after")):
            if isinstance(state, dict):
                origin = origin_of(state)
                history.origins[row_id].add(origin)
                history.states.setdefault((row_id, origin), state)
        if entry.get("after") is None:
            history.deleted.add(row_id)


def base_state(here: History, there: History, row: RowId) -> Row | None:
    """The newest state both casebooks' histories share (the base of a three-way), if any."""
    common = here.origins.get(row, set()) & there.origins.get(row, set())
    states = [
        s for o in common
        for s in (here.states.get((row, o)), there.states.get((row, o)))
        if s is not None
    ]
    if not states:
        return None
    return max(states, key=lambda s: int(s.get("version") or 0))
