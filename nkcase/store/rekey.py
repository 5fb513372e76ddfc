"""Encrypting, re-keying and decrypting a casebook: always through a fresh, verified copy.

SQLCipher can change a key in place (``PRAGMA rekey``), but a crash half-way leaves a file
partly under each key, and it cannot encrypt a plain file at all. So every change of key writes
a complete new file beside the casebook with ``sqlcipher_export`` (schema, rows, triggers, the
search index), checks it (SQLite's own check and the same number of rows in every table), makes
it durable and only then renames it over the casebook: at every moment the file on disk is
either the old casebook or the new one, whole.

The old file's bytes are then overwritten where the file system allows (best effort: a
copy-on-write file system, an SSD's wear levelling or a backup may still hold them; see
docs/security.md). Decrypting never happens in place: it writes a plain copy elsewhere.

The copy is made through SQLCipher's own SQLite (``sqlcipher3``), which is a second SQLite
library in the process beside Python's ``sqlite3`` that plain casebooks use. Two SQLite
libraries must never have the same file open at once (each would drop the other's POSIX locks
when it closes the file: https://www.sqlite.org/howtocorrupt.html, 2.2), so the engine's own
connections to a plain casebook are closed first, and none may be in use.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nkcase.errors import CasebookBusyError, CasebookError
from nkcase.store import encryption
from nkcase.store.casebook import Casebook
from nkcase.store.encryption import CasebookKey
from nkcase.store.sqlite import SQLiteProvider

_COPY_ALIAS = "nkcase_copy"
_WIPE_CHUNK = 1 << 20


def encrypt_in_place(casebook: Casebook, key: CasebookKey) -> None:
    """Encrypt the open casebook with ``key``, or re-encrypt it under ``key`` (a new passphrase).

    The casebook must be open for writing with no work running on it (the GUI waits for its
    tasks first). Afterwards it is open under the new key; the old key is wiped. Raises
    :class:`CasebookBusyError`, changing nothing, when another program has the file open.
    """
    provider = _sqlite_provider(casebook)
    if casebook.readonly:
        raise CasebookError(f"{casebook.path.name} is open read-only")
    path = casebook.path
    partial = _partial_beside(path)
    with _alone(casebook, provider):  # the last connection folds the WAL in and removes it
        try:
            _refuse_if_open_elsewhere(path)
            _export(provider, casebook, partial, key)
            _refuse_if_open_elsewhere(path)
        except BaseException:
            _remove_database(partial)
            raise
        old = _open_for_wipe(path)
        try:
            partial.replace(path)
            _sync_folder(path.parent)
            _shm_of(path).unlink(missing_ok=True)
            if old is not None:
                _overwrite(old)
        finally:
            if old is not None:
                os.close(old)
    provider.close()
    encrypted = SQLiteProvider(path, key=key)
    casebook.use_provider(encrypted, encrypted.make_engine())


def export_copy(casebook: Casebook, target: Path, key: CasebookKey | None) -> Path:
    """A verified copy of the whole casebook at ``target``: encrypted with ``key``, or plain.

    ``target`` must not exist. The casebook stays open and unchanged.
    """
    provider = _sqlite_provider(casebook)
    target = Path(target)
    if target.exists():
        raise CasebookError(f"{target} already exists; choose another file name")
    if not target.parent.is_dir():
        raise CasebookError(f"folder {target.parent} does not exist")
    partial = _partial_beside(target)
    # A plain casebook's own connections (Python's sqlite3) must be closed while sqlcipher3
    # reads the file; an encrypted one's are sqlcipher3's too and may stay.
    with _alone(casebook, provider) if provider.key is None else contextlib.nullcontext():
        try:
            _export(provider, casebook, partial, key)
            partial.replace(target)
            _sync_folder(target.parent)
        except BaseException:
            _remove_database(partial)
            raise
    return target


def passphrase_matches(casebook: Casebook, passphrase: str) -> bool:
    """Whether ``passphrase`` opens the open, encrypted casebook (to confirm a change of it)."""
    provider = casebook.provider
    return (
        isinstance(provider, SQLiteProvider)
        and provider.key is not None
        and provider.key.matches(passphrase)
    )


def _sqlite_provider(casebook: Casebook) -> SQLiteProvider:
    provider = casebook.provider
    if not isinstance(provider, SQLiteProvider):
        raise CasebookError("only a casebook file can be encrypted or decrypted")
    return provider


@contextlib.contextmanager
def _alone(casebook: Casebook, provider: SQLiteProvider) -> Iterator[None]:
    """Close the engine's connections and let it open none until the block ends (work that
    asks meanwhile is told the casebook is busy); refused while a connection is in use. The
    WAL fold after a bulk import holds one while it runs, but is no work of the user's: it is
    waited for first (:meth:`SQLiteProvider.wait_folded`)."""
    provider.wait_folded()
    pool: Any = casebook.engine.pool
    if pool.checkedout():
        raise CasebookBusyError(
            f"{casebook.path.name} is busy: wait for the running work to finish, then try again"
        )
    if not casebook.readonly:
        provider.checkpoint(casebook.engine)
    provider.replacing = True
    try:
        casebook.engine.dispose()
        yield
    finally:
        provider.replacing = False


def _refuse_if_open_elsewhere(path: Path) -> None:
    """A WAL left after our connections closed means another program has the file open."""
    if _wal_of(path).exists():
        raise CasebookBusyError(
            f"another program has {path.name} open; close it and try again (nothing was changed)"
        )


def _export(provider: SQLiteProvider, casebook: Casebook, target: Path, key: CasebookKey | None
            ) -> None:
    """Write the casebook's committed state into the new file ``target`` and check it."""
    source = encryption.connect(casebook.path, provider.key)
    try:
        source.execute(encryption.attach_clause(target, key, _COPY_ALIAS))
        try:
            source.execute("BEGIN")  # one snapshot for the export and the counts
            try:
                expected = _row_counts(source, "main")
                source.execute(f"SELECT sqlcipher_export('{_COPY_ALIAS}')").fetchall()
                source.execute("COMMIT")
            except BaseException:
                source.execute("ROLLBACK")
                raise
        finally:
            source.execute(f"DETACH DATABASE {_COPY_ALIAS}")
    finally:
        source.close()
    _check_copy(target, key, expected)
    _sync_file(target)


