"""The first screening of a new process: building the blocking index vs loading the stored one.

    .venv/bin/python benchmarks/screening.py --stored /tmp/bench.nkcase [--list-names 1000000]

Makes (once; kept for the next run) a casebook holding one list snapshot of the generated
names (benchmarks/screening_names.py), written straight into the list tables, then starts
three new processes, one after the other, each opening the casebook and screening one name:

- ``build``: the casebook opened read-only, so the index is built and not stored (what every
  process paid before the index was stored);
- ``store``: the first screening of a writable casebook: built, then stored;
- ``load``: the next process: the stored index loaded.

For each: CPU and wall seconds of getting the index and screening the first name, the wall
time of the whole process (interpreter start and imports included) and its peak memory; and
the stored index's size.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from screening_names import generate_records

BATCH = 5000


def make_casebook(path: Path, list_names: int) -> None:
    """A casebook with one snapshot of ``list_names`` generated names."""
    from nkcase.model import ListIdentifier, ListName, ListRecordRow, ListSnapshot
    from nkcase.screening.codec import record_to_json
    from nkcase.services.bulk import bulk_operation
    from nkcase.services.list_writer import IDENTIFIER_COLUMNS, NAME_COLUMNS, RECORD_COLUMNS
    from nkcase.store import create_casebook

    started = time.perf_counter()
    with (
        create_casebook(path, "Screening benchmark") as book,
        bulk_operation(book, "benchmark") as bulk,
    ):
        snapshot = ListSnapshot(
            list_code="generated", format="ftm", publisher="benchmark",
            title="Generated names", file_name="generated", sha256="0" * 64, size=0,
        )
        bulk.session.add(snapshot)
        bulk.session.flush()
        bulk.scope = ("snapshot_id", snapshot.id)
        bulk.summary = f"Generated list of {list_names:,} names"
        records: list[tuple[Any, ...]] = []
        names: list[tuple[Any, ...]] = []
        identifiers: list[tuple[Any, ...]] = []

        def flush() -> None:
            bulk.insert_many(ListRecordRow, RECORD_COLUMNS, records)
            bulk.insert_many(ListName, NAME_COLUMNS, names)
            bulk.insert_many(ListIdentifier, IDENTIFIER_COLUMNS, identifiers)
            records.clear()
            names.clear()
            identifiers.clear()

        count = 0
        for count, record in enumerate(generate_records(list_names), 1):
            records.append((
                count, snapshot.id, record.record_key, record.schema, record.primary_name,
                record.reference, None, " ".join(record.countries), "", record_to_json(record),
            ))
            names += [(count, snapshot.id, n.full, n.quality, n.script, n.lang, n.family, "[]")
                      for n in record.names]
            identifiers += [(count, snapshot.id, i.kind, i.value, i.country)
                            for i in record.identifiers]
            if len(records) >= BATCH:
                flush()
        flush()
        snapshot.record_count = count
    print(f"made {path} ({count:,} records, {list_names:,} names) in "
          f"{time.perf_counter() - started:.0f} s")


def first_screening(path: Path, mode: str) -> None:
    """In a new process: open the casebook, get the index, screen one name; print JSON."""
    from nkcase.screening.matching import Subject
    from nkcase.screening.records import RecordName
    from nkcase.services.screening_inputs import snapshot_index
    from nkcase.store import open_casebook

    with open_casebook(path, readonly=(mode == "build")) as book:
        from sqlalchemy import select

        from nkcase.model import ListSnapshot
        from nkcase.services.list_index import built_from

        with book.reading() as session:
            ids = list(session.scalars(select(ListSnapshot.id)))
        wall, cpu = time.perf_counter(), time.process_time()
        index = snapshot_index(book, ids)
        got = (time.perf_counter() - wall, time.process_time() - cpu)
        hits = index.search(Subject("q", "Person", (RecordName("Kim Jong Un"),)))
        done = (time.perf_counter() - wall, time.process_time() - cpu)
        with book.reading() as session:
            wall, cpu = time.perf_counter(), time.process_time()
            for snapshot_id in ids:  # the check of what a stored index was built from
                built_from(session, snapshot_id)
            check = (time.perf_counter() - wall, time.process_time() - cpu)
    print(json.dumps({
        "index": got, "first": done, "check": check, "hits": len(hits),
        "postings": index.blocking.size,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def stored_bytes(path: Path) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        rows, size = conn.execute(
            "SELECT count(*), coalesce(sum(length(data)), 0) FROM list_blocking"
        ).fetchone()
    return int(rows), int(size)


def main(path: Path, list_names: int) -> None:
    if not path.exists():
        make_casebook(path, list_names)
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM list_blocking")  # start from nothing stored
    names = sqlite3.connect(path).execute("SELECT count(*) FROM list_name").fetchone()[0]
    print(f"{path}: {names:,} list names; file {path.stat().st_size / 2**20:.0f} MiB")
    for mode in ("build", "store", "load"):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, mode, str(path)], check=True, capture_output=True, text=True
        ).stdout
        process = time.perf_counter() - started
        found = json.loads(out.strip().splitlines()[-1])
        (iw, ic), (fw, fc) = found["index"], found["first"]
        print(
            f"{mode:5}: index {ic:6.2f} s CPU {iw:6.2f} s wall; first screening {fc:6.2f} s CPU "
            f"{fw:6.2f} s wall; whole process {process:6.2f} s wall; peak {found['rss']:.0f} MiB"
            f" ({found['postings']:,} postings, {found['hits']} hits)"
        )
        if mode == "load":
            cw, cc = found["check"]
            print(f"       of which the check of the names it was built from: {cc:.2f} s CPU "
                  f"{cw:.2f} s wall (measured again after it)")
        if mode == "store":
            rows, size = stored_bytes(path)
            print(f"       stored: {rows} rows, {size / 2**20:.1f} MiB; file now "
                  f"{path.stat().st_size / 2**20:.0f} MiB")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    first_screening(Path(sys.argv[2]), sys.argv[1])
