"""File > Export > FollowTheMoney… and File > Import FollowTheMoney…, kept apart from the main
window (whose menu builder, main_menus.py, only creates one :class:`FtmActions`).

The export reads the casebook on the read pool through the one runner, with progress and
Cancel (a cancelled export leaves no file: :func:`nkcase.exchange.ftm.export.export_ftm`); the
import is one operation on the writer, pushed on the undo stack like every other change, its
report (what was not taken) shown in the dialog that follows.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.errors import show_error
from nkcase.vocabulary.levels import HANDLING_LEVELS

if TYPE_CHECKING:
    from nkcase.exchange.ftm.export import FtmExport
    from nkcase.exchange.ftm.importer import FtmImport
    from nkcase.gui.mainwindow import MainWindow
    from nkcase.gui.session import CaseSession
    from nkcase.gui.tasks import Task

FILE_FILTER = "FollowTheMoney entities (*.ftm.json *.json *.jsonl);;All files (*)"


class FtmActions:
    """The two menu actions and the export dialog they open."""

    def __init__(
        self, window: MainWindow, file_menu: QMenu, export_menu: QMenu, before: QAction
    ) -> None:
        self.window = window
        self.export_dialog: FtmExportDialog | None = None
        self.report_box: QMessageBox | None = None
        self.export_action = QAction("&FollowTheMoney…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setStatusTip("Export case files as FollowTheMoney entities (Aleph)")
        self.export_action.triggered.connect(self.show_export)
        self.import_action = QAction("Import &FollowTheMoney…", window)
        self.import_action.setStatusTip("Import FollowTheMoney entities (OpenSanctions, Aleph)")
        self.import_action.triggered.connect(self.import_dialog)
        self.export_menu = export_menu
        export_menu.addAction(self.export_action)
        file_menu.insertAction(before, self.import_action)
        file_menu.insertSeparator(before)

    def actions(self) -> list[QAction]:
        """What needs an open casebook."""
        return [self.export_action, self.import_action]

    def show_export(self) -> FtmExportDialog | None:
        if self.window.session.casebook is None:
            return None
        dialog = FtmExportDialog(self.window.session, self.window)
        dialog.finished.connect(lambda _r: setattr(self, "export_dialog", None))
        self.export_dialog = dialog
        dialog.show()
        return dialog

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, "Import FollowTheMoney entities", "", FILE_FILTER)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> Task | None:
        """Import ``path`` on the writer: one undoable step; the report in a message box."""
        from nkcase.exchange.ftm.importer import import_ftm

        session = self.window.session
        holder: dict[str, FtmImport] = {}

        def job(casebook: Any) -> Any:
            result = import_ftm(casebook, path)
            holder["result"] = result
            return [result.change] if result.change is not None else []

        def done(_changes: object) -> None:
            self._imported(holder["result"])

        def failed(err: BaseException) -> None:
            show_error(self.window, err, "Cannot import the FollowTheMoney file")

        return session.apply(job, done, failed)

    def _imported(self, result: FtmImport) -> None:
        created, updated = sum(result.created.values()), sum(result.updated.values())
        text = f"Imported {result.path.name}: {created} new, {updated} updated."
        self.window.statusBar().showMessage(text, 12000)
        report = result.report()
        if report:
            box = QMessageBox(QMessageBox.Icon.Information, "FollowTheMoney import",
                              text + f"\n{len(report)} thing(s) not imported: see Details.",
                              QMessageBox.StandardButton.Ok, self.window)
            box.setDetailedText("\n".join(report))
            self.report_box = box
            box.open()


class FtmExportDialog(QDialog):
    """Where to, at which level, which case files; then progress with Cancel."""

    exported = Signal(object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export FollowTheMoney")
        self.session = session
        self.running = False
        self.cancel_flag = threading.Event()
        # what was written (not ``result``: that would hide QDialog.result(), its exit code)
        self.outcome: FtmExport | None = None
        book = session.casebook
        stem = book.path.stem if book is not None else "casebook"
        self.level = QComboBox()
        self.level.addItems(list(HANDLING_LEVELS))
        self.level.setCurrentText("internal")
        self.level.currentTextChanged.connect(self._suggest)
        self.path = QLineEdit(str(Path.home() / f"{stem}-internal.ftm.json"))
        self._stem = stem
        browse = QPushButton("Browse…")
        browse.setAutoDefault(False)  # Enter exports; it never opens the file dialog
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Handling level:", self.level)
        form.addRow("File:", row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel("Everything above the level stays out, and what was learned "
                             "only from it.")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

    def _suggest(self, level: str) -> None:
        current = Path(self.path.text())
        self.path.setText(str(current.with_name(f"{self._stem}-{level}.ftm.json")))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                                    FILE_FILTER)
        if path:
            self.path.setText(path)

    def start(self) -> Task | None:
        from nkcase.exchange.ftm.export import export_ftm

        casebook = self.session.casebook
        if casebook is None or self.running:
            return None
        out = Path(self.path.text().strip()).expanduser()
        level = self.level.currentText()
        self.cancel_flag.clear()

        def job(task: Task) -> FtmExport:
            def cancelled() -> bool:
                return task.is_cancelled() or self.cancel_flag.is_set()

            return export_ftm(casebook, out, level=level, on_progress=task.report,
                              is_cancelled=cancelled)

        self.running = True
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Exporting at level “{level}”…")
        return self.session.runner.read(job, self._done, self._failed, self._progress)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setValue(int(1000 * done / total) if total else 0)
        self.status.setText(f"Exporting: {label}")

    def _done(self, result: FtmExport) -> None:
        self.running = False
        self.outcome = result
        self.progress.hide()
        self.export_button.setEnabled(True)
        lines = [f"Wrote {result.lines} entities to {result.path.name} at level "
                 f"“{result.level}”."]
        withheld = result.withheld.describe()
        lines.append(f"Withheld at this level: {withheld}." if withheld
                     else "Nothing was withheld at this level.")
        self.status.setText("\n".join(lines))
        self.cancel_button.setText("Close")
        self.exported.emit(result)

    def _failed(self, err: BaseException) -> None:
        from nkcase.errors import CancelledError

        self.running = False
        self.progress.hide()
        self.export_button.setEnabled(True)
        if isinstance(err, CancelledError):
            self.status.setText("Export cancelled: no file was written.")
            return
        self.status.setText("The export failed; no file was written.")
        show_error(self, err, "Cannot export")

    def cancel_or_close(self) -> None:
        if self.running:
            self.cancel_flag.set()
            self.status.setText("Cancelling…")
            return
        self.reject()
