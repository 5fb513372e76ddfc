"""SQLite's side of bulk reference data (used by :class:`~nkcase.store.sqlite.SQLiteProvider`):
original files in and out without holding them in memory, and bulk rows.

List files run to hundreds of megabytes (OFAC's advanced XML is over 100 MB). They are written
into a row reserved with ``zeroblob`` and read back through SQLite's incremental blob I/O, in
chunks, so memory stays bounded. Bulk rows go in through the driver's executemany with its own
parameter style; the secondary indexes of the tables written can be set aside for the insert and
built once after it (:func:`drop_secondary_indexes`, :func:`create_indexes`). SQLite-specific,
hence here in ``store/``.

An encrypted casebook's driver (``sqlcipher3``) has no incremental blob I/O: there a file is
written and hashed whole, in memory, for the time of the one statement.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from itertools import batched, chain, islice
from pathlib import Path
from typing import Any

CHUNK = 1024 * 1024
STATEMENT_PARAMETERS = 999
"""Parameters per ``INSERT`` of :func:`insert_rows` at most: the smallest limit SQLite ever
had (``SQLITE_MAX_VARIABLE_NUMBER`` before 3.32), so any driver's library takes it. That is
99 list records per statement, 124 names, 199 identifiers: as fast as 200 rows of each, and
over a quarter less CPU than one row per statement (100,000 UN records: 1.07 → 0.77 s)."""


def _dbapi(connection: Any) -> Any:
    """The DB-API connection under a SQLAlchemy Connection (``session.connection()``):
    Python's sqlite3, or sqlcipher3 for an encrypted casebook."""
    return connection.connection.driver_connection


def _streams(dbapi: Any) -> bool:
    """Whether the driver has incremental blob I/O (sqlite3 has, sqlcipher3 has not)."""
    return isinstance(dbapi, sqlite3.Connection)


def write_file_blob(
    connection: Any,
    table: str,
    column: str,
    key_column: str,
    key: str,
    path: Path,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Copy ``path`` into ``table.column`` of the row ``key_column = key`` (the column must hold
    a zeroblob of the file's size); returns the SHA-256 of the bytes written."""
    dbapi = _dbapi(connection)
    if not _streams(dbapi):
        return _write_whole(dbapi, table, column, key_column, key, path, cancelled)
    (rowid,) = dbapi.execute(f"SELECT rowid FROM {table} WHERE {key_column} = ?", (key,)).fetchone()
    digest = hashlib.sha256()
    with path.open("rb") as source, dbapi.blobopen(table, column, rowid) as blob:
        left = len(blob)  # a file grown since is caught by the caller (its size changed)
        while left and (chunk := source.read(min(CHUNK, left))):
            left -= len(chunk)
            if cancelled is not None and cancelled():
                from nkcase.errors import CancelledError

                raise CancelledError("import cancelled: nothing was imported")
            blob.write(chunk)
            digest.update(chunk)
    return digest.hexdigest()


def blob_sha256(connection: Any, table: str, column: str, key_column: str, key: str) -> str | None:
    """SHA-256 of a stored blob, read in chunks; None when the row or its value is missing."""
    dbapi = _dbapi(connection)
    if not _streams(dbapi):
        found = dbapi.execute(
            f"SELECT {column} FROM {table} WHERE {key_column} = ?", (key,)
        ).fetchone()
        return None if found is None or found[0] is None else hashlib.sha256(found[0]).hexdigest()
    row = dbapi.execute(
        f"SELECT rowid, {column} IS NULL FROM {table} WHERE {key_column} = ?", (key,)
    ).fetchone()
    if row is None or row[1]:
        return None
    digest = hashlib.sha256()
    with dbapi.blobopen(table, column, row[0], readonly=True) as blob:
        while chunk := blob.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_whole(
    dbapi: Any, table: str, column: str, key_column: str, key: str, path: Path,
    cancelled: Callable[[], bool] | None,
) -> str:
    """:func:`write_file_blob` for a driver without blob I/O: the file in one statement."""
    if cancelled is not None and cancelled():
        from nkcase.errors import CancelledError

        raise CancelledError("import cancelled: nothing was imported")
    data = path.read_bytes()
    dbapi.execute(f"UPDATE {table} SET {column} = ? WHERE {key_column} = ?", (data, key))
    return hashlib.sha256(data).hexdigest()


def insert_rows(
    connection: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) through the DB-API connection under
    ``connection``: the bulk path for reference data (:func:`executemany_rows`)."""
    executemany_rows(_dbapi(connection), table, columns, rows)


def executemany_rows(
    dbapi: Any, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) with the DB-API connection's executemany,
    without per-row statement processing. Table and column names come from the ORM model
    (or a casebook's own schema), never from user input.

    As many rows as :data:`STATEMENT_PARAMETERS` allows go in per statement (one ``VALUES``
    list), the rest one at a time: each execution of a statement costs the driver a step, a
    reset and a release of the GIL, and SQLite its statement's start and end, however many
    rows it inserts. The rows are inserted in the order given, so they get the same rowids
    either way."""
    row = f"({', '.join('?' * len(columns))})"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    per_statement = max(1, STATEMENT_PARAMETERS // len(columns))
    whole = len(rows) - len(rows) % per_statement
    if whole:
        values = chain.from_iterable(islice(rows, whole))
        dbapi.executemany(
            head + ", ".join([row] * per_statement),
            batched(values, len(columns) * per_statement),
        )
    if whole < len(rows):
        dbapi.executemany(head + row, rows[whole:])


def held_rows(connection: Any, table: str) -> int:
    """About how many rows ``table`` holds, without counting them: its largest rowid (rows
    deleted below it are counted too, which errs towards keeping the indexes up)."""
    row = _dbapi(connection).execute(f"SELECT max(rowid) FROM {table}").fetchone()
    return int(row[0] or 0)


def drop_secondary_indexes(connection: Any, tables: Sequence[str]) -> list[tuple[str, str]]:
    """Drop the plain (not unique) indexes of ``tables``; returns (name, SQL) of each, in the
    order they were made, for :func:`create_indexes`. Unique indexes stay: they enforce
    constraints. DDL is transactional in SQLite: a rollback brings them back."""
    dbapi = _dbapi(connection)
    marks = ", ".join("?" * len(tables))
    found = dbapi.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid",
        tuple(tables),
    ).fetchall()
    for name, _sql in found:
        dbapi.execute(f'DROP INDEX "{name}"')
    return [(str(name), str(sql)) for name, sql in found]


def create_indexes(connection: Any, indexes: Sequence[tuple[str, str]]) -> None:
    """Make the indexes :func:`drop_secondary_indexes` dropped again, from their own SQL."""
    dbapi = _dbapi(connection)
    for _name, sql in indexes:
        dbapi.execute(sql)
