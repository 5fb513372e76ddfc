"""Pick an entity by typing any of its names (fuzzy, any script), or create one inline.

Used by the quick finder (Ctrl+K), the Quote-and-link dialog and the relationship dialog.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.name_index import NameHit, NameIndex

ENTITY_SCHEMATA = (
    "Company", "Person", "Organization", "LegalEntity", "PublicBody", "Vessel", "Address",
)
Index = QModelIndex | QPersistentModelIndex


class HitListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[NameHit] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            via = f"  ·  {hit.name}" if hit.name != hit.caption else ""
            return f"{hit.caption}  ({hit.schema}){via}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.caption}\nmatched: {hit.name}\nscore {hit.score:.0f}"
        return None

    def set_hits(self, hits: list[NameHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()


class EntityPicker(QWidget):
    """A search field over a list of matches; Enter or double-click picks.

    With ``allow_create`` a row below lets the user name a new entity and choose its schema;
    :attr:`create_requested` carries (schema, name).
    """

    picked = Signal(str)  # entity id
    create_requested = Signal(str, str)  # schema, name

    def __init__(
        self, index: NameIndex, *, allow_create: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.index = index
        self.model = HitListModel()
        self.search = QLineEdit(placeholderText="Type a name or alias, in any script…")
        self.search.setClearButtonEnabled(True)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.schema = QComboBox()
        self.schema.addItems(ENTITY_SCHEMATA)
        self.create_button = QPushButton("Create new")
        if allow_create:
            row = QHBoxLayout()
            row.addWidget(QLabel("Not there?"))
            row.addWidget(self.schema)
            row.addWidget(self.create_button)
            row.addStretch(1)
            layout.addLayout(row)
            self.create_button.clicked.connect(self._create)
            self.create_button.setToolTip("Create an entity with the name typed above")
        else:
            self.schema.hide()
            self.create_button.hide()
        self.search.textChanged.connect(self.refresh)
        self.search.installEventFilter(self)
        self.list.activated.connect(self._activate)
        self.list.doubleClicked.connect(self._activate)
        index.ready.connect(self.refresh)
        self.setFocusProxy(self.search)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_hits(self.index.search(self.search.text()))
        if self.model.hits:
            self.list.setCurrentIndex(self.model.index(0))
        self.create_button.setEnabled(bool(self.search.text().strip()))

    def current_id(self) -> str | None:
        row = self.list.currentIndex().row()
        return self.model.hits[row].entity_id if 0 <= row < len(self.model.hits) else None

    def current_caption(self) -> str | None:
        row = self.list.currentIndex().row()
        return self.model.hits[row].caption if 0 <= row < len(self.model.hits) else None

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.picked.emit(self.model.hits[index.row()].entity_id)

    def _create(self) -> None:
        name = self.search.text().strip()
        if name:
            self.create_requested.emit(self.schema.currentText(), name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up/Down in the search field move through the list; Enter picks."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.model.rowCount() - 1, self.list.currentIndex().row() + step))
                self.list.setCurrentIndex(self.model.index(row))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.hits:
                self._activate(self.list.currentIndex())
                return True
        return super().eventFilter(watched, event)
