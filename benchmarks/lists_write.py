"""Where the write of a list snapshot goes: the same rows written with bare sqlite3, one
setting, index or column changed at a time (issue 13; docs/screening.md, "Numbers").

The rows are those nkcase stores for the generated OpenSanctions-like FtM file of
benchmarks/lists_import.py (imported once into benchmarks/.data/ftm-N-rows.nkcase). Each
variant writes them into a new database with the casebook's own tables and indexes, in one
``BEGIN IMMEDIATE`` transaction committed with WAL and ``synchronous=FULL``, and is timed in
CPU seconds of this process (the machine is shared); variants run interleaved, ``--rounds``
times, and the minimum and median are printed.

    .venv/bin/python benchmarks/lists_write.py [--records 100000] [--rounds 5] VARIANT...

A variant is ``+``-joined options over the floor of lists_import.py (every row per table in
batches of 2,000, foreign keys off, indexes kept up):

- ``nk``: as nkcase writes (per 1,000 records their records, names and identifiers; name and
  identifier indexes built after the rows); ``fk``: foreign keys on;
- ``only=TABLE[,TABLE]``: those tables alone; ``drop=INDEX[,INDEX]``: without those indexes;
- ``cache=N`` (``PRAGMA cache_size``), ``ckpt=N`` (``wal_autocheckpoint``), ``page=N``,
  ``temp=MEMORY``, ``batch=N`` (rows per executemany); ``many``: many rows per statement, as
  nkcase's store inserts them (``nkcase.store.blobs.executemany_rows``), not one;
- ``sidint``: snapshot_id an integer, not the 36-character id; ``slim``: the record JSON
  without the fields that are also columns; ``randkeys``: record keys in no order.

Example: ``nk+fk nk nk+cache=-65536 nk+randkeys+fk nk+randkeys+cache=-65536``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from lists_import import DATA, make_ftm

from nkcase.services.lists import import_list
from nkcase.store import create_casebook
from nkcase.store.blobs import executemany_rows

TABLES = ("list_record", "list_name", "list_identifier")
Rows = dict[str, list[tuple[Any, ...]]]


def source_rows(records: int) -> tuple[list[str], tuple[Any, ...], Rows]:
    """(schema SQL, the snapshot row, the rows of each list table) of an imported FtM file."""
    book = DATA / f"ftm-{records}-rows.nkcase"
    if not book.exists():
        ftm = DATA / f"ftm-{records}.ftm.json"
        if not ftm.exists():
            make_ftm(ftm, records)
        with create_casebook(book) as casebook:
            import_list(casebook, ftm, workers=0)
    db = sqlite3.connect(book)
    schema = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN "
            "('list_snapshot', 'list_record', 'list_name', 'list_identifier') "
            "AND sql IS NOT NULL AND type IN ('table', 'index') ORDER BY type = 'table' DESC, rowid"
        )
    ]
    snapshot = db.execute("SELECT * FROM list_snapshot").fetchone()
    rows = {t: db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    db.close()
    return schema, snapshot, rows


def options(variant: str) -> dict[str, Any]:
    found: dict[str, Any] = {"tables": TABLES, "drop": (), "batch": 2000}
    for part in variant.split("+"):
        key, _, value = part.partition("=")
        if key in ("nk", "fk", "sidint", "slim", "randkeys", "base", "many"):
            found[key] = True
        elif key in ("only", "drop"):
            found["tables" if key == "only" else "drop"] = tuple(value.split(","))
        elif key in ("cache", "ckpt", "page", "batch"):
            found[key] = int(value)
        elif key == "temp":
            found[key] = value
        else:
            raise SystemExit(f"unknown option {part!r} (see the docstring)")
    return found


def _slim(data: str) -> str:
    record = json.loads(data)
    for key in ("key", "schema", "hash", "reference", "listed_on", "countries"):
        record.pop(key, None)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def changed_rows(rows: Rows, opts: dict[str, Any]) -> Rows:
    out = {t: list(rows[t]) for t in TABLES}
    if opts.get("randkeys"):
        rng = random.Random(1)
        out["list_record"] = [
            (r[0], r[1], f"NK-{rng.getrandbits(100):x}", *r[3:]) for r in out["list_record"]
        ]
    if opts.get("slim"):
        out["list_record"] = [(*r[:9], _slim(r[9])) for r in out["list_record"]]
    if opts.get("sidint"):
        out["list_record"] = [(r[0], 1, *r[2:]) for r in out["list_record"]]
        for table in ("list_name", "list_identifier"):
            out[table] = [(r[0], r[1], 1, *r[3:]) for r in out[table]]
    return out


def write(target: Path, schema: list[str], snapshot: tuple[Any, ...], rows: Rows,
          opts: dict[str, Any]) -> float:
    """CPU seconds of writing ``rows`` as ``opts`` say, commit (and its checkpoint) included."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(target, isolation_level=None)
    if "page" in opts:
        db.execute(f"PRAGMA page_size = {opts['page']}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    for sql in schema:
        if opts.get("sidint"):
            sql = sql.replace("snapshot_id VARCHAR(36)", "snapshot_id INTEGER")
            sql = sql.replace(
                "id VARCHAR(36) NOT NULL, \n\tlist_code", "id INTEGER NOT NULL, \n\tlist_code"
            )
        if not any(f"INDEX {name} " in sql for name in opts["drop"]):
            db.execute(sql)
    if opts.get("sidint"):
        snapshot = (1, *snapshot[1:])
    db.execute(f"INSERT INTO list_snapshot VALUES ({', '.join('?' * len(snapshot))})", snapshot)
    db.execute(f"PRAGMA foreign_keys = {int(bool(opts.get('fk')))}")
    for pragma in ("cache", "ckpt", "temp"):
        if pragma in opts:
            name = {"cache": "cache_size", "ckpt": "wal_autocheckpoint", "temp": "temp_store"}
            db.execute(f"PRAGMA {name[pragma]} = {opts[pragma]}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    batch = opts["batch"]
    columns = {t: [c[1] for c in db.execute(f"PRAGMA table_info({t})")] for t in TABLES}

    def insert(table: str, table_rows: list[tuple[Any, ...]]) -> None:
        if table not in opts["tables"] or not table_rows:
            return
        sql = f"INSERT INTO {table} VALUES ({', '.join('?' * len(table_rows[0]))})"
        for start in range(0, len(table_rows), batch):
            if opts.get("many"):
                executemany_rows(db, table, columns[table], table_rows[start : start + batch])
            else:
                db.executemany(sql, table_rows[start : start + batch])

    start = time.process_time()
    db.execute("BEGIN IMMEDIATE")
    if opts.get("nk"):
        deferred = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('list_name', 'list_identifier') "
            "AND upper(sql) NOT LIKE 'CREATE UNIQUE%'"
        ).fetchall()
        for name, _sql in deferred:
            db.execute(f'DROP INDEX "{name}"')
        records, names = rows["list_record"], rows["list_name"]
        identifiers = rows["list_identifier"]
        n = i = 0
        for first in range(0, len(records), 1000):
            chunk = records[first : first + 1000]
            last, n_end, i_end = chunk[-1][0], n, i
            while n_end < len(names) and names[n_end][1] <= last:
                n_end += 1
            while i_end < len(identifiers) and identifiers[i_end][1] <= last:
                i_end += 1
            insert("list_record", chunk)
            insert("list_name", names[n:n_end])
            insert("list_identifier", identifiers[i:i_end])
            n, i = n_end, i_end
        for _name, sql in deferred:
            db.execute(sql)
    else:
        for table in TABLES:
            insert(table, rows[table])
    db.execute("COMMIT")
    used = time.process_time() - start
    db.close()
    return used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("variants", nargs="+")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    schema, snapshot, rows = source_rows(args.records)
    chosen = {v: options(v) for v in args.variants}
    prepared = {v: changed_rows(rows, o) for v, o in chosen.items()}
    target = DATA / "lists-write.sqlite"
    times: dict[str, list[float]] = {v: [] for v in chosen}
    for _round in range(args.rounds):
        for variant, opts in chosen.items():
            times[variant].append(write(target, schema, snapshot, prepared[variant], opts))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    records = len(rows["list_record"])
    print(f"{records:,} records, {len(rows['list_name']):,} names, "
          f"{len(rows['list_identifier']):,} identifiers; CPU seconds, {args.rounds} rounds")
    for variant, used in times.items():
        print(f"  {variant:42s} min {min(used):5.2f}  median {statistics.median(used):5.2f}  "
              f"({records / statistics.median(used):,.0f} records per CPU-second)")


if __name__ == "__main__":
    main()
