"""Background work for the GUI: one writer thread, a pool for reads and extraction.

Services are plain blocking functions. The window must never wait for them, and SQLite wants
one writer at a time, so:

- :meth:`TaskRunner.write` queues work on ONE worker thread (a pool of one thread, FIFO):
  every casebook write goes there, in the order the user asked for it.
- :meth:`TaskRunner.read` runs work on a thread pool: extraction, searches, page renders.

A job is ``fn(task)``. It may call ``task.report(done, total, label)`` and should poll
``task.is_cancelled()``. Its result, error and progress reach the callbacks on the GUI thread
through queued signals: no widget is touched from a worker. :class:`SyncTaskRunner` has the
same interface and runs everything at once on the calling thread, for tests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

Job = Callable[["Task"], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[int, int, str], None]

class Task:
    """One piece of background work: a cancellation flag, and callbacks run on the GUI thread.

    A plain object, not a QObject, on purpose: the last reference to a task may be dropped on
    the worker thread that ran it (the pool deletes its runnable there). A QObject destroyed on a
    worker breaks Qt's thread affinity, and under PySide it can deadlock the whole app: its
    destructor looks up Python overrides (taking the GIL) while it holds a Qt connection lock
    that the GUI thread, holding the GIL, may be waiting for (a CI run hung there for an hour).
    Results and progress travel through the runner's long-lived :class:`_Relay` instead.
    """

    def __init__(
        self,
        job: Job,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.job: Job | None = job
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self.finished = False
        self._release: Callable[[Task], None] | None = None
        # How report() reaches the GUI thread; None delivers at once (the synchronous runner).
        self._post_progress: Callable[[Task, int, int, str], None] | None = None

    # -- called from the job (any thread) ------------------------------------------------------
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, label: str = "") -> None:
        if self._post_progress is None:
            self._deliver_progress(done, total, label)
        else:
            self._post_progress(self, done, total, label)

    # -- called from the GUI thread ----------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    def run_here(self) -> tuple[bool, Any]:
        """Run the job on the current thread; (ok, result or exception)."""
        job = self.job
        assert job is not None, "a task runs once"
        try:
            return True, job(self)
        except BaseException as err:
            return False, err

    def _deliver_done(self, result: Any) -> None:
        on_done = self._on_done
        self._finish()
        if on_done is not None:
            on_done(result)

    def _deliver_error(self, err: BaseException) -> None:
        on_error = self._on_error
        self._finish()
        if on_error is not None:
            on_error(err)
        else:
            from nkcase.gui.errors import report_unexpected

            report_unexpected(err)

    def _finish(self) -> None:
        """Done: drop the job and its callbacks here, on the GUI thread, so that the widgets
        their closures hold are never released by the worker that drops the task last."""
        self.finished = True
        self.job = self._on_done = self._on_error = self._on_progress = None
        if self._release is not None:
            self._release(self)  # the runner may drop it now: its outcome is delivered

    def _deliver_progress(self, done: int, total: int, label: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, label)


class _Relay(QObject):
    """Carries tasks' outcomes and progress from the workers to the GUI thread (queued).

    One per runner, created on the GUI thread and living as long as the runner, so the only
    QObject involved is never destroyed by a worker."""

    _outcome = Signal(object, bool, object)
    _progress = Signal(object, int, int, str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        queued = Qt.ConnectionType.QueuedConnection
        self._outcome.connect(self._deliver_outcome, queued)
        self._progress.connect(self._deliver_progress, queued)

    def post_outcome(self, task: Task, ok: bool, value: Any) -> None:
        self._outcome.emit(task, ok, value)

    def post_progress(self, task: Task, done: int, total: int, label: str) -> None:
        self._progress.emit(task, done, total, label)

    @Slot(object, bool, object)
    def _deliver_outcome(self, task: Task, ok: bool, value: Any) -> None:
        if ok:
            task._deliver_done(value)
        else:
            task._deliver_error(value)

    @Slot(object, int, int, str)
    def _deliver_progress(self, task: Task, done: int, total: int, label: str) -> None:
        task._deliver_progress(done, total, label)


class _Runnable(QRunnable):
    def __init__(self, task: Task, relay: _Relay) -> None:
        super().__init__()
        self.task = task
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        # The outcome's references travel in the queued event; none is kept here longer than
        # the post itself.
        self.relay.post_outcome(self.task, *self.task.run_here())


class TaskRunner(QObject):
    """The threaded runner the app uses."""

    synchronous = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)  # ONE thread for casebook writes
        self._readers = QThreadPool(self)
        self._relay = _Relay(self)
        self._live: set[Task] = set()
        self._lock = threading.Lock()

    def write(
        self,
        job: Job,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        return self._start(self._writer, Task(job, on_done, on_error, on_progress))

    def read(
        self,
        job: Job,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        return self._start(self._readers, Task(job, on_done, on_error, on_progress))

    def cancel_all(self) -> None:
        for task in list(self._live):
            task.cancel()

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (closing a casebook, quitting)."""
        return self._writer.waitForDone(msecs) and self._readers.waitForDone(msecs)

    def busy(self) -> bool:
        return bool(self._live)

    def _start(self, pool: QThreadPool, task: Task) -> Task:
        with self._lock:
            self._live.add(task)  # busy() and cancel_all() see it until it is delivered
        task._release = self._forget
        task._post_progress = self._relay.post_progress
        pool.start(_Runnable(task, self._relay))
        return task

    def _forget(self, task: Task) -> None:
        with self._lock:
            self._live.discard(task)


class SyncTaskRunner(QObject):
    """Same interface, runs each job immediately on the calling thread (tests)."""

    synchronous = True

    def write(
        self,
        job: Job,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        return self._run(Task(job, on_done, on_error, on_progress))

    read = write

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return True

    def cancel_all(self) -> None:
        pass

    def busy(self) -> bool:
        return False

    def _run(self, task: Task) -> Task:
        # Progress is delivered directly (no _post_progress): the job runs on the GUI thread.
        ok, value = task.run_here()
        if ok:
            task._deliver_done(value)
        else:
            task._deliver_error(value)
        return task


Runner = TaskRunner | SyncTaskRunner
