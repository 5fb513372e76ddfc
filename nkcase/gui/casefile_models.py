"""Item models for the case file view: facts, relationships, quotes by source, notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from nkcase.gui.levels import cell_text, level_brush

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only
# types.
if TYPE_CHECKING:
    from nkcase.services.casefiles import (
        CaseFile,
        EvidenceRef,
        FactRecord,
        NoteRecord,
        RelationshipRecord,
    )
    from nkcase.services.levels import LevelRecord

Index = QModelIndex | QPersistentModelIndex
UNSUPPORTED = QColor("#b3261e")
QUOTE_ROLE = Qt.ItemDataRole.UserRole + 10


def evidence_label(count: int, *, is_name: bool = False) -> str:
    """"2 quotes"; with none, "unsupported" for a fact, a quiet dash for a name (names are
    not counted as unsupported claims, see ``CaseFile.unsupported``)."""
    if count:
        return f"{count} quote{'s' if count != 1 else ''}"
    return "—" if is_name else "unsupported"


class _Table(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class FactsModel(_Table):
    """Names and facts, each with how many quotes support it; the value is editable inline."""

    COLUMNS = ("Property", "Value", "Date", "Evidence", "Level")
    edit_requested = Signal(object, str)  # FactRecord, new value

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FactRecord] = []
        self.name_props: tuple[str, ...] = ()
        self.read_only = False  # a preview "as a recipient sees it"

    def set_rows(self, rows: list[FactRecord]) -> None:
        from nkcase.vocabulary import NAME_PROPERTIES

        self.beginResetModel()
        self.name_props = NAME_PROPERTIES
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        fact = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.EditRole:
            return (fact.label, fact.value, fact.date or "", "", "")[col]
        if fact.withheld:
            return self._withheld(fact, col, role)
        if role == Qt.ItemDataRole.DisplayRole:
            lang = f" [{fact.lang}]" if fact.lang else ""
            value = (fact.display or fact.value) + lang  # "Togo (tg)" rather than "tg"
            is_name = fact.prop in self.name_props
            evidence = evidence_label(len(fact.evidence), is_name=is_name)
            if fact.withheld_quotes:
                evidence += f" (+{fact.withheld_quotes} withheld)"
            return (fact.label, value, fact.date or "", evidence, cell_text(fact.level))[col]
        if col == 4:
            return level_role(fact.level, role)
        claim_unsupported = not fact.supported and fact.prop not in self.name_props
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and claim_unsupported:
            return QBrush(UNSUPPORTED)
        if role == Qt.ItemDataRole.FontRole and col == 3 and claim_unsupported:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 3 and fact.evidence:
                return "\n\n".join(f"{e.grade} {e.source_title} {e.pages}\n“{e.text}”"
                                   for e in fact.evidence)
            if col == 3:
                return "No quote supports this value yet"
            if col == 1:
                return "Double-click to edit"
        return None

    def _withheld(self, fact: FactRecord, col: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (fact.label, "withheld", "", "", "")[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor("#777"))
        if role == Qt.ItemDataRole.FontRole and col == 1:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return "The value is above this level: a recipient sees only that it is withheld"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        editable = index.column() == 1 and not self.read_only
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != 1:
            return False
        fact = self.rows[index.row()]
        new = str(value).strip()
        if new and new != fact.value:
            self.edit_requested.emit(fact, new)  # the service decides; the view reloads
        return False


def level_role(record: LevelRecord, role: int) -> object:
    """The Level column of the case file's tables: coloured, explained in the tooltip."""
    if role == Qt.ItemDataRole.ForegroundRole:
        return level_brush(record.level)
    if role == Qt.ItemDataRole.FontRole and record.level != "public":
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.ToolTipRole:
        return record.explanation
    return None


class RelationshipsModel(_Table):
    COLUMNS = ("Relationship", "Role", "With", "From", "To", "Evidence", "Level")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RelationshipRecord] = []
        self.entity_id = ""

    def set_rows(self, entity_id: str, rows: list[RelationshipRecord]) -> None:
        self.beginResetModel()
        self.entity_id = entity_id
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def other(self, rel: RelationshipRecord) -> tuple[str, str]:
        if rel.subject_id == self.entity_id:
            return rel.object_id, f"→ {rel.object_caption}"
        return rel.subject_id, f"← {rel.subject_caption}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        rel = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            evidence = evidence_label(len(rel.evidence))
            if rel.withheld_quotes:
                evidence += f" (+{rel.withheld_quotes} withheld)"
            return (rel.label, rel.role, self.other(rel)[1], rel.start or "", rel.end or "",
                    evidence, cell_text(rel.level))[col]
        if col == 6:
            return level_role(rel.level, role)
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and not rel.supported:
            return QBrush(UNSUPPORTED)
        if role == Qt.ItemDataRole.ToolTipRole and rel.summary:
            return rel.summary
        return None


class NotesModel(_Table):
    COLUMNS = ("Note", "Level", "Updated")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[NoteRecord] = []

    def set_rows(self, rows: list[NoteRecord]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        note = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (note.text.replace("\n", " "), cell_text(note.level), note.updated_at[:10])[
                index.column()
            ]
        if index.column() == 1:
            return level_role(note.level, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return note.text
        return None


def quotes_by_source(cf: CaseFile) -> QStandardItemModel:
    """Every quote of the case file, grouped under its source, with page, grade and target."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Source / quote", "Page", "Grade", "Supports", "Level"])
    targets: list[tuple[EvidenceRef, str]] = [(e, cf.caption) for e in cf.evidence]
    for fact in [*cf.names, *cf.facts]:
        targets += [(e, f"{fact.label}: {fact.display or fact.value}") for e in fact.evidence]
    for rel in cf.relationships:
        label = f"{rel.label}: {rel.subject_caption} → {rel.object_caption}"
        targets += [(e, label) for e in rel.evidence]
    for note in cf.notes:
        first_line = note.text.splitlines()[0] if note.text else ""
        targets += [(e, f"Note: {first_line[:40]}") for e in note.evidence]
    groups: dict[str, QStandardItem] = {}
    for ref, target in sorted(targets, key=lambda t: (t[0].source_title, t[0].first_page or 0)):
        parent = groups.get(ref.source_id)
        if parent is None:
            parent = QStandardItem(ref.source_title)
            bold = QFont()
            bold.setBold(True)
            parent.setFont(bold)
            parent.setEditable(False)
            groups[ref.source_id] = parent
            model.appendRow([parent, _cell(""), _cell(""), _cell(""), _cell("")])
        text = QStandardItem(f"“{ref.text}”" + (f" — {ref.note}" if ref.note else ""))
        text.setEditable(False)
        text.setToolTip(ref.text)
        text.setData(ref, QUOTE_ROLE)
        status = "" if ref.status == "anchored" else f" ({ref.status})"
        level = _cell(ref.level)
        level.setForeground(level_brush(ref.level))
        parent.appendRow([text, _cell(ref.pages), _cell(ref.grade + status), _cell(target), level])
    for parent in groups.values():
        parent.setText(f"{parent.text()}  ({parent.rowCount()})")
    return model


def _cell(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    return item
