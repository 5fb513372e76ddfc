"""One provider per database backend: the seam between the store and a database.

After Mealie's ``db_providers.py``: the store never decides how a backend connects, begins a
transaction or maintains its file; it asks the casebook's :class:`StoreProvider`. SQLite (one
file per casebook, :class:`~nkcase.store.sqlite.SQLiteProvider`) is the only one today;
an encrypted casebook (SQLCipher) is the same provider holding a key, and the PostgreSQL team
store will be a second provider beside it.

Transactions come in two kinds, chosen by the engine a session is bound to:

- **reads** (:meth:`StoreProvider.reader`, the default of :attr:`Casebook.engine`) never take the
  write lock and may nest: a search, the navigator and an export read while the writer writes;
- **writes** (:meth:`StoreProvider.writer`, used by ``operation()`` and migrations) take the
  backend's write lock when they begin, so two writers queue at the start instead of one
  failing half-way when it upgrades a read to a write.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from sqlalchemy import Connection, Engine

if TYPE_CHECKING:
    from nkcase.store.encryption import CasebookKey

#: The execution option that tells a provider's "begin" hook which kind of transaction to start.
TRANSACTION_OPTION = "nkcase_transaction"
#: The execution option of a write transaction that only adds rows referring to each other and
#: to rows it checked itself (a list snapshot's records, names and identifiers): a provider may
#: leave out its per-row reference checks and give it a larger page cache for that transaction
#: (:class:`~nkcase.store.sqlite.SQLiteProvider` does; see ``services.bulk.bulk_operation``).
BULK_IMPORT_OPTION = "nkcase_bulk_import"


class TransactionKind(StrEnum):
    READ = "read"
    WRITE = "write"


def transaction_kind(conn: Connection) -> TransactionKind:
    """The kind of transaction ``conn`` is about to begin (reads unless asked otherwise)."""
    return TransactionKind(conn.get_execution_options().get(TRANSACTION_OPTION, "read"))


def bulk_import(conn: Connection) -> bool:
    """Whether the write transaction ``conn`` is about to begin asked for
    :data:`BULK_IMPORT_OPTION`."""
    return bool(conn.get_execution_options().get(BULK_IMPORT_OPTION, False))


class ChangeWatch(Protocol):
    """A running watch for other writers' changes (:meth:`StoreProvider.watch`)."""

    def stop(self) -> None: ...


class StoreProvider(ABC):
    """How one backend opens a casebook's database, begins transactions and maintains it."""

    #: A short name for messages and for choosing backend-specific SQL ("sqlite", "postgresql").
    name: ClassVar[str]
    #: Whether the provider refuses writes (a casebook opened read-only).
    readonly: bool

    @property
    def encrypted(self) -> bool:
        """Whether nkcase encrypts this casebook itself (an SQLCipher file): then logs and the
        lock file hold nothing that names the case or the investigator."""
        return False

    def close(self) -> None:  # noqa: B027 - a hook: most providers hold nothing to forget
        """Forget what the provider holds to reach the database (an encryption key)."""

    @abstractmethod
    def make_engine(self) -> Engine:
        """A new engine whose "begin" honours :data:`TRANSACTION_OPTION` (reads by default)."""

    def reader(self, engine: Engine) -> Engine:
        """``engine`` for read transactions: no write lock, nestable, refused if they write."""
        return engine.execution_options(**{TRANSACTION_OPTION: TransactionKind.READ.value})

    def writer(self, engine: Engine) -> Engine:
        """``engine`` for write transactions: the write lock is taken at the start."""
        return engine.execution_options(**{TRANSACTION_OPTION: TransactionKind.WRITE.value})

    def watch(self, on_change: Callable[[int], None]) -> ChangeWatch | None:
        """Call ``on_change(audit_seq)`` (on another thread) whenever someone else's operation
        is committed, until the returned watch is stopped; None where nobody else writes."""
        return None

    @abstractmethod
    def is_busy(self, error: BaseException) -> bool:
        """Whether ``error`` says another writer held the write lock longer than we wait."""

    def wait_folded(self) -> None:  # noqa: B027 - a hook: only SQLite folds in the background
        """Wait for the provider's own upkeep after a bulk import, if it runs (SQLite folds
        the import's WAL into the main file on a thread); :meth:`checkpoint` waits for it too."""

    @abstractmethod
    def checkpoint(self, engine: Engine) -> None:
        """Make the database's main storage complete (before closing or copying the file)."""

    @abstractmethod
    def backup_to(self, engine: Engine, target: Path) -> None:
        """A consistent copy of the whole database at ``target``, safe while it is open."""

    @abstractmethod
    def integrity_problems(self, engine: Engine) -> list[str]:
        """What the backend's own integrity and reference checks report (empty when all hold)."""

    @abstractmethod
    def trigger_names(self, engine: Engine) -> set[str]:
        """The names of the triggers in the database (the audit log's guards among them)."""


    @contextmanager
    def brief_write(self, engine: Engine, wait_ms: int) -> Iterator[Connection]:
        """A write transaction that waits about ``wait_ms`` at most for another writer, then
        fails with an error :meth:`is_busy` recognises: for derived data (a stored blocking
        index) that a reader stores when nobody else is writing and otherwise leaves for later.
        By default the backend's usual wait applies."""
        with self.writer(engine).begin() as conn:
            yield conn

    # -- bulk reference data (sanctions lists): large rows and files ---------------------------
    @abstractmethod
    def insert_rows(
        self, conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """Insert ``rows`` (tuples in ``columns`` order) in one batch, without per-row
        statement processing: the bulk path for reference data."""

    @contextmanager
    def indexes_deferred(
        self, conn: Connection, tables: Sequence[str], new_rows: int
    ) -> Iterator[Callable[[], None]]:
        """Around a bulk insert of about ``new_rows`` rows into the first of ``tables`` (and
        their dependent rows into the others): where the backend gains by it, their secondary
        indexes are built once after the insert instead of kept up row by row. Must run inside
        the write transaction, so that an error or a cancel takes back the change with the rows.
        The block gets a function that builds them at once, before its end (the rows that
        follow keep them up): while other processes still read the last rows, for instance.
        By default the indexes are kept up as usual."""
        yield lambda: None

    @abstractmethod
    def reserve_file(self, size: int) -> Any:
        """A column value that reserves ``size`` bytes for :meth:`write_file`."""

    @abstractmethod
    def write_file(
        self,
        conn: Connection,
        table: str,
        column: str,
        key: tuple[str, str],
        path: Path,
        cancelled: Callable[[], bool] | None = None,
    ) -> str:
        """Stream ``path`` into ``table.column`` of the row ``key`` (column name, value), whose
        value :meth:`reserve_file` reserved; returns the SHA-256 of the bytes written."""

    @abstractmethod
    def stored_file_sha256(
        self, conn: Connection, table: str, column: str, key: tuple[str, str]
    ) -> str | None:
        """SHA-256 of a stored file, read in chunks; None when the row or its value is missing."""


def provider_for(
    path: Path, *, readonly: bool = False, key: CasebookKey | None = None
) -> StoreProvider:
    """The provider for a casebook file (SQLite, encrypted with ``key`` when given; a server
    store will be chosen by URL)."""
    from nkcase.store.sqlite import SQLiteProvider

    return SQLiteProvider(Path(path), readonly=readonly, key=key)
