"""How long a write waits behind a long read in another thread (target: at most 100 ms).

On a copy of the demo casebook, one thread holds a read transaction open for 1.5 s while the
main thread writes. Two kinds of read are measured:

- *held*: ``casebook.reading()`` reads, then keeps its snapshot open (a search being paged);
- *busy*: ``casebook.reading()`` runs one query that takes ~1.5 s of SQLite work.

nkcase's write is a service (``entities.create_entity``: one transaction, one audit event,
the search index, ``synchronous=FULL``). Beside it, bare ``sqlite3`` on the same file, WAL and
``synchronous=FULL``: a reader in a deferred transaction and a one-row ``BEGIN IMMEDIATE``
insert (the floor), and the same with the reader in ``BEGIN IMMEDIATE`` (what nkcase did
before its reads became deferred: the write waits for the read).

    .venv/bin/python benchmarks/write_behind_read.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select, text

from nkcase.demo.builder import build_demo
from nkcase.model import Entity
from nkcase.services import entities
from nkcase.store import Casebook, open_casebook

READ_SECONDS = 1.5
START_DELAY = 0.1  # the write starts this long after the read has begun
COUNT_TO = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) " \
    "SELECT count(*) FROM c"


def behind_a_read(read: Callable[[threading.Event], None], write: Callable[[], None]) -> float:
    """Milliseconds ``write`` took while ``read`` ran in another thread."""
    started = threading.Event()
    reader = threading.Thread(target=read, args=(started,))
    reader.start()
    started.wait()
    time.sleep(START_DELAY)
    t0 = time.perf_counter()
    write()
    took = (time.perf_counter() - t0) * 1000
    reader.join()
    return took


def calibrate(casebook: Casebook) -> int:
    """How far the recursive count must go for one query to take about READ_SECONDS."""
    n = 200_000
    with casebook.reading() as session:
        t0 = time.perf_counter()
        session.execute(text(COUNT_TO), {"n": n}).scalar()
        took = time.perf_counter() - t0
    return int(n * READ_SECONDS / max(took, 1e-3))


def nkcase_rounds(casebook: Casebook, rounds: int, busy_n: int) -> dict[str, list[float]]:
    counter = iter(range(10**6))

    def held(started: threading.Event) -> None:
        with casebook.reading() as session:
            session.scalar(select(func.count()).select_from(Entity))
            started.set()
            time.sleep(READ_SECONDS)

    def busy(started: threading.Event) -> None:
        with casebook.reading() as session:
            session.scalar(select(func.count()).select_from(Entity))
            started.set()
            session.execute(text(COUNT_TO), {"n": busy_n}).scalar()

    def write() -> None:
        entities.create_entity(casebook, "Company", f"Benchmark Trading {next(counter)}")

    results: dict[str, list[float]] = {"idle": [], "held": [], "busy": []}
    for _ in range(rounds):
        t0 = time.perf_counter()
        write()
        results["idle"].append((time.perf_counter() - t0) * 1000)
        results["held"].append(behind_a_read(held, write))
        results["busy"].append(behind_a_read(busy, write))
    return results


def sqlite_rounds(path: Path, rounds: int, reader_begin: str) -> list[float]:
    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    setup = connect()
    setup.execute("CREATE TABLE IF NOT EXISTS bench_row (id INTEGER PRIMARY KEY, v TEXT)")
    setup.close()
    reader_conn, writer_conn = connect(), connect()

    def held(started: threading.Event) -> None:
        reader_conn.execute(reader_begin)
        reader_conn.execute("SELECT count(*) FROM entity").fetchone()
        started.set()
        time.sleep(READ_SECONDS)
        reader_conn.execute("COMMIT")

    def write() -> None:
        writer_conn.execute("BEGIN IMMEDIATE")
        writer_conn.execute("INSERT INTO bench_row (v) VALUES ('x')")
        writer_conn.execute("COMMIT")

    try:
        return [behind_a_read(held, write) for _ in range(rounds)]
    finally:
        reader_conn.close()
        writer_conn.close()


def line(label: str, samples: list[float]) -> str:
    return (
        f"  {label:<58} median {statistics.median(samples):7.1f} ms   "
        f"max {max(samples):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkcase-bench-") as folder:
        demo = build_demo(Path(folder) / "demo.nkcase")
        bare = Path(folder) / "bare.sqlite"
        shutil.copy(demo, bare)
        with open_casebook(demo) as casebook:
            busy_n = calibrate(casebook)
            ours = nkcase_rounds(casebook, args.rounds, busy_n)
        deferred = sqlite_rounds(bare, args.rounds, "BEGIN")
        immediate = sqlite_rounds(bare, args.rounds, "BEGIN IMMEDIATE")
    print(f"A write behind a {READ_SECONDS:.1f} s read in another thread "
          f"({args.rounds} rounds, demo casebook; target ≤ 100 ms)")
    print("nkcase (entities.create_entity):")
    print(line("no read running", ours["idle"]))
    print(line("behind a read holding its snapshot (held)", ours["held"]))
    print(line("behind a read running a 1.5 s query (busy)", ours["busy"]))
    print("bare sqlite3, same file, WAL, synchronous=FULL (one-row insert):")
    print(line("reader in a deferred BEGIN (the floor)", deferred))
    print(line("reader in BEGIN IMMEDIATE (nkcase's reads before)", immediate))


if __name__ == "__main__":
    main()