def _row_counts(conn: Any, schema: str) -> dict[str, int]:
    tables = [
        name for (name,) in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
        for name in tables
    }


def _check_copy(target: Path, key: CasebookKey | None, expected: dict[str, int]) -> None:
    copy = encryption.connect(target, key)
    try:
        problems = [line for (line,) in copy.execute("PRAGMA quick_check") if line != "ok"]
        found = _row_counts(copy, "main")
    finally:
        copy.close()
    if problems or found != expected:
        detail = problems[0] if problems else "the copy's rows differ from the casebook's"
        raise CasebookError(f"the new copy of the casebook failed its check ({detail}); "
                            "nothing was changed")


def _partial_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _shm_of(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _remove_database(path: Path) -> None:
    for leftover in (path, _wal_of(path), _shm_of(path), path.with_name(path.name + "-journal")):
        leftover.unlink(missing_ok=True)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_for_wipe(path: Path) -> int | None:
    """A handle on the file about to be replaced, to overwrite its bytes once it is unlinked.

    None where that is not safe or possible: on Windows (a file open there cannot be
    replaced) and when the file has other hard links (they would be overwritten too).
    """
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        return None
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError:
        return None
    if os.fstat(fd).st_nlink != 1:
        os.close(fd)
        return None
    return fd


def _overwrite(fd: int) -> None:
    """Overwrite the (now nameless) old file with zeros and flush it to the disk; best effort."""
    with contextlib.suppress(OSError):
        size = os.fstat(fd).st_size
        zeros = bytes(_WIPE_CHUNK)
        os.lseek(fd, 0, os.SEEK_SET)
        written = 0
        while written < size:
            written += os.write(fd, zeros[: min(_WIPE_CHUNK, size - written)])
        os.fsync(fd)
