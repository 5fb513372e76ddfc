"""How each list format is read in parts by worker processes, in file order.

Every plan gives :class:`~nkcase.screening.list_rows.ChunkRows` in the order of the file, the
same rows a reading in one process gives, and raises the same one-line error for a damaged
file: the first in file order, since the results (an error among them) are taken in order.

- **FtM entity lines** (OpenSanctions): this process cuts the file at line ends into pieces
  of about ``chunk_bytes`` and counts their lines (``bytes.count``: a few milliseconds per
  hundred megabytes), so a worker knows the number of every line it reads and its errors name
  the line as the reading in one process would. Two rounds over the pieces, as that reading
  makes two passes: first the Sanction and Address entities (each worker returns those of its
  piece as one ``marshal`` buffer), then, with every piece's buffer sent on once to every
  worker as it came (this process never loads them) and merged there in file order, the
  records of the target entities, as rows. A worker skips the lines the first round decoded,
  as one process does. In both rounds this process reads a piece itself whenever the next
  result is not there yet (the pool's ``helping``), so on two cores one worker and the
  importing process share the reading.
- **UN and EU XML**: this process cuts the file after record end tags into pieces of about
  ``chunk_bytes``, each a document of its own (:mod:`.xml_pieces` says how, and why the records
  are the same); the workers parse them and build the rows, this process too whenever the next
  result is not there yet. A piece that fails, or a file the cutter stops on, is read again in
  one process from the start (``rest``), which gives the rows not yet given and the error of a
  damaged file with its line, as always.
- **OFAC advanced XML**: two rounds, the tables of its head and the entries of its tail,
  then its parties in pieces as UN and EU files are (:mod:`.ofac_plan`).
- **OFAC legacy CSV**: this process reads alt.csv and add.csv (sent once to every worker) and
  the rows of sdn.csv with the same checked reader as always (``csv`` is C: a few µs a row;
  its errors and their order are therefore exactly those of a reading in one process), and
  sends batches of raw rows to the workers, which clean them and build the records and rows;
  this process builds a batch itself whenever the next result is not there yet.

The functions named ``_in_worker`` run in the worker processes (:mod:`.pool`).
"""

from __future__ import annotations

import marshal
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from nkcase.screening.list_rows import ChunkRows, chunk_rows
from nkcase.screening.parsers import ListFile, ftm, ftm_lines, ofac_csv, piece_records
from nkcase.screening.parsers.common import ListFormatError
from nkcase.screening.parsers.xmlsafe import Piece, Progress, XmlLayout, halves
from nkcase.screening.pipeline.pool import OrderedPool
from nkcase.screening.pipeline.xml_pieces import XmlCutter

CSV_ROW_BYTES = 1024
"""sdn.csv rows go to the workers in batches of ``chunk_bytes`` / this many (a row is 200 bytes
to a few KiB: 2,048 rows for the default pieces, about 0.3 s of a worker's time)."""

Check = Callable[[], None]
Rest = Callable[[int], Iterator[ChunkRows]]
"""``rest(n)``: the rows of a file's records after its first ``n``, read in one process."""


