"""Reading a large PDF's pages on every core: worker processes beside this one.

pdfium is single-threaded (one lock per process, see :mod:`nkcase.pdf_engine`), so the only
way to use a second core is a second process with a pdfium of its own. For a PDF of at least
:data:`POOL_MIN_PAGES` pages, :func:`read_all_pages` starts worker processes (``spawn``: never
``fork``, which would copy a pdfium another thread may be inside) that each open the document
once, and shares the pages out in chunks of :data:`CHUNK_PAGES`:

- this process reads chunks from the front of the document while the workers start, so a
  worker's start-up (a fresh interpreter, ~0.1 s) is never waited for;
- the workers read chunks from the back; the two meet in the middle, and a chunk is read once.

A smaller PDF is read here alone and pays no start-up. Progress counts pages read anywhere.
Cancelling (the progress callback raising :class:`~nkcase.errors.CancelledError`) drops the
chunks not started and stops the workers before the error leaves :func:`read_all_pages`.
When the pool cannot start or a worker dies, the pages it did not return are read here.

The document reaches the workers through a pipe, never through a temporary file: the originals
of a casebook are confidential and must not be left on disk outside it.

``spawn`` starts each worker by importing the program's main module again: a program that
extracts PDFs through nkcase must keep its main code under ``if __name__ == "__main__":``
(nkcase's commands do; the frozen app calls ``multiprocessing.freeze_support()``). Without
that guard the workers fail to start and every page is read in this process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.queues import Queue

from nkcase.ingest.pdf_pages import PageContent, read_pages
from nkcase.pdf_engine import PdfFile

log = logging.getLogger(__name__)

POOL_MIN_PAGES = 64
"""Below this, start-up costs more than a second core saves (pages read at ~350 a second)."""
CHUNK_PAGES = 8
"""Pages per piece of work: small enough to balance the cores and to stop soon on Cancel."""
MAX_WORKERS = 4
"""Each worker holds a copy of the document: bound the memory a huge PDF can take."""

PageProgress = Callable[[int], None]
"""Called with the number of pages read so far; may raise CancelledError."""


def available_cpus() -> int:
    """Cores this process may run on (its affinity where the OS reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(page_count: int) -> int:
    """How many worker processes to start for a PDF of ``page_count`` pages (0: none)."""
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


class _PoolRead:
    """One document read by this process and ``workers`` worker processes."""

    def __init__(
        self, pdf: PdfFile, data: bytes, password: str | None, workers: int, on_pages: PageProgress
    ) -> None:
        self.pdf = pdf
        self.on_pages = on_pages
        self.todo = deque(range(0, pdf.page_count, CHUNK_PAGES))  # chunk starts
        # The first _feed() submits a chunk per worker at least, which starts every worker at
        # once, so each takes its copy of the document from the inbox.
        self.workers = workers = min(workers, len(self.todo))
        self.contents: list[PageContent | None] = [None] * pdf.page_count
        self.done = 0
        self.pending: dict[Future[list[PageContent]], int] = {}
        context = multiprocessing.get_context("spawn")
        # The document goes through a queue, not as an argument of the workers' start: a start
        # argument is written while the worker starts, which blocks this process meanwhile
        # (and for ever when the worker dies first); the queue's own thread writes it instead.
        self.inbox = context.Queue()
        for _ in range(workers):
            self.inbox.put((data, password))
        self.executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_open_in_worker, initargs=(self.inbox,)
        )

    def run(self) -> list[PageContent]:
        try:
            self._feed()
            while self.todo or self.pending:
                self._collect()
                self._feed()
                if self.todo:
                    start = self.todo.popleft()
                    for index in range(start, self._stop(start)):
                        self._store(index, read_pages(self.pdf, index, index + 1))
                elif self.pending:
                    wait(self.pending, timeout=0.05, return_when=FIRST_COMPLETED)
        except BaseException:
            self._stop_workers()  # Cancel or an error: the workers are gone when it propagates
            raise
        self._stop_workers(join=False)  # all read: the idle workers exit on their own
        assert all(content is not None for content in self.contents)
        return [content for content in self.contents if content is not None]

    def _stop(self, start: int) -> int:
        return min(self.pdf.page_count, start + CHUNK_PAGES)

    def _store(self, start: int, pages: list[PageContent]) -> None:
        self.contents[start : start + len(pages)] = pages
        self.done += len(pages)
        self.on_pages(self.done)

    def _feed(self) -> None:
        """Keep two chunks queued per worker, taken from the back of the document."""
        while self.executor is not None and self.todo and len(self.pending) < 2 * self.workers:
            start = self.todo.pop()
            try:
                future = self.executor.submit(_read_in_worker, start, self._stop(start))
            except BrokenProcessPool:
                self.todo.append(start)
                self._give_up_on_workers()
                return
            self.pending[future] = start

    def _collect(self) -> None:
        for future in [f for f in self.pending if f.done()]:
            start = self.pending.pop(future)
            try:
                pages = future.result()
            except BrokenProcessPool:
                self.todo.append(start)
                self._give_up_on_workers()
                return
            self._store(start, pages)

    def _give_up_on_workers(self) -> None:
        """A worker died or could not start: read what the workers had here instead."""
        log.warning("PDF worker processes stopped; reading the remaining pages in-process")
        self.todo.extend(self.pending.values())
        self.pending.clear()
        self._stop_workers()

    def _stop_workers(self, join: bool = True) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=join, cancel_futures=True)
            self.executor = None
            self.inbox.cancel_join_thread()  # copies no worker took are dropped
            self.inbox.close()


_worker_pdf: PdfFile | None = None


def _open_in_worker(inbox: Queue[tuple[bytes, str | None]]) -> None:
    global _worker_pdf
    data, password = inbox.get()
    _worker_pdf = PdfFile(data, password)


def _read_in_worker(start: int, stop: int) -> list[PageContent]:
    assert _worker_pdf is not None, "the worker's initializer opens the document"
    return read_pages(_worker_pdf, start, stop)
