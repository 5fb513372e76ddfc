"""How OFAC's advanced XML is read in parts by worker processes (:mod:`.plans` for the others).

The parties refer to tables before them (``ReferenceValueSets``, ``Locations``,
``IDRegDocuments``) and to the ``SanctionsEntries`` after them, so the reading has two rounds,
as FtM's (:mod:`.plans`):

1. the tables of the head (everything before the first ``<DistinctParties`` start tag, read as
   a document of its own, closed by the root's end tag) and the entries of the tail (from the
   last ``<SanctionsEntries`` start tag on, as the one-process reading's first pass reads
   them), a task each for the workers (with one worker, this process reads the tail itself
   once it is free), each pickled once and sent on unopened to every worker;
2. the parties between the two, cut after ``</DistinctParty>`` as UN and EU files are
   (:class:`.xml_pieces.XmlCutter` with a span), read by the workers and by this process
   whenever the next result is not there yet.

Why that is the whole file's reading: the head parses only if its end stands between tags
with only the root open (a cut in a comment, tag or CDATA section leaves it unterminated; an
element left open does not match the root's end tag); from there the cutter's induction
(:mod:`.xml_pieces`) holds over the pieces up to the tail's start, where again only the root
is open, and the tail then reads as in the whole file (in the file's encoding). So the
entries of the tail are the file's, and, with nothing else in the tail (nothing the
one-process reading would free inside an entry before it compares it), the check of a reading
in one process, which refuses a file whose tail entries are not those it holds, could not
fail.

Anything else makes the file read in one process from its start, giving the rows after those
given, or its error with its line (the entries check included), as for UN and EU files: a
head, piece or tail that fails, the cutter stopping, or an element where the reading in
pieces does not expect it (a table among the parties, which the one-process reading would
add before the next party; an entry anywhere but the tail; a party among the tables; in the
tail, anything but entries).
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from nkcase.screening.list_rows import ChunkRows, chunk_rows
from nkcase.screening.parsers import ListFile, ofac_advanced, ofac_entries, ofac_tables
from nkcase.screening.parsers.common import ListFormatError
from nkcase.screening.parsers.xmlsafe import Piece, Progress, halves
from nkcase.screening.pipeline.plans import Check, Rest, XmlPieces, xml_chunks
from nkcase.screening.pipeline.pool import POLL_SECONDS, OrderedPool, Task, TaskFunction
from nkcase.screening.pipeline.xml_pieces import XmlCutter, head_before

RoundResult = tuple[bytes, int] | None
"""A first round's half: pickled tables or entries, and an offset (None: read in one process)."""


class OfacScan:
    """The first round over OFAC's advanced XML (see the module docstring): the tables of its
    head and the entries of its tail (:meth:`run`, on a thread of its own as
    :class:`FtmScan`'s). ``usable`` says, once run, whether the parties can be read in
    pieces; the tables and entries are kept as pickled (this process loads them only when it
    reads a piece itself).

    Each half is a task for a worker, except with one worker (``share``): this process then
    reads the tail itself as soon as it is free (``helping``), while the worker reads the
    head, rather than wait for the worker to read both (a third of the file, in a round
    nothing else runs beside)."""

    def __init__(self, pool: OrderedPool, path: Path, share: bool = False) -> None:
        self.pool = pool
        self.path = path
        self.share = share
        self.tables = self.entries = b""
        self.span = (0, 0)
        self.usable = False
        self.ran = False
        self.done = 0
        """How far the first round is, as bytes of the whole file (for a progress bar's first
        half): the share of the tail this process has read, the one part of the round it
        sees (the worker's head is seen only once it is there)."""
        self._tail_start: int | None = None

    def run(self, check: Check, helping: bool | Callable[[], bool] = True) -> None:
        self.ran = True
        head_task, tail_task = (self.path, "head"), (self.path, "tail")
        if self.share:
            head, tail = self._shared(head_task, check, helping)
        else:
            tasks = [head_task, tail_task]
            here = _round_here(check)
            head, tail = self.pool.map(_ofac_round_in_worker, tasks, check, here=here)
        if head is None or tail is None:
            return  # read in one process: its rows, or its error with the line
        (self.tables, parties), (self.entries, entries) = head, tail
        self.span = (parties, entries)
        self.usable = parties < entries

    def _shared(
        self, head_task: Task, check: Check, helping: bool | Callable[[], bool]
    ) -> tuple[RoundResult, RoundResult]:
        """The head read by the worker (its result awaited on a thread of its own), the tail
        by this process once ``helping`` says it is free, or by the worker after the head
        when that comes first."""
        found: list[RoundResult] = []
        failed: list[BaseException] = []
        here = _round_here(check)

        def take_head() -> None:
            try:
                found.extend(self.pool.map(_ofac_round_in_worker, [head_task], check, here=here))
            except BaseException as err:  # raised on the thread that runs the round
                failed.append(err)

        waiting = threading.Thread(target=take_head, daemon=True, name="nkcase-list-head")
        waiting.start()
        free = helping if callable(helping) else lambda: bool(helping)
        while waiting.is_alive() and not free():
            waiting.join(POLL_SECONDS)
        tail_here = waiting.is_alive()  # free before the head came
        tail = read_round_part(self.path, "tail", check, self._tail_read) if tail_here else None
        waiting.join()
        if failed:
            raise failed[0]
        head = found[0] if found else None
        if not tail_here and head is not None:
            (tail,) = self.pool.map(_ofac_round_in_worker, [(self.path, "tail")], check, here=here)
        return head, tail

    def _tail_read(self, position: int, size: int) -> None:
        """The tail's reading reports where in the file it is: from the section's start
        (its first report) to the end of the file, which is the whole first round."""
        if self._tail_start is None:
            self._tail_start = position
        span = size - self._tail_start
        self.done = size * (position - self._tail_start) // span if span > 0 else size


