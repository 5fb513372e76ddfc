"""The open casebook as the GUI sees it: services run through the task runner, one undo stack.

Every change the user makes goes through :meth:`CaseSession.apply`: the service runs on the
writer thread, its :class:`~nkcase.services.changes.Change` is pushed on the QUndoStack (as a
:class:`ChangeCommand`) and broadcast with :attr:`CaseSession.changed`, so every view refreshes
from the same record, whichever view caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from nkcase.errors import ConflictError
from nkcase.gui.errors import message_box, show_error
from nkcase.gui.tasks import Runner, Task

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.changes import Change
    from nkcase.store import Casebook

ChangeJob = Callable[["Casebook"], "Change | Sequence[Change]"]


class ChangeCommand(QUndoCommand):
    """One service change on the undo stack. Undo/redo call the history service.

    ``push()`` calls ``redo()`` at once, but the service has already run: that first call is
    skipped. A :class:`ConflictError` (the data changed since) is shown and the command
    becomes obsolete, so the stack drops it instead of retrying.
    """

    def __init__(self, session: CaseSession, change: Change, parent: QUndoCommand | None = None):
        super().__init__(change.summary, parent)
        self.session = session
        self.change = change
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        from nkcase.services import history

        self._replay(history.redo)

    def undo(self) -> None:
        from nkcase.services import history

        self._replay(history.undo)

    def _replay(self, fn: Callable[[Casebook, Change], Change]) -> None:
        casebook = self.session.casebook
        if casebook is None:
            self.setObsolete(True)
            return
        try:
            result = fn(casebook, self.change)
        except ConflictError as err:
            message_box(self.session.parent_widget(), "Cannot undo or redo", err.message)
            self.setObsolete(True)
            return
        except Exception as err:
            show_error(self.session.parent_widget(), err)
            self.setObsolete(True)
            return
        self.session.changed.emit(result)


class CaseSession(QObject):
    """The open casebook (or none), its task runner and its undo stack."""

    changed = Signal(object)  # a Change (also for undo and redo)
    opened = Signal(object)  # the Casebook
    closed = Signal()
    busy = Signal(str)  # a status-bar message

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.casebook: Casebook | None = None
        self.undo_stack = QUndoStack(self)
        self._parent_widget: QWidget | None = None

    def set_parent_widget(self, widget: QWidget) -> None:
        self._parent_widget = widget

    def parent_widget(self) -> QWidget | None:
        return self._parent_widget

    # -- lifetime -------------------------------------------------------------------------
    def attach(self, casebook: Casebook) -> None:
        self.detach()
        self.casebook = casebook
        self.undo_stack.clear()
        self.opened.emit(casebook)

    def detach(self) -> None:
        if self.casebook is None:
            return
        self.runner.cancel_all()
        self.runner.wait_idle()
        self.undo_stack.clear()
        casebook, self.casebook = self.casebook, None
        casebook.close()
        self.closed.emit()

    @property
    def is_open(self) -> bool:
        return self.casebook is not None

    # -- running services -------------------------------------------------------------------
    def apply(
        self,
        job: ChangeJob,
        on_done: Callable[[list[Change]], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task | None:
        """Run a writing service on the writer thread; push and broadcast what it changed.

        A job returning several changes (create an entity, then quote it) becomes one undo
        step (a macro) named after the last change.
        """
        casebook = self.casebook
        if casebook is None:
            return None
        from nkcase.services.changes import Change

        def done(result: Any) -> None:
            changes = [result] if isinstance(result, Change) else list(result)
            self.record(changes)
            if on_done is not None:
                on_done(changes)

        def failed(err: BaseException) -> None:
            if on_error is not None:
                on_error(err)
            else:
                show_error(self._parent_widget, err)

        return self.runner.write(lambda _task: job(casebook), done, failed)

    def record(self, changes: Sequence[Change]) -> None:
        """Push already-made changes on the undo stack and tell the views."""
        changes = [c for c in changes if not c.empty]
        if not changes:
            return
        if len(changes) == 1:
            self.undo_stack.push(ChangeCommand(self, changes[0]))
        else:
            self.undo_stack.beginMacro(changes[-1].summary)
            for change in changes:
                self.undo_stack.push(ChangeCommand(self, change))
            self.undo_stack.endMacro()
        for change in changes:
            self.changed.emit(change)

    def read(
        self,
        job: Callable[[Casebook], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task | None:
        """Run a reading service on the read pool; ``on_done`` gets its result."""
        casebook = self.casebook
        if casebook is None:
            return None
        return self.runner.read(
            lambda _task: job(casebook), on_done,
            on_error or (lambda err: show_error(self._parent_widget, err)),
        )


def touches(change: Change, *tables: str) -> bool:
    """Whether ``change`` wrote any row of ``tables``."""
    return any(row.table in tables for row in change.rows)
