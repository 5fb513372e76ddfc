"""PostgreSQL's side of large files and bulk rows (used by
:class:`~nkcase.store.postgres.PostgresProvider`), the twin of :mod:`nkcase.store.blobs`.

A file is written in chunks into a temporary large object, copied into its ``bytea`` column by
the server (``lo_get``) and the large object removed, all inside the operation's transaction: the
file is never whole in this process, and a cancelled or failed import leaves nothing behind.
It is read back (hashed) in slices with ``substring``, which the server answers from the
uncompressed storage (``STORAGE EXTERNAL``) without reading the whole value. Bulk rows go in
with ``COPY``. Table and column names come from the ORM model, never from user input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

CHUNK = 1024 * 1024


def write_file(
    conn: Connection,
    table: str,
    column: str,
    key: tuple[str, str],
    path: Path,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Stream ``path`` into ``table.column`` of the row ``key``; returns its SHA-256."""
    oid = conn.execute(text("SELECT lo_create(0)")).scalar_one()
    digest = hashlib.sha256()
    offset = 0
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            if cancelled is not None and cancelled():
                from nkcase.errors import CancelledError

                raise CancelledError("import cancelled: nothing was imported")
            conn.execute(
                text("SELECT lo_put(:oid, :offset, :chunk)"),
                {"oid": oid, "offset": offset, "chunk": chunk},
            )
            digest.update(chunk)
            offset += len(chunk)
    conn.execute(
        text(f"UPDATE {table} SET {column} = lo_get(:oid) WHERE {key[0]} = :key"),
        {"oid": oid, "key": key[1]},
    )
    conn.execute(text("SELECT lo_unlink(:oid)"), {"oid": oid})
    return digest.hexdigest()


def stored_sha256(
    conn: Connection, table: str, column: str, key: tuple[str, str]
) -> str | None:
    """SHA-256 of a stored ``bytea``, read in slices; None when the row or value is missing."""
    size = conn.execute(
        text(f"SELECT octet_length({column}) FROM {table} WHERE {key[0]} = :key"),
        {"key": key[1]},
    ).first()
    if size is None or size[0] is None:
        return None
    digest = hashlib.sha256()
    for start in range(1, int(size[0]) + 1, CHUNK):
        piece = conn.execute(
            text(
                f"SELECT substring({column} FROM :start FOR :n) FROM {table} "
                f"WHERE {key[0]} = :key"
            ),
            {"start": start, "n": CHUNK, "key": key[1]},
        ).scalar_one()
        digest.update(bytes(piece))
    return digest.hexdigest()


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) with one ``COPY``."""
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(
        f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)
