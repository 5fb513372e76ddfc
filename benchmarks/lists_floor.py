"""The least CPU a list record can cost to import, with no Python run per record, and so the
most records per second any import of that file can reach on this machine's cores.

Three costs that every import of a list file pays, each measured bare, on the same file:

- **parse**: lxml building each record's tree, in its cheapest mode (pieces of about a
  megabyte parsed whole from memory, blank text between elements not built, entities not
  resolved), which is how nkcase's workers read XML; for CSV and FtM lines the bare
  ``csv.reader`` or ``json.loads`` pass of benchmarks/lists_import.py;
- **write**: the very rows nkcase stored, inserted with bare ``sqlite3`` ``executemany`` into
  an empty database with the same tables and indexes, one transaction, foreign keys off, in
  statements of many rows as nkcase's store writes them (``store.blobs.executemany_rows``:
  one row per statement cost a quarter more);
- **keep**: the original file hashed (SHA-256) and written once into a blob of a new
  database, committed (the issue asks for the original kept and hashed; nkcase hashes it
  twice, to be sure that the bytes kept are those hashed).

Their sum is CPU time per record that no import can go below, however its own Python is
written; ``cores / sum`` is then a ceiling on records per second with every core busy from the
first byte to the COMMIT. When that ceiling is under issue 13's 20,000 records/s, the target
cannot be met on this machine by any reading through lxml and SQLite.

    .venv/bin/python benchmarks/lists_import.py [--only FORMAT]   (prints a "ceiling" line)
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from nkcase.store.blobs import executemany_rows

PIECE_BYTES = 2**20
"""Bytes per piece, as nkcase's workers take them (pipeline.CHUNK_BYTES)."""
KEEP_BLOCK_BYTES = 2**20
LIST_TABLES = ("list_record", "list_name", "list_identifier")

#: The record elements of each XML format, as the files spell them (no prefix): the records of
#: one kind stand together in one stretch of the file, with only blank text between them.
RECORD_TAGS = {
    "un": (b"INDIVIDUAL", b"ENTITY"),
    "eu": (b"sanctionEntity",),
    "ofac-advanced": (b"DistinctParty",),
}


def record_pieces(data: bytes, tag: bytes, size: int = PIECE_BYTES) -> Iterator[bytes]:
    """The stretch of ``data`` from the first ``<tag`` to the last ``</tag>``, cut after a
    ``</tag>`` every ``size`` bytes or so."""
    first = re.compile(rb"<" + tag + rb"[\s/>]").search(data)  # not <INDIVIDUALS>
    close = b"</" + tag + b">"
    last = data.rfind(close)
    if first is None or last < 0:
        return
    start = first.start()
    stop = last + len(close)
    while start < stop:
        cut = data.find(close, min(start + size, stop - len(close)))
        end = stop if cut < 0 else cut + len(close)
        yield data[start:end]
        start = end


def bare_pieces(path: Path, format: str) -> int:
    """Records of ``path`` parsed by lxml in pieces, each piece a document of its own under a
    bare root, nothing read from the trees: the parse alone."""
    data = path.read_bytes()
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    count = 0
    for tag in RECORD_TAGS[format]:
        for piece in record_pieces(data, tag):
            parser.feed(b"<r>")
            parser.feed(piece)
            parser.feed(b"</r>")
            count += len(parser.close())
    return count


def bare_write(casebook: Path, target: Path) -> tuple[int, tuple[float, float]]:
    """The rows of the list tables of ``casebook``, inserted with bare sqlite3 executemany
    (batches of 2,000, in statements of many rows as nkcase's own, one transaction) into a new
    database with the same tables and indexes: what writing costs without any parsing.
    Returns (records, (wall, CPU seconds))."""
    source = sqlite3.connect(casebook)
    rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in LIST_TABLES}
    columns = {
        t: [c[0] for c in source.execute(f"SELECT * FROM {t} LIMIT 0").description]
        for t in LIST_TABLES
    }
    schema = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN (?, ?, ?) AND sql IS NOT NULL "
            "AND type IN ('table', 'index') ORDER BY type = 'table' DESC",
            LIST_TABLES,
        )
    ]
    source.close()
    out = sqlite3.connect(target, isolation_level=None)
    out.execute("PRAGMA journal_mode = WAL")
    out.execute("PRAGMA synchronous = FULL")
    for sql in schema:
        out.execute(sql)
    out.execute("PRAGMA foreign_keys = OFF")  # the snapshot rows are not copied

    def write() -> int:
        out.execute("BEGIN")
        for table in LIST_TABLES:
            table_rows = rows[table]
            if not table_rows:
                continue
            for start in range(0, len(table_rows), 2000):
                executemany_rows(out, table, columns[table], table_rows[start : start + 2000])
        out.execute("COMMIT")
        return len(rows["list_record"])

    start, start_cpu = time.perf_counter(), time.process_time()
    count = write()
    seconds = (time.perf_counter() - start, time.process_time() - start_cpu)
    out.close()
    return count, seconds


def bare_keep(paths: list[Path], target: Path) -> float:
    """CPU seconds to hash the files at ``paths`` and write each once into a blob of a new
    database (WAL, synchronous=FULL, one transaction, 8 KiB pages as a new casebook has),
    reading each file once."""
    out = sqlite3.connect(target, isolation_level=None)
    out.execute("PRAGMA page_size = 8192")
    out.execute("PRAGMA journal_mode = WAL")
    out.execute("PRAGMA synchronous = FULL")
    out.execute("CREATE TABLE kept (sha256 TEXT, data BLOB)")
    start = time.process_time()
    out.execute("BEGIN")
    for path in paths:
        size = path.stat().st_size
        row = out.execute("INSERT INTO kept VALUES ('', zeroblob(?))", (size,)).lastrowid
        assert row is not None
        digest = hashlib.sha256()  # taken for its cost: what nkcase stores beside the bytes
        with path.open("rb") as handle, out.blobopen("kept", "data", row) as blob:
            while block := handle.read(KEEP_BLOCK_BYTES):
                digest.update(block)
                blob.write(block)
    out.execute("COMMIT")
    seconds = time.process_time() - start
    out.close()
    return seconds


def ceiling_line(records: int, parse: float, write: float, keep: float, cores: int) -> str:
    """The ceiling's line: CPU microseconds per record of each bare cost, and ``cores``
    divided by their sum as records per second."""
    per_record = (parse + write + keep) / records
    return (
        f"  ceiling on {cores} cores {cores / per_record:>10,.0f} records/s  (no Python per "
        f"record: parse {1e6 * parse / records:.1f} + write {1e6 * write / records:.1f} + "
        f"keep {1e6 * keep / records:.1f} µs of CPU a record)"
    )
