"""Opening, creating and closing casebook files.

A casebook is one SQLite file ``NAME.nkcase`` holding everything, original documents included;
an encrypted casebook is the same file encrypted with SQLCipher (:mod:`nkcase.store.encryption`),
opened with its passphrase.
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
from nkcase.errors import CasebookError, PassphraseNeededError
from nkcase.model import CasebookInfo, new_id, utc_now
from nkcase.store import encryption, migrate, revisions
from nkcase.store.encryption import CasebookKey
from nkcase.store.encryption import is_encrypted_casebook as is_encrypted_casebook
from nkcase.store.identity import default_actor
from nkcase.store.lock import WriterLock
from nkcase.store.profiles import is_server_url
from nkcase.store.providers import StoreProvider, provider_for

SUFFIX = ".nkcase"


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
        location: str | None = None,
    ) -> None:
        self.path = path
        #: Where the casebook lives, fit to show and to store: the file's path, or a team
        #: casebook's address without its password.
        self.location = location or str(path)
        self.readonly = readonly
        self.actor = actor
        self.upgraded = upgraded
        self.closed = False
        self._lock = lock
        self.use_provider(provider or provider_for(path, readonly=readonly), engine)

    def use_provider(self, provider: StoreProvider, engine: Engine) -> None:
        """Reach the casebook through ``provider`` and its ``engine`` from now on (the file was
        re-encrypted under a new key: :mod:`nkcase.store.rekey`)."""
        self.provider = provider
        self.engine = engine
        self._read_sessions = sessionmaker(provider.reader(engine), expire_on_commit=False)
        self._write_sessions = sessionmaker(provider.writer(engine), expire_on_commit=False)
        if provider.encrypted:
            from nkcase import logs

            logs.withhold_case_details()
            if self._lock is not None:
                self._lock.anonymise()

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (SQLCipher): opening it takes its passphrase."""
        return self.provider.encrypted

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
        """Fold the WAL in, close every connection, wipe the key, release the lock (once)."""
        if self.closed:
            return
        self.closed = True
        if not self.readonly:
            with suppress(DatabaseError):
                self.provider.checkpoint(self.engine)
        self.engine.dispose()
        self.provider.close()
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


def create_casebook(
    path: Path, name: str | None = None, *, actor: str | None = None,
    passphrase: str | None = None,
) -> Casebook:
    """Create a new, empty casebook file at ``path`` and open it for writing.

    With a ``passphrase`` the file is encrypted from its first page on (SQLCipher); the
    passphrase is checked for length first (:func:`nkcase.store.encryption.check_new_passphrase`).
    """
    path = Path(path)
    if path.exists():
        raise CasebookError(f"{path} already exists; choose another file name")
    if not path.parent.exists():
        raise CasebookError(f"folder {path.parent} does not exist")
    key = CasebookKey.new(passphrase) if passphrase is not None else None
    actor = actor or default_actor()
    lock = WriterLock(path, anonymous=key is not None)
    lock.acquire()
    provider = provider_for(path, key=key)
    engine = None
    try:
        engine = provider.make_engine()
        migrate.create_schema(provider.writer(engine))
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
        provider.close()
        lock.release()
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    return Casebook(path, engine, readonly=False, actor=actor, lock=lock, provider=provider)


def open_casebook(
    path: Path | str, *, readonly: bool = False, actor: str | None = None,
    passphrase: str | None = None,
) -> Casebook:
    """Open an existing casebook, upgrading its schema (after a backup) when it is older.

    ``readonly`` opens without the writer lock and without upgrading: for listing, searching
    and checking while the GUI holds the casebook. An encrypted casebook needs its
    ``passphrase`` (:class:`~nkcase.errors.PassphraseNeededError` without one,
    :class:`~nkcase.errors.WrongPassphraseError` when it does not fit; nothing is written
    either way); a plain casebook ignores one.
    """
    if isinstance(path, str) and is_server_url(path):
        from nkcase.store.team import open_team_casebook

        return open_team_casebook(path, readonly=readonly, actor=actor)
    path = Path(path)
    key = None
    if is_encrypted_casebook(path):
        if passphrase is None:
            raise PassphraseNeededError(f"{path.name} is encrypted: its passphrase is needed")
        key = encryption.unlock(path, passphrase, readonly=readonly)
    actor = actor or default_actor()
    lock = None if readonly else WriterLock(path, anonymous=key is not None)
    provider = provider_for(path, readonly=readonly, key=key)
    try:
        if lock is not None:
            lock.acquire()
        engine = provider.make_engine()
        try:
            revision = migrate.current_revision(engine)
        except DatabaseError as err:
            engine.dispose()
            raise revisions.damaged(path, err.orig) from None
        if revision is None:
            engine.dispose()
            raise revisions.not_a_casebook(path)
        revisions.refuse_if_too_new(revision, path)
        upgraded = None
        head = migrate.head_revision()
        if revision != head:
            if readonly:
                engine.dispose()
                raise revisions.older_schema_for_reading(path, revision)
            backup_path = _backup_before_upgrade(provider, engine, path, revision)
            migrate.upgrade(provider.writer(engine))
            upgraded = migrate.UpgradeInfo(revision, head, backup_path)
    except BaseException:
        provider.close()
        if lock is not None:
            lock.release()
        raise
    return Casebook(
        path, engine, readonly=readonly, actor=actor, lock=lock, upgraded=upgraded,
        provider=provider,
    )


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
