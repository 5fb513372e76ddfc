"""A progress dialog that follows one background task of the runner, with Cancel.

For work started from a dialog (opening a team casebook, a fieldwork checkout or check-in): the
window stays responsive while the task runs on the runner (:mod:`nkcase.gui.tasks`); the
task's reports move the bar (no total: a busy bar) and Cancel asks the task to stop
(``task.is_cancelled()``). Window-modal, so nothing else is started on the casebook meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from nkcase.gui.tasks import Task


class TaskProgress(QProgressDialog):
    """Shown at once (a connection may take seconds before anything can be reported)."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(label, "Cancel", 0, 0, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.task: Task | None = None
        self.canceled.connect(self._cancel)

    def follow(self, task: Task | None) -> None:
        """Show the dialog for ``task`` (None: nothing was started, nothing shown)."""
        self.task = task
        if task is not None and not task.finished:
            self.show()

    def report(self, done: int, total: int, label: str = "") -> None:
        """The task's progress (the runner's ``on_progress``)."""
        if total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))
        if label:
            self.setLabelText(label)

    def finish(self) -> None:
        """The task is over (done, failed or cancelled): close and go."""
        self.task = None
        self.blockSignals(True)  # closing a QProgressDialog emits canceled: not a Cancel
        self.close()
        self.deleteLater()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
