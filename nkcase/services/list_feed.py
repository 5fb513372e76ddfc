"""A list file's records as rows ready to write, read in a second process when that helps.

Importing a large list is two kinds of work of about the same cost: reading the file (XML, CSV
or JSON parsed, names cleaned, content hashed, the record's JSON made) and writing the rows
(SQLite's inserts and index updates). One process does them one after the other; with a
second core, :func:`prepared_batches` reads the file in a worker process (``spawn``, as
:mod:`nkcase.ingest.pdf_pool` does) while this process writes the batches it has received,
so an import takes about as long as the slower half instead of both.

The worker sends plain tuples (:data:`Prepared`), never records: pickling them is cheap, and
the rows are the same whichever process made them (:func:`prepare` makes them in both). The
worker reads ahead at most :data:`QUEUE_BATCHES` batches, so memory stays bounded. A file that
cannot be read raises the worker's one-line :class:`ListFormatError` here; a cancel or any
other error stops the worker. When the worker cannot start (a program without an
``if __name__ == "__main__":`` guard) or dies, the records it did not send are read here:
parsers are deterministic, so the rows are the same. Files under :data:`WORKER_MIN_BYTES`,
and machines with one core, are read here alone (starting a Python costs 0.1–0.5 s).
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from nkcase.cores import available_cpus
from nkcase.errors import IngestError, NkcaseError
from nkcase.screening.codec import parts_to_json, record_to_json
from nkcase.screening.parsers import ListFile, open_list
from nkcase.screening.parsers.xmlsafe import Progress
from nkcase.screening.records import ListRecord

log = logging.getLogger(__name__)

BATCH_RECORDS = 1000
"""Records per batch: one executemany per table each, and the unit a cancel waits for."""
WORKER_MIN_BYTES = 16 * 2**20
"""Below this (about 10,000 records of the UN's XML), the worker's start costs more than the
second core saves."""
QUEUE_BATCHES = 8
"""Batches the worker may read ahead of the writer."""

Prepared = tuple[Any, ...]
"""One record as written: (record_key, schema, caption, reference, listed_on, countries,
content_hash, data JSON, names, identifiers); names are (name, quality, script, lang, family,
parts JSON) and identifiers (kind, value, country), both without the ids the writer assigns."""


def prepare(record: ListRecord) -> Prepared:
    """The rows of ``record`` (see :data:`Prepared`)."""
    return (
        record.record_key,
        record.schema,
        record.primary_name,
        record.reference,
        record.listed_on,
        " ".join(record.countries),
        record.content_hash,
        record_to_json(record),
        tuple(
            (n.full, n.quality, n.script, n.lang, n.family, parts_to_json(n.parts))
            for n in record.names
        ),
        tuple((i.kind, i.value, i.country) for i in record.identifiers),
    )


def use_worker(source: ListFile) -> bool:
    """Whether reading ``source`` in a worker process is worth its start."""
    size = sum(part.stat().st_size for _role, part in source.parts)
    return size >= WORKER_MIN_BYTES and available_cpus() > 1


def prepared_batches(
    source: ListFile,
    progress: Progress | None,
    cancelled: Callable[[], None],
    worker: bool | None = None,
) -> Iterator[list[Prepared]]:
    """The records of ``source`` as batches of :data:`Prepared` rows, in file order.

    ``cancelled()`` raises to stop (it is called while waiting for the worker); ``worker``
    forces the choice of :func:`use_worker`.
    """
    if worker if worker is not None else use_worker(source):
        sent = 0
        try:
            for batch in _from_worker(source, progress, cancelled):
                sent += len(batch)
                yield batch
            return
        except _WorkerGoneError as gone:
            log.warning("list reader process %s: reading the rest here", gone)
        yield from _here(source, progress, skip=sent)
    else:
        yield from _here(source, progress)


def _here(source: ListFile, progress: Progress | None, skip: int = 0) -> Iterator[list[Prepared]]:
    records = islice(source.records(progress), skip, None)
    while batch := [prepare(r) for r in islice(records, BATCH_RECORDS)]:
        yield batch


class _WorkerGoneError(Exception):
    """The worker could not start or died: what it did not send is read here."""


def _from_worker(
    source: ListFile, progress: Progress | None, cancelled: Callable[[], None]
) -> Iterator[list[Prepared]]:
    context = multiprocessing.get_context("spawn")
    channel: Any = context.Queue(QUEUE_BATCHES)
    process = context.Process(
        target=_produce,
        args=(str(source.path), source.format, channel),
        name="nkcase list reader",
        daemon=True,
    )
    try:
        process.start()
    except OSError as err:
        raise _WorkerGoneError(f"could not start ({err})") from None
    try:
        while True:
            message = _receive(channel, process, cancelled)
            if message[0] == "rows":
                _kind, batch, done, total = message
                if progress is not None:
                    progress(done, total)
                yield batch
            elif message[0] == "end":
                return
            else:  # ("error", exception)
                raise message[1]
    finally:
        if process.is_alive():
            process.terminate()
        process.join(5)
        channel.close()


def _receive(channel: Any, process: Any, cancelled: Callable[[], None]) -> tuple[Any, ...]:
    while True:
        cancelled()
        try:
            message: tuple[Any, ...] = channel.get(timeout=0.25)
            return message
        except queue.Empty:
            if not process.is_alive():
                try:  # what it sent before it ended is already in the pipe
                    message = channel.get(timeout=1.0)
                    return message
                except queue.Empty:
                    raise _WorkerGoneError(f"ended with exit code {process.exitcode}") from None


def _produce(path: str, format: str, channel: Any) -> None:
    """The worker: read the file, send batches of rows, then ("end",) or ("error", err)."""
    try:
        source = open_list(Path(path), format)
        where = [0, 0]

        def seen(done: int, total: int) -> None:
            where[0], where[1] = done, total

        for batch in _here(source, seen):
            channel.put(("rows", batch, where[0], where[1]))
        channel.put(("end",))
    except NkcaseError as err:  # a damaged or hostile file: its one line, raised there
        channel.put(("error", err))
    except Exception as err:  # a fault of the reader itself, named as such
        channel.put(("error", IngestError(f"the list reader failed: {err!r}")))
    channel.close()
    channel.join_thread()
