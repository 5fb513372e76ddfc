"""Encrypted casebooks: new/open/encrypt/rekey/decrypt round trips, refusals that write nothing,
the cipher settings, the search index inside SQLCipher, and a migration with its backup."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from nkcase.errors import (
    CasebookBusyError,
    CasebookLockedError,
    PassphraseNeededError,
    UsageError,
    WrongPassphraseError,
)
from nkcase.services import entities, sources
from nkcase.services.casefiles import list_entities
from nkcase.services.check import check_casebook
from nkcase.services.search_service import search
from nkcase.store import Casebook, create_casebook, open_casebook
from nkcase.store import encryption as enc
from nkcase.store.casebook import is_encrypted_casebook
from nkcase.store.encryption import CasebookKey
from nkcase.store.lock import lock_path_for
from nkcase.store.migrate import head_revision
from nkcase.store.rekey import encrypt_in_place, export_copy, passphrase_matches
from tests.services.digest import content_digest

PASSPHRASE = "correct horse battery staple"
OTHER = "plaid walrus ninety lanterns"
DATA = Path(__file__).resolve().parent.parent / "data"
NOTE = (
    "Field note. Albatross Trading was registered in Hanoi; its director Ra Kyong-su "
    "(라경수) met the master of the Sea Star at 평양옥류관 in Bangkok.\n"
)


def fill(casebook: Casebook, folder: Path) -> None:
    """Entities, a source and its index: what the round trips must carry across."""
    entities.create_entity(casebook, "Company", "Albatross Trading", aliases=["알바트로스"])
    entities.create_entity(casebook, "Person", "Ra Kyong-su", aliases=["라경수"])
    note = folder / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    outcome, _ = sources.import_file(casebook, note)
    assert outcome.status == "imported"


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_new_encrypted_casebook_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, "Secret case", passphrase=PASSPHRASE) as book:
        assert book.encrypted
        fill(book, tmp_path)
    header = path.read_bytes()[:16]
    assert header != enc.SQLITE_MAGIC
    assert is_encrypted_casebook(path)
    with open_casebook(path, passphrase=PASSPHRASE) as book:
        assert book.info().name == "Secret case"
        assert {"Albatross Trading", "Ra Kyong-su"} <= {e.caption for e in list_entities(book)}
        assert check_casebook(book) == []
    with open_casebook(path, readonly=True, passphrase=PASSPHRASE) as reader:
        assert reader.encrypted and reader.readonly


@pytest.mark.parametrize("readonly", [False, True], ids=["write", "read-only"])
def test_wrong_passphrase_is_refused_and_nothing_is_written(
    tmp_path: Path, readonly: bool
) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, passphrase=PASSPHRASE) as book:
        fill(book, tmp_path)
    before = folder_state(tmp_path)
    with pytest.raises(WrongPassphraseError) as caught:
        open_casebook(path, readonly=readonly, passphrase="not the passphrase at all")
    assert caught.value.message == "case.nkcase: wrong passphrase, or not an nkcase casebook"
    assert caught.value.exit_code == 2
    assert folder_state(tmp_path) == before  # no byte changed, no WAL, no lock file left


def test_no_passphrase_is_refused_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    create_casebook(path, passphrase=PASSPHRASE).close()
    before = folder_state(tmp_path)
    with pytest.raises(PassphraseNeededError, match="encrypted: its passphrase is needed"):
        open_casebook(path)
    assert folder_state(tmp_path) == before


def test_random_bytes_are_not_a_casebook_either_way(tmp_path: Path) -> None:
    odd = tmp_path / "odd.nkcase"
    odd.write_bytes(b"\x93" * 1000)  # not whole pages: refused without a passphrase
    with pytest.raises(Exception, match="not a casebook"):
        is_encrypted_casebook(odd)
    pages = tmp_path / "pages.nkcase"
    pages.write_bytes(bytes(range(256)) * 32)  # whole pages: only the passphrase can tell
    with pytest.raises(WrongPassphraseError):
        open_casebook(pages, passphrase=PASSPHRASE)


def test_a_plain_casebook_ignores_a_passphrase(casebook_path: Path) -> None:
    create_casebook(casebook_path).close()
    with open_casebook(casebook_path, passphrase=PASSPHRASE) as book:
        assert not book.encrypted


def test_short_new_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="too short"):
        create_casebook(tmp_path / "case.nkcase", passphrase="hunter2")
    assert not (tmp_path / "case.nkcase").exists()


def test_passphrase_is_unicode_normalised(tmp_path: Path) -> None:
    composed = "라경수 평양 옥류관 비밀 문구"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    path = tmp_path / "case.nkcase"
    create_casebook(path, passphrase=composed).close()
    with open_casebook(path, passphrase=decomposed) as book:  # typed on macOS
        assert book.encrypted


def test_cipher_settings_and_memory_temp_store(tmp_path: Path) -> None:
    with create_casebook(tmp_path / "case.nkcase", passphrase=PASSPHRASE) as book:
        with book.engine.connect() as conn:
            pragma = conn.exec_driver_sql
            assert pragma("PRAGMA cipher_version").scalar().startswith("4.")
            assert pragma("PRAGMA kdf_iter").scalar() == str(enc.KDF_ITERATIONS)
            assert pragma("PRAGMA cipher_kdf_algorithm").scalar() == "PBKDF2_HMAC_SHA512"
            assert pragma("PRAGMA cipher_hmac_algorithm").scalar() == "HMAC_SHA512"
            assert pragma("PRAGMA cipher_page_size").scalar() == str(enc.CIPHER_PAGE_SIZE)
            assert pragma("PRAGMA temp_store").scalar() == 2  # MEMORY
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert enc.KDF_NAME == "PBKDF2-HMAC-SHA512" and enc.KDF_ITERATIONS >= 256_000


def test_sqlcipher_build_has_fts5_and_the_trigram_tokenizer() -> None:
    conn = enc.sqlcipher().connect(":memory:")
    try:
        options = {row[0] for row in conn.execute("PRAGMA compile_options")}
        assert "ENABLE_FTS5" in options
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'trigram')")
        conn.execute("INSERT INTO t VALUES ('평양옥류관 Bangkok')")
        assert conn.execute("SELECT count(*) FROM t WHERE t MATCH '양옥류'").fetchone()[0] == 1
    finally:
        conn.close()


def test_search_works_in_an_encrypted_casebook(tmp_path: Path) -> None:
    with create_casebook(tmp_path / "case.nkcase", passphrase=PASSPHRASE) as book:
        fill(book, tmp_path)
        kinds = {hit.kind for hit in search(book, "라경수").hits}
        assert {"name", "passage"} <= kinds
        assert search(book, "Sea Star").hits


def test_sqlcipher_opens_our_casebook_with_its_own_key_derivation(tmp_path: Path) -> None:
    """A casebook we keyed with a raw key opens in plain SQLCipher 4 with the passphrase."""
    path = tmp_path / "case.nkcase"
    create_casebook(path, "Interop", passphrase=PASSPHRASE).close()
    conn = enc.sqlcipher().connect(str(path))
    try:
        conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
        assert conn.execute("SELECT name FROM casebook").fetchone()[0] == "Interop"
    finally:
        conn.close()


def test_a_casebook_sqlcipher_encrypted_with_a_passphrase_opens_here(
    tmp_path: Path, casebook_path: Path
) -> None:
    with create_casebook(casebook_path, "Made elsewhere") as book:
        entities.create_entity(book, "Vessel", "Sea Star")
    made = tmp_path / "sqlcipher-made.nkcase"
    conn = enc.sqlcipher().connect(str(casebook_path))
    try:
        conn.execute(f"ATTACH DATABASE '{made}' AS made KEY '{PASSPHRASE}'")
        conn.execute("SELECT sqlcipher_export('made')")
        conn.execute("DETACH DATABASE made")
    finally:
        conn.close()
    with open_casebook(made, passphrase=PASSPHRASE) as book:
        assert [e.caption for e in list_entities(book)] == ["Sea Star"]


def test_encrypt_in_place_keeps_everything_and_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, "Plain at first") as book:
        fill(book, tmp_path)
        digest = content_digest(book)
        encrypt_in_place(book, CasebookKey.new(PASSPHRASE))
        assert book.encrypted
        assert content_digest(book) == digest
        entities.create_entity(book, "Vessel", "Sea Star")  # still open for writing
        assert check_casebook(book) == []
    assert path.read_bytes()[:16] != enc.SQLITE_MAGIC
    assert b"Albatross" not in path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.nkcase", "note.txt"]
    with open_casebook(path, passphrase=PASSPHRASE) as book:
        assert "Sea Star" in {e.caption for e in list_entities(book)}
        assert check_casebook(book) == []


def test_rekey_changes_the_key_and_the_salt(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, passphrase=PASSPHRASE) as book:
        fill(book, tmp_path)
        digest = content_digest(book)
    salt = enc.salt_of(path)
    with open_casebook(path, passphrase=PASSPHRASE) as book:
        assert passphrase_matches(book, PASSPHRASE) and not passphrase_matches(book, OTHER)
        encrypt_in_place(book, CasebookKey.new(OTHER))
        assert passphrase_matches(book, OTHER)
    assert enc.salt_of(path) != salt
    with pytest.raises(WrongPassphraseError):
        open_casebook(path, passphrase=PASSPHRASE)
    with open_casebook(path, passphrase=OTHER) as book:
        assert content_digest(book) == digest
        assert check_casebook(book) == []


def test_decrypt_writes_a_plain_copy_and_leaves_the_casebook_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, passphrase=PASSPHRASE) as book:
        fill(book, tmp_path)
        digest = content_digest(book)
    plain = tmp_path / "out" / "plain.nkcase"
    plain.parent.mkdir()
    with open_casebook(path, readonly=True, passphrase=PASSPHRASE) as book:
        export_copy(book, plain, None)
    assert plain.read_bytes()[:16] == enc.SQLITE_MAGIC
    assert sorted(p.name for p in plain.parent.iterdir()) == ["plain.nkcase"]
    with open_casebook(plain) as copy:
        assert not copy.encrypted
        assert content_digest(copy) == digest
        assert check_casebook(copy) == []
    assert is_encrypted_casebook(path)


def test_an_encrypted_copy_opens_with_its_own_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, passphrase=PASSPHRASE) as book:
        fill(book, tmp_path)
        export_copy(book, tmp_path / "copy.nkcase", CasebookKey.new(OTHER))
        digest = content_digest(book)
    with open_casebook(tmp_path / "copy.nkcase", passphrase=OTHER) as copy:
        assert content_digest(copy) == digest


def test_backup_of_an_encrypted_casebook_is_encrypted_with_the_same_key(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, passphrase=PASSPHRASE) as book:
        fill(book, tmp_path)
        book.backup(tmp_path / "backup.nkcase")
    data = (tmp_path / "backup.nkcase").read_bytes()
    assert data[:16] != enc.SQLITE_MAGIC and b"Albatross" not in data
    with open_casebook(tmp_path / "backup.nkcase", passphrase=PASSPHRASE) as copy:
        assert "Albatross Trading" in {e.caption for e in list_entities(copy)}


READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute("SELECT count(*) FROM entity").fetchone()[0], flush=True)
sys.stdin.read()  # keep the file open until the test closes our stdin
"""


