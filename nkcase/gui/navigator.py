"""The left pane: entities (filtered by schema, status, tag) and sources, as lazy table views."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.column_fit import SECTION_FLOOR, KeepColumnWide
from nkcase.gui.entity_model import COLUMNS, EntityFilter, EntityTableModel
from nkcase.gui.entity_picker import ENTITY_SCHEMATA
from nkcase.gui.session import CaseSession
from nkcase.gui.source_model import COLUMNS as SOURCE_COLUMNS
from nkcase.gui.source_model import SourceTableModel

STATUSES = ("operating", "closed", "unknown")
HIDDEN_BY_DEFAULT = ("Status", "Countries")
MAIN_COLUMN_MINIMUM = 140
# When the pane is too narrow to read every column, these step aside, the least needed first;
# the designation mark ("Listed") and the level stay longest.
ENTITY_COLUMNS_STEP_ASIDE = ("Countries", "Status", "Quotes", "Schema", "Level")
SOURCE_COLUMNS_STEP_ASIDE = ("Pages", "Warnings", "Quotes", "Kind", "Handling", "Grade")
"""Pixels an entity's name or a source's title keeps before the other columns give way."""


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setHighlightSections(False)
    return view


class Navigator(QTabWidget):
    """Entities and Sources tabs; emits which one the user opens."""

    entity_opened = Signal(str)
    source_opened = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entities = EntityTableModel(session)
        self.sources = SourceTableModel(session)

        self.schema_filter = QComboBox()
        self.schema_filter.addItem("All schemata", None)
        for name in ENTITY_SCHEMATA:
            self.schema_filter.addItem(name, name)
        self.status_filter = QComboBox()
        self.status_filter.addItem("Any status", None)
        for status in STATUSES:
            self.status_filter.addItem(status, status)
        self.tag_filter = QLineEdit(placeholderText="Tag")
        self.tag_filter.setClearButtonEnabled(True)
        self.tag_filter.setMaximumWidth(110)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.schema_filter, 1)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.tag_filter)

        self.entity_view = _table(self.entities)
        # Ctrl/Shift+click selects several entities for one dossier
        self.entity_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.entity_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.entity_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 96), (2, 66), (3, 66), (4, 48), (5, 64), (6, 44)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.entity_view.setColumnWidth(col, width)
        # The name needs the room: the rarer columns start hidden; the header's context menu
        # shows or hides any column (the window remembers the header's state).
        for name in HIDDEN_BY_DEFAULT:
            self.entity_view.setColumnHidden(COLUMNS.index(name), True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.entity_columns = KeepColumnWide(
            self.entity_view, 0, MAIN_COLUMN_MINIMUM,
            step_aside=[COLUMNS.index(name) for name in ENTITY_COLUMNS_STEP_ASIDE],
        )
        entity_page = QWidget()
        layout = QVBoxLayout(entity_page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.entity_view, 1)

        self.source_view = _table(self.sources)
        self.source_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        sheader = self.source_view.horizontalHeader()
        for col, width in ((0, 44), (1, 150), (2, 44), (3, 66), (4, 62), (5, 62), (6, 50)):
            self.source_view.setColumnWidth(col, width)
        sheader.setStretchLastSection(False)
        sheader.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        sheader.setMinimumSectionSize(SECTION_FLOOR)
        self.source_columns = KeepColumnWide(
            self.source_view, 1, MAIN_COLUMN_MINIMUM,
            step_aside=[SOURCE_COLUMNS.index(name) for name in SOURCE_COLUMNS_STEP_ASIDE],
        )

        self.addTab(entity_page, "Entities")
        self.addTab(self.source_view, "Sources")

        self.schema_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.tag_filter.editingFinished.connect(self._apply_filter)
        self.entity_view.activated.connect(self._open_entity)
        self.entity_view.clicked.connect(self._open_entity)
        self.source_view.activated.connect(self._open_source)
        self.source_view.doubleClicked.connect(self._open_source)
        self.setTabOrder(self.schema_filter, self.status_filter)
        self.setTabOrder(self.status_filter, self.tag_filter)
        self.setTabOrder(self.tag_filter, self.entity_view)

    def _column_menu(self, pos: QPoint) -> None:
        """Show or hide the entity list's columns (all but the name)."""
        header = self.entity_view.horizontalHeader()
        menu = QMenu(self)
        for col, name in enumerate(COLUMNS[1:], start=1):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(self.entity_columns.shown_by_choice(col))
            action.toggled.connect(lambda shown, c=col: self._show_column(c, shown))
        menu.exec(header.mapToGlobal(pos))

    def _show_column(self, column: int, shown: bool) -> None:
        self.entity_columns.set_shown(column, shown)

    def _apply_filter(self) -> None:
        flt = EntityFilter(
            self.schema_filter.currentData(),
            self.status_filter.currentData(),
            self.tag_filter.text().strip() or None,
        )
        if flt != self.entities.filter:
            self.entities.set_filter(flt)

    def _open_entity(self, index: QModelIndex) -> None:
        entity_id = self.entities.entity_id(index.row())
        if entity_id:
            self.entity_opened.emit(entity_id)

    def _open_source(self, index: QModelIndex) -> None:
        source = self.sources.source(index.row())
        if source is not None:
            self.source_opened.emit(source.id)

    def selected_entity_ids(self) -> list[str]:
        """The entities selected in the list, in list order."""
        rows = sorted(i.row() for i in self.entity_view.selectionModel().selectedRows())
        return [eid for eid in map(self.entities.entity_id, rows) if eid]

    def selected_entity_captions(self) -> list[str]:
        """The captions of :meth:`selected_entity_ids`, as the list shows them."""
        rows = sorted(i.row() for i in self.entity_view.selectionModel().selectedRows())
        return [str(self.entities.index(row, 0).data()) for row in rows
                if self.entities.entity_id(row)]

    def selected_source_id(self) -> str | None:
        index = self.source_view.currentIndex()
        source = self.sources.source(index.row()) if index.isValid() else None
        return source.id if source is not None else None

    def select_entity(self, entity_id: str) -> None:
        row = self.entities.row_of(entity_id)
        if row is not None:
            self.setCurrentIndex(0)
            # A row selected already stays so, with the others: selectRow during a Ctrl+click
            # (which opens the entity) would toggle it off again and undo the multi-selection.
            if not self.entity_view.selectionModel().isRowSelected(row):
                self.entity_view.selectRow(row)
