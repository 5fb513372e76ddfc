"""The navigator's entity list: a table model that fetches pages lazily from the store.

A casebook may hold 100,000 entities. The model starts empty and asks for pages of
:data:`PAGE_SIZE` rows (``list_entities(offset, limit)``) on the read pool only when the view
scrolls near the end (``canFetchMore``/``fetchMore``), so opening and scrolling never stall.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from nkcase.gui.casefile_models import level_role
from nkcase.gui.session import CaseSession

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.casefiles import EntitySummary
    from nkcase.services.changes import Change

PAGE_SIZE = 200
COLUMNS = ("Name", "Schema", "Status", "Countries", "Quotes", "Level", "Listed")
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class EntityFilter:
    schema: str | None = None
    status: str | None = None
    tag: str | None = None


def _lists_only(designated: str) -> str:
    """The lists of a designation line, for a narrow column: "UN 1718 · KPi.033; EU · X" →
    "UN, EU" (the tooltip has the programmes and references)."""
    if not designated:
        return ""
    names = (part.split(" · ")[0].split(" ")[0] for part in designated.split("; "))
    return ", ".join(dict.fromkeys(names))


class EntityTableModel(QAbstractTableModel):
    """Rows of :class:`EntitySummary`, fetched a page at a time."""

    loaded = Signal()  # a page arrived (tests and the status bar listen)

    def __init__(self, session: CaseSession) -> None:
        super().__init__()
        self.session = session
        self.filter = EntityFilter()
        self._rows: list[EntitySummary] = []
        self._exhausted = True
        self._fetching = False
        self._generation = 0
        session.opened.connect(lambda _cb: self.reload())
        session.closed.connect(self.reload)
        session.changed.connect(self._on_change)

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.caption,
                row.schema,
                row.status or "",
                ", ".join(row.countries).upper(),
                row.quote_count,
                row.level.level,
                _lists_only(row.designated),
            )[column]
        if column == 5:
            return level_role(row.level, role)
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.designated:
            from PySide6.QtGui import QColor

            return QColor("#9a3412")  # confirmed sanctions-list matches stand out
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and row.designated:
            return f"Designated: {row.designated}"
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            names = ", ".join(row.aliases)
            return f"{row.caption}\n{names}" if names else row.caption
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ENTITY_ID_ROLE:
            return row.id
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._exhausted or self._fetching:
            return
        from nkcase.services.casefiles import list_entities

        self._fetching = True
        generation = self._generation
        offset = len(self._rows)
        flt = self.filter
        self.session.read(
            lambda cb: list_entities(
                cb, schema=flt.schema, status=flt.status, tag=flt.tag,
                offset=offset, limit=PAGE_SIZE,
            ),
            lambda page: self._append(generation, page),
            lambda _err: self._failed(generation),
        )

    # -- our interface --------------------------------------------------------------------------
    def entity_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, entity_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == entity_id), None)

    def set_filter(self, flt: EntityFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Drop what is loaded and start again from the first page."""
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._fetching = False
        self._exhausted = not self.session.is_open
        self.endResetModel()
        if not self._exhausted:
            self.fetchMore()

    def _append(self, generation: int, page: list[EntitySummary]) -> None:
        if generation != self._generation:
            return  # a page for an older filter or casebook
        self._fetching = False
        if len(page) < PAGE_SIZE:
            self._exhausted = True
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.loaded.emit()

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._fetching = False
            self._exhausted = True

    def _on_change(self, change: Change) -> None:
        f = change.flags  # rows show captions, tags, counts of quotes and links, levels
        if (f.entities or f.facts or f.tags or f.evidence or f.quotes or f.relationships
                or f.levels or f.screening):  # Listed: confirmed list matches
            self.reload()
