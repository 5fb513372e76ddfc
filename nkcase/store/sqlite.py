"""The SQLite provider: one file per casebook, WAL, deferred reads and immediate writes.

This module and :mod:`nkcase.search` are the only places with SQLite-specific SQL, so that the
PostgreSQL store can be a second :class:`~nkcase.store.providers.StoreProvider` beside it.

Pragmas, chosen deliberately (docs/architecture.md explains):
- ``journal_mode=WAL``: a read transaction works on a snapshot and never blocks the writer,
  nor does the writer block it.
- ``synchronous=FULL``: each commit is on the disk before the service returns. With WAL,
  NORMAL survives an application crash but may lose the last commits on power loss; an
  investigator's laptop runs on batteries and USB sticks get pulled, and our writes are
  user-paced (one transaction per action), so the extra fsync costs nothing a person notices.
- ``foreign_keys=ON``: SQLite leaves it off by default. A bulk import's transaction (a list
  snapshot's rows, which refer only to each other) runs with it off and a larger page cache
  (:func:`_set_bulk_import`); the next transaction on the connection has it on again.
- ``busy_timeout``: a second writer (another thread's write, a migration) waits for the first.

Transactions: a read starts with a deferred ``BEGIN`` on a connection switched to
``query_only`` (so a read that tries to write fails at once, instead of upgrading its snapshot
to a write lock and deadlocking with the writer); a write starts with ``BEGIN IMMEDIATE``,
taking the write lock before its first statement, so two writers queue at the start.

Bulk reference data (sanctions lists): rows through one DB-API ``executemany`` per batch (into
tables whose plain indexes are dropped for the insert and made again after it when the insert
is larger than what the tables held), and original files streamed into a ``zeroblob`` with
incremental blob I/O (``store/blobs.py``).

Encrypted casebooks (SQLCipher) are an option of this provider, not a second store: given a
:class:`~nkcase.store.encryption.CasebookKey`, its connections come from ``sqlcipher3`` with the
key set before anything else (:func:`nkcase.store.encryption.connect`), then the same pragmas.
SQLCipher encrypts the WAL as well; temporary tables stay in memory.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, create_engine, event, func

from nkcase.errors import CasebookBusyError
from nkcase.store import blobs, encryption
from nkcase.store.encryption import CasebookKey
from nkcase.store.providers import (
    StoreProvider,
    TransactionKind,
    bulk_import,
    transaction_kind,
)
from nkcase.store.sqlite_read import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)

_QUERY_ONLY = "nkcase_query_only"  # the connection's current query_only setting (conn.info)
_BULK_IMPORT = "nkcase_bulk_import"  # whether it has a bulk import's settings (conn.info)
_CACHE_SIZE = "nkcase_cache_size"  # its cache_size before them (conn.info)
_DEFAULT_CACHE_SIZE = -2000  # SQLite's default: 2,000 KiB
_AUTOCHECKPOINT = "nkcase_wal_autocheckpoint"  # its wal_autocheckpoint before them (conn.info)
_DEFAULT_AUTOCHECKPOINT = 1000  # SQLite's default: WAL pages after which a commit folds it in
#: The page cache of a bulk import's connection, KiB (pages are taken as needed, up to this).
BULK_IMPORT_CACHE_KIB = 64 * 1024
#: Bytes per page of a new, unencrypted casebook (SQLite's default is 4096). Measured on a list
#: import of 100,000 FtM records (benchmarks/lists_import.py): 4 % less CPU in the writing
#: process and a third less time folding the WAL after it, the original file (a blob of tens
#: of megabytes) in half as many overflow pages. A casebook keeps the page size it was made
#: with (SQLite fixes it with the first table), so older files stay at 4096; an encrypted one
#: keeps SQLCipher's own page size.
NEW_FILE_PAGE_SIZE = 8192
#: Passes of the fold after a bulk import at most, each folding what was written during the
#: one before (the second folds the user's edit made during the first, finds nothing more).
FOLD_PASSES = 4


class SQLiteProvider(StoreProvider):
    """A casebook as one SQLite file at ``path``."""

    name: ClassVar[str] = "sqlite"

    def __init__(
        self, path: Path, *, readonly: bool = False, key: CasebookKey | None = None
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.key = key
        #: True while the file is being replaced (nkcase.store.rekey): no connection may open.
        self.replacing = False
        self._folding: threading.Thread | None = None  # the fold thread, while it runs
        self._fold_wanted = False  # a bulk import committed since the fold last began a round
        self._folding_lock = threading.Lock()

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def close(self) -> None:
        self.wait_folded()
        if self.key is not None:
            self.key.wipe()

    @property
    def url(self) -> str:
        location = self.path.resolve().as_posix()
        if self.readonly:
            return f"sqlite:///file:{location}?mode=ro&uri=true"
        return f"sqlite:///{location}"

    def make_engine(self) -> Engine:
        readonly, key, path = self.readonly, self.key, self.path
        if key is None:
            engine = create_engine(self.url, connect_args={"check_same_thread": False})
            event.listen(engine, "do_connect", lambda *_args: self._refuse_while_replaced())
        else:

            def keyed_connection() -> Any:
                self._refuse_while_replaced()
                return encryption.connect(path, key, readonly=readonly)

            engine = create_engine(
                self.url, module=encryption.sqlcipher(), creator=keyed_connection
            )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Take over transaction control from the sqlite3 module (SQLAlchemy's documented
            # recipe), so that the BEGIN below is what actually starts a transaction.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                if key is None:  # takes effect only in a file without tables yet: a new one
                    cursor.execute(f"PRAGMA page_size = {NEW_FILE_PAGE_SIZE}")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            writing = transaction_kind(conn) is TransactionKind.WRITE and not readonly
            _set_query_only(conn, not writing)
            _set_bulk_import(conn.exec_driver_sql, conn.info, writing and bulk_import(conn))
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

        @event.listens_for(engine, "checkin")
        def _on_checkin(dbapi_connection: Any, record: Any) -> None:
            # the transaction is over (the pool has reset the connection): a bulk import's
            # settings end with it, and its page cache is given back at once; the WAL it
            # left is folded in on a thread of its own
            if dbapi_connection is not None and record.info.get(_BULK_IMPORT):
                _set_bulk_import(dbapi_connection.execute, record.info, False)
                self._fold_soon(engine)

        return engine

    def _refuse_while_replaced(self) -> None:
        if self.replacing:
            raise CasebookBusyError(
                f"{self.path.name} is busy: it is being rewritten under a new key; try again"
            )

    @contextmanager
    def brief_write(self, engine: Engine, wait_ms: int) -> Iterator[Connection]:
        """The write transaction with the connection's busy timeout lowered to ``wait_ms`` (and
        set back after it)."""
        with self.writer(engine).connect() as conn:
            driver: Any = conn.connection.driver_connection
            driver.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            try:
                with conn.begin():
                    yield conn
            finally:
                driver.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def is_busy(self, error: BaseException) -> bool:
        orig = getattr(error, "orig", error)
        kinds: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
        if self.key is not None:
            kinds += (encryption.sqlcipher().OperationalError,)
        return isinstance(orig, kinds) and any(
            words in str(orig) for words in ("database is locked", "database is busy")
        )

    def _fold_soon(self, engine: Engine) -> None:
        """Fold the WAL a bulk import left (150 MB for 100,000 FtM records) into the main file
        on a thread, as SQLite's automatic checkpoint would have done inside the import's
        COMMIT (0.4 s and more: see :func:`_set_bulk_import`). A ``PASSIVE`` checkpoint
        takes no lock a writer or reader waits for; while it runs, a commit's own automatic
        checkpoint finds it busy and skips (no user's edit pays for the fold), and once it
        has folded everything the next write starts the WAL afresh. Until then the import is
        durable in the WAL already (committed with ``synchronous=FULL``); what the fold does
        not finish (a reader still on an older snapshot) a later commit's automatic
        checkpoint or :meth:`checkpoint` at close folds in."""
        with self._folding_lock:
            self._fold_wanted = True
            if self._folding is not None:  # it sees the wish before it stops
                return
            self._folding = threading.Thread(
                target=self._fold, args=(engine,), daemon=True, name="nkcase-wal-fold"
            )
            self._folding.start()

    def _fold(self, engine: Engine) -> None:
        """Fold rounds until no bulk import committed since the last one began (an import
        committed while a round was ending would otherwise leave its WAL to the next user
        commit's automatic checkpoint)."""
        while True:
            with self._folding_lock:
                if not self._fold_wanted:
                    self._folding = None
                    return
                self._fold_wanted = False
            self._fold_round(engine)

    def _fold_round(self, engine: Engine) -> None:
        """Run until the WAL is folded in to its end (a few passes at most): a write made
        meanwhile (the user's next edit, whose own checkpoint skipped) is folded in too, so
        the write after it starts the WAL afresh instead of checkpointing a 150 MB WAL's
        index."""
        try:
            raw = engine.raw_connection()
            try:
                last = -1
                for _ in range(FOLD_PASSES):
                    cursor = raw.cursor()
                    busy, frames, folded = cursor.execute(
                        "PRAGMA wal_checkpoint(PASSIVE)"
                    ).fetchone()
                    cursor.close()
                    # a pass counts the frames there were when it began: done when one
                    # finds none added and folds them all (a pass with nothing to fold is
                    # free)
                    if busy or (frames == last and folded >= frames):
                        break
                    last = frames
            finally:
                raw.close()
        except CasebookBusyError as err:  # being rewritten under a new key: folded at close
            log.info("the WAL was not folded in after a bulk import: %s", err)
        except Exception as err:  # the casebook closed meanwhile, or a fault of the storage
            log.warning("the WAL was not folded in after a bulk import: %s", err)

    def wait_folded(self) -> None:
        """Wait for the WAL folding begun after a bulk import, if one runs."""
        with self._folding_lock:
            thread = self._folding
        if thread is not None:
            thread.join()

    def checkpoint(self, engine: Engine) -> None:
        """Fold the WAL back into the main file so that the ``.nkcase`` file alone is complete.

        Run outside any transaction (a checkpoint inside one cannot finish).
        """
        self.wait_folded()
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        finally:
            raw.close()

    def backup_to(self, engine: Engine, target: Path) -> None:
        """A consistent copy of the database (SQLite's online backup), safe while it is open.

        The copy of an encrypted casebook is encrypted with the same key (and salt), so the
        same passphrase opens it; no page of it is ever written in plain text.
        """
        raw = engine.raw_connection()
        try:
            dbapi: Any = raw.driver_connection
            if self.key is None:
                dest = sqlite3.connect(target)
            else:
                dest = encryption.connect(target, self.key)
            try:
                dbapi.backup(dest)
            finally:
                dest.close()
        finally:
            raw.close()

    def integrity_problems(self, engine: Engine) -> list[str]:
        """What SQLite's own integrity and foreign-key checks report (empty when all is well)."""
        problems: list[str] = []
        with engine.connect() as conn:
            for (line,) in conn.exec_driver_sql("PRAGMA integrity_check").fetchall():
                if line != "ok":
                    problems.append(f"SQLite integrity: {line}")
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                problems.append(f"broken reference: a row of {row[0]} points to a missing {row[2]}")
        return problems

    def trigger_names(self, engine: Engine) -> set[str]:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {name for (name,) in rows}

    def insert_rows(
        self, conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        blobs.insert_rows(conn, table, columns, rows)

    @contextmanager
    def indexes_deferred(
        self, conn: Connection, tables: Sequence[str], new_rows: int
    ) -> Iterator[Callable[[], None]]:
        """Building an index once, by sorting, costs less than keeping it up row by row
        (measured on 100,000 list records: the insert ~25 % cheaper, and more on larger
        lists, whose random index keys no longer fit the page cache), but it is built over
        every row the table holds: so the indexes are set aside only when the insert is to be
        larger than what the first table holds already. An error or a cancel rolls the drop
        back with the rows (the indexes are not made again then)."""
        if blobs.held_rows(conn, tables[0]) >= new_rows:
            yield lambda: None
            return
        dropped = blobs.drop_secondary_indexes(conn, tables)

        def build() -> None:
            if dropped:
                blobs.create_indexes(conn, dropped)
                dropped.clear()

        yield build
        build()

    def reserve_file(self, size: int) -> Any:
        return func.zeroblob(size)

    def write_file(
        self,
        conn: Connection,
        table: str,
        column: str,
        key: tuple[str, str],
        path: Path,
        cancelled: Callable[[], bool] | None = None,
    ) -> str:
        return blobs.write_file_blob(conn, table, column, key[0], key[1], path, cancelled)

    def stored_file_sha256(
        self, conn: Connection, table: str, column: str, key: tuple[str, str]
    ) -> str | None:
        return blobs.blob_sha256(conn, table, column, key[0], key[1])


def _set_bulk_import(
    execute: Callable[[str], Any], info: dict[Any, Any], bulk: bool
) -> None:
    """Switch a connection, between transactions, into or out of a bulk import's settings
    (:data:`~nkcase.store.providers.BULK_IMPORT_OPTION`): foreign keys off, a page cache of
    :data:`BULK_IMPORT_CACHE_KIB` and no automatic checkpoint, else foreign keys on and the
    cache and automatic checkpoint it had.

    SQLite looks up the parent row of every row it inserts with foreign keys on: for a list
    snapshot, whose names and identifiers name their record and the snapshot, that was a fifth
    of the write (benchmarks/lists_write.py). Those rows refer only to the snapshot and the
    records the same transaction wrote and numbered, so the lookups can never fail;
    ``nkcase check`` still runs SQLite's foreign-key check over every row. The larger cache
    keeps the unique (snapshot, record key) index of a list whose keys come in no order in
    memory (else its pages go to the WAL and are read back: a fifth more with random keys).
    ``PRAGMA foreign_keys`` does nothing inside a transaction, hence between them; durability
    (WAL, ``synchronous=FULL``, one transaction) is untouched.

    Without the automatic checkpoint the import's COMMIT returns once its pages are in the
    WAL and synced (``synchronous=FULL``: the import is durable then; a crash before the
    fold leaves a WAL that the next opening reads, as any committed WAL); the fold, copying
    them into the main file, follows on a thread (:meth:`SQLiteProvider._fold_soon`), where
    it was 0.4 s of the COMMIT and more."""
    if bool(info.get(_BULK_IMPORT, False)) == bulk:
        return
    if bulk:
        info[_CACHE_SIZE] = int(execute("PRAGMA cache_size").fetchone()[0])
        info[_AUTOCHECKPOINT] = int(execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        execute("PRAGMA foreign_keys = OFF")
        execute(f"PRAGMA cache_size = {-BULK_IMPORT_CACHE_KIB}")
        execute("PRAGMA wal_autocheckpoint = 0")
    else:
        execute("PRAGMA foreign_keys = ON")
        execute(f"PRAGMA cache_size = {int(info.pop(_CACHE_SIZE, _DEFAULT_CACHE_SIZE))}")
        autocheckpoint = int(info.pop(_AUTOCHECKPOINT, _DEFAULT_AUTOCHECKPOINT))
        execute(f"PRAGMA wal_autocheckpoint = {autocheckpoint}")
    info[_BULK_IMPORT] = bulk


def _set_query_only(conn: Connection, query_only: bool) -> None:
    """Switch the pooled connection's ``query_only`` only when it differs from what it was."""
    if conn.info.get(_QUERY_ONLY) != query_only:
        conn.exec_driver_sql(f"PRAGMA query_only = {int(query_only)}")
        conn.info[_QUERY_ONLY] = query_only
