"""The content hash of list records, version 2 beside version 1, and the upgrade that moves
stored hashes from one to the other (revision 0012; docs/screening.md, "Content hash version 2").

The records are those of the generated OpenSanctions-like FtM file of benchmarks/lists_import.py
(``benchmarks/.data/ftm-N.ftm.json``, made by it when missing). Timed in CPU seconds of this
process (the machine is shared), the two versions interleaved ``--rounds`` times, minimum and
median printed:

- ``hash``: ``content_hash`` of every record (version 2, nkcase's) beside version 1, the
  ``repr`` of the same tuple (what nkcase computed before revision 0012, frozen in
  tests/fixtures/content_hash_v1.py: the reference here);
- ``--upgrade``: also migration 0012 on a casebook holding the file (imported once into
  ``benchmarks/.data/ftm-N-rows.nkcase``): every stored hash reset, the casebook stamped 0011,
  upgraded; CPU and wall seconds.

    .venv/bin/python benchmarks/content_hash.py [--records 100000] [--rounds 5] [--upgrade]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sqlite3
import statistics
import time
from contextlib import closing
from pathlib import Path

from lists_import import DATA, make_ftm

from nkcase.screening.parsers import ftm
from nkcase.screening.parsers.content_hash import content_hash
from nkcase.screening.records import ListRecord
from tests.fixtures.content_hash_v1 import v1_hash


def time_hashes(records: list[ListRecord], rounds: int) -> None:
    times: dict[str, list[float]] = {"version 1 (repr)": [], "version 2 (JSON)": []}
    gc.disable()
    for _ in range(rounds):
        for name, function in zip(times, (v1_hash, content_hash), strict=True):
            start = time.process_time()
            for record in records:
                function(record)
            times[name].append((time.process_time() - start) / len(records) * 1e6)
    gc.enable()
    for name, values in times.items():
        print(f"{name:18} {min(values):6.2f} µs a record (median {statistics.median(values):.2f})")


def time_upgrade(path: Path, records: int, rounds: int) -> None:
    from sqlalchemy import create_engine

    from nkcase.services.lists import import_list
    from nkcase.store import create_casebook
    from nkcase.store.migrate import upgrade

    book = DATA / f"ftm-{records}-rows.nkcase"
    if not book.exists():
        with create_casebook(book) as casebook:
            import_list(casebook, path, workers=0)
    copy = DATA / f"ftm-{records}-upgrade.nkcase"
    for _ in range(rounds):
        shutil.copy(book, copy)
        with closing(sqlite3.connect(copy)) as conn, conn:
            conn.execute("UPDATE list_record SET content_hash = 'version 1'")
            conn.execute("UPDATE alembic_version SET version_num = '0011'")
        engine = create_engine(f"sqlite:///{copy}")
        cpu, wall = time.process_time(), time.perf_counter()
        upgrade(engine)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        engine.dispose()
        print(
            f"upgrade 0011 → 0012: {cpu:.2f} s CPU, {wall:.2f} s wall "
            f"({cpu / records * 1e5:.2f} s CPU per 100,000 records)"
        )
    for leftover in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        leftover.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--upgrade", action="store_true")
    args = parser.parse_args()
    path = DATA / f"ftm-{args.records}.ftm.json"
    if not path.exists():
        make_ftm(path, args.records)
    records = list(ftm.records(path))
    print(f"{len(records):,} records of {path.name}")
    time_hashes(records, args.rounds)
    if args.upgrade:
        time_upgrade(path, args.records, max(1, args.rounds // 2))


if __name__ == "__main__":
    main()
