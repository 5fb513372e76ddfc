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

class Task(QObject):
    """One piece of background work: a cancellation flag and signals back to the GUI thread."""

    _finished = Signal(object)
    _failed = Signal(object)
    _progressed = Signal(int, int, str)

    def __init__(
        self,
        job: Job,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        super().__init__()
        self.job = job
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self.finished = False
        self._release: Callable[[Task], None] | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._finished.connect(self._deliver_done, queued)
        self._failed.connect(self._deliver_error, queued)
        self._progressed.connect(self._deliver_progress, queued)

    # -- called from the job (any thread) ------------------------------------------------------
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, label: str = "") -> None:
        self._progressed.emit(done, total, label)

    # -- called from the GUI thread ----------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    def run_here(self) -> tuple[bool, Any]:
        """Run the job on the current thread; (ok, result or exception)."""
        try:
            return True, self.job(self)
        except BaseException as err:
            return False, err

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._finish()
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, err: object) -> None:
        self._finish()
        if self._on_error is not None:
            assert isinstance(err, BaseException)
            self._on_error(err)
        else:
            from nkcase.gui.errors import report_unexpected

            assert isinstance(err, BaseException)
            report_unexpected(err)

    def _finish(self) -> None:
        self.finished = True
        if self._release is not None:
            self._release(self)  # the runner may drop it now: its signals are delivered

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, label: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, label)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        ok, value = self.task.run_here()
        if ok:
            self.task._finished.emit(value)
        else:
            self.task._failed.emit(value)


class TaskRunner(QObject):
    """The threaded runner the app uses."""

    synchronous = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)  # ONE thread for casebook writes
        self._readers = QThreadPool(self)
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
            self._live.add(task)  # keep the QObject alive until its signals are delivered
        task._release = self._forget
        pool.start(_Runnable(task))
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
        # Progress is delivered directly: the job runs on this (the GUI) thread.
        task._progressed.disconnect(task._deliver_progress)
        task._progressed.connect(task._deliver_progress, Qt.ConnectionType.DirectConnection)
        ok, value = task.run_here()
        if ok:
            task._deliver_done(value)
        else:
            task._deliver_error(value)
        return task


Runner = TaskRunner | SyncTaskRunner
