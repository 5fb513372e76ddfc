"""Fieldwork copies of a team casebook in the app: Check out for fieldwork… and Check in
fieldwork copy… (File menu; the first also on the navigator's selected entities).

The same services as ``nkcase checkout`` and ``nkcase checkin``
(:mod:`nkcase.cli.fieldwork_cmds`): the checkout is the casebook copy at a level restricted to
the slice around the chosen entities (:func:`nkcase.exchange.copy.copy_at_level` with
``entity_ids``), written on the runner's read pool behind a progress dialog whose Cancel leaves
no file; the check-in is the merge of :class:`~nkcase.gui.exchange_actions.ExchangeActions`
(compare on the read pool, questions in the merge dialog, one undoable step on the writer,
each stage with progress and Cancel). Both are offered while a team casebook is open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from nkcase.errors import CancelledError
from nkcase.gui.errors import show_error
from nkcase.gui.fieldwork_dialog import CheckoutDialog
from nkcase.gui.task_progress import TaskProgress
from nkcase.gui.tasks import Task

if TYPE_CHECKING:
    from nkcase.gui.mainwindow import MainWindow

TITLE_OUT = "Check out for fieldwork"
TITLE_IN = "Check in fieldwork copy"


class FieldworkActions(QObject):
    """The two actions and the checkout's flow; ``checked_out`` with the CopyResult."""

    checked_out = Signal(object)
    status = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.dialog: CheckoutDialog | None = None
        self.progress: TaskProgress | None = None
        self.checkout_action = QAction("Check &out for fieldwork…", window)
        self.checkout_action.setStatusTip(
            "A casebook file of the selected entities at a level, to take offline")
        self.checkout_action.triggered.connect(self.checkout_dialog)
        self.checkin_action = QAction("Check &in fieldwork copy…", window)
        self.checkin_action.setStatusTip("Merge a fieldwork copy back into this team casebook")
        self.checkin_action.triggered.connect(self.checkin_dialog)
        window.navigator.entity_view.addAction(self.checkout_action)
        self.status.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self.session.opened.connect(lambda _casebook: self.update())
        self.session.closed.connect(self.update)
        self.update()

    def actions(self) -> list[QAction]:
        return [self.checkout_action, self.checkin_action]

    def update(self) -> None:
        """Offered while a team casebook is open (a file casebook has copies and merges)."""
        casebook = self.session.casebook
        team = False
        if casebook is not None:  # the store is loaded then (not at startup: it is heavy)
            from nkcase.store.profiles import is_server_url

            team = is_server_url(casebook.location)
        for action in self.actions():
            action.setEnabled(team)

    # -- check out ------------------------------------------------------------------------------
    def checkout_dialog(self) -> CheckoutDialog | None:
        """The dialog for the entities selected in the navigator (shown, not run modally)."""
        casebook = self.session.casebook
        ids = self.window.navigator.selected_entity_ids()
        if casebook is None:
            return None
        if not ids:
            self.status.emit("Select the entities to check out in the list first.")
            return None
        captions = self.window.navigator.selected_entity_captions()
        folder = self.window.settings.last_folder()
        name = re.sub(r"[^\w.-]+", "-", captions[0]).strip("-") or "fieldwork"
        dialog = CheckoutDialog(captions, _free(folder / f"{name}-fieldwork.nkcase"),
                                parent=self.window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._accepted(dialog, ids))

        def finished(_result: int) -> None:
            dialog.clear_secrets()
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _accepted(self, dialog: CheckoutDialog, ids: list[str]) -> None:
        out, level, passphrase = dialog.values()
        self.window.settings.set_last_folder(out.resolve().parent)
        self.checkout(ids, out, level, passphrase)

    def checkout(self, entity_ids: list[str], out: Path, level: str,
                 passphrase: str | None = None) -> Task | None:
        """Write the fieldwork copy on the read pool; ``checked_out`` when done."""
        from nkcase.exchange.copy import copy_at_level

        casebook = self.session.casebook
        if casebook is None:
            return None
        progress = TaskProgress(TITLE_OUT, f"Writing {out.name}…", self.window)
        self.progress = progress

        def job(task: Task) -> Any:
            def report(done: int, total: int) -> None:
                task.report(done, total, f"Writing {out.name}: {done} of {total} tables")

            return copy_at_level(casebook, out, level, passphrase=passphrase,
                                 entity_ids=entity_ids, cancelled=task.is_cancelled,
                                 progress=report)

        def done(result: Any) -> None:
            progress.finish()
            rows = sum(result.copied.values())
            what = "1 entity" if len(entity_ids) == 1 else f"{len(entity_ids)} entities"
            self.status.emit(f"Checked out {what} at {result.level} to {result.path.name} "
                             f"({rows} rows{', encrypted' if result.encrypted else ''})")
            self.checked_out.emit(result)

        def failed(err: BaseException) -> None:
            progress.finish()
            if isinstance(err, CancelledError):
                self.status.emit(f"Checkout cancelled: {out.name} was not written")
                return
            show_error(self.window, err, f"{TITLE_OUT}: failed")

        task = self.session.runner.read(job, done, failed, progress.report)
        progress.follow(task)
        return task

    # -- check in ---------------------------------------------------------------------------------
    def checkin_dialog(self) -> None:
        from nkcase.store.casebook import SUFFIX

        name, _ = QFileDialog.getOpenFileName(
            self.window, TITLE_IN, str(self.window.settings.last_folder()),
            f"Casebooks (*{SUFFIX});;All files (*)",
        )
        if name:
            self.checkin(Path(name))

    def checkin(self, path: Path) -> None:
        """Merge the fieldwork copy at ``path`` back (``nkcase checkin``): the merge flow."""
        if self.session.casebook is None:
            return
        self.window.exchange.merge_casebook(path, title=TITLE_IN)


def _free(path: Path) -> Path:
    """``path``, or ``NAME-2.nkcase`` and so on when it exists (a copy is always new)."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate
