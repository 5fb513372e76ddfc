"""The PostgreSQL provider: a team casebook as one database on a server the desk already runs.

This module, :mod:`nkcase.store.pg_blobs` and :mod:`nkcase.search` are the only places with
PostgreSQL-specific SQL (the SQLite provider's twin is :mod:`nkcase.store.sqlite`).

Transactions mirror the SQLite provider's two kinds:

- a **read** is ``REPEATABLE READ, READ ONLY``: one snapshot for the whole read, never a lock a
  writer waits for, and a statement that would write fails at once;
- a **write** is ``READ COMMITTED`` and takes the casebook's writer lock (a transaction-level
  advisory lock) before its first statement. Writers therefore queue at the start, as SQLite's
  ``BEGIN IMMEDIATE`` makes them, and every statement of the operation sees everything committed
  before it: the undo record's "before" states are the rows' true states, and two analysts'
  operations never interleave half-way. The audit append additionally takes the row lock on the
  chain head (``SELECT … FOR UPDATE`` on the casebook row), so the chain stays one chain even
  for a writer that bypassed the advisory lock. Operations are short (one user action), so the
  queue is short; reads, the bulk of the work, never wait.

A writer kept waiting longer than :data:`LOCK_TIMEOUT_MS` gets
:class:`~nkcase.errors.CasebookBusyError`, nothing written.

Originals and list files are ``bytea`` columns stored uncompressed (``STORAGE EXTERNAL``), so
that they can be read in slices; a large file is streamed in through a temporary large object
(:mod:`nkcase.store.pg_blobs`), never held whole in this process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, create_engine, event, func, text
from sqlalchemy.engine import URL, make_url

from nkcase.errors import CasebookError
from nkcase.store import pg_blobs
from nkcase.store.providers import (
    ChangeWatch,
    StoreProvider,
    TransactionKind,
    transaction_kind,
)

LOCK_TIMEOUT_MS = 10_000
#: The advisory lock every write transaction takes first: "the casebook's writer lock".
WRITER_LOCK_KEY = 0x6E6B_6361  # "nkca"
#: SQLSTATEs that mean "another writer held a lock longer than we wait".
_BUSY_STATES = frozenset({"55P03", "57014"})  # lock_not_available, query_canceled (timeout)
#: SQLSTATEs that mean "a row changed under us" (a concurrent update, a deadlock).
CONFLICT_STATES = frozenset({"40001", "40P01"})


def engine_url(location: str) -> URL:
    """The SQLAlchemy URL for a ``postgresql://`` location, always through psycopg 3."""
    url = make_url(location)
    if url.get_backend_name() != "postgresql":
        raise CasebookError(f"not a PostgreSQL address: {display_url(location)}")
    return url.set(drivername="postgresql+psycopg")


def display_url(location: str) -> str:
    """``location`` without its password, for messages, logs and settings."""
    try:
        url = make_url(location)
    except Exception:
        return "(an address that cannot be read)"
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=True)


class PostgresProvider(StoreProvider):
    """A casebook as one PostgreSQL database at ``url`` (the password from pgpass or keyring)."""

    name: ClassVar[str] = "postgresql"

    def __init__(self, url: str, *, readonly: bool = False, password: str | None = None) -> None:
        self.url = engine_url(url)
        self.readonly = readonly
        self._password = password

    @property
    def location(self) -> str:
        """The database's address without a password (shown to people, stored in settings)."""
        return display_url(self.url.render_as_string(hide_password=False))

    @property
    def database(self) -> str:
        return self.url.database or "postgres"

    def close(self) -> None:
        self._password = None

    def make_engine(self) -> Engine:
        # psycopg only for a team casebook
        from psycopg import IsolationLevel
        from psycopg.types.array import ListBinaryDumper

        readonly = self.readonly
        url = self.url if self._password is None else self.url.set(password=self._password)
        engine = create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"application_name": "nkcase", "connect_timeout": 10},
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Lists (the id arrays of store/id_sets.py) go in binary: the text form quotes and
            # scans every element, six times the CPU for a page of ids.
            dbapi_connection.adapters.register_dumper(list, ListBinaryDumper)
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
                cursor.execute("SET TIME ZONE 'UTC'")
            dbapi_connection.commit()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # psycopg opens the transaction implicitly, with the isolation level and access
            # mode of its connection's attributes (BEGIN ISOLATION LEVEL … READ ONLY): set
            # here, while the connection is idle, they cost no round trip of their own.
            driver: Any = conn.connection.driver_connection
            if transaction_kind(conn) is TransactionKind.WRITE and not readonly:
                driver.isolation_level = IsolationLevel.READ_COMMITTED
                driver.read_only = False
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")
            else:
                driver.isolation_level = IsolationLevel.REPEATABLE_READ
                driver.read_only = True

        return engine

    def watch(self, on_change: Callable[[int], None]) -> ChangeWatch | None:
        from nkcase.store.pg_listen import ChangeListener

        url = self.url if self._password is None else self.url.set(password=self._password)
        return ChangeListener(url.set(drivername="postgresql"), on_change).start()

    def is_busy(self, error: BaseException) -> bool:
        orig = getattr(error, "orig", error)
        return getattr(orig, "sqlstate", None) in _BUSY_STATES

    def checkpoint(self, engine: Engine) -> None:
        """Nothing to fold in: the server keeps its own storage complete."""

    def backup_to(self, engine: Engine, target: Path) -> None:
        raise CasebookError(
            "a team casebook is backed up by its server (pg_dump), not copied to a file; "
            "use `nkcase checkout` for an offline copy"
        )

    def integrity_problems(self, engine: Engine) -> list[str]:
        """PostgreSQL enforces references and checks itself; report missing guard objects."""
        problems: list[str] = []
        with engine.connect() as conn:
            for extension in ("pg_trgm", "unaccent"):
                found = conn.execute(
                    text("SELECT 1 FROM pg_extension WHERE extname = :e"), {"e": extension}
                ).first()
                if found is None:
                    problems.append(f"PostgreSQL extension {extension} is missing")
        return problems

    def trigger_names(self, engine: Engine) -> set[str]:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace"
                )
            )
            return {name for (name,) in rows}

    # -- bulk reference data ---------------------------------------------------------------
    def insert_rows(
        self, conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        pg_blobs.insert_rows(conn, table, columns, rows)

    def reserve_file(self, size: int) -> Any:
        return func.decode("", "hex")  # an empty bytea, filled by write_file

    def write_file(
        self,
        conn: Connection,
        table: str,
        column: str,
        key: tuple[str, str],
        path: Path,
        cancelled: Callable[[], bool] | None = None,
    ) -> str:
        return pg_blobs.write_file(conn, table, column, key, path, cancelled)

    def stored_file_sha256(
        self, conn: Connection, table: str, column: str, key: tuple[str, str]
    ) -> str | None:
        return pg_blobs.stored_sha256(conn, table, column, key)