def ofac_chunks(
    pool: OrderedPool,
    source: ListFile,
    chunk_bytes: int,
    progress: Progress | None,
    check: Check,
    rest: Rest,
    scan: OfacScan,
) -> Iterator[ChunkRows]:
    """The rows of OFAC's advanced XML (see the module docstring); ``scan``: its first
    round, run here unless it ran already. ``progress`` must never go back (the rest may read
    the file again from its start)."""
    path = source.path
    total = path.stat().st_size
    if not scan.ran:
        scan.run(check)
    first_half, second_half = halves(progress, True), halves(progress, False)
    if first_half is not None:
        first_half(total, total)
    if not scan.usable:
        yield from rest(0)
        return
    pool.setup(_ofac_state, scan.tables, scan.entries)
    cutter = XmlCutter(path, ofac_advanced.PARTIES, chunk_bytes, scan.span)
    pieces = XmlPieces(
        pool, source, ofac_advanced.PARTIES, chunk_bytes, check, cutter=cutter, fn=_ofac_piece
    )
    yield from xml_chunks(pieces, path, second_half, rest)
    if progress is not None:
        progress(total, total)


# -- in the worker processes ---------------------------------------------------------------------


def _ofac_round_in_worker(_state: Any, path: Path, part: str) -> RoundResult:
    """The first round's half ``part``: ("head") the pickled tables and where the parties
    begin, or ("tail") the pickled entries and where their section begins; None when that
    part cannot be read on its own (damaged, unusual: the reading in one process says why)."""
    return read_round_part(path, part)


def _round_here(check: Check) -> TaskFunction:
    """A first round's half read in this process (the workers gone): Cancel asked as it is
    read, which a task sent to a worker cannot carry."""

    def read(_state: Any, path: Path, part: str) -> RoundResult:
        return read_round_part(path, part, check)

    return read


def read_round_part(
    path: Path, part: str, check: Check | None = None, progress: Progress | None = None
) -> RoundResult:
    """The first round's ``part`` of the file at ``path``, as a worker or this process reads
    it: ("head") the pickled tables and where the parties begin, ("tail") the pickled
    entries and where their section begins; None when it cannot be read on its own (the
    reading in one process then says why). ``check`` is asked as it is read (Cancel),
    ``progress`` told how far (the tail only). The parties are read in pieces when both
    parts are there and the head ends before the tail begins (:meth:`OfacScan.run`)."""
    try:
        return _ofac_part(path, part, check, progress)
    except ListFormatError:
        return None


def _ofac_part(
    path: Path, part: str, check: Check | None, progress: Progress | None
) -> RoundResult:
    if part == "tail":
        tail = ofac_entries.read_tail(path, ofac_advanced.WHAT, progress, check, digest=False)
        if tail is None or tail.others:  # entries only: see the module docstring
            return None
        return pickle.dumps(tail.entries, pickle.HIGHEST_PROTOCOL), tail.offset
    head = head_before(path, ofac_advanced.PARTIES.containers[0])
    if head is None:
        return None
    tables = ofac_tables.read_head(path, ofac_advanced.WHAT, head, check)
    return pickle.dumps(tables, pickle.HIGHEST_PROTOCOL), head.end


def _ofac_state(
    tables: bytes, entries: bytes
) -> tuple[ofac_tables.Tables, dict[str, ofac_entries.Entry]]:
    found: tuple[ofac_tables.Tables, dict[str, ofac_entries.Entry]] = (
        pickle.loads(tables),
        pickle.loads(entries),
    )
    return found


def _ofac_piece(
    state: tuple[ofac_tables.Tables, dict[str, ofac_entries.Entry]],
    _format: str,
    path: Path,
    piece: Piece,
) -> ChunkRows:
    return chunk_rows(ofac_advanced.piece_records(path, piece, *state), piece.end)
