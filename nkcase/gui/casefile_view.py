"""The case file of one entity: header, facts with evidence, relationships, quotes, notes, tags.

It renders a :class:`~nkcase.services.casefiles.CaseFile` and reloads it from the store whenever
a change arrives; its edit widgets become service calls in
:class:`~nkcase.gui.casefile_edits.CaseFileEdits`, its handling levels in
:class:`~nkcase.gui.casefile_levels.CaseFileLevels`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.casefile_edits import CaseFileEdits
from nkcase.gui.casefile_levels import CaseFileLevels, edit_widgets
from nkcase.gui.casefile_models import (
    QUOTE_ROLE,
    FactsModel,
    NotesModel,
    RelationshipsModel,
    quotes_by_source,
)
from nkcase.gui.errors import show_error
from nkcase.gui.keys import tab_chain
from nkcase.gui.name_index import NameIndex
from nkcase.gui.session import CaseSession
from nkcase.gui.vocab import properties_for

# The core (services: SQLAlchemy and the ORM model, ~0.7 s) is imported in the methods that use
# it, not here, so the window is shown before it loads (startup).
if TYPE_CHECKING:
    from nkcase.services.casefiles import CaseFile
    from nkcase.services.changes import Change


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class CaseFileView(QWidget):
    quote_opened = Signal(str, str)  # source id, quote id
    entity_opened = Signal(str)
    closed = Signal()  # the entity shown was deleted

    def __init__(
        self, session: CaseSession, names: NameIndex, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.names = names
        self.entity_id: str | None = None
        self.current: CaseFile | None = None
        self.shown: CaseFile | None = None
        self._generation = 0

        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        self.subtitle = QLabel()
        # Confirmed sanctions-list matches ("Designated: UN 1718 · KPi.033 · listed …"); the
        # tooltip cites the list snapshot each rests on.
        self.designations = QLabel()
        self.designations.setObjectName("designations")
        self.designations.setWordWrap(True)
        self.designations.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.designations.setStyleSheet("color: #9a3412; font-weight: 600;")
        self.designations.hide()
        self.names_label = QLabel()
        self.names_label.setWordWrap(True)
        self.names_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.facts = FactsModel()
        self.facts_view = _table(self.facts)
        self.facts_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        fh = self.facts_view.horizontalHeader()
        fh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # The value stretches; the other columns stay narrow enough to leave it room when a
        # chart or timeline dock takes half the window.
        for col, width in ((0, 120), (2, 76), (3, 84), (4, 72)):
            self.facts_view.setColumnWidth(col, width)
        self.new_prop = QComboBox()
        self.new_prop.setEditable(True)
        self.new_prop.setMinimumWidth(150)
        self.new_value = QLineEdit(
            placeholderText="Value (an alias, a country code, an IMO number…)"
        )
        self.add_fact_button = QPushButton("Add fact")
        self.remove_fact_button = QPushButton("Remove fact")
        self.fact_problem = QLabel()
        self.fact_problem.setStyleSheet("color: #b3261e")
        self.fact_problem.setWordWrap(True)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_prop)
        add_row.addWidget(self.new_value, 1)
        add_row.addWidget(self.add_fact_button)
        add_row.addWidget(self.remove_fact_button)
        facts_box = QWidget()
        fl = QVBoxLayout(facts_box)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(QLabel("<b>Facts</b> — double-click a value to edit it"))
        fl.addWidget(self.facts_view, 1)
        fl.addLayout(add_row)
        fl.addWidget(self.fact_problem)

        self.quotes_view = QTreeView()
        self.quotes_view.setUniformRowHeights(True)
        self.quotes_view.setAlternatingRowColors(True)
        self.quotes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.rels = RelationshipsModel()
        self.rels_view = _table(self.rels)
        self.rels_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rels_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_rel = QPushButton("Add relationship…")
        self.edit_rel = QPushButton("Edit…")
        self.remove_rel = QPushButton("Remove")
        rel_box = QWidget()
        rl = QVBoxLayout(rel_box)
        rl.addWidget(self.rels_view, 1)
        rl.addLayout(_buttons(self.add_rel, self.edit_rel, self.remove_rel))

        self.notes = NotesModel()
        self.notes_view = _table(self.notes)
        self.notes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notes_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_note = QPushButton("Add note…")
        self.remove_note = QPushButton("Remove note")
        self.tags_label = QLabel()
        self.tag_input = QLineEdit(placeholderText="tag")
        self.tag_input.setMaximumWidth(160)
        self.add_tag = QPushButton("Add tag")
        self.remove_tag = QPushButton("Remove tag")
        notes_box = QWidget()
        nl = QVBoxLayout(notes_box)
        nl.addWidget(self.notes_view, 1)
        nl.addLayout(_buttons(self.add_note, self.remove_note))
        tag_row = _buttons(self.add_tag, self.remove_tag)
        tag_row.insertWidget(0, self.tag_input)
        tag_row.insertWidget(0, self.tags_label)
        nl.addLayout(tag_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.quotes_view, "Quotes")
        self.tabs.addTab(rel_box, "Relationships")
        self.tabs.addTab(notes_box, "Notes && tags")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(facts_box)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        self.levels = CaseFileLevels(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.levels.header())
        layout.addWidget(self.levels.reason)
        layout.addWidget(self.levels.banner)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.designations)
        layout.addWidget(self.names_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)

        self.edits = CaseFileEdits(self)  # the edit buttons and fields, as service calls
        self.quotes_view.activated.connect(self._open_quote)
        self.quotes_view.clicked.connect(self._open_quote)
        self.rels_view.doubleClicked.connect(self._open_related)
        session.changed.connect(self._on_change)
        session.closed.connect(self.clear)
        tab_chain(self, [self.facts_view, self.new_prop, self.new_value, self.add_fact_button,
                         self.remove_fact_button, self.tabs, self.quotes_view, self.rels_view,
                         self.add_rel, self.edit_rel, self.remove_rel, self.notes_view,
                         self.add_note, self.remove_note, self.tag_input, self.add_tag,
                         self.remove_tag])

    # -- loading ---------------------------------------------------------------------------------
    def show_entity(self, entity_id: str) -> None:
        self.entity_id = entity_id
        self.reload()

    def reload(self) -> None:
        if self.entity_id is None:
            return
        self._generation += 1
        generation = self._generation
        entity_id = self.entity_id
        level = self.levels.view_level
        if level is not None:  # "View as…": the recipient's view, beside the full one
            from nkcase.services.level_views import case_file_and_view

            self.session.read(
                lambda cb: case_file_and_view(cb, entity_id, level),
                lambda both: self._render(generation, both[1], both[0]),
                lambda err: self._read_failed(generation, err),
            )
            return
        from nkcase.services.casefiles import case_file

        self.session.read(
            lambda cb: case_file(cb, entity_id),
            lambda cf: self._render(generation, cf),
            lambda err: self._read_failed(generation, err),
        )

    def _read_failed(self, generation: int, err: BaseException) -> None:
        """An entity deleted while its case file was being read (an undo of the quote that
        created it, say) closes the view quietly; anything else is an error to show."""
        from nkcase.errors import NotFoundError

        if generation != self._generation:
            return
        if isinstance(err, NotFoundError):
            self.clear()
            self.closed.emit()
        else:
            show_error(self, err)

    def clear(self) -> None:
        self.entity_id = None
        self.current = None
        self.title.clear()
        self.levels.badge.clear()
        self.levels.reason.hide()
        self.levels.banner.hide()

    def _render(self, generation: int, cf: CaseFile, full: CaseFile | None = None) -> None:
        """Show ``cf``: the full case file, or (with ``full``) a recipient's view of it."""
        if generation != self._generation:
            return
        self.current = full or cf
        self.shown = cf  # what the tables show: the full case file or the recipient's view
        self.levels.show(full or cf, cf if full is not None else None)
        self.facts.read_only = full is not None
        for widget in edit_widgets(self):
            widget.setEnabled(full is None)
        self.title.setText(cf.caption)
        status = cf.status or "status unknown"
        distinct = len({ref.quote_id for ref in cf.all_evidence()})  # as the navigator counts
        self.subtitle.setText(
            f"{cf.schema_label} · {status} · {distinct} quote{'s' if distinct != 1 else ''} · "
            f"{len(cf.unsupported)} unsupported"
        )
        self._render_designations(cf)
        others = [f"{n.value}" + (f" ({n.label.lower()})" if n.prop != "name" else "")
                  for n in cf.names if n.value != cf.caption]
        self.names_label.setText("Also: " + "; ".join(others) if others else "")
        self.names_label.setVisible(bool(others))
        self.summary.setText(cf.summary)
        self.summary.setVisible(bool(cf.summary))
        self.facts.set_rows([*cf.names, *cf.facts])
        self.rels.set_rows(cf.id, cf.relationships)
        self.notes.set_rows(cf.notes)
        quotes = quotes_by_source(cf)
        self.quotes_view.setModel(quotes)
        self.quotes_view.expandAll()
        self.quotes_view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.quotes_view.header().setStretchLastSection(False)
        for col, width in ((1, 70), (2, 60), (3, 200), (4, 80)):
            self.quotes_view.setColumnWidth(col, width)
        self.tabs.setTabText(0, f"Quotes ({distinct})")
        self.tabs.setTabText(1, f"Relationships ({len(cf.relationships)})")
        self.tabs.setTabText(2, f"Notes && tags ({len(cf.notes)})")
        self.tags_label.setText("Tags: " + (", ".join(cf.tags) if cf.tags else "none"))
        if self.new_prop.count() == 0 or self.new_prop.property("schema") != cf.schema:
            self.new_prop.clear()
            self.new_prop.addItems(properties_for(cf.schema))
            self.new_prop.setProperty("schema", cf.schema)

    def _render_designations(self, cf: CaseFile) -> None:
        lines = [d.text for d in cf.designations]
        self.designations.setText("\n".join(lines))
        self.designations.setToolTip("\n".join(
            f"{d.text}: matched {d.matched_name} ({d.score:.2f}); evidence: "
            f"{d.snapshot_label}, {d.snapshot_file}, "
            f"SHA-256 {d.snapshot_sha256}" for d in cf.designations))
        self.designations.setVisible(bool(lines))

    def _on_change(self, change: Change) -> None:
        if self.entity_id is None:
            return
        if self.entity_id in change.deleted_ids("entity"):
            self.clear()
            self.closed.emit()
            return
        f = change.flags  # quotes, sources and linked entities show here too: any of them
        if self.entity_id in change.entity_ids or (
            f.evidence or f.quotes or f.facts or f.relationships or f.notes or f.sources
            or f.tags or f.names or f.levels or f.screening  # levels: linked entities'
        ):
            self.reload()

    # -- navigation ------------------------------------------------------------------------------
    def _open_quote(self, index: QModelIndex) -> None:
        model = self.quotes_view.model()
        ref = model.data(index.siblingAtColumn(0), QUOTE_ROLE) if model else None
        if ref is not None:
            self.quote_opened.emit(ref.source_id, ref.quote_id)

    def _open_related(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rels.rows):
            self.entity_opened.emit(self.rels.other(self.rels.rows[index.row()])[0])
