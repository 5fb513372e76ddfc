"""Item models of the Lists view: the snapshots in the casebook, and what changed between two."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

# The core (services: SQLAlchemy and the ORM model) is imported where it is used; these names
# are only types here.
if TYPE_CHECKING:
    from nkcase.services.list_diff import RecordChange
    from nkcase.services.list_records import SnapshotInfo

Index = QModelIndex | QPersistentModelIndex
SNAPSHOT_ID_ROLE = Qt.ItemDataRole.UserRole + 60
KIND_LABELS = {"added": "Added", "removed": "Removed", "amended": "Amended"}


def schema_counts(info: SnapshotInfo) -> str:
    """"726 Person · 273 Organization", largest first."""
    ordered = sorted(info.counts.items(), key=lambda item: -item[1])
    return " · ".join(f"{n:,} {schema}" for schema, n in ordered)


class _TableModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def _rows(self) -> list:
        raise NotImplementedError


class SnapshotModel(_TableModel):
    """One row per list snapshot: list, date generated, records, kinds, imported, file."""

    columns = ("List", "Generated", "Records", "Of which", "Imported (UTC)", "File")

    def __init__(self) -> None:
        super().__init__()
        self.snapshots: list[SnapshotInfo] = []

    def _rows(self) -> list:
        return self.snapshots

    def replace(self, snapshots: list[SnapshotInfo]) -> None:
        self.beginResetModel()
        self.snapshots = list(snapshots)
        self.endResetModel()

    def snapshot(self, row: int) -> SnapshotInfo | None:
        return self.snapshots[row] if 0 <= row < len(self.snapshots) else None

    def row_of(self, snapshot_id: str) -> int | None:
        return next((i for i, s in enumerate(self.snapshots) if s.id == snapshot_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        info = self.snapshot(index.row()) if index.isValid() else None
        if info is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                info.title,
                info.generated or "—",
                f"{info.record_count:,}",
                schema_counts(info),
                info.imported_at[:16].replace("T", " "),
                info.file_name,
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{info.title} — {info.publisher}", f"SHA-256 {info.sha256}"]
            lines += [f"⚠ {w}" for w in info.warnings]
            return "\n".join(lines)
        if role == SNAPSHOT_ID_ROLE:
            return info.id
        return None


class DiffModel(_TableModel):
    """The records added, removed or amended between two snapshots."""

    columns = ("Change", "Reference", "Kind", "Name", "What changed")

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[RecordChange] = []

    def _rows(self) -> list:
        return self.changes

    def replace(self, changes: list[RecordChange]) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.changes):
            return None
        change = self.changes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                KIND_LABELS.get(change.kind, change.kind),
                change.reference or change.record_key,
                change.schema,
                change.caption,
                ", ".join(f.replace("_", " ") for f in change.fields),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"record key {change.record_key}"
        return None
