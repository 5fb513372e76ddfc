"""The navigator's source list: kind, title, pages, grade, handling, warnings, quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from nkcase.gui.session import CaseSession

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.changes import Change
    from nkcase.services.source_records import SourceRecord

COLUMNS = ("Kind", "Title", "Pages", "Grade", "Handling", "Warnings", "Quotes")
SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class SourceTableModel(QAbstractTableModel):
    loaded = Signal()

    def __init__(self, session: CaseSession) -> None:
        super().__init__()
        self.session = session
        self._rows: list[SourceRecord] = []
        self._generation = 0
        session.opened.connect(lambda _cb: self.reload())
        session.closed.connect(self.reload)
        session.changed.connect(self._on_change)

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
        src = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                src.kind.upper(),
                src.title,
                src.pages or "",
                src.reliability_label,
                src.handling,
                len(src.warnings) or "",
                src.quote_count,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [src.title, src.file_name, f"SHA-256 {src.sha256[:16]}…"]
            lines += [f"⚠ {w}" for w in src.warnings]
            if src.repair_count:
                lines.append(f"{src.repair_count} repairs to the extracted text")
            return "\n".join(lines)
        if role == SOURCE_ID_ROLE:
            return src.id
        return None

    def source(self, row: int) -> SourceRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, source_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == source_id), None)

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        if not self.session.is_open:
            self._replace(generation, [])
            return
        from nkcase.services.source_records import list_sources

        self.session.read(list_sources, lambda rows: self._replace(generation, rows))

    def _replace(self, generation: int, rows: list[SourceRecord]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.loaded.emit()

    def _on_change(self, change: Change) -> None:
        if change.flags.sources or change.flags.texts or change.flags.quotes:
            self.reload()