def line_chunks(path: Path, size: int, limit: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, number of the first line) of consecutive pieces of ``path`` of about
    ``size`` bytes, each ending after a newline (the last where the file ends). A line longer
    than ``limit`` is cut anyway: the worker that reads its start refuses it."""
    with path.open("rb") as handle:
        start, line, carry = 0, 1, b""
        while True:
            block = handle.read(size)
            data = carry + block if carry else block
            if not block:
                if data:
                    yield start, start + len(data), line
                return
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                if len(data) <= limit:
                    carry = data
                    continue
                cut = len(data)
            yield start, start + cut, line
            line += data.count(b"\n", 0, cut)
            start += cut
            carry = data[cut:]


class FtmScan:
    """The first round over an FtM file (see the module docstring): what the second needs.

    :meth:`run` may run on a thread of its own, begun while this process keeps the original
    file (:class:`~nkcase.screening.pipeline.RowStream`), so that the workers scan meanwhile;
    ``helping`` is then asked before each piece this process would read itself, so that it
    reads none while it is busy storing. ``done`` is the bytes scanned so far."""

    def __init__(self, pool: OrderedPool, path: Path, chunk_bytes: int) -> None:
        self.pool = pool
        self.path = path
        self.chunk_bytes = chunk_bytes
        self.pieces: list[tuple[int, int, int]] = []
        self.bits: list[bytes] = []
        self.tables: list[bytes] = []
        self.done = 0

    def run(self, check: Check, helping: bool | Callable[[], bool] = True) -> None:
        pieces = self.pieces

        def first_round() -> Iterator[tuple[Path, int, int, int]]:
            for piece in line_chunks(self.path, self.chunk_bytes, ftm_lines.MAX_LINE_BYTES):
                check()
                pieces.append(piece)
                yield (self.path, *piece)

        seen = False
        results = self.pool.map(_scan_in_worker, first_round(), check, helping=helping)
        for number, (found, read, any_line) in enumerate(results):
            self.tables.append(found)
            self.bits.append(read)
            seen = seen or any_line
            self.done = pieces[number][1]
        if not seen:
            raise ListFormatError(f"{self.path.name} holds no FtM entities")


def ftm_chunks(
    pool: OrderedPool,
    path: Path,
    chunk_bytes: int,
    progress: Progress | None,
    check: Check,
    scan: FtmScan | None = None,
) -> Iterator[ChunkRows]:
    """The rows of an FtM entity file (see the module docstring); ``scan``: its first round,
    already run (else it runs here)."""
    total = path.stat().st_size
    if scan is None:
        scan = FtmScan(pool, path, chunk_bytes)
        first_half = halves(progress, True)

        def checked() -> None:
            check()
            if first_half is not None:
                first_half(scan.done, total)

        scan.run(checked)
    second_half = halves(progress, False)
    pool.setup(_ftm_tables, scan.tables)
    tasks = ((path, *piece, read) for piece, read in zip(scan.pieces, scan.bits, strict=True))
    for chunk in pool.map(_targets_in_worker, tasks, check, helping=True):
        if second_half is not None:
            second_half(chunk.end, total)
        yield chunk


def ofac_csv_chunks(
    pool: OrderedPool, path: Path, chunk_bytes: int, progress: Progress | None, check: Check
) -> Iterator[ChunkRows]:
    """The rows of OFAC's CSV set (see the module docstring)."""
    pool.setup(_side_tables, *ofac_csv.side_files(path))
    batch_rows = max(1, chunk_bytes // CSV_ROW_BYTES)

    def batches() -> Iterator[tuple[list[list[str]]]]:
        batch: list[list[str]] = []
        for row in ofac_csv.sdn_rows(path, progress, clean=False):
            batch.append(row)
            if len(batch) >= batch_rows:
                yield (batch,)
                batch = []
        if batch:
            yield (batch,)

    yield from pool.map(_csv_rows_in_worker, batches(), check, helping=True)


class XmlPieces:
    """The workers' rows for the pieces of a UN or EU file, in file order (:meth:`results`).

    The workers may begin during a block in which this process does other work (it keeps
    the original file): :meth:`run`, on a thread, takes their results while ``busy()`` says
    so, without this process reading pieces itself (``helping`` says False then); the
    results, then the error of a piece if one failed, are given first by :meth:`results`,
    which goes on with the same reading."""

    def __init__(
        self,
        pool: OrderedPool,
        source: ListFile,
        layout: XmlLayout,
        chunk_bytes: int,
        check: Check,
        helping: bool | Callable[[], bool] = True,
        *,
        cutter: XmlCutter | None = None,
        fn: Callable[[Any, str, Path, Piece], ChunkRows] | None = None,
    ) -> None:
        self.cutter = cutter or XmlCutter(source.path, layout, chunk_bytes)
        tasks = ((source.format, source.path, piece) for piece in self.cutter.pieces(check))
        self._results = pool.map(fn or _xml_piece_in_worker, tasks, check, helping=helping)
        self._taken: deque[ChunkRows] = deque()
        self._error: BaseException | None = None
        self._ended = False

    def run(self, busy: Callable[[], bool], hold: int) -> None:
        """Take the results as they come while ``busy()`` (on a thread; see the class), at
        most ``hold`` of them: memory stays a few pieces' rows, however long the block."""
        try:
            while busy() and len(self._taken) < hold:
                chunk = next(self._results, None)
                if chunk is None:
                    self._ended = True
                    return
                self._taken.append(chunk)
        except BaseException as err:  # raised in its place by results()
            self._error = err
            self._ended = True

    def results(self) -> Iterator[ChunkRows]:
        """The rows of every piece in file order; a piece's error in its place."""
        while self._taken:
            yield self._taken.popleft()
        if self._error is not None:
            raise self._error
        if not self._ended:
            yield from self._results


def xml_chunks(
    pieces: XmlPieces, path: Path, progress: Progress | None, rest: Rest
) -> Iterator[ChunkRows]:
    """The rows of a UN or EU XML file (see the module docstring): the workers' rows for its
    pieces, then, after a piece that fails or where the cutter stopped, the rest read in
    one process from the start (``rest``)."""
    total = path.stat().st_size
    results = pieces.results()
    given = 0
    while True:
        try:
            chunk = next(results, None)
        except ListFormatError:
            break  # a damaged file, most likely: read in one process, for the error's line
        if chunk is None:
            if pieces.cutter.complete and given:
                return
            break  # the cutter stopped, or no piece held a record (an EU file must)
        given += len(chunk.keys) + len(chunk.skipped)
        if progress is not None:
            progress(chunk.end, total)
        yield chunk
    yield from rest(given)


# -- in the worker processes ---------------------------------------------------------------------


def _scan_in_worker(
    _state: Any, path: Path, start: int, end: int, first: int
) -> tuple[bytes, bytes, bool]:
    sanctions: ftm.Sanctions = {}
    addresses: dict[str, str] = {}
    lines = ftm_lines.chunk_lines(path, start, end, first)
    read, seen = ftm.scan(path, lines, first, sanctions, addresses)
    return marshal.dumps((sanctions, addresses)), bytes(read), seen


def _ftm_tables(pieces: list[bytes]) -> tuple[ftm.Sanctions, dict[str, str]]:
    """The first round's tables of every piece, merged in file order (a target's programmes
    and dates as one process reads them). Done in each worker rather than once here: this
    process never needs the tables, and would spend as long loading and sending them again
    (while the workers wait) as a worker spends merging them."""
    sanctions: ftm.Sanctions = {}
    addresses: dict[str, str] = {}
    for piece in pieces:
        found, where = marshal.loads(piece)
        for target, (programmes, dates) in found.items():
            merged = sanctions.get(target)
            if merged is None:
                sanctions[target] = (programmes, dates)
            else:
                merged[0].extend(programmes)
                merged[1].extend(dates)
        addresses.update(where)
    return sanctions, addresses


def _targets_in_worker(
    state: tuple[ftm.Sanctions, dict[str, str]],
    path: Path,
    start: int,
    end: int,
    first: int,
    read: bytes,
) -> ChunkRows:
    sanctions, addresses = state
    lines = ftm_lines.chunk_lines(path, start, end, first)
    return chunk_rows(ftm.targets(path, lines, first, read, sanctions, addresses), end)


def _side_tables(
    aliases: ofac_csv.Side, addresses: ofac_csv.Side
) -> tuple[ofac_csv.Side, ofac_csv.Side]:
    return aliases, addresses


def _csv_rows_in_worker(
    state: tuple[ofac_csv.Side, ofac_csv.Side], rows: list[list[str]]
) -> ChunkRows:
    return chunk_rows(ofac_csv.records_of_rows(rows, *state))


def _xml_piece_in_worker(_state: Any, format: str, path: Path, piece: Piece) -> ChunkRows:
    return chunk_rows(piece_records(format, path, piece), piece.end)
