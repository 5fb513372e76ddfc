"""File > Export > Casebook copy at a level… and File > Merge casebook….

Both run off the GUI thread through the one runner: the copy on the read pool (it reads the
open casebook and writes a new file), the merge's plan on the read pool and the merge itself
on the writer, as one step on the undo stack. The other casebook is opened read-only (its
passphrase asked when it is encrypted) and closed when the merge is done or abandoned. The
merge's comparing and writing show a progress dialog with Cancel: Cancel while comparing
abandons the plan; Cancel while writing rolls the one transaction back (nothing merged). A
fieldwork check-in (:mod:`nkcase.gui.fieldwork_actions`) is this merge.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from nkcase.errors import CancelledError, NkcaseError, WrongPassphraseError
from nkcase.gui.errors import show_error
from nkcase.gui.passphrase_dialogs import PassphrasePrompt, ask_passphrase
from nkcase.gui.session import CaseSession
from nkcase.gui.settings import Settings
from nkcase.gui.task_progress import TaskProgress
from nkcase.gui.tasks import Task

if TYPE_CHECKING:
    from nkcase.exchange.merge import MergePlan
    from nkcase.gui.merge_dialog import MergeDialog
    from nkcase.store import Casebook

LEVELS = ("public", "internal", "protected")


class CopyDialog(QDialog):
    """Where to, at which level, encrypted or not."""

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Casebook copy at a level")
        form = QFormLayout(self)
        self.level = QComboBox()
        self.level.addItems(LEVELS)
        self.path = QLineEdit(str(suggested))
        self.encrypt = QCheckBox("Encrypt the copy with a passphrase")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setEnabled(False)
        self.encrypt.toggled.connect(self.passphrase.setEnabled)
        form.addRow("Holds nothing above", self.level)
        form.addRow("Copy", self.path)
        form.addRow(self.encrypt)
        form.addRow("Passphrase", self.passphrase)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[Path, str, str | None]:
        passphrase = self.passphrase.text() if self.encrypt.isChecked() else None
        return Path(self.path.text()), self.level.currentText(), passphrase


class ExchangeActions(QObject):
    """The two actions and their flows; ``status`` carries one-line results."""

    status = Signal(str)
    copied = Signal(object)  # CopyResult
    merge_planned = Signal(object)  # MergeDialog, shown
    merged = Signal(object)  # the Change, or None when there was nothing to merge

    def __init__(self, session: CaseSession, settings: Settings, window: QWidget) -> None:
        super().__init__(window)
        self.session, self.settings, self.window = session, settings, window
        self.passphrase_prompt: PassphrasePrompt = ask_passphrase(window)
        self.copy_action = QAction("Casebook &copy at a level…", window)
        self.copy_action.triggered.connect(self.copy_dialog)
        self.merge_action = QAction("&Merge casebook…", window)
        self.merge_action.triggered.connect(self.merge_dialog)
        self.dialog: MergeDialog | None = None
        self.progress: TaskProgress | None = None  # comparing or merging, while it runs
        self._other: Casebook | None = None
        self._title = "Merge casebook"
        self._attempt = 0  # bumped by Cancel: replies of an abandoned merge are dropped

    def actions(self) -> list[QAction]:
        """The actions that need an open casebook (the window enables them with the others)."""
        return [self.copy_action, self.merge_action]

    # -- copy at a level --------------------------------------------------------------------
    def copy_dialog(self) -> None:
        casebook = self.session.casebook
        if casebook is None:
            return
        dialog = CopyDialog(casebook.path.with_name(f"{casebook.path.stem}-public.nkcase"),
                            self.window)
        if dialog.exec():
            self.copy_casebook(*dialog.values())

    def copy_casebook(self, out: Path, level: str, passphrase: str | None = None) -> None:
        """Write the copy on the read pool; ``copied`` when done."""
        from nkcase.exchange.copy import copy_at_level

        self.status.emit(f"Writing a {level} copy to {out.name}…")

        def done(result: Any) -> None:
            self.status.emit(f"Wrote {result.path.name}: a {result.level} copy")
            self.copied.emit(result)

        self.session.read(
            lambda book: copy_at_level(book, out, level, passphrase=passphrase), done,
            lambda err: show_error(self.window, err, "Cannot write the copy"),
        )

    # -- merge --------------------------------------------------------------------------------
    def merge_dialog(self) -> None:
        from nkcase.store.casebook import SUFFIX

        name, _ = QFileDialog.getOpenFileName(
            self.window, "Merge casebook", str(self.settings.last_folder()),
            f"Casebooks (*{SUFFIX});;All files (*)",
        )
        if name:
            self.merge_casebook(Path(name))

    def merge_casebook(self, path: Path, decisions: dict[str, str] | None = None, *,
                       title: str | None = None) -> None:
        """Open ``path`` read-only, plan on the read pool, then show the decision dialog."""
        if self.session.casebook is None:
            return
        if title is not None:
            self._title = title
        if self._other is None:
            try:
                self._other = self._open(path)
            except NkcaseError as err:
                show_error(self.window, err, f"{self._title}: cannot open {path.name}")
                return
            if self._other is None:
                return
        other = self._other
        self.status.emit(f"Comparing {path.name} with this casebook…")

        def plan(book: Casebook) -> tuple[MergePlan, dict[str, Any]]:
            from nkcase.exchange.merge import describe, plan_merge

            with book.reading() as mine, other.reading() as theirs:
                found = plan_merge(mine, theirs, decisions)
            return found, describe(found)

        def planned(result: tuple[MergePlan, dict[str, Any]]) -> None:
            found, counts = result
            self._show(path, found, counts, decisions or {})

        self._read(f"Comparing {path.name} with this casebook…", plan, planned)

    def _read(self, label: str, job: Any, on_done: Any) -> None:
        """``job`` on the read pool behind the progress dialog; Cancel abandons it."""
        attempt, other = self._attempt, self._other
        progress = self._progress(label)
        progress.follow(self.session.read(
            job, lambda result: self._reply(attempt, other, on_done, result),
            lambda err: self._reply(attempt, other, self._failed, err)))

    def _progress(self, label: str) -> TaskProgress:
        if self.progress is not None:
            self.progress.finish()
        self.progress = TaskProgress(self._title, label, self.window)
        self.progress.canceled.connect(self._cancel)
        return self.progress

    def _reply(self, attempt: int, other: Casebook | None, callback: Any, value: Any) -> None:
        if attempt != self._attempt:  # cancelled meanwhile: nobody waits for it; the job
            if other is not None and other is not self._other:  # is over with the other
                other.close()
            if isinstance(value, list) and value:  # the merge was written before the Cancel
                self.status.emit(f"Finished before the cancel arrived: {value[0].summary}")
                self.merged.emit(value[0])
            return
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        callback(value)

    def _cancel(self) -> None:
        """Stop waiting; the running job still reads the other casebook, which is closed when
        its reply comes (:meth:`_reply`)."""
        self._attempt += 1
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        self._other = None
        self.status.emit(f"{self._title}: cancelled, nothing merged")

    def _open(self, path: Path) -> Casebook | None:
        from nkcase.store import open_casebook
        from nkcase.store.casebook import is_encrypted_casebook

        if not is_encrypted_casebook(path):
            return open_casebook(path, readonly=True)
        error = None
        while True:
            passphrase = self.passphrase_prompt(path, error)
            if passphrase is None:
                return None
            try:
                return open_casebook(path, readonly=True, passphrase=passphrase)
            except WrongPassphraseError:
                error = "That passphrase does not open it. Try again."

    def _show(self, path: Path, plan: MergePlan, counts: dict[str, Any],
              decisions: dict[str, str]) -> None:
        from nkcase.gui.merge_dialog import MergeDialog

        if plan.empty and plan.chain is None:
            self._close_other()
            self.status.emit(f"Nothing to merge: everything of {path.name} is here already")
            self.merged.emit(None)
            return
        dialog = MergeDialog(plan, counts, decisions, self.window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._decided(path, dialog.decisions()))
        dialog.rejected.connect(self._close_other)
        dialog.setModal(True)
        dialog.show()
        self.merge_planned.emit(dialog)

    def _decided(self, path: Path, decisions: dict[str, str]) -> None:
        """Plan again with the decisions (a combined duplicate may raise new questions);
        merge on the writer when none is left open."""
        other = self._other
        if other is None:
            return

        def plan(book: Casebook) -> Any:
            from nkcase.exchange.merge import plan_merge

            with book.reading() as mine, other.reading() as theirs:
                return plan_merge(mine, theirs, decisions)

        def planned(plan: Any) -> None:
            if plan.undecided(decisions):
                self.merge_casebook(path, decisions)
                return
            self._apply(plan, decisions)

        self._read(f"Comparing {path.name} with this casebook…", plan, planned)

    def _apply(self, plan: Any, decisions: dict[str, str]) -> None:
        from nkcase.exchange.merge import apply_merge

        def job(book: Casebook, task: Task) -> Any:
            def progress(label: str) -> None:
                if task.is_cancelled():  # raised inside the one transaction: rolled back
                    raise CancelledError("the merge was cancelled: nothing was merged")
                task.report(0, 0, f"Merging: {label}")

            change = apply_merge(book, plan, decisions, progress=progress)
            return [] if change is None else [change]

        def done(changes: list[Any]) -> None:
            self._close_other()
            self.status.emit(changes[0].summary if changes else "Nothing to merge")
            self.merged.emit(changes[0] if changes else None)

        attempt, other = self._attempt, self._other
        progress = self._progress("Merging…")
        progress.follow(self.session.apply_task(
            job, lambda changes: self._reply(attempt, other, done, changes),
            lambda err: self._reply(attempt, other, self._failed, err),
            on_progress=progress.report))

    def _failed(self, err: BaseException) -> None:
        self._close_other()
        if isinstance(err, CancelledError):
            self.status.emit(f"{self._title}: cancelled, nothing merged")
            return
        show_error(self.window, err, f"{self._title}: failed")

    def _close_other(self) -> None:
        if self._other is not None:
            self._other.close()
            self._other = None
