"""SQLite engines for casebook files: the pragmas and the transaction mode.

This module and :mod:`nkcase.search` are the only places with SQLite-specific SQL, so that a
later server store can swap them.

Pragmas, chosen deliberately (docs/architecture.md explains):
- ``journal_mode=WAL``: readers (search, the navigator) never block the writer.
- ``synchronous=FULL``: each commit is on the disk before the service returns. With WAL,
  NORMAL survives an application crash but may lose the last commits on power loss; an
  investigator's laptop runs on batteries and USB sticks get pulled, and our writes are
  user-paced (one transaction per action), so the extra fsync costs nothing a person notices.
- ``foreign_keys=ON``: SQLite leaves it off by default.
- ``busy_timeout``: a reader holding the database briefly makes a writer wait, not fail.
Write transactions start with ``BEGIN IMMEDIATE`` so that two writers queue at the start
instead of one failing with "database is locked" when it upgrades a read to a write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """An engine for the casebook file at ``path`` (which must exist unless creating)."""
    if readonly:
        url = f"sqlite:///file:{path.resolve().as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.resolve().as_posix()}"
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take over transaction control from the sqlite3 module (SQLAlchemy's documented
        # recipe), so that BEGIN IMMEDIATE below is what actually starts a transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def checkpoint(engine: Engine) -> None:
    """Fold the WAL back into the main file so that the ``.nkcase`` file alone is complete."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def backup_to(engine: Engine, target: Path) -> None:
    """A consistent copy of the database (SQLite's online backup), safe while it is open."""
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        dest = sqlite3.connect(target)
        try:
            dbapi.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()


def integrity_problems(engine: Engine) -> list[str]:
    """What SQLite's own integrity and foreign-key checks report (empty when all is well)."""
    problems: list[str] = []
    with engine.connect() as conn:
        for (line,) in conn.exec_driver_sql("PRAGMA integrity_check").fetchall():
            if line != "ok":
                problems.append(f"SQLite integrity: {line}")
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"broken reference: a row of {row[0]} points to a missing {row[2]}")
    return problems


def trigger_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in rows}
