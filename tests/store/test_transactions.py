"""Reads never block writes: deferred read transactions, immediate writes, nested reads.

The exact latency of a write behind a long read is measured by
``benchmarks/write_behind_read.py``; the assertion here is deliberately generous (a write must
not wait for the read to finish), so that a slow CI machine cannot make it flaky.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from nkcase.model import Entity
from nkcase.services import entities
from nkcase.services.casefiles import list_entities
from nkcase.store import Casebook, open_casebook

READ_SECONDS = 1.5


def test_a_write_does_not_wait_for_a_long_read_in_another_thread(casebook: Casebook) -> None:
    entities.create_entity(casebook, "Company", "Before The Read")
    reading = threading.Event()
    seen_in_read: list[int] = []

    def long_read() -> None:
        with casebook.reading() as session:
            seen_in_read.append(session.scalar(select(func.count()).select_from(Entity)) or 0)
            reading.set()
            time.sleep(READ_SECONDS)  # a long search holding its snapshot open
            seen_in_read.append(session.scalar(select(func.count()).select_from(Entity)) or 0)

    reader = threading.Thread(target=long_read)
    reader.start()
    assert reading.wait(5)
    started = time.perf_counter()
    entities.create_entity(casebook, "Company", "Written During The Read")
    took = time.perf_counter() - started
    reader.join()
    # Well under the read's 1.5 s: the write did not queue behind it (target ≤ 100 ms).
    assert took < READ_SECONDS / 3, f"the write waited {took * 1000:.0f} ms behind a read"
    # The read kept its own snapshot: it did not see the write made while it ran.
    assert seen_in_read == [1, 1]
    assert len(list_entities(casebook)) == 2


def test_reads_nest(casebook: Casebook) -> None:
    entities.create_entity(casebook, "Company", "Albatross Trading")
    with casebook.reading() as outer:
        with casebook.reading() as inner:
            assert inner.scalar(select(func.count()).select_from(Entity)) == 1
        assert outer.scalar(select(func.count()).select_from(Entity)) == 1
        # a service that reads, called while a read is open (the GUI does this)
        assert [e.caption for e in list_entities(casebook)] == ["Albatross Trading"]


def test_a_read_nested_in_a_write_sees_the_last_commit(casebook: Casebook) -> None:
    entities.create_entity(casebook, "Company", "Committed")
    with casebook.writing() as writer:
        writer.add(Entity(schema="Company", caption="Not Yet Committed"))
        writer.flush()
        with casebook.reading() as session:
            captions = session.scalars(select(Entity.caption)).all()
        assert captions == ["Committed"]


def test_a_read_refuses_to_write(casebook: Casebook) -> None:
    with pytest.raises(OperationalError, match="readonly"), casebook.reading() as session:
        session.add(Entity(schema="Company", caption="Sneaked In"))
        session.flush()
    assert list_entities(casebook) == []
    # the pooled connection is writable again for the next write
    entities.create_entity(casebook, "Company", "Written Properly")
    assert [e.caption for e in list_entities(casebook)] == ["Written Properly"]


def test_two_writers_queue_instead_of_failing(casebook: Casebook) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(5):
                entities.create_entity(casebook, "Company", f"Writer {n} entity {i}")
        except BaseException as err:  # pragma: no cover - reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(list_entities(casebook)) == 15


def test_a_read_only_open_reads_while_the_writer_writes(casebook: Casebook) -> None:
    entities.create_entity(casebook, "Company", "First")
    with open_casebook(casebook.path, readonly=True) as other:
        with other.reading() as session:
            assert session.scalar(select(func.count()).select_from(Entity)) == 1
            entities.create_entity(casebook, "Company", "Second")
        assert len(list_entities(other)) == 2


def test_a_writer_kept_waiting_too_long_gets_a_one_line_busy_error(
    casebook_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from nkcase.errors import CasebookBusyError
    from nkcase.store import create_casebook, sqlite

    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 200)
    with create_casebook(casebook_path) as casebook:
        other = sqlite3.connect(casebook_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holding the write lock
        try:
            with pytest.raises(CasebookBusyError, match="busy") as caught:
                entities.create_entity(casebook, "Company", "Albatross")
            assert "\n" not in caught.value.message
        finally:
            other.execute("ROLLBACK")
            other.close()
        entities.create_entity(casebook, "Company", "Albatross")  # and then it works
        assert len(list_entities(casebook)) == 1
