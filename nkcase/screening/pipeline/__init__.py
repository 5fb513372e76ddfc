"""A list file as the rows to store, read on several cores when it is large.

:class:`RowStream` gives a list file's records as :class:`~nkcase.screening.list_rows.ChunkRows`
in file order. A small file, a format without a plan, or a machine with one core: one process
reads it, in batches, exactly as before. A large FtM entity file, UN, EU or OFAC advanced XML
file or OFAC CSV set: worker processes read its parts and build the rows (the JSON, the
content hashes: most of an import's work), while the importing process numbers and writes
them (and reads parts too whenever the next one is not there yet), so the wall time goes from
reading + writing towards their sum shared out over the cores (:mod:`.plans` says how each
format is cut, :mod:`.pool` how the workers run).

Either way the rows are the same, byte for byte, and so is the error a damaged file gets (the
first in file order, with its line number). Use it as a context manager: leaving the block,
normally or by an exception (Cancel, a damaged part, Ctrl-C), ends every worker process.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from types import TracebackType
from typing import TYPE_CHECKING

from nkcase.cpus import available_cpus
from nkcase.screening.list_rows import ChunkRows, chunk_rows
from nkcase.screening.parsers import ListFile
from nkcase.screening.parsers.xmlsafe import Progress, halves
from nkcase.screening.pipeline.pool import POLL_SECONDS, OrderedPool, tasks_ahead

if TYPE_CHECKING:
    from nkcase.screening.pipeline.ofac_plan import OfacScan
    from nkcase.screening.pipeline.plans import FtmScan, XmlPieces

PARALLEL_MIN_BYTES = 8 * 2**20
"""Smaller files are read in one process: the workers' start (a fresh interpreter each,
0.2–0.5 s) and the setup would cost more than they save."""
CHUNK_BYTES = 2**20
"""Bytes of a file per task (about 1,700 FtM records, a fifth of a second of work): small
enough that the last pieces, read while a core may be idle, and a piece this process reads
ahead of its turn (``helping``) delay the end little; the cost of a task is a few
milliseconds."""
MAX_WORKERS = 4
"""The writer takes about a third of a record's work: beyond three or four readers it is the
limit, and each worker holds a copy of the tables the records refer to."""
MIN_CPUS = {"ftm": 2, "un": 2, "eu": 2, "ofac-csv": 2, "ofac-advanced": 2}
"""The representations that have a plan (``ListHeader.format``: OFAC's XML comes in two),
and the cores from which they are read in parallel unasked.
FtM lines, UN and EU XML: one worker per core but one, the importing process writing and
reading pieces itself whenever the next result is not there yet
(:meth:`.pool.OrderedPool.map`, ``helping``). For FtM lines on 2 cores that is one worker and
this process, whose CPU times were within 0.1 s of each other (this process reads a third of
the pieces besides writing), 0.2–0.6 s less CPU than two workers beside a writer (measured in
simultaneous pairs). On 2 otherwise idle cores that gained 1.23–1.51x in wall time over one
process, for 11–38 % more CPU in all (three runs of benchmarks/lists_import.py;
docs/screening.md, "Reading on several cores" and "End to end"); for UN and EU XML see
docs/screening.md, "UN and EU XML in pieces" (OFAC's advanced XML, read in pieces the same
way after a first round for its tables and entries: "OFAC advanced XML in pieces"; its
classic XML has no plan). The OFAC CSV set too: this process reads its
rows and sends them in batches, and builds the records of a batch itself when the worker's
result is not there yet (without that it lost on 2 cores: 16,600 records/s against 14,600–
15,100 in one process; with it 20,400–21,100). On a busy machine all lose: all processes of
one session share one session's CPU."""
HELPING = frozenset({"ftm", "un", "eu", "ofac-csv", "ofac-advanced"})
"""The plans in which the importing process also reads pieces (so one core is left to it)."""
RECORDS_PER_BATCH = 1000
"""Records per chunk when one process reads."""


def worker_count(source: ListFile, requested: int | None = None) -> int:
    """How many worker processes read ``source`` (0: this process alone). ``requested``
    overrides the size and core limits (tests, benchmarks); formats without a plan get 0."""
    plan = source.header.format  # OFAC's XML: the advanced format only
    if plan not in MIN_CPUS:
        return 0
    if requested is not None:
        return max(0, requested)
    if source.path.stat().st_size < PARALLEL_MIN_BYTES:
        return 0
    cpus = available_cpus()
    if cpus < MIN_CPUS[plan]:
        return 0
    return min(MAX_WORKERS, cpus - 1 if plan in HELPING else cpus)


def never_back(progress: Progress | None) -> Progress | None:
    """``progress`` reporting no less than it reported before: a reading that starts again
    from the beginning of the file does not move a progress bar back."""
    if progress is None:
        return None
    reached = 0

    def report(done: int, total: int) -> None:
        nonlocal reached
        reached = max(reached, done)
        progress(reached, total)

    return report


class StreamClosedError(Exception):
    """The stream is being left while its first round still runs (internal)."""


class RowStream:
    """The rows of ``source`` in file order (:meth:`chunks`). Entering the block starts the
    worker processes, if any, on a thread (:class:`.pool.OrderedPool`): enter it early, so
    that they start while the caller does other work; :meth:`ahead` lets them read while the
    caller keeps the original file."""

    def __init__(
        self, source: ListFile, *, workers: int | None = None, chunk_bytes: int | None = None
    ) -> None:
        self.source = source
        self.workers = worker_count(source, workers)
        self.chunk_bytes = chunk_bytes or CHUNK_BYTES
        self.pool: OrderedPool | None = None
        self._scan: FtmScan | None = None
        self._ofac: OfacScan | None = None
        self._pieces: XmlPieces | None = None
        self._scanning: threading.Thread | None = None
        self._scan_error: BaseException | None = None
        self._busy = False
        self._closing = False

    @property
    def tail_bytes(self) -> int:
        """How much of the end of the file the workers may still be reading, or this process
        hold read ahead, when a chunk is taken: work left to them while this process does
        something else, such as building the indexes. 0 without workers, and for the plans
        whose chunks do not say where in the file they end (OFAC's CSV set). For OFAC's
        advanced XML, whose pieces end where its entries begin, the entries' bytes count too
        once the first round has found them: the last pieces end that far before the end."""
        if self.pool is None or self.source.format == "ofac-csv":
            return 0
        ahead = tasks_ahead(self.workers) * self.chunk_bytes
        if self._ofac is not None and self._ofac.usable:
            return ahead + self.source.path.stat().st_size - self._ofac.span[1]
        return ahead

    def __enter__(self) -> RowStream:
        if self.workers:
            self.pool = OrderedPool(self.workers)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._closing = True
        if self._scanning is not None:  # it stops at its next check: a piece at most
            self._scanning.join()
            self._scanning = None
        if self.pool is not None:
            self.pool.close(abort=kind is not None)
            self.pool = None

    @contextmanager
    def ahead(self, check: Callable[[], None]) -> Iterator[None]:
        """Let the workers begin reading during the block, while this process does other work
        (an import keeps the original file meanwhile), on a thread that takes their results
        without this process reading pieces itself until the block ends; :meth:`chunks`
        then waits for it. For an FtM file that is the first round (its Sanction and Address
        entities), for an OFAC advanced file the tables of its head and the entries of its
        tail, for a UN or EU file the first pieces' rows. ``check`` is called between
        pieces and may raise (Cancel); so it is on this thread, as it would be here. Nothing
        happens for a stream without workers or for the OFAC CSV set (whose rows this process
        reads itself)."""
        if self.pool is None or self._scanning is not None:
            yield
            return
        from nkcase.screening.pipeline import plans

        def checked() -> None:
            if self._closing:
                raise StreamClosedError
            check()

        def not_busy() -> bool:
            return not self._busy

        work: Callable[[], None]
        layout = self.source.layout
        if self.source.format == "ftm":
            scan = plans.FtmScan(self.pool, self.source.path, self.chunk_bytes)
            self._scan = scan
            work = functools.partial(scan.run, checked, helping=not_busy)
        elif self.source.header.format == "ofac-advanced":
            from nkcase.screening.pipeline.ofac_plan import OfacScan

            ofac = OfacScan(self.pool, self.source.path, share=self.workers == 1)
            self._ofac = ofac
            work = functools.partial(ofac.run, checked, helping=not_busy)
        elif layout is not None:
            pieces = plans.XmlPieces(
                self.pool, self.source, layout, self.chunk_bytes, checked, helping=not_busy
            )
            self._pieces = pieces
            work = functools.partial(pieces.run, lambda: self._busy, tasks_ahead(self.workers))
        else:
            yield
            return

        def run() -> None:
            try:
                work()
            except BaseException as err:  # raised where the rows are taken
                self._scan_error = err

        self._busy = True
        self._scanning = threading.Thread(target=run, daemon=True, name="nkcase-list-scan")
        self._scanning.start()
        try:
            yield
        except BaseException:
            self._closing = True  # the thread stops at its next check, reading nothing more
            raise
        finally:
            self._busy = False

    def chunks(
        self, progress: Progress | None = None, check: Callable[[], None] | None = None
    ) -> Iterator[ChunkRows]:
        """The rows, in file order; ``progress(bytes, total)`` reports how far into the main
        file, ``check`` is called while waiting for workers and may raise (Cancel)."""
        if self.pool is None:
            return self._in_process(progress)
        from nkcase.screening.pipeline import plans

        check = check or (lambda: None)
        path = self.source.path
        layout = self.source.layout
        scan = self._scan
        self._finish_ahead(progress if scan is not None or self._ofac else None, check)
        if self.source.format == "ftm":
            return plans.ftm_chunks(self.pool, path, self.chunk_bytes, progress, check, scan)
        if self.source.header.format == "ofac-advanced":
            progress = never_back(progress)  # the rest re-reads the file from its start
            rest = functools.partial(self._in_process, progress, check=check)
            from nkcase.screening.pipeline import ofac_plan

            if self._ofac is None:
                self._ofac = ofac_plan.OfacScan(self.pool, path, share=self.workers == 1)
            return ofac_plan.ofac_chunks(
                self.pool, self.source, self.chunk_bytes, progress, check, rest, self._ofac
            )
        if layout is not None:
            pieces = self._pieces or plans.XmlPieces(
                self.pool, self.source, layout, self.chunk_bytes, check
            )
            progress = never_back(progress)  # the rest re-reads the file from its start
            rest = functools.partial(self._in_process, progress, check=check)
            return plans.xml_chunks(pieces, path, progress, rest)
        return plans.ofac_csv_chunks(self.pool, path, self.chunk_bytes, progress, check)

    def _finish_ahead(self, progress: Progress | None, check: Callable[[], None]) -> None:
        """Wait for the thread begun by :meth:`ahead`, if any, reporting the progress of an
        FtM or OFAC advanced file's first round; its error (a damaged file, Cancel) is raised
        here. A UN or EU file's thread ends once it has the result of the piece it waits
        for."""
        thread = self._scanning
        first_half = halves(progress, True)
        total = self.source.path.stat().st_size
        while thread is not None and thread.is_alive():
            thread.join(POLL_SECONDS)
            check()
            first_round = self._scan or self._ofac
            if first_half is not None and first_round is not None:
                first_half(first_round.done, total)
        self._scanning = None
        if self._scan_error is not None:
            raise self._scan_error

    def _in_process(
        self,
        progress: Progress | None,
        skip: int = 0,
        check: Callable[[], None] | None = None,
    ) -> Iterator[ChunkRows]:
        """Chunks of :data:`RECORDS_PER_BATCH` records, the last one shorter (empty when the
        records end with a full one); the first ``skip`` records are read but not given (they
        were, from pieces read by the workers; ``check`` is called between batches of them).
        Each record goes to :func:`chunk_rows` as it is read
        and is dropped once its rows are built, as in a worker: a batch of records kept
        until its rows were built made the garbage collector walk a thousand records' objects
        again and again (2.5 % of a record's instructions)."""
        records = self.source.records(progress)
        while skip > 0:  # in batches, Cancel asked between them
            if check is not None:
                check()
            batch = min(skip, RECORDS_PER_BATCH)
            skip -= batch
            if sum(1 for _record in islice(records, batch)) < batch:
                return
        while True:
            chunk = chunk_rows(islice(records, RECORDS_PER_BATCH))
            yield chunk
            if len(chunk.keys) + len(chunk.skipped) < RECORDS_PER_BATCH:  # every record is one
                return
