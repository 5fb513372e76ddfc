"""The case file of one entity: header, facts with evidence, relationships, quotes, notes, tags.

It renders a :class:`~nkcase.services.casefiles.CaseFile` and turns edits into service calls
through :meth:`CaseSession.apply`; it reloads from the store whenever a change arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
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

from nkcase.errors import NkcaseError
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
    from nkcase.services.casefiles import CaseFile, FactRecord
    from nkcase.services.changes import Change


def _table(model) -> QTableView:
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

    def __init__(self, session: CaseSession, names: NameIndex, parent=None) -> None:
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

        self.facts.edit_requested.connect(self._edit_fact)
        self.add_fact_button.clicked.connect(self._add_fact)
        self.new_value.returnPressed.connect(self._add_fact)
        self.remove_fact_button.clicked.connect(self._remove_fact)
        QShortcut(QKeySequence.StandardKey.Delete, self.facts_view, self._remove_fact)
        self.quotes_view.activated.connect(self._open_quote)
        self.quotes_view.clicked.connect(self._open_quote)
        self.add_rel.clicked.connect(self._add_relationship)
        self.edit_rel.clicked.connect(self._edit_relationship)
        self.rels_view.doubleClicked.connect(self._open_related)
        self.remove_rel.clicked.connect(self._remove_relationship)
        self.add_note.clicked.connect(self._add_note)
        self.remove_note.clicked.connect(self._remove_note)
        self.add_tag.clicked.connect(self._add_tag)
        self.tag_input.returnPressed.connect(self._add_tag)
        self.remove_tag.clicked.connect(self._remove_tag)
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

    # -- edits -----------------------------------------------------------------------------------
    def _apply(self, job: Callable, problem: QLabel | None = None, on_done=None) -> None:
        def failed(err: BaseException) -> None:
            if problem is not None and isinstance(err, NkcaseError):
                problem.setText(err.message)
            else:
                show_error(self, err)

        def done(changes: list[Change]) -> None:
            if problem is not None:
                problem.clear()
            if on_done is not None:
                on_done(changes)

        self.session.apply(job, done, failed)

    def _edit_fact(self, fact: FactRecord, value: str) -> None:
        from nkcase.services import entities

        entity_id = self.entity_id
        assert entity_id is not None
        if fact.prop == "name" and self.current and fact.value == self.current.caption:
            self._apply(lambda cb: entities.edit_entity(
                cb, entity_id, name=value, seen_name_version=fact.row_version),
                self.fact_problem)
        else:
            self._apply(
                lambda cb: entities.edit_entity(
                    cb, entity_id, remove_props=[(fact.prop, fact.value)],
                    add_props=[(fact.prop, value)],
                ),
                self.fact_problem,
            )

    def _add_fact(self) -> None:
        from nkcase.services import entities

        prop, value = self.new_prop.currentText().strip(), self.new_value.text().strip()
        entity_id = self.entity_id
        if not prop or not value or entity_id is None:
            self.fact_problem.setText("Choose a property and type a value.")
            return
        self._apply(lambda cb: entities.set_fact(cb, entity_id, prop, value), self.fact_problem,
                    lambda _c: self.new_value.clear())

    def _selected_fact(self) -> FactRecord | None:
        row = self.facts_view.currentIndex().row()
        return self.facts.rows[row] if 0 <= row < len(self.facts.rows) else None

    def _remove_fact(self) -> None:
        from nkcase.services import entities

        fact = self._selected_fact()
        if fact is not None:
            self._apply(lambda cb: entities.remove_fact(cb, fact.id), self.fact_problem)

    def _open_quote(self, index: QModelIndex) -> None:
        model = self.quotes_view.model()
        ref = model.data(index.siblingAtColumn(0), QUOTE_ROLE) if model else None
        if ref is not None:
            self.quote_opened.emit(ref.source_id, ref.quote_id)

    def _selected_rel(self):
        row = self.rels_view.currentIndex().row()
        return self.rels.rows[row] if 0 <= row < len(self.rels.rows) else None

    def _add_relationship(self) -> None:
        from nkcase.gui.relationship_dialog import RelationshipDialog
        from nkcase.services import relationships

        if self.current is None:
            return
        dialog = RelationshipDialog(self.names, self.current.id, self.current.caption, parent=self)
        if dialog.exec():
            v = dialog.value()
            self._apply(lambda cb: relationships.relate(
                cb, v.schema, v.subject_id, v.object_id, role=v.role, start=v.start, end=v.end,
                summary=v.summary))

    def _edit_relationship(self) -> None:
        from nkcase.gui.relationship_dialog import RelationshipDialog
        from nkcase.services import relationships

        rel = self._selected_rel()
        if rel is None or self.current is None:
            return
        dialog = RelationshipDialog(self.names, self.current.id, self.current.caption, rel, self)
        if dialog.exec():
            v = dialog.value()
            self._apply(lambda cb: relationships.edit_relationship(
                cb, rel.id, role=v.role, start=v.start, end=v.end, summary=v.summary,
                seen_version=rel.row_version))

    def _open_related(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rels.rows):
            self.entity_opened.emit(self.rels.other(self.rels.rows[index.row()])[0])

    def _remove_relationship(self) -> None:
        from nkcase.services import relationships

        rel = self._selected_rel()
        if rel is not None:
            self._apply(lambda cb: relationships.unrelate(cb, rel.id))

    def _add_note(self) -> None:
        from nkcase.services import entities

        if self.entity_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, "Add note", "Note:")
        entity_id = self.entity_id
        if ok and text.strip():
            self._apply(lambda cb: entities.add_note(cb, entity_id, text))

    def _remove_note(self) -> None:
        from nkcase.services import entities

        row = self.notes_view.currentIndex().row()
        if 0 <= row < len(self.notes.rows):
            note_id = self.notes.rows[row].id
            self._apply(lambda cb: entities.remove_note(cb, note_id))

    def _add_tag(self) -> None:
        from nkcase.services import entities

        tag, entity_id = self.tag_input.text().strip(), self.entity_id
        if tag and entity_id:
            self._apply(lambda cb: entities.tag_entity(cb, entity_id, tag),
                        on_done=lambda _c: self.tag_input.clear())

    def _remove_tag(self) -> None:
        from nkcase.services import entities

        tag, entity_id = self.tag_input.text().strip(), self.entity_id
        if tag and entity_id:
            self._apply(lambda cb: entities.untag_entity(cb, entity_id, tag),
                        on_done=lambda _c: self.tag_input.clear())
