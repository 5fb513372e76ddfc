"""Worker processes that run tasks and give the results back in the order the tasks were given.

A list import reads a large file in parts on several cores while this process writes what
they give back, in file order (:mod:`nkcase.screening.pipeline`). :class:`OrderedPool` is the
smallest pool that does that with the guarantees an import needs, which
``multiprocessing.Pool`` does not give (a worker that dies there leaves its task waiting for
ever, and its results pile up in memory when the reader is slower than the workers):

- processes started on a thread, so that the caller does other work meanwhile (the first
  start of a program also starts the fork server: 0.2–0.5 s); the first :meth:`setup` or
  :meth:`map` waits for them, :meth:`close` too;
- processes from the ``spawn`` context, never ``fork``: the app runs threads (Qt's, the task
  runner's, pdfium's lock holder) that a forked child would copy in whatever state they were;
- task ``i`` goes to worker ``i mod n`` and its result is read from that worker's pipe, so the
  order needs no bookkeeping; at most :data:`PER_WORKER` tasks per worker are out at a time,
  which bounds the memory held in pipes and queues to a few chunks;
- a worker's threads take tasks off its pipe and hand results back while it works, so neither
  it nor this process waits on a full pipe (this process writes, the worker reads, at once);
- with ``helping``, this process runs the next task itself while the next result in order
  is not there yet (at most :data:`HELD` such results wait for their turn): on two cores one
  worker and the importing process are both busy to the end, where a second worker would
  add its start, its copy of the tables and the rows it sends back;
- workers run without automatic garbage collection (only the objects a task leaves are
  collected after it), so large tables a setup made are never traversed again;
- :meth:`OrderedPool.setup` sends data every task needs once per worker, pickled once;
- an exception in a task comes back and is raised here, at the task's place in the order;
- a worker that dies or cannot start (a program without the ``if __name__ == "__main__":``
  guard ``spawn`` needs) ends the pool, and this process runs the remaining tasks itself, so
  the result is the same, only slower;
- :meth:`OrderedPool.close` (the pool is a context manager) ends every worker, at once and
  without waiting for its work after an exception (Cancel, Ctrl-C): none is left behind.
  Workers ignore SIGINT (this process decides) and exit when this process's end of their
  pipe closes, so even a killed importer leaves none running.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import pickle
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from importlib.machinery import PathFinder
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import nkcase

log = logging.getLogger(__name__)

PER_WORKER = 3
"""Tasks out per worker: one being read and two waiting, so a worker never waits for work,
even while this process runs a task itself (``helping``)."""
HELD = 4
"""Tasks run here ahead of their turn (``helping``) whose results wait for it: four rather than
two halved this process's idle waits for a worker's result (0.20–0.38 → 0.12–0.17 s per
100,000 FtM records), for at most two more chunks of rows in memory."""
HERE = -1
"""The "worker" of a task run in this process."""
POLL_SECONDS = 0.1
"""How often a wait for a result looks at Cancel and at the worker's health."""
JOIN_SECONDS = 2.0
"""How long a stopping worker is given before it is killed."""

Task = tuple[Any, ...]
TaskFunction = Callable[..., Any]
"""Called as ``fn(state, *task)``, where ``state`` is what the setup function returned."""


def tasks_ahead(workers: int) -> int:
    """How many tasks at most are given out or run ahead of the result being waited for
    (:meth:`OrderedPool.map` with ``helping``): the work left to the workers, or held here,
    when a result is taken."""
    return PER_WORKER * workers + HELD


class WorkersGoneError(Exception):
    """The worker processes died or could not start (internal: the tasks run here instead)."""


