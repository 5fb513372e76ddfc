"""Opening a team casebook off the GUI thread: connect, check and upgrade on the read pool.

A connection may take up to the connect timeout (10 s) when the server does not answer, and an
older schema is upgraded on opening: neither may freeze the window. :class:`TeamOpen` runs
:func:`nkcase.store.open_casebook` (the same as ``nkcase open``) on the runner behind a
:class:`~nkcase.gui.task_progress.TaskProgress`. Cancel stops waiting at once; a connection
that still succeeds afterwards is closed unused. A failure is one line whose title says which
kind it is: the server cannot be reached, it refused the login, the address holds no nkcase
casebook, or the installation lacks a module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from nkcase.errors import (
    CancelledError,
    InstallationError,
    NotACasebookError,
    ServerLoginError,
    ServerUnreachableError,
)
from nkcase.gui.errors import show_error
from nkcase.gui.task_progress import TaskProgress
from nkcase.gui.tasks import Runner, Task

if TYPE_CHECKING:
    from nkcase.store import Casebook

#: The title of the message for each kind of failure (anything else: the generic one).
FAILURE_TITLES: tuple[tuple[type[BaseException], str], ...] = (
    (ServerUnreachableError, "Server unreachable"),
    (ServerLoginError, "Login refused"),
    (NotACasebookError, "Not an nkcase casebook"),
    (InstallationError, "Installation fault"),
    (ImportError, "Installation fault"),
)


def failure_title(err: BaseException) -> str:
    return next((title for kind, title in FAILURE_TITLES if isinstance(err, kind)),
                "Cannot open the team casebook")


class TeamOpen(QObject):
    """One attempt to open the team casebook at ``location``: ``opened`` with the casebook,
    or ``failed`` with the error (already shown), or ``cancelled``; :meth:`start` after
    connecting them."""

    opened = Signal(object)  # Casebook
    failed = Signal(object)  # the error
    cancelled = Signal()

    def __init__(self, runner: Runner, location: str, window: QWidget) -> None:
        super().__init__(window)
        from nkcase.store.postgres import display_url

        self.location = location
        self.where = display_url(location)
        self.window = window
        self.runner = runner
        self._abandoned = False
        self.progress = TaskProgress("Open team casebook", f"Connecting to {self.where}…", window)
        self.progress.canceled.connect(self._cancel)
        self.task: Task | None = None

    def start(self) -> TeamOpen:
        self.task = self.runner.read(self._open, self._done, self._failed, self.progress.report)
        self.progress.follow(self.task)
        return self

    def _open(self, task: Task) -> Any:
        from nkcase.store import open_casebook

        casebook = open_casebook(self.location)
        if task.is_cancelled():  # nobody waits for it any more
            casebook.close()
            raise CancelledError("cancelled")
        return casebook

    def _cancel(self) -> None:
        if self._abandoned:
            return
        self._abandoned = True
        self.progress.finish()
        self.cancelled.emit()

    def _done(self, casebook: Casebook) -> None:
        if self._abandoned:  # cancelled after the connection was made: not wanted
            casebook.close()
            return
        self.progress.finish()
        self.opened.emit(casebook)

    def _failed(self, err: BaseException) -> None:
        if self._abandoned or isinstance(err, CancelledError):
            return
        self.progress.finish()
        show_error(self.window, err, failure_title(err))
        self.failed.emit(err)
