"""The main window: welcome view or workspace (navigator | case file or reader), search dock,
menus with shortcuts, undo/redo, drag and drop, status bar with import progress.

The menus and their actions are built by :class:`~nkcase.gui.main_menus.MainMenus`, a mixin;
the window keeps what they do (navigation, the source and entity commands, enabling actions as
the state changes).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
)

from nkcase.gui.analysis_docks import AnalysisDocks
from nkcase.gui.casefile_view import CaseFileView
from nkcase.gui.encryption_actions import EncryptionActions
from nkcase.gui.file_actions import FileActions, dropped_paths
from nkcase.gui.finder import QuickFinder
from nkcase.gui.import_flow import ImportJob
from nkcase.gui.lists_view import ListsView
from nkcase.gui.main_menus import MainMenus
from nkcase.gui.name_index import NameIndex
from nkcase.gui.navigator import Navigator
from nkcase.gui.reader import SourceReader
from nkcase.gui.search_panel import SearchPanel
from nkcase.gui.session import CaseSession
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import Runner
from nkcase.gui.welcome import WelcomeView

# Nothing of the core beyond nkcase.errors and other light modules is imported at startup: the
# services and the store (SQLAlchemy and the ORM model, ~0.7 s) load when a casebook is opened,
# after the window is shown. Core names here are types only; functions are imported where used,
# as are the dialogs the window does not build before they are asked for.
if TYPE_CHECKING:
    from nkcase.gui.export_dialog import ExportDialog
    from nkcase.gui.review import ReviewDialog
    from nkcase.services.changes import Change
    from nkcase.services.reanchor import ReanchorReport
    from nkcase.services.search_service import SearchHit
    from nkcase.services.sources import ImportSummary


class MainWindow(QMainWindow, MainMenus):
    def __init__(self, settings: Settings, runner: Runner) -> None:
        super().__init__()
        self.settings = settings
        self.session = CaseSession(runner, self)
        self.session.set_parent_widget(self)
        self.names = NameIndex(self.session)
        self.files = FileActions(self.session, settings, self)
        from nkcase.gui.exchange_actions import ExchangeActions  # casebook copies, merge

        self.exchange = ExchangeActions(self.session, settings, self)
        self.encryption = EncryptionActions(
            self, self.session, self.files, settings,
            is_working=lambda: self.files.job is not None and not self.files.job.done)
        self.setWindowTitle("nkcase")
        self.setAcceptDrops(True)

        self.welcome = WelcomeView()
        self.navigator = Navigator(self.session)
        self.casefile = CaseFileView(self.session, self.names)
        self.reader = SourceReader(self.session, self.names)
        self.lists_view = ListsView(self.session)
        self.placeholder = QLabel(
            "Choose an entity or a source on the left, or press Ctrl+K to find an entity by name.")
        self.placeholder.setWordWrap(True)  # never widens the window's minimum size
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #666;")
        self.center = QStackedWidget()
        for widget in (self.placeholder, self.casefile, self.reader, self.lists_view):
            self.center.addWidget(widget)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.center)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([430, 850])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)

        self.search = SearchPanel(self.session)
        self.search_dock = QDockWidget("Search", self)
        self.search_dock.setObjectName("search-dock")
        self.search_dock.setWidget(self.search)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.search_dock)
        self.search_dock.hide()
        self.analysis = AnalysisDocks(self)  # link chart and timeline docks, built when shown
        self.finder = QuickFinder(self.names, self)
        self.review_dialog: ReviewDialog | None = None  # (one at a time: show_review)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

        self._build_actions()
        self._connect()
        from nkcase.gui.screening_actions import ScreeningActions  # Screen… and its dock

        self.screening = ScreeningActions(self, self.tools_menu)
        from nkcase.gui.fieldwork_actions import FieldworkActions  # team casebooks: fieldwork

        self.fieldwork = FieldworkActions(self)
        self.file_menu.insertActions(self.quit_action, self.fieldwork.actions())
        self.file_menu.insertSeparator(self.quit_action)
        self._restore_layout()
        self._show_state()

    def _connect(self) -> None:
        s = self.session
        s.opened.connect(lambda _cb: self._show_state())
        s.closed.connect(self._show_state)
        s.changed.connect(self._changed)
        s.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
        self.files.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.exchange.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.files.recent_changed.connect(self._fill_recent)
        self.files.import_started.connect(self._import_started)
        self.welcome.new_requested.connect(self.files.new_dialog)
        self.welcome.open_requested.connect(self.files.open_dialog)
        self.welcome.recent_requested.connect(lambda p: self.files.open_casebook(Path(p)))
        self.welcome.demo_requested.connect(self.files.open_demo)
        self.files.demo_busy.connect(self.welcome.set_demo_busy)
        self.navigator.source_view.selectionModel().currentChanged.connect(
            lambda _c, _p: self._update_actions())
        self.navigator.currentChanged.connect(lambda _i: self._update_actions())
        self.navigator.entity_opened.connect(self.open_entity)
        self.navigator.source_opened.connect(self.open_source)
        self.casefile.quote_opened.connect(lambda src, q: self.open_source(src, quote_id=q))
        self.casefile.entity_opened.connect(self.open_entity)
        self.casefile.closed.connect(lambda: self.center.setCurrentWidget(self.placeholder))
        self.reader.closed.connect(lambda: self.center.setCurrentWidget(self.placeholder))
        self.reader.status.connect(lambda message: self.statusBar().showMessage(message, 12000))
        self.reader.review_needed.connect(self.show_review)
        self.finder.entity_chosen.connect(self.open_entity)
        self.search.hit_opened.connect(self.open_hit)
        self.cancel_button.clicked.connect(self.files.cancel_import)
        self.reader.text.selectionChanged.connect(self._update_actions)
        self.center.currentChanged.connect(lambda _i: self._update_actions())

    # -- state ---------------------------------------------------------------------------------
    def _show_state(self) -> None:
        book = self.session.casebook
        if book is None:
            self.pages.setCurrentWidget(self.welcome)
            self.setWindowTitle("nkcase")
            self.center.setCurrentWidget(self.placeholder)
        else:
            self.pages.setCurrentWidget(self.splitter)
            self.setWindowTitle(f"{book.path.name} — nkcase")
        self._update_actions()

    def _update_actions(self) -> None:
        is_open = self.session.is_open
        for action in self.casebook_actions:
            action.setEnabled(is_open)
        in_reader = self.center.currentWidget() is self.reader
        self.find_action.setEnabled(is_open and in_reader)
        self.quote_action.setEnabled(
            is_open and in_reader and self.reader.text.selected_range() is not None)
        self.delete_entity_action.setEnabled(
            is_open and self.center.currentWidget() is self.casefile
            and self.casefile.entity_id is not None)
        self.analysis.chart_entity_action.setEnabled(self.delete_entity_action.isEnabled())
        has_source = is_open and self.current_source_id() is not None
        for action in (self.source_props_action, self.reextract_action):
            action.setEnabled(has_source)
        self.open_source_action.setEnabled(
            is_open and self.navigator.selected_source_id() is not None)

    def current_source_id(self) -> str | None:
        """The source the Source menu acts on: the one in the reader, else the selected one."""
        if self.center.currentWidget() is self.reader and self.reader.source_id is not None:
            return self.reader.source_id
        if self.navigator.currentIndex() == 1 or self.center.currentWidget() is not self.reader:
            return self.navigator.selected_source_id()
        return None

    def _changed(self, change: Change) -> None:
        self.statusBar().showMessage(change.summary, 6000)
        self._update_actions()

    # -- navigation -------------------------------------------------------------------------------
    def open_entity(self, entity_id: str) -> None:
        self.casefile.show_entity(entity_id)
        self.center.setCurrentWidget(self.casefile)
        self.navigator.select_entity(entity_id)
        self.analysis.entity_shown(entity_id)
        self._update_actions()

    def open_source(self, source_id: str, *, quote_id: str | None = None,
                    span: tuple[int, int] | None = None) -> None:
        self.reader.show_source(source_id, quote_id=quote_id, span=span)
        self.center.setCurrentWidget(self.reader)
        self._update_actions()

    def open_hit(self, hit: SearchHit) -> None:
        if hit.source_id and hit.start is not None and hit.end is not None:
            quote_id = hit.ref_id if hit.kind == "quote" else None
            self.open_source(hit.source_id, quote_id=quote_id, span=(hit.start, hit.end))
        elif hit.entity_id:
            self.open_entity(hit.entity_id)
        elif hit.source_id:
            self.open_source(hit.source_id)

    def _nav_tab(self, index: int) -> None:
        self.navigator.setCurrentIndex(index)
        self.navigator.currentWidget().setFocus()

    def show_search(self) -> None:
        self.search_dock.show()
        self.search.focus_search()

    def show_lists(self) -> None:
        self.center.setCurrentWidget(self.lists_view)
        self.lists_view.table.setFocus()

    def import_list(self) -> None:
        self.show_lists()
        self.lists_view.import_dialog()

    def show_review(self) -> None:
        """Non-modal, so the reader stays usable beside it; one at a time."""
        from nkcase.gui.review import ReviewDialog

        shown = self.review_dialog
        if shown is not None and shown.isVisible():
            shown.reload()
            shown.raise_()
            return
        dialog = ReviewDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "review_dialog", None))
        self.review_dialog = dialog
        dialog.show()

    def show_export(self) -> ExportDialog | None:
        if not self.session.is_open:
            return None
        # Imported here: the dossier renderer (ReportLab) costs ~160 ms at startup otherwise.
        from nkcase.gui.export_dialog import ExportDialog
        current = None
        if self.casefile.current is not None and self.casefile.entity_id is not None:
            current = (self.casefile.entity_id, self.casefile.current.caption)
        dialog = ExportDialog(self.session, self.settings, current=current,
                              selected=self.navigator.selected_entity_ids(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(lambda r: self.statusBar().showMessage(
            f"Dossier written: {', '.join(p.name for p in r.paths[:3])}"
            + ("…" if len(r.paths) > 3 else ""), 10000))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    # -- source actions -------------------------------------------------------------------------
    def _open_selected_source(self) -> None:
        source_id = self.navigator.selected_source_id()
        if source_id is not None:
            self.open_source(source_id)

    def show_source_properties(self) -> QDialog | None:
        from nkcase.gui.source_dialog import SourcePropertiesDialog

        source_id = self.current_source_id()
        if source_id is None:
            return None
        dialog = SourcePropertiesDialog(self.session, source_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.source_dialog = dialog
        dialog.open()
        return dialog

    def reextract_source(self) -> None:
        from nkcase.gui.source_dialog import reextract

        source_id = self.current_source_id()
        if source_id is None:
            return
        self.statusBar().showMessage("Re-extracting the source…")
        reextract(self.session, source_id, self._reextracted)

    def _reextracted(self, report: ReanchorReport) -> None:
        from nkcase.gui.source_dialog import report_text

        self.statusBar().showMessage(report_text(report), 12000)
        if report.review:
            self.show_review()

    # -- entity actions -------------------------------------------------------------------------
    def new_entity(self) -> None:
        from nkcase.gui.entity_dialog import NewEntityDialog

        dialog = NewEntityDialog(self)
        if dialog.exec():
            schema, name = dialog.value()
            self.create_entity(schema, name)

    def create_entity(self, schema: str, name: str) -> None:
        from nkcase.services import entities

        self.session.apply(lambda cb: entities.create_entity(cb, schema, name),
                           lambda changes: self.open_entity(str(changes[-1].subject_id)))

    def delete_entity(self) -> None:
        from nkcase.services import entities

        entity_id = self.casefile.entity_id
        if entity_id is not None:
            self.session.apply(lambda cb: entities.delete_entity(cb, entity_id))

    # -- import progress ------------------------------------------------------------------------
    def _import_started(self, job: ImportJob) -> None:
        self.progress.setRange(0, max(1, len(job.files)))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        job.progress.connect(self._import_progress)
        job.finished.connect(self._import_finished)

    def _import_finished(self, _summary: ImportSummary) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def _import_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total} files")
        self.statusBar().showMessage(label)

    # -- drag and drop ----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if self.files.handle_drop(event.mimeData()):
            event.acceptProposedAction()

    # -- layout memory ---------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        for name, splitter in self._splitters().items():
            saved = self.settings.splitter(name)
            if saved is not None:
                splitter.restoreState(saved)
        header = self.settings.header("entities")
        if header is not None:
            self.navigator.entity_view.horizontalHeader().restoreState(header)

    def _splitters(self) -> dict[str, QSplitter]:
        return {"main": self.splitter, "casefile": self.casefile.splitter,
                "reader": self.reader.splitter}

    def save_layout(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        for name, splitter in self._splitters().items():
            self.settings.set_splitter(name, splitter.saveState())
        self.settings.set_header("entities", self.navigator.entity_columns.header_state())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        self.files.cancel_import()
        self.session.detach()
        super().closeEvent(event)
