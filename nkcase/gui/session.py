"""The open casebook as the GUI sees it: services run through the task runner, one undo stack.

Every change the user makes goes through :meth:`CaseSession.apply`: the service runs on the
writer thread, its :class:`~nkcase.services.changes.Change` is pushed on the QUndoStack (as a
:class:`ChangeCommand`) and broadcast with :attr:`CaseSession.changed`, so every view refreshes
from the same record, whichever view caused it. Views decide from ``change.flags`` (semantic
flags computed in the core), never from table names.

Undo and redo are writes like any other: :meth:`CaseSession.undo` runs the history service on
the writer thread, and the stack moves only once it has succeeded. A failed undo stays on the
stack and says why in one line; requests made while one runs are queued in order.

Encrypting the casebook or changing its passphrase (:meth:`CaseSession.reencrypt`) replaces the
file under the engine, so it runs alone: only when no work is running, and work asked for
meanwhile waits until the casebook is open under its new key.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from nkcase.errors import NkcaseError
from nkcase.gui.errors import message_box, show_error
from nkcase.gui.tasks import ProgressCallback, Runner, Task

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.changes import Change
    from nkcase.store import Casebook

ChangeJob = Callable[["Casebook"], "Change | Sequence[Change]"]
UNDO, REDO = "undo", "redo"
REENCRYPT_POLL_MS = 50


class ChangeCommand(QUndoCommand):
    """One change on the undo stack.

    The command never writes: :class:`CaseSession` replays the change on the writer thread
    first and hands the command what the replay changed, which it broadcasts when the stack
    moves. ``push()`` calls ``redo()`` at once, when there is nothing to broadcast.
    """

    def __init__(self, session: CaseSession, change: Change) -> None:
        super().__init__(change.summary)
        self.session = session
        self.change = change
        self.replayed: Change | None = None

    def redo(self) -> None:
        self._announce()

    def undo(self) -> None:
        self._announce()

    def _announce(self) -> None:
        replayed, self.replayed = self.replayed, None
        if replayed is not None:
            self.session.changed.emit(replayed, None)


class CaseSession(QObject):
    """The open casebook (or none), its task runner and its undo stack."""

    changed = Signal(object, object)  # a Change (also for undo and redo), its initiator
    opened = Signal(object)  # the Casebook
    closed = Signal()
    busy = Signal(str)  # a status-bar message
    replaying_changed = Signal(bool)  # an undo or redo is running on the writer
    _heard = Signal(int)  # another analyst's audit event (from the listener's thread)

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.casebook: Casebook | None = None
        self.undo_stack = QUndoStack(self)
        self._parent_widget: QWidget | None = None
        self._replaying = False
        self._requests: deque[str] = deque()
        self._generation = 0  # bumped when a casebook opens or closes: late replies are dropped
        self._held: list[Callable[[], object]] | None = None  # work waiting for a re-encryption
        # A team casebook: others' changes are heard (LISTEN/NOTIFY) and broadcast like ours.
        self._watch: Any = None
        self._seen_seq = 0
        self._own_audit_ids: set[str] = set()
        self._heard.connect(self._others_changed)

    def set_parent_widget(self, widget: QWidget) -> None:
        self._parent_widget = widget

    def parent_widget(self) -> QWidget | None:
        return self._parent_widget

    # -- lifetime -------------------------------------------------------------------------
    def attach(self, casebook: Casebook) -> None:
        self.detach()
        self.casebook = casebook
        self._reset_history()
        self._start_watching(casebook)
        self.opened.emit(casebook)

    def detach(self) -> None:
        if self.casebook is None:
            return
        self._stop_watching()
        self.runner.cancel_all()
        self.runner.wait_idle()
        self._reset_history()
        casebook, self.casebook = self.casebook, None
        casebook.close()
        self.closed.emit()

    def _reset_history(self) -> None:
        self._generation += 1
        self._held = None
        self._requests.clear()
        self._set_replaying(False)
        self.undo_stack.clear()

    @property
    def is_open(self) -> bool:
        return self.casebook is not None

    # -- running services -------------------------------------------------------------------
    def apply(
        self,
        job: ChangeJob,
        on_done: Callable[[list[Change]], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        initiator: object | None = None,
    ) -> Task | None:
        """Run a writing service on the writer thread; push and broadcast what it changed.

        A job returning several changes (create an entity, then quote it) becomes one undo
        step named after the last change. ``initiator`` (the view asking, after Anki) is
        passed along with :attr:`changed`, so that view may skip a refresh it already made.
        """
        return self.apply_task(lambda casebook, _task: job(casebook), on_done, on_error,
                               initiator=initiator)

    def apply_task(
        self,
        job: Callable[[Casebook, Task], Change | Sequence[Change]],
        on_done: Callable[[list[Change]], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        on_progress: ProgressCallback | None = None,
        initiator: object | None = None,
    ) -> Task | None:
        """:meth:`apply` for long work: the job also gets its :class:`Task`, to report progress
        (``on_progress``) and to stop when asked (``task.is_cancelled()``)."""
        casebook = self.casebook
        if casebook is None:
            return None
        if self._held is not None:
            self._held.append(lambda: self.apply_task(
                job, on_done, on_error, on_progress=on_progress, initiator=initiator))
            return None
        from nkcase.services.changes import Change

        def done(result: Any) -> None:
            changes = [result] if isinstance(result, Change) else list(result)
            self.record(changes, initiator=initiator)
            if on_done is not None:
                on_done(changes)

        def failed(err: BaseException) -> None:
            if on_error is not None:
                on_error(err)
            else:
                show_error(self._parent_widget, err)

        return self.runner.write(lambda task: job(casebook, task), done, failed, on_progress)

    def record(self, changes: Sequence[Change], *, initiator: object | None = None) -> None:
        """Push already-made changes on the undo stack as one step, and tell the views."""
        from nkcase.services.changes import combine

        changes = [c for c in changes if not c.empty]
        if not changes:
            return
        self._own_audit_ids.update(c.audit_id for c in changes if c.audit_id)
        change = combine(changes)
        self.undo_stack.push(ChangeCommand(self, change))
        self.changed.emit(change, initiator)

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
        if self._held is not None:
            self._held.append(lambda: self.read(job, on_done, on_error))
            return None
        return self.runner.read(
            lambda _task: job(casebook), on_done,
            on_error or (lambda err: show_error(self._parent_widget, err)),
        )

    # -- undo and redo on the writer ----------------------------------------------------------
    @property
    def replaying(self) -> bool:
        """Whether an undo or redo is running (or queued) on the writer."""
        return self._replaying

    def undo(self) -> None:
        """Undo the newest step on the writer thread; the stack moves when it succeeded."""
        self._request(UNDO)

    def redo(self) -> None:
        self._request(REDO)

    def _request(self, verb: str) -> None:
        if self.casebook is None:
            return
        self._requests.append(verb)
        if not self._replaying:
            self._next_request()

    def _next_request(self) -> None:
        casebook = self.casebook
        if self._held is not None:
            self._held.append(self._next_request)
            return
        while self._requests and casebook is not None:
            verb = self._requests.popleft()
            index = self.undo_stack.index() + (-1 if verb == UNDO else 0)
            command = self.undo_stack.command(index) if index >= 0 else None
            if isinstance(command, ChangeCommand):
                self._replay(casebook, verb, command)
                return
        self._set_replaying(False)

    def _replay(self, casebook: Casebook, verb: str, command: ChangeCommand) -> None:
        from nkcase.services import history

        self._set_replaying(True)
        replay = history.undo if verb == UNDO else history.redo
        change, generation = command.change, self._generation

        def done(result: Change) -> None:
            if generation != self._generation:
                return  # the casebook was closed meanwhile; its stack is gone
            command.replayed = result
            if result.audit_id:
                self._own_audit_ids.add(result.audit_id)
            if verb == UNDO:
                self.undo_stack.undo()
            else:
                self.undo_stack.redo()
            self._next_request()

        def failed(err: BaseException) -> None:
            if generation != self._generation:
                return
            self._requests.clear()  # do not go on undoing past a step that failed
            self._set_replaying(False)
            what = "undo" if verb == UNDO else "redo"
            if isinstance(err, NkcaseError):
                message_box(self._parent_widget, f"Cannot {what}", err.message)
            else:
                show_error(self._parent_widget, err, f"Cannot {what}")

        self.runner.write(lambda _task: replay(casebook, change), done, failed)

    # -- other analysts' changes (a team casebook) --------------------------------------------
    def _start_watching(self, casebook: Casebook) -> None:
        """Hear other analysts' committed operations (PostgreSQL's LISTEN/NOTIFY); files have
        no other writers, and their provider gives no watch."""
        from nkcase.services.remote_changes import newest_seq

        self._own_audit_ids.clear()
        self._seen_seq = newest_seq(casebook)
        self._watch = casebook.provider.watch(self._heard.emit)  # emitted on its thread

    def _stop_watching(self) -> None:
        watch, self._watch = self._watch, None
        if watch is not None:
            watch.stop()

    def _others_changed(self, seq: int) -> None:
        """Read the operations committed since the last one seen and broadcast each that is not
        ours with :attr:`changed` (no initiator, not on the undo stack)."""
        if seq <= self._seen_seq:
            return
        from nkcase.services.remote_changes import changes_since

        generation, after = self._generation, self._seen_seq
        self._seen_seq = seq

        def done(found: list[tuple[int, Change]]) -> None:
            if generation != self._generation:
                return
            for _seq, change in found:
                if change.audit_id not in self._own_audit_ids and not change.empty:
                    self.changed.emit(change, None)

        self.read(lambda casebook: changes_since(casebook, after), done)

    # -- encryption ---------------------------------------------------------------------------
    @property
    def reencrypting(self) -> bool:
        return self._held is not None

    def reencrypt(
        self, passphrase: str, on_done: Callable[[], None],
        on_error: Callable[[BaseException], None],
    ) -> bool:
        """Encrypt the casebook, or re-encrypt it under a new ``passphrase``, on the writer.

        The file is replaced under the engine, so no connection may be in use: new reads and
        writes wait from now on, and the re-encryption starts once the work already running
        has finished; then the waiting work runs on the casebook under its new key. The undo
        history stays valid (the rows are the same). False when there is nothing to do.
        """
        casebook = self.casebook
        if casebook is None or self._held is not None:
            return False
        from nkcase.store.encryption import CasebookKey
        from nkcase.store.rekey import encrypt_in_place

        key = CasebookKey.new(passphrase)  # a passphrase too short raises here, on the caller
        self._held = []
        generation = self._generation

        def finish(callback: Callable[[], None]) -> None:
            if generation == self._generation:  # else the casebook was closed meanwhile
                held, self._held = self._held or [], None
                for resume in held:
                    resume()
            callback()

        def start() -> None:
            if generation != self._generation:
                return
            if self.runner.busy() or self._replaying:
                QTimer.singleShot(REENCRYPT_POLL_MS, self, start)  # running work finishes first
                return
            self.runner.write(
                lambda _task: encrypt_in_place(casebook, key),
                lambda _result: finish(on_done),
                lambda err: finish(lambda: on_error(err)),
            )

        start()
        return True

    def _set_replaying(self, replaying: bool) -> None:
        if replaying != self._replaying:
            self._replaying = replaying
            self.replaying_changed.emit(replaying)

    def make_undo_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """The Edit menu's Undo and Redo actions: named after the step, run on the writer."""
        undo, redo = QAction(parent), QAction(parent)
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"),
                           QKeySequence(QKeySequence.StandardKey.Redo)])
        undo.triggered.connect(self.undo)
        redo.triggered.connect(self.redo)
        stack = self.undo_stack

        def update() -> None:
            undo.setText(f"&Undo {stack.undoText()}".rstrip())
            redo.setText(f"&Redo {stack.redoText()}".rstrip())
            undo.setEnabled(stack.canUndo())
            redo.setEnabled(stack.canRedo())

        stack.indexChanged.connect(lambda _i: update())
        stack.cleanChanged.connect(lambda _c: update())
        update()
        return undo, redo
