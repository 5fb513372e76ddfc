"""Reading a large PDF's pages on every core: worker processes beside this one.

pdfium is single-threaded (one lock per process, see :mod:`nkcase.pdf_engine`), so the only
way to use a second core is a second process with a pdfium of its own. For a PDF of at least
:data:`POOL_MIN_PAGES` pages, :func:`read_all_pages` shares the pages out in chunks of
:data:`CHUNK_PAGES` between this process and worker processes:

- this process reads chunks from the front of the document, so a worker that is still
  starting (a fresh interpreter, 0.1–0.5 s) is never waited for;
- the workers read chunks from the back; the two meet in the middle, and a chunk is read once;
- chunks get smaller as the pages left to give out get fewer (down to
  :data:`MIN_CHUNK_PAGES`), so that where the two meet neither waits long for the other's last
  chunk: everything after the reading (repair, storing) runs here, on one core.

The workers (``spawn``: never ``fork``, which would copy a pdfium another thread may be inside)
outlive one document: the first large PDF starts them, the next ones find them ready, and they
stop after :data:`IDLE_SECONDS` without work (or when nkcase exits). A smaller PDF is read here
alone and starts nothing. Progress counts pages read anywhere. Cancelling (the progress
callback raising :class:`~nkcase.errors.CancelledError`) drops the chunks not started and stops
the workers before the error leaves :func:`read_all_pages`. When the workers cannot start or
die, or the document cannot be shared with them, the pages they did not return are read here.

The document reaches the workers in a block of shared memory that lives as long as its reading
(never a temporary file: the originals of a casebook are confidential and must not be left on
disk outside it); each worker keeps the last documents it opened, by block name.

``spawn`` starts each worker by importing the program's main module again: a program that
extracts PDFs through nkcase must keep its main code under ``if __name__ == "__main__":``
(nkcase's commands do; the frozen app calls ``multiprocessing.freeze_support()``). Without
that guard the workers fail to start and every page is read in this process.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import CancelledError as FutureCancelled
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.shared_memory import SharedMemory

from nkcase.cpus import available_cpus
from nkcase.ingest.pdf_pages import PageContent, read_pages
from nkcase.pdf_engine import PdfFile

log = logging.getLogger(__name__)

POOL_MIN_PAGES = 64
"""Below this, start-up costs more than a second core saves (pages read at ~350 a second)."""
CHUNK_PAGES = 8
"""Pages per piece of work: small enough to balance the cores and to stop soon on Cancel."""
MIN_CHUNK_PAGES = 2
"""Pages per piece of work where the readers meet (a worker's round trip costs about what
reading one page does)."""
MAX_WORKERS = 4
"""Each worker holds its own copy of the documents it reads: bound the memory they take."""
IDLE_SECONDS = 120.0
"""Workers with nothing to read for this long are stopped (the next large PDF restarts them)."""

PageProgress = Callable[[int], None]
"""Called with the number of pages read so far; may raise CancelledError."""

# Worker failures after which the pages are read here instead.
_WORKERS_GONE = (BrokenProcessPool, FutureCancelled, OSError)


def worker_count(page_count: int) -> int:
    """How many worker processes to read a PDF of ``page_count`` pages with (0: none)."""
    if page_count < POOL_MIN_PAGES:
        return 0
    return max(0, min(MAX_WORKERS, available_cpus() - 1))


def read_all_pages(
    pdf: PdfFile,
    data: bytes,
    password: str | None,
    on_pages: PageProgress,
    workers: int | None = None,
) -> list[PageContent]:
    """Every page of ``pdf`` (opened from ``data``), in order; see the module docstring.

    ``workers`` overrides :func:`worker_count` (0: read everything in this process).
    """
    count = pdf.page_count
    workers = worker_count(count) if workers is None else workers
    if workers <= 0:
        contents: list[PageContent] = []
        for index in range(count):
            contents.extend(read_pages(pdf, index, index + 1))
            on_pages(index + 1)
        return contents
    return _PoolRead(pdf, data, password, workers, on_pages).run()


class _Workers:
    """The worker processes this process shares, started on demand, stopped when idle."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._size = 0
        self._users = 0
        self._idle_timer: threading.Timer | None = None

    def acquire(self, size: int) -> ProcessPoolExecutor:
        """The pool (of ``size`` workers at least), kept running until :meth:`release`."""
        with self._lock:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            if self._executor is not None and self._size < size and self._users == 0:
                self._executor.shutdown(wait=False)
                self._executor = None
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    size, mp_context=multiprocessing.get_context("spawn")
                )
                self._size = size
            self._users += 1
            return self._executor

    def release(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0 and executor is self._executor:
                self._idle_timer = threading.Timer(IDLE_SECONDS, self._stop_if_idle)
                self._idle_timer.daemon = True
                self._idle_timer.start()

    def stop(self, executor: ProcessPoolExecutor | None = None) -> None:
        """Stop the workers (only if they are still ``executor``, when given) and wait for them.

        Work queued by other readings is dropped; they read those pages themselves.
        """
        with self._lock:
            if self._executor is None or executor not in (None, self._executor):
                return
            current, self._executor = self._executor, None
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
        current.shutdown(wait=True, cancel_futures=True)

    def _stop_if_idle(self) -> None:
        with self._lock:
            if self._users or self._executor is None:
                return
            current, self._executor = self._executor, None
        current.shutdown(wait=False)


_WORKERS = _Workers()


def stop_workers() -> None:
    """Stop the worker processes now (they restart with the next large PDF)."""
    _WORKERS.stop()


class _PoolRead:
    """One document read by this process and the shared worker processes."""

    def __init__(
        self, pdf: PdfFile, data: bytes, password: str | None, workers: int, on_pages: PageProgress
    ) -> None:
        self.pdf = pdf
        self.password = password
        self.on_pages = on_pages
        self.front, self.back = 0, pdf.page_count  # pages not given out yet: front to back
        self.returned: deque[tuple[int, int]] = deque()  # chunks the workers did not read
        self.workers = workers
        self.contents: list[PageContent | None] = [None] * pdf.page_count
        self.done = 0
        self.pending: dict[Future[list[PageContent]], tuple[int, int]] = {}
        self.executor: ProcessPoolExecutor | None = None
        self.shared: SharedMemory | None = None
        try:
            self.shared = SharedMemory(create=True, size=max(1, len(data)))
            _buffer(self.shared)[: len(data)] = data
            self.size = len(data)
            self.executor = _WORKERS.acquire(workers)
        except OSError as err:  # no shared memory here (or too little): read in-process
            log.warning("PDF pages read in-process: cannot share the document (%s)", err)
            self._free_document()

    def run(self) -> list[PageContent]:
        try:
            self._feed()
            while self._left() or self.pending:
                self._collect()
                self._feed()
                if self._left():
                    start, stop = self._take_front()
                    for index in range(start, stop):
                        self._store(index, read_pages(self.pdf, index, index + 1))
                elif self.pending:
                    wait(self.pending, timeout=0.05, return_when=FIRST_COMPLETED)
        except BaseException:
            if self.pending and self.executor is not None:
                _WORKERS.stop(self.executor)  # Cancel: the workers stop before it propagates
                self.pending.clear()
            raise
        finally:
            self._release()
        assert all(content is not None for content in self.contents)
        return [content for content in self.contents if content is not None]

    def _left(self) -> bool:
        return bool(self.returned) or self.front < self.back

    def _size(self) -> int:
        """The next chunk's size: CHUNK_PAGES while many pages are left, then smaller."""
        left = self.back - self.front
        return min(left, CHUNK_PAGES, max(MIN_CHUNK_PAGES, left // CHUNK_PAGES))

    def _take_front(self) -> tuple[int, int]:
        """A chunk for this process: one the workers gave back, else the first pages left."""
        if self.returned:
            return self.returned.popleft()
        start = self.front
        self.front += self._size()
        return start, self.front

    def _take_back(self) -> tuple[int, int]:
        """A chunk for a worker: the last pages left."""
        stop = self.back
        self.back -= self._size()
        return self.back, stop

    def _store(self, start: int, pages: list[PageContent]) -> None:
        self.contents[start : start + len(pages)] = pages
        self.done += len(pages)
        self.on_pages(self.done)

    def _feed(self) -> None:
        """Keep two chunks queued per worker, taken from the back of the document."""
        while (
            self.executor is not None
            and self.front < self.back
            and len(self.pending) < 2 * self.workers
        ):
            start, stop = self._take_back()
            assert self.shared is not None
            try:
                future = self.executor.submit(
                    _read_in_worker, self.shared.name, self.size, self.password, start, stop
                )
            except (*_WORKERS_GONE, RuntimeError) as err:
                if isinstance(err, RuntimeError) and "--multiprocessing-fork" in sys.orig_argv:
                    # A worker importing a main module without the __main__ guard (see the
                    # module docstring): fail at once rather than run the program in it.
                    raise
                self.returned.append((start, stop))  # RuntimeError: the workers were stopped
                self._give_up_on_workers()
                return
            self.pending[future] = (start, stop)

    def _collect(self) -> None:
        for future in [f for f in self.pending if f.done()]:
            chunk = self.pending.pop(future)
            try:
                pages = future.result()
            except _WORKERS_GONE:
                self.returned.append(chunk)
                self._give_up_on_workers()
                return
            self._store(chunk[0], pages)

    def _give_up_on_workers(self) -> None:
        """The workers died, could not start or were stopped: read their share here."""
        log.warning("PDF worker processes stopped; reading the remaining pages in-process")
        self.returned.extend(self.pending.values())
        self.pending.clear()
        if self.executor is not None:
            _WORKERS.release(self.executor)
            _WORKERS.stop(self.executor)
            self.executor = None

    def _release(self) -> None:
        if self.executor is not None:
            _WORKERS.release(self.executor)
            self.executor = None
        self._free_document()

    def _free_document(self) -> None:
        if self.shared is not None:
            self.shared.close()
            self.shared.unlink()
            self.shared = None


def _buffer(block: SharedMemory) -> memoryview:
    """The block's memory (typeshed allows None: a closed block, which these never are)."""
    assert block.buf is not None
    return block.buf


# -- in the worker processes ---------------------------------------------------------------------
_KEEP_OPEN = 2
_open_documents: OrderedDict[str, PdfFile] = OrderedDict()


def _read_in_worker(
    name: str, size: int, password: str | None, start: int, stop: int
) -> list[PageContent]:
    """Pages ``start`` to ``stop - 1`` of the document shared as block ``name``."""
    pdf = _open_documents.get(name)
    if pdf is None:
        block = SharedMemory(name=name)
        try:
            data = bytes(_buffer(block)[:size])
        finally:
            block.close()
        pdf = _open_documents[name] = PdfFile(data, password)
        while len(_open_documents) > _KEEP_OPEN:
            _open_documents.popitem(last=False)[1].close()
    return read_pages(pdf, start, stop)
