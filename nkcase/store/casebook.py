"""Opening, creating and closing casebook files.

A casebook is one SQLite file ``NAME.nkcase`` holding everything, original documents included.
:class:`Casebook` is the handle every service takes: it owns the engine (made by the casebook's
:class:`~nkcase.store.providers.StoreProvider`), the writer lock and the name of the person
acting. It holds no domain state, so the GUI, the CLI and the tests share it.

Sessions come in two kinds: :meth:`Casebook.reading` (a snapshot; never takes the write lock,
may nest, refuses to write) and :meth:`Casebook.writing` (the write lock from its first
statement; ``operation()`` uses it). :attr:`Casebook.engine` reads by default.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from nkcase import __version__
from nkcase.errors import CasebookError
from nkcase.model import CasebookInfo, new_id, utc_now
from nkcase.store import migrate
from nkcase.store.identity import default_actor
from nkcase.store.lock import WriterLock
from nkcase.store.providers import StoreProvider, provider_for

SUFFIX = ".nkcase"
SQLITE_MAGIC = b"SQLite format 3\x00"


class Casebook:
    """An open casebook. Use :func:`open_casebook` or :func:`create_casebook` to get one."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        readonly: bool,
        actor: str,
        lock: WriterLock | None,
        upgraded: migrate.UpgradeInfo | None = None,
        provider: StoreProvider | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self.actor = actor
        self.upgraded = upgraded
        self.provider = provider or provider_for(path, readonly=readonly)
        self._lock = lock
        self._read_sessions = sessionmaker(self.provider.reader(engine), expire_on_commit=False)
        self._write_sessions = sessionmaker(self.provider.writer(engine), expire_on_commit=False)

    # -- sessions -------------------------------------------------------------------------
    def session(self) -> Session:
        """A new ORM session for writing; use it inside ``with session.begin():``.

        Its transaction takes the write lock when it begins. Services write through
        :func:`nkcase.services.changes.operation`, which uses this.
        """
        return self._write_sessions()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction (the write lock held from its start), committed at the end."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session on one consistent snapshot.

        It never takes the write lock, so the writer is never kept waiting by it, and readings
        may nest. A statement that would write fails at once.
        """
        with self._read_sessions() as session, session.begin():
            yield session

    def info(self) -> CasebookInfo:
        with self.reading() as session:
            info = session.scalars(select(CasebookInfo)).one_or_none()
            if info is None:
                raise CasebookError(f"{self.path.name} is not a complete casebook (no header)")
            return info

    # -- lifetime -------------------------------------------------------------------------
    def close(self) -> None:
        if not self.readonly:
            with suppress(DatabaseError):
                self.provider.checkpoint(self.engine)
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Casebook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def backup(self, target: Path) -> Path:
        """A consistent copy of the whole casebook at ``target`` (works while it is open)."""
        self.provider.backup_to(self.engine, target)
        return target


def fingerprint_for(casebook_id: str, created_at: str) -> str:
    """A short, readable fingerprint that names this casebook in dossiers and hand-overs."""
    digest = hashlib.sha256(f"{casebook_id}|{created_at}".encode()).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def create_casebook(path: Path, name: str | None = None, *, actor: str | None = None) -> Casebook:
    """Create a new, empty casebook file at ``path`` and open it for writing."""
    path = Path(path)
    if path.exists():
        raise CasebookError(f"{path} already exists; choose another file name")
    if not path.parent.exists():
        raise CasebookError(f"folder {path.parent} does not exist")
    actor = actor or default_actor()
    lock = WriterLock(path)
    lock.acquire()
    provider = provider_for(path)
    engine = None
    try:
        engine = provider.make_engine()
        migrate.upgrade(provider.writer(engine))
        casebook_id = new_id()
        created_at = utc_now()
        with provider.writer(engine).begin() as conn:
            conn.execute(
                insert(CasebookInfo).values(
                    id=casebook_id,
                    name=name or path.stem,
                    created_at=created_at,
                    created_by=actor,
                    fingerprint=fingerprint_for(casebook_id, created_at),
                    app_version=__version__,
                    audit_head="",
                    audit_count=0,
                )
            )
    except BaseException:
        if engine is not None:
            engine.dispose()
        lock.release()
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    return Casebook(path, engine, readonly=False, actor=actor, lock=lock, provider=provider)


def open_casebook(path: Path, *, readonly: bool = False, actor: str | None = None) -> Casebook:
    """Open an existing casebook, upgrading its schema (after a backup) when it is older.

    ``readonly`` opens without the writer lock and without upgrading: for listing, searching
    and checking while the GUI holds the casebook.
    """
    path = Path(path)
    _refuse_non_casebook(path)
    actor = actor or default_actor()
    lock = None if readonly else WriterLock(path)
    if lock is not None:
        lock.acquire()
    try:
        provider = provider_for(path, readonly=readonly)
        engine = provider.make_engine()
        try:
            revision = migrate.current_revision(engine)
        except DatabaseError as err:
            engine.dispose()
            raise CasebookError(f"{path.name} is damaged or not a casebook: {err.orig}") from None
        if revision is None:
            engine.dispose()
            raise CasebookError(f"{path.name} is an SQLite file but not an nkcase casebook")
        migrate.refuse_if_too_new(revision, path)
        upgraded = None
        head = migrate.head_revision()
        if revision != head:
            if readonly:
                engine.dispose()
                raise CasebookError(
                    f"{path.name} uses an older schema (revision {revision}); open it for "
                    "writing once to upgrade it"
                )
            backup_path = _backup_before_upgrade(provider, engine, path, revision)
            migrate.upgrade(provider.writer(engine))
            upgraded = migrate.UpgradeInfo(revision, head, backup_path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Casebook(
        path, engine, readonly=readonly, actor=actor, lock=lock, upgraded=upgraded,
        provider=provider,
    )


def _refuse_non_casebook(path: Path) -> None:
    if not path.exists():
        raise CasebookError(f"no casebook at {path}")
    if path.is_dir():
        raise CasebookError(f"{path} is a folder, not a casebook file")
    with path.open("rb") as handle:
        magic = handle.read(len(SQLITE_MAGIC))
    if magic != SQLITE_MAGIC:
        raise CasebookError(f"{path.name} is not a casebook (not an SQLite database)")


def _backup_before_upgrade(
    provider: StoreProvider, engine: Engine, path: Path, revision: str
) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.rev{revision}-{stamp}.backup{SUFFIX}")
    try:
        provider.backup_to(engine, target)
    except Exception:
        # Fall back to a plain copy; refusing to upgrade is better than upgrading unbacked.
        shutil.copy2(path, target)
    return target
