"""The phases of a list import that overlap: the workers' start and first round while the file
is kept, the refusals that now come after keeping it, and the WAL folded in after the commit.

Whatever ran at the same time, the guarantees stay: a file imported before or changed during
the import is refused with nothing written, Cancel in the overlapped phase leaves nothing and
no process, and the import's connection goes back to the pool with SQLite's settings as they
were, its WAL folded into the main file without the next write paying for it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from nkcase.errors import CancelledError, IngestError
from nkcase.model import AuditEvent, ListRecordRow, ListSnapshot, ListSnapshotFile
from nkcase.services.lists import import_list
from nkcase.store import Casebook
from nkcase.store.rekey import export_copy
from tests.screening.test_list_pipeline import ftm_file, gone, reader_pids

PARALLEL = {"workers": 1, "chunk_bytes": 512}
SQLITE_DEFAULT_AUTOCHECKPOINT = 1000


def counts(casebook: Casebook) -> tuple[int, ...]:
    with casebook.reading() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (ListSnapshot, ListSnapshotFile, ListRecordRow, AuditEvent)
        )


@pytest.mark.parametrize("workers", [0, 1])
def test_a_file_imported_before_is_refused_and_nothing_is_written(
    casebook: Casebook, tmp_path: Path, workers: int
) -> None:
    path = ftm_file(tmp_path)
    import_list(casebook, path, workers=workers, chunk_bytes=512)
    before = counts(casebook)
    with pytest.raises(IngestError, match="already imported as snapshot"):
        import_list(casebook, path, workers=workers, chunk_bytes=512)
    assert counts(casebook) == before
    assert before[:2] == (1, 1)


def _append_a_line(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\n")


def _touch_only(path: Path) -> None:
    """The same bytes, written again: only the modification time says so."""
    stat = path.stat()
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


@pytest.mark.parametrize("change", [_append_a_line, _touch_only], ids=["grown", "rewritten"])
@pytest.mark.parametrize("workers", [0, 1])
def test_a_file_changed_during_the_import_is_refused(
    casebook: Casebook, tmp_path: Path, workers: int, change: object
) -> None:
    path = ftm_file(tmp_path)
    changed: list[bool] = []

    def progress(done: int, total: int, label: str) -> None:
        if not changed:
            changed.append(True)
            change(path)  # type: ignore[operator]

    with pytest.raises(IngestError, match="changed while it was being imported"):
        import_list(casebook, path, workers=workers, chunk_bytes=512, progress=progress)
    assert changed
    assert counts(casebook) == (0, 0, 0, 0)


def test_bytes_changed_between_the_hash_and_the_keeping_are_refused(
    casebook: Casebook, tmp_path: Path
) -> None:
    """A rewrite in place that keeps the size and the modification time (a coarse clock, a
    tool that restores it) is told by the bytes kept, which must have the hash taken first."""
    path = ftm_file(tmp_path)
    stat = path.stat()
    changed: list[bool] = []

    def cancelled() -> bool:  # first asked once the file was read for its hash
        if not changed:
            changed.append(True)
            data = path.read_bytes()
            with path.open("r+b") as handle:  # in place: the same inode
                handle.write(data.replace(b"KIM JONG", b"KIN JONG"))
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return False

    with pytest.raises(IngestError, match="changed while it was being imported"):
        import_list(casebook, path, workers=0, cancelled=cancelled)
    assert changed and path.stat().st_size == stat.st_size
    assert counts(casebook) == (0, 0, 0, 0)


def test_cancel_while_the_workers_read_ahead_leaves_nothing_and_no_process(
    casebook: Casebook, tmp_path: Path
) -> None:
    """Cancel asked first by the thread that runs the first round while the file is kept."""
    path = ftm_file(tmp_path, 400)
    seen: set[int] = set()
    asked_from: list[str] = []

    def cancelled() -> bool:
        seen.update(reader_pids())
        if threading.current_thread() is not threading.main_thread():
            asked_from.append(threading.current_thread().name)
        return bool(asked_from)

    with pytest.raises(CancelledError):
        import_list(casebook, path, cancelled=cancelled, **PARALLEL)
    assert asked_from and asked_from[0] != threading.main_thread().name
    assert all(gone(pid) for pid in seen)
    assert not reader_pids()
    assert counts(casebook) == (0, 0, 0, 0)


@pytest.mark.file_only  # SQLite's settings
def test_the_import_connection_gets_its_automatic_checkpoint_back(
    casebook: Casebook, tmp_path: Path
) -> None:
    """After an import and a cancelled one, every pooled connection folds the WAL in as SQLite
    does by default (the import's connection among them: more are held than the pool keeps)."""
    import_list(casebook, ftm_file(tmp_path), **PARALLEL)
    with pytest.raises(CancelledError):
        import_list(casebook, ftm_file(tmp_path / "b"), cancelled=lambda: True, **PARALLEL)
    casebook.provider.wait_folded()
    held = [casebook.engine.connect() for _ in range(casebook.engine.pool.size() + 1)]
    try:
        for conn in held:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == (
                SQLITE_DEFAULT_AUTOCHECKPOINT
            )
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        for conn in held:
            conn.close()


def main_file_bytes(path: Path) -> int:
    """The database size the main file's own header gives (pages × page size): what is in
    the file itself, not in its WAL (SQLite's file format, header offsets 16 and 28)."""
    with path.open("rb") as handle:
        header = handle.read(100)
    page_size = int.from_bytes(header[16:18], "big")
    return int.from_bytes(header[28:32], "big") * (65536 if page_size == 1 else page_size)


@pytest.mark.file_only  # SQLite's WAL
@pytest.mark.parametrize("next_write", [False, True], ids=["alone", "with a write at once"])
def test_the_wal_is_folded_in_after_an_import(
    casebook: Casebook, tmp_path: Path, next_write: bool
) -> None:
    """The import's commit leaves its pages in the WAL; they reach the main file after it,
    with no other write to set a checkpoint off, and also when an ordinary write comes at
    once (its own automatic checkpoint skips while the fold runs: the WAL must not stay
    unfolded)."""
    path = ftm_file(tmp_path, 3000)
    assert main_file_bytes(casebook.path) < path.stat().st_size
    import_list(casebook, path, **PARALLEL)
    if next_write:
        with casebook.writing() as session:
            session.execute(ListSnapshot.__table__.update().values(title="renamed"))
    casebook.provider.wait_folded()
    assert main_file_bytes(casebook.path) > 2 * path.stat().st_size  # file and records
    with casebook.reading() as session:
        assert (session.scalar(select(ListSnapshot.title)) == "renamed") is next_write


@pytest.mark.file_only  # SQLite's WAL and the copy of a casebook file
def test_a_copy_right_after_an_import_waits_for_the_fold_instead_of_refusing(
    casebook: Casebook, tmp_path: Path
) -> None:
    """The fold holds a connection of the casebook's pool for as long as it runs (seconds for
    a large list on a slow disk); a copy or a change of key asked meanwhile, which needs every
    connection closed, waits for it, as the fold is no work the user started."""
    folding, release = threading.Event(), threading.Event()

    def on_checkout(*_args: object) -> None:
        if threading.current_thread() is not threading.main_thread():  # the fold
            folding.set()
            release.wait(10)

    event.listen(casebook.engine, "checkout", on_checkout)
    try:
        import_list(casebook, ftm_file(tmp_path), **PARALLEL)
        assert folding.wait(10)
        threading.Timer(0.3, release.set).start()
        copy = export_copy(casebook, tmp_path / "copy.nkcase", None)
    finally:
        release.set()
        event.remove(casebook.engine, "checkout", on_checkout)
    assert copy.exists()


@pytest.mark.file_only  # SQLite's WAL
def test_an_import_committed_while_the_fold_ends_is_folded_too(
    casebook: Casebook, tmp_path: Path
) -> None:
    """The second of two imports commits while the fold begun by the first has made its last
    pass but not yet ended: its pages must still reach the main file, not wait in the WAL for
    some later write's checkpoint."""
    ending, release = threading.Event(), threading.Event()

    def on_checkin(*_args: object) -> None:
        if threading.current_thread() is not threading.main_thread() and not ending.is_set():
            ending.set()  # the first fold, its passes done, returning its connection
            release.wait(10)

    first, second = ftm_file(tmp_path / "a", 3000), ftm_file(tmp_path / "b", 3001)
    event.listen(casebook.engine, "checkin", on_checkin)
    try:
        import_list(casebook, first, **PARALLEL)
        assert ending.wait(10)
        folded_first = main_file_bytes(casebook.path)
        import_list(casebook, second, **PARALLEL)
    finally:
        release.set()
    casebook.provider.wait_folded()
    event.remove(casebook.engine, "checkin", on_checkin)
    assert main_file_bytes(casebook.path) > folded_first + second.stat().st_size