def test_encrypting_is_refused_while_another_program_has_the_file_open(
    casebook_path: Path,
) -> None:
    with create_casebook(casebook_path) as book:
        entities.create_entity(book, "Company", "Albatross Trading")
        other = subprocess.Popen(
            [sys.executable, "-c", READER, str(casebook_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        try:
            assert other.stdout is not None and other.stdout.readline().strip() == "1"
            with pytest.raises(CasebookBusyError, match="another program"):
                encrypt_in_place(book, CasebookKey.new(PASSPHRASE))
        finally:
            other.communicate("", timeout=30)
        assert not book.encrypted
        entities.create_entity(book, "Vessel", "Sea Star")  # the casebook is still usable
    assert casebook_path.read_bytes()[:16] == enc.SQLITE_MAGIC
    assert len(list(casebook_path.parent.glob(".*partial*"))) == 0


def test_key_is_wiped_when_the_casebook_closes(tmp_path: Path) -> None:
    book = create_casebook(tmp_path / "case.nkcase", passphrase=PASSPHRASE)
    key = book.provider.key  # type: ignore[attr-defined]
    assert "hidden" in repr(key) and not key.wiped
    book.close()
    assert key.wiped
    with pytest.raises(Exception, match="locked"):
        key.pragma_value()


def test_lock_file_of_an_encrypted_casebook_names_nobody(tmp_path: Path) -> None:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, "Ri Kyong-su network", passphrase=PASSPHRASE):
        holder = json.loads(lock_path_for(path).read_text(encoding="utf-8"))
        assert set(holder) == {"pid", "since"}
        with pytest.raises(CasebookLockedError) as caught:
            open_casebook(path, passphrase=PASSPHRASE)
        assert "process" in caught.value.message and " of " not in caught.value.message
    with create_casebook(tmp_path / "plain.nkcase") as plain:
        holder = json.loads(lock_path_for(plain.path).read_text(encoding="utf-8"))
        assert {"user", "host"} <= set(holder)
        encrypt_in_place(plain, CasebookKey.new(PASSPHRASE))  # it names nobody from now on
        holder = json.loads(lock_path_for(plain.path).read_text(encoding="utf-8"))
        assert set(holder) == {"pid", "since"}


def encrypted_copy_of(fixture: Path, target: Path, passphrase: str) -> None:
    """An encrypted casebook at an older schema revision: the fixture, exported by SQLCipher."""
    conn = enc.sqlcipher().connect(str(fixture))
    try:
        conn.execute(f"ATTACH DATABASE '{target}' AS target KEY '{passphrase}'")
        conn.execute("SELECT sqlcipher_export('target')")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()


def test_migration_of_an_encrypted_casebook_writes_an_encrypted_backup(tmp_path: Path) -> None:
    fixture = DATA / "casebook-rev0001.nkcase"
    plain = tmp_path / "fixture.nkcase"
    shutil.copy(fixture, plain)
    path = tmp_path / "case.nkcase"
    encrypted_copy_of(plain, path, PASSPHRASE)
    plain.unlink()
    with open_casebook(path, passphrase=PASSPHRASE) as book:
        assert book.upgraded is not None
        assert book.upgraded.from_revision == "0001"
        assert book.upgraded.to_revision == head_revision()
        assert check_casebook(book) == []
        assert "Albatross Trading" in {e.caption for e in list_entities(book)}
        backup = book.upgraded.backup_path
    data = backup.read_bytes()
    assert data[:16] != enc.SQLITE_MAGIC
    for secret in ("Albatross", "알바트로스", "Ra Kyong-su"):
        assert secret.encode() not in data
    conn = enc.sqlcipher().connect(str(backup))
    try:
        conn.execute(f"PRAGMA key = '{PASSPHRASE}'")  # the same passphrase opens the backup
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    finally:
        conn.close()


def test_doctor_checks_sqlcipher() -> None:
    from nkcase import doctor

    result = doctor.check_sqlcipher()
    assert result.ok and result.detail.startswith("SQLCipher 4.")


def test_sanctions_lists_and_screening_in_an_encrypted_casebook(tmp_path: Path) -> None:
    """List files go in without incremental blob I/O (sqlcipher3 has none), verify, screen."""
    from nkcase.services.list_records import verify_list_files
    from nkcase.services.lists import import_list
    from nkcase.services.screening import screen
    from tests.screening.lists import UN_2024

    with create_casebook(tmp_path / "case.nkcase", passphrase=PASSPHRASE) as book:
        result = import_list(book, UN_2024)
        assert result.snapshot.record_count > 0
        assert verify_list_files(book) == (1, [])
        person = entities.create_entity(book, "Person", "리원호").subject_id
        assert person is not None
        [subject] = screen(book, entity_ids=[person]).subjects
        assert [c.reference for c in subject.candidates] == ["KPi.033"]
        assert check_casebook(book) == []


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_no_connection_opens_while_the_file_is_being_replaced(
    tmp_path: Path, passphrase: str | None
) -> None:
    """Work that reaches the store during a re-encryption is told it is busy, never given a
    connection to the file about to be replaced."""
    from nkcase.store import rekey

    with create_casebook(tmp_path / "case.nkcase", passphrase=passphrase) as book:
        entities.create_entity(book, "Company", "Albatross Trading")
        with (
            rekey._alone(book, book.provider),  # type: ignore[arg-type]
            pytest.raises(CasebookBusyError, match="rewritten under a new key"),
        ):
            list_entities(book)
        assert [e.caption for e in list_entities(book)] == ["Albatross Trading"]
