"""Casebook files: creation, pragmas, locking, refusing what is not ours or too new."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nkcase.errors import CasebookError, CasebookLockedError, CasebookTooNewError
from nkcase.services import entities
from nkcase.services.casefiles import list_entities
from nkcase.store import Casebook, create_casebook, open_casebook
from nkcase.store.migrate import head_revision
from nkcase.store.sqlite import NEW_FILE_PAGE_SIZE


def test_new_casebook_has_header_and_deliberate_pragmas(casebook: Casebook) -> None:
    info = casebook.info()
    assert info.name == "Test case"
    assert len(info.fingerprint) == 19 and info.fingerprint.count("-") == 3
    with casebook.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == NEW_FILE_PAGE_SIZE == 8192


def test_casebook_made_with_smaller_pages_keeps_them(
    casebook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A casebook from before the 8 KiB pages is opened, written and checked as it is: the
    page size of a file with tables never changes (SQLite would need a VACUUM)."""
    with monkeypatch.context() as patch:
        patch.setattr("nkcase.store.sqlite.NEW_FILE_PAGE_SIZE", 4096)
        with create_casebook(casebook_path) as book:
            entities.create_entity(book, "Person", "Ri Won Ho")
    with open_casebook(casebook_path) as book:
        entities.create_entity(book, "Person", "리원호")
        names = sorted(e.caption for e in list_entities(book))
        with book.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert names == ["Ri Won Ho", "리원호"]


def test_create_refuses_existing_file(casebook_path: Path) -> None:
    casebook_path.write_text("x")
    with pytest.raises(CasebookError, match="already exists"):
        create_casebook(casebook_path)


def test_second_writer_is_refused_with_reason_reader_allowed(casebook: Casebook) -> None:
    entities.create_entity(casebook, "Company", "Held Open")
    with pytest.raises(CasebookLockedError, match="already open for writing"):
        open_casebook(casebook.path)
    with open_casebook(casebook.path, readonly=True) as reader:
        assert [e.caption for e in list_entities(reader)] == ["Held Open"]


def test_other_process_is_refused_while_open(casebook: Casebook) -> None:
    code = (
        "import sys; from nkcase.cli.main import main; "
        f"sys.exit(main(['entity', 'add', {str(casebook.path)!r}, '--schema', 'Company', "
        "'--name', 'Racer']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "already open for writing" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_lock_is_released_on_close(casebook_path: Path) -> None:
    create_casebook(casebook_path).close()
    with open_casebook(casebook_path) as again:
        entities.create_entity(again, "Person", "Reopened")
    assert not casebook_path.with_name(casebook_path.name + ".lock").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "not a casebook"), (b"%PDF-1.7\n", "not a casebook"), (b"\x00" * 200, "not a casebook")],
)
def test_non_casebook_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.nkcase"
    path.write_bytes(content)
    with pytest.raises(CasebookError, match=message):
        open_casebook(path)


def test_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("create table t(x)").connection.close()
    with pytest.raises(CasebookError, match="not an nkcase casebook"):
        open_casebook(path)


def test_missing_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CasebookError, match="no casebook"):
        open_casebook(tmp_path / "missing.nkcase")
    with pytest.raises(CasebookError, match="folder"):
        open_casebook(tmp_path)


def test_casebook_from_newer_nkcase_is_refused(casebook_path: Path) -> None:
    create_casebook(casebook_path).close()
    db = sqlite3.connect(casebook_path)
    db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.commit()
    db.close()
    with pytest.raises(CasebookTooNewError, match="newer nkcase"):
        open_casebook(casebook_path)
    assert head_revision() != "9999"
