"""File > Export dossier… (Ctrl+E): which case files, the handling level, an optional password,
one PDF or one per entity, where to. The export runs in the background with a progress bar and
Cancel; at the end the dialog says what it wrote and what the level withheld, with Open and
Show in folder, and any warnings (characters no font could draw…) under Details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nkcase.errors import CancelledError, NkcaseError
from nkcase.gui.errors import report_unexpected
from nkcase.gui.export_job import ExportRequest, ExportRun, suggested_name, summary_text
from nkcase.gui.keys import tab_chain
from nkcase.gui.level_report_panel import LevelReportPanel
from nkcase.gui.levels import level_choices
from nkcase.gui.session import CaseSession
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import Task
from nkcase.services.dossier_export import ExportResult

ERROR_STYLE = "color: #b3261e"


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(
        self,
        session: CaseSession,
        settings: Settings,
        *,
        current: tuple[str, str] | None = None,  # (entity id, caption) of the open case file
        selected: list[str] | None = None,  # entity ids selected in the navigator
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.current = current
        self.selected = list(selected or [])
        self.run: ExportRun | None = None
        self.task: Task | None = None
        self.outcome: ExportResult | None = None
        self.setWindowTitle("Export dossier")
        self.setMinimumWidth(720)

        # -- which entities --------------------------------------------------------------------
        self.scope_current = QRadioButton(
            f"The open case file: {current[1]}" if current else "The open case file (none open)")
        self.scope_current.setEnabled(current is not None)
        n = len(self.selected)
        self.scope_selected = QRadioButton(
            f"The {n} entit{'y' if n == 1 else 'ies'} selected in the navigator" if n
            else "The entities selected in the navigator (none selected)")
        self.scope_selected.setEnabled(n > 0)
        self.scope_all = QRadioButton("All entities in the casebook")
        self.scope = QButtonGroup(self)
        scope_box = QGroupBox("Case files")
        sl = QVBoxLayout(scope_box)
        for button in (self.scope_current, self.scope_selected, self.scope_all):
            self.scope.addButton(button)
            sl.addWidget(button)
        (self.scope_current if current else self.scope_selected if n else self.scope_all) \
            .setChecked(True)

        # -- level and password ------------------------------------------------------------
        self.level = QComboBox()
        for value, label in level_choices():
            self.level.addItem(label, value)
        self.level.setCurrentIndex(self.level.findData("internal"))  # the usual hand-off
        level_note = QLabel(
            "Anything above this level — and what was learned only from it — is left out; the "
            "dossier says how much.")
        level_note.setWordWrap(True)
        level_note.setStyleSheet("color: #555;")
        self.password = QLineEdit(placeholderText="optional")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(placeholderText="type it again")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        password_note = QLabel(
            "With a password the PDF is encrypted with AES-256 and cannot be opened without it. "
            "A weak password can be guessed: use a long passphrase and send it another way "
            "than the file.")
        book = self.session.casebook
        if book is not None and book.encrypted:
            password_note.setText(
                "This casebook is encrypted, but the dossier is not unless you give it a "
                "password here (not the casebook's passphrase). " + password_note.text())
        password_note.setWordWrap(True)
        password_note.setStyleSheet("color: #555;")

        # -- output ----------------------------------------------------------------------------
        self.one_pdf = QRadioButton("One PDF")
        self.per_entity = QRadioButton("One PDF per entity, into a folder")
        self.one_pdf.setChecked(True)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.one_pdf)
        self.mode.addButton(self.per_entity)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.one_pdf)
        mode_row.addWidget(self.per_entity)
        mode_row.addStretch(1)
        self.path = QLineEdit()
        self.browse = QPushButton("Browse…")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)

        form = QFormLayout()
        form.addRow("Handling level", self.level)
        form.addRow("", level_note)
        form.addRow("Password", self.password)
        form.addRow("Confirm", self.confirm)
        form.addRow("", password_note)
        form.addRow("Output", mode_row)
        form.addRow("Save to", path_row)

        # -- progress, result, buttons -------------------------------------------------------
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.progress = QProgressBar()
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setMaximumHeight(120)
        self.details.hide()
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.details.setVisible)
        self.open_button = QPushButton("Open")
        self.show_button = QPushButton("Show in folder")
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.close_button = QPushButton("Close")
        for push in (self.details_button, self.open_button, self.show_button,
                     self.cancel_button):
            push.hide()
            push.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        self.level_report = LevelReportPanel(session, self)
        layout = QVBoxLayout(self)
        layout.addWidget(scope_box)
        layout.addLayout(form)
        layout.addWidget(self.level_report)
        layout.addWidget(self.problem)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

        self.browse.clicked.connect(self.choose_path)
        self.one_pdf.toggled.connect(lambda _on: self._suggest_path())
        self.level.currentIndexChanged.connect(lambda _i: self._suggest_path(level_only=True))
        self.level.currentIndexChanged.connect(lambda _i: self.refresh_level_report())
        def scope_chosen(on: bool) -> None:
            if on:  # (the one turned off is toggled too: one report is enough)
                self.refresh_level_report()

        for button in (self.scope_current, self.scope_selected, self.scope_all):
            button.toggled.connect(scope_chosen)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self.open_result)
        self.show_button.clicked.connect(self.show_in_folder)
        chain = [self.scope_current, self.scope_selected, self.scope_all, self.level,
                 self.password, self.confirm, self.one_pdf, self.per_entity, self.path,
                 self.browse, self.export_button, self.close_button]
        tab_chain(self, chain)
        self._suggest_path()
        self.refresh_level_report()
        self.resize(self.minimumWidth(), self.sizeHint().height())

    # -- choices -----------------------------------------------------------------------------
    def entity_ids(self) -> tuple[str, ...] | None:
        """The chosen entities; None for every entity (resolved on the worker)."""
        if self.scope_current.isChecked() and self.current:
            return (self.current[0],)
        if self.scope_selected.isChecked():
            return tuple(self.selected)
        return None

    def refresh_level_report(self) -> None:
        """List what the chosen level withholds from the chosen case files, and releases."""
        self.level_report.refresh(self.entity_ids(), self.level.currentData())

    def _caption(self) -> str | None:
        if self.scope_current.isChecked() and self.current:
            return self.current[1]
        book = self.session.casebook
        return book.path.stem if book is not None else None

    def _suggest_path(self, *, level_only: bool = False) -> None:
        """Put a sensible path in the field: the last folder used, a name from the entity."""
        level = self.level.currentData()
        text = self.path.text().strip()
        if level_only:
            if text.endswith(".pdf"):
                stem = Path(text).stem
                for value, _label in level_choices():
                    if stem.endswith(f"-{value}"):
                        stem = stem[: -len(value) - 1]
                self.path.setText(str(Path(text).with_name(f"{stem}-{level}.pdf")))
            return
        last = self.settings.export_path()
        if text:
            folder = Path(text).parent if text.endswith(".pdf") else Path(text)
        elif last is not None:
            folder = last.parent if last.suffix == ".pdf" else last
        else:
            folder = self.settings.last_folder()
        if self.one_pdf.isChecked():
            self.path.setText(str(folder / suggested_name(self._caption(), level)))
        else:
            self.path.setText(str(folder))

    def choose_path(self) -> None:
        current = self.path.text().strip()
        if self.one_pdf.isChecked():
            name, _ = QFileDialog.getSaveFileName(self, "Save dossier as", current,
                                                  "PDF files (*.pdf)")
        else:
            name = QFileDialog.getExistingDirectory(self, "Folder for the dossiers", current)
        if name:
            self.path.setText(name)

    def request(self) -> ExportRequest | None:
        """The export asked for, or None (and the reason shown) when something is missing."""
        self.problem.clear()
        ids = self.entity_ids()
        text = self.path.text().strip()
        if ids is not None and not ids:
            self._refuse("Choose the case files to export.")
            return None
        if not text:
            self._refuse("Choose where to save the dossier.")
            return None
        if self.password.text() != self.confirm.text():
            self._refuse("The two passwords differ; type the same password twice.")
            return None
        out = Path(text).expanduser()
        if self.one_pdf.isChecked():
            if out.suffix.lower() != ".pdf":
                out = out.with_name(out.name + ".pdf")
            if not out.parent.is_dir():
                self._refuse(f"The folder {out.parent} does not exist.")
                return None
        elif out.exists() and not out.is_dir():
            self._refuse(f"{out} is a file; choose a folder for one PDF per entity.")
            return None
        return ExportRequest(ids, out, self.level.currentData(), self.password.text() or None,
                             self.per_entity.isChecked())

    def _refuse(self, reason: str) -> None:
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setText(reason)

    # -- running -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.run is not None

    def start(self) -> bool:
        casebook = self.session.casebook
        request = self.request()
        if casebook is None or request is None or self.running:
            return False
        run = self.run = ExportRun(request)
        self.outcome = None
        self._set_running(True)
        self.progress.setRange(0, 0)
        self.task = self.session.runner.read(run.job(casebook), lambda r: self._done(run, r),
                                             lambda e: self._failed(run, e), self._progress)
        return True

    def cancel(self) -> None:
        if self.run is not None:
            self.run.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("Cancelling…")

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{label or 'working'} · %p%")

    def _set_running(self, running: bool) -> None:
        for widget in (self.scope_current, self.scope_selected, self.scope_all, self.level,
                       self.password, self.confirm, self.one_pdf, self.per_entity, self.path,
                       self.browse, self.export_button):
            widget.setEnabled(not running)
        self.scope_current.setEnabled(not running and self.current is not None)
        self.scope_selected.setEnabled(not running and bool(self.selected))
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.close_button.setVisible(not running)
        if running:
            self.summary.hide()
            for button in (self.open_button, self.show_button, self.details_button):
                button.hide()
            self.details.hide()
            self.cancel_button.setFocus()

    def _done(self, run: ExportRun, result: ExportResult) -> None:
        if run is not self.run:
            return
        self.run = None
        self.outcome = result
        self._set_running(False)
        self.settings.set_export_path(run.request.out)
        self.summary.setText(summary_text(result, run.request.level))
        self.summary.show()
        self.details.setPlainText("\n".join(f"⚠ {w}" for w in result.warnings))
        self.details_button.setVisible(bool(result.warnings))
        self.details_button.setChecked(bool(result.warnings))
        self.open_button.setVisible(bool(result.paths))
        self.show_button.setVisible(bool(result.paths))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.exported.emit(result)

    def _failed(self, run: ExportRun, err: BaseException) -> None:
        if run is not self.run:
            return
        self.run = None
        self._set_running(False)
        if isinstance(err, CancelledError):
            self.problem.setStyleSheet("color: #555")
            self.problem.setText("Export cancelled; nothing was written.")
        elif isinstance(err, NkcaseError):
            self.problem.setStyleSheet(ERROR_STYLE)
            self.problem.setText(err.message)
        else:
            self.problem.setStyleSheet(ERROR_STYLE)
            self.problem.setText(f"The export failed: {type(err).__name__}.")
            report_unexpected(err, self)

    # -- after -------------------------------------------------------------------------------
    def open_result(self) -> None:
        if self.outcome and self.outcome.paths:
            target = self.outcome.paths[0] if len(self.outcome.paths) == 1 \
                else self.outcome.paths[0].parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def show_in_folder(self) -> None:
        if self.outcome and self.outcome.paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.outcome.paths[0].parent)))

    def reject(self) -> None:
        """Escape or Close: while exporting it cancels (and the dialog stays to say so)."""
        if self.running:
            self.cancel()
            return
        super().reject()