class OrderedPool:
    """``workers`` worker processes; use as a context manager (see the module docstring)."""

    def __init__(self, workers: int) -> None:
        self._connections: list[Connection] = []
        self._processes: list[BaseProcess] = []
        self._setup: tuple[Callable[..., Any], Task] | None = None
        self._local_state: Any = None
        self.broken = False
        self._closing = False
        self._start_error: BaseException | None = None
        # the processes start on a thread: the first start of the program also starts the
        # fork server (a fresh interpreter importing nkcase, 0.2–0.5 s), time in which the
        # caller hashes and keeps the file; the first setup or map waits for it
        self._starting: threading.Thread | None = threading.Thread(
            target=self._start, args=(workers,), daemon=True, name="nkcase-list-readers-start"
        )
        self._starting.start()

    def _start(self, workers: int) -> None:
        try:
            context = _context()
            for _ in range(workers):
                if self._closing:
                    return
                ours, theirs = context.Pipe(duplex=True)
                process = context.Process(
                    target=_serve, args=(theirs,), daemon=True, name="nkcase-list-reader"
                )
                try:
                    process.start()
                finally:
                    theirs.close()
                self._connections.append(ours)
                self._processes.append(process)
        except BaseException as err:  # handed to the thread that uses the pool
            self._start_error = err

    def _started(self) -> None:
        """Wait for the processes' start; one that failed leaves the work to this process."""
        if self._starting is None:
            return
        self._starting.join()
        self._starting = None
        if self._start_error is not None and not self.broken:
            log.warning("list reading processes could not start: %s", self._start_error)
            self._give_up("could not start")

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(abort=kind is not None)

    def setup(self, fn: Callable[..., Any], *args: Any) -> None:
        """Make every worker's state ``fn(*args)`` for the tasks that follow (sent pickled
        once for all workers; a failure is raised by the next task)."""
        self._started()
        self._setup = (fn, args)
        self._local_state = None
        if self.broken:
            return
        payload = pickle.dumps(("setup", fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            for connection in self._connections:
                connection.send_bytes(payload)
        except OSError:
            self._give_up("could not be sent their data")

    def map(
        self,
        fn: TaskFunction,
        tasks: Iterable[Task],
        check: Callable[[], None] | None = None,
        *,
        helping: bool | Callable[[], bool] = False,
        here: TaskFunction | None = None,
    ) -> Iterator[Any]:
        """``fn(state, *task)`` of every task, in the tasks' order. ``check`` is called while
        waiting (it may raise, as Cancel does); a task's exception is raised in its place.
        ``here``: what runs a task in this process instead of ``fn`` (helping, or the workers
        gone), with the same result: it may close over what cannot be sent to a worker, such
        as ``check`` for a long task.

        ``helping``: when the next result in order is not there yet, this process runs the
        next task itself instead of waiting (at most :data:`HELD` such results kept until
        their turn), so it reads a share of the file in whatever time writing leaves it; a
        function is asked each time (the caller is busy elsewhere while it says False)."""
        self._started()
        waiting: deque[tuple[int, Task, tuple[str, Any] | None]] = deque()  # in task order
        source = iter(tasks)
        count = max(1, len(self._connections))  # none left once the workers are gone
        given = held = 0
        while True:
            while len(waiting) - held < (1 if self.broken else PER_WORKER * count):
                task = next(source, None)
                if task is None:
                    break
                worker = given % count
                given += 1
                waiting.append((worker, task, None))
                if self.broken:
                    continue
                try:
                    self._connections[worker].send_bytes(
                        pickle.dumps(("task", fn, task), protocol=pickle.HIGHEST_PROTOCOL)
                    )
                except OSError:
                    self._give_up("stopped taking work")
            if not waiting:
                return
            worker, task, outcome = waiting[0]
            if (
                outcome is None
                and (helping() if callable(helping) else helping)
                and not self.broken
                and held < HELD
                and not self._connections[worker].poll(0)
                and (extra := next(source, None)) is not None
            ):
                if check is not None:  # Cancel, before a piece's worth of work here
                    check()
                waiting.append((HERE, extra, self._outcome_here(here or fn, extra)))
                held += 1
                continue
            waiting.popleft()
            if outcome is not None:
                held -= 1
                status, value = outcome
            elif self.broken:
                status, value = "ok", self._run_here(here or fn, task)
            else:
                try:
                    status, value = self._receive(worker, check)
                except WorkersGoneError:
                    self._give_up("stopped")
                    status, value = "ok", self._run_here(here or fn, task)
            if status == "error":
                raise value
            yield value

    def _receive(self, worker: int, check: Callable[[], None] | None) -> tuple[str, Any]:
        connection, process = self._connections[worker], self._processes[worker]
        while not connection.poll(POLL_SECONDS):
            if check is not None:
                check()
            if not process.is_alive():
                raise WorkersGoneError
        try:
            found: tuple[str, Any] = pickle.loads(connection.recv_bytes())
        except (EOFError, OSError):
            raise WorkersGoneError from None
        return found

    def _outcome_here(self, fn: TaskFunction, task: Task) -> tuple[str, Any]:
        """A task run here ahead of its turn: its exception kept to be raised at that turn
        (an earlier task's error, from a worker, comes first, as in one process)."""
        try:
            return "ok", self._run_here(fn, task)
        except Exception as err:
            return "error", err

    def _run_here(self, fn: TaskFunction, task: Task) -> Any:
        if self._local_state is None and self._setup is not None:
            setup, args = self._setup
            self._local_state = setup(*args)
        return fn(self._local_state, *task)

    def _give_up(self, what: str) -> None:
        """Workers gone: end them; the tasks not answered run in this process."""
        log.warning("list reading processes %s; reading the rest in this process", what)
        self.broken = True
        self.close(abort=True)

    def close(self, *, abort: bool = False) -> None:
        """End the workers: asked to stop and waited for, or (``abort``) terminated at once
        (the ones still starting too: their start is waited for, no other is begun)."""
        self._closing = True
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        for connection in self._connections:
            if not abort:
                with contextlib.suppress(OSError):
                    connection.send_bytes(pickle.dumps(("stop", None, ())))
            connection.close()
        for process in self._processes:
            if abort and process.is_alive():
                process.terminate()
            process.join(JOIN_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()
        self._connections = []
        self._processes = []


def _context() -> ForkServerContext | SpawnContext:
    """``forkserver`` where the platform has it, else ``spawn``; never ``fork``. The fork
    server is a clean process started once per program (it stays until the program ends) with
    this package imported, and forks the workers: they skip a fresh interpreter's start and
    nkcase's imports. Each still imports the program's main module, as ``spawn`` does (asking
    the server to preload it too has no effect on Python 3.12: its ``ensure_running`` looks for
    a ``main_path`` key that ``spawn.get_preparation_data`` names ``init_main_from_path``);
    "__main__" stays in the list for the Pythons where that works.

    ``spawn`` too when the current folder holds another nkcase (:func:`shadowed_here`)."""
    if "forkserver" in multiprocessing.get_all_start_methods() and not shadowed_here():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            ["__main__", "nkcase.screening.pipeline.plans", "nkcase.screening.pipeline.ofac_plan"]
        )
        return context
    return multiprocessing.get_context("spawn")


def shadowed_here() -> bool:
    """Whether the current folder holds an ``nkcase`` package other than the one running.

    The fork server is a ``python -c`` process, so the current folder comes first on its path,
    and Python 3.12 does not give it this process's path: it would import that package, and
    its workers would build rows with other code than this process (found so: an import
    started in a folder holding a changed checkout got half its records from that checkout's
    parser). A ``spawn`` worker takes this process's path before it imports anything. A
    folder ``nkcase`` without ``__init__.py`` is harmless: an installed package wins over it."""
    spec = PathFinder.find_spec("nkcase", [str(Path.cwd())])
    if spec is None or spec.origin is None:
        return False
    return Path(spec.origin).resolve() != Path(nkcase.__file__).resolve()


# -- in the worker processes ---------------------------------------------------------------------


def _serve(connection: Connection) -> None:
    """A worker's loop: setups and tasks in, results out. A receiving thread takes messages
    off the pipe as they come and a sending thread hands results back, so neither side of the
    pipe waits while this process works (a batch of CSV rows is larger than a pipe's buffer:
    the importer would otherwise wait, not writing, until this worker finished its task)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the importing process
    # No automatic collections: they traversed the setup's tables (a million small objects at
    # OpenSanctions' size) again and again, 5 % of a worker's CPU; what a task leaves behind
    # is collected after it, young objects only (the tables, older, are never traversed).
    gc.disable()
    inbox: Inbox = queue.SimpleQueue()
    outbox: Outbox = queue.SimpleQueue()
    receiver = threading.Thread(target=_receive_messages, args=(connection, inbox), daemon=True)
    sender = threading.Thread(target=_send_results, args=(connection, outbox), daemon=True)
    receiver.start()
    sender.start()
    state: Any = None
    failed: Exception | None = None
    try:
        while (message := inbox.get()) is not None:
            kind, fn, args = pickle.loads(message)
            if kind == "stop":
                break
            if kind == "setup":
                state = None  # the previous state freed before the next is made
                try:
                    state, failed = fn(*args), None
                except Exception as err:
                    failed = err
            else:
                try:
                    if failed is not None:
                        raise failed
                    outbox.put(("ok", fn(state, *args)))
                except Exception as err:
                    outbox.put(("error", err))
            del message, args
            gc.collect(0)
    finally:
        outbox.put(None)
        sender.join()


Inbox = queue.SimpleQueue[bytes | None]


def _receive_messages(connection: Connection, inbox: Inbox) -> None:
    try:
        while True:
            inbox.put(connection.recv_bytes())
    except (EOFError, OSError):
        inbox.put(None)  # the importing process has gone


Outbox = queue.SimpleQueue[tuple[str, Any] | None]


def _send_results(connection: Connection, outbox: Outbox) -> None:
    while (item := outbox.get()) is not None:
        try:
            data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # an exception that cannot be pickled: its text
            text = f"{type(item[1]).__name__}: {item[1]} (not sent: {err})"
            data = pickle.dumps(("error", RuntimeError(text)))
        try:
            connection.send_bytes(data)
        except OSError:
            return
