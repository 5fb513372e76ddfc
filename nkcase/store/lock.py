"""One writer per casebook: an OS lock on a small file beside it.

SQLite itself would let two processes write in turn, but the GUI keeps state (undo history,
open views) that another writer would silently invalidate. So a process that opens a casebook
for writing takes an exclusive, non-blocking OS lock on ``NAME.nkcase.lock``; a second one gets
a clear message naming who holds it. The OS drops the lock when the process dies, so a stale
file left by a crash never blocks anyone.

The lock file of an encrypted casebook is *anonymous*: it holds the process id and the time,
never the user or host name, since it lies unencrypted beside the casebook (and stays there
after a crash).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

from nkcase.errors import CasebookLockedError
from nkcase.model.base import utc_now


def lock_path_for(casebook_path: Path) -> Path:
    return casebook_path.with_name(casebook_path.name + ".lock")


class WriterLock:
    """An exclusive lock held for as long as a casebook is open for writing."""

    def __init__(self, casebook_path: Path, *, anonymous: bool = False) -> None:
        self.path = lock_path_for(casebook_path)
        self.anonymous = anonymous
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        handle = self.path.open("a+", encoding="utf-8")  # held open while locked
        try:
            _lock_exclusive(handle)
        except OSError:
            handle.seek(0)
            holder = _describe_holder(handle.read())
            handle.close()
            raise CasebookLockedError(
                f"{self.path.name[: -len('.lock')]} is already open for writing{holder}; "
                "close it there first"
            ) from None
        self._file = handle
        self._write_holder(utc_now())

    def anonymise(self) -> None:
        """From now on name no user or host (the casebook became encrypted while held)."""
        if not self.anonymous:
            self.anonymous = True
            if self._file is not None:
                self._write_holder(utc_now())

    def _write_holder(self, since: str) -> None:
        assert self._file is not None
        holder: dict[str, object] = {"pid": os.getpid()}
        if not self.anonymous:
            holder.update(user=_user(), host=socket.gethostname())
        holder["since"] = since
        self._file.seek(0)
        self._file.truncate()
        self._file.write(json.dumps(holder))
        self._file.flush()

    def release(self) -> None:
        if self._file is None:
            return
        handle, self._file = self._file, None
        try:
            handle.seek(0)
            handle.truncate()
            _unlock(handle)
        finally:
            handle.close()
        # Another process may already have reopened it; harmless.
        with contextlib.suppress(OSError):
            self.path.unlink()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name (containers)
        return "unknown"


def _describe_holder(raw: str) -> str:
    try:
        info = json.loads(raw)
    except ValueError:
        return " by another nkcase"
    since = str(info.get("since", ""))[:19].replace("T", " ")
    if "user" not in info:  # an encrypted casebook's lock names nobody
        return f" by another nkcase (process {info.get('pid')} since {since} UTC)"
    return (
        f" by another nkcase (process {info.get('pid')} of {info.get('user')} "
        f"on {info.get('host')} since {since} UTC)"
    )


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock_exclusive(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_exclusive(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
