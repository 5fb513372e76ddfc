"""Every entity name and alias of the open casebook, held in memory for fuzzy finding.

Loaded once per casebook on the read pool (after the navigator's first page, which the user is
waiting for; names are folded on the worker too) and reloaded after changes to entities or names;
matching uses rapidfuzz over names folded to lower case without diacritics, so "ra kyong su"
finds "RA KY'ONG-SU" and Hangul finds Hangul.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from nkcase.gui.session import CaseSession
from nkcase.textfold import fold_text

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.changes import Change
    from nkcase.store import Casebook


@dataclass(frozen=True)
class NameEntry:
    entity_id: str
    caption: str
    schema: str
    name: str


@dataclass(frozen=True)
class NameHit:
    entity_id: str
    caption: str
    schema: str
    name: str  # the name or alias that matched
    score: float


def fold_name(text: str) -> str:
    """The search form of a name (nkcase.textfold) with punctuation as spaces."""
    folded = fold_text(text)
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def load_names(casebook: Casebook) -> list[NameEntry]:
    from nkcase.services.casefiles import entity_names

    return [NameEntry(r.entity_id, r.caption, r.schema, r.name) for r in entity_names(casebook)]


def _load_folded(casebook: Casebook) -> tuple[list[NameEntry], list[str]]:
    """Names and their folded forms, both made on the worker (10,000 folds stall a GUI)."""
    entries = load_names(casebook)
    return entries, [fold_name(e.name) for e in entries]


class NameIndex(QObject):
    """Fuzzy search over names and aliases in any script."""

    ready = Signal()

    def __init__(self, session: CaseSession) -> None:
        super().__init__()
        self.session = session
        self._entries: list[NameEntry] = []
        self._folded: list[str] = []
        self._generation = 0
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)
        self._reload_timer.timeout.connect(self.reload)
        session.opened.connect(lambda _cb: self._reload_soon())
        session.closed.connect(self.reload)
        session.changed.connect(self._on_change)

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        if not self.session.is_open:
            self._set(generation, [])
            return
        self.session.read(
            _load_folded, lambda loaded: self._set(generation, *loaded))

    def _reload_soon(self) -> None:
        """On opening, let the first page of the entity list go first (it is on screen)."""
        if self.session.runner.synchronous:
            self.reload()
        else:
            self._reload_timer.start()

    def _set(self, generation: int, entries: list[NameEntry],
             folded: list[str] | None = None) -> None:
        if generation != self._generation:
            return
        self._entries = entries
        self._folded = folded if folded is not None else [fold_name(e.name) for e in entries]
        self.ready.emit()

    def _on_change(self, change: Change) -> None:
        if change.flags.names or change.flags.entities:
            if self.session.runner.synchronous:
                self.reload()  # tests: stay synchronous
            else:
                self._reload_timer.start()

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int = 20) -> list[NameHit]:
        """The best entities for ``query``, one hit per entity (its best-matching name)."""
        folded = fold_name(query)
        if not folded:
            seen: dict[str, NameEntry] = {}
            for e in self._entries:
                seen.setdefault(e.entity_id, e)
                if len(seen) >= limit:
                    break
            return [NameHit(e.entity_id, e.caption, e.schema, e.name, 0.0) for e in seen.values()]
        from rapidfuzz import fuzz, process  # at the first search, not at startup

        matches = process.extract(
            folded, self._folded, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=50
        )
        best: dict[str, NameHit] = {}
        for _choice, score, index in matches:
            entry = self._entries[index]
            # a name that starts with the query ranks above a scattered match
            bonus = 5.0 if self._folded[index].startswith(folded) else 0.0
            hit = NameHit(entry.entity_id, entry.caption, entry.schema, entry.name, score + bonus)
            if entry.entity_id not in best or best[entry.entity_id].score < hit.score:
                best[entry.entity_id] = hit
        return sorted(best.values(), key=lambda h: (-h.score, h.caption.casefold()))[:limit]
