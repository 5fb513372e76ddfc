"""Team casebook passwords from the OS keyring: stored by ``nkcase server password`` or
``server profile add --keyring``, handed to libpq in memory when the casebook is opened (a real
connection to the throwaway cluster as a role that must give a password), pgpass when the
keyring holds none, and one line pointing to pgpass where there is no keyring at all.

The keyring is an in-memory backend (tests/keyrings.py), so no test touches the machine's real
keyring."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from nkcase.cli.main import main
from nkcase.errors import CasebookError
from nkcase.model import Entity
from nkcase.services import entities
from nkcase.store import open_casebook
from nkcase.store.passwords import SERVICE, keyring_username, store_password
from nkcase.store.profiles import load_profiles
from tests.keyrings import PASSWORD, MemoryKeyring, memory_keyring, no_keyring, password_url

__all__ = ["memory_keyring", "no_keyring", "password_url"]  # fixtures used by name

@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No real profiles file, and no pgpass file unless a test writes one."""
    monkeypatch.setenv("NKCASE_PROFILES", str(tmp_path / "profiles.json"))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def test_the_keyring_username_is_role_at_host_port_database() -> None:
    assert keyring_username("postgresql://anna@db.example/desk") == "anna@db.example:5432/desk"
    assert keyring_username("postgresql://anna@db.example:6543/desk") == (
        "anna@db.example:6543/desk"
    )
    assert keyring_username("postgresql://anna@/desk?host=/run/pg") == "anna@/run/pg:5432/desk"


def test_a_role_that_needs_a_password_connects_with_the_keyrings(
    password_url: str, team_url: str, memory_keyring: MemoryKeyring
) -> None:
    with open_casebook(team_url, actor="anna") as owner:
        entities.create_entity(owner, "Company", "Albatross")
    # Without a password anywhere the server refuses, and the message says where one goes.
    with pytest.raises(CasebookError, match=r"password.*nkcase server password.*pgpass"):
        open_casebook(password_url, readonly=True)

    store_password(password_url, PASSWORD)
    assert memory_keyring.stored == {(SERVICE, keyring_username(password_url)): PASSWORD}
    with open_casebook(password_url, readonly=True) as book, book.reading() as session:
        assert list(session.scalars(select(Entity.caption))) == ["Albatross"]
        # Shown and stored addresses never carry it.
        assert PASSWORD not in book.location


def test_a_wrong_password_in_the_keyring_is_refused_by_the_server(
    password_url: str, memory_keyring: MemoryKeyring
) -> None:
    store_password(password_url, "not the password")
    with pytest.raises(CasebookError, match="password authentication failed"):
        open_casebook(password_url, readonly=True)


def test_without_a_keyring_password_libpq_reads_pgpass(
    password_url: str, memory_keyring: MemoryKeyring, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = make_url(password_url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:{url.database}:{url.username}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert memory_keyring.stored == {}
    with open_casebook(password_url, readonly=True) as book:
        assert book.info().name == "Test case"


def test_server_password_and_profile_add_keyring_from_the_command_line(
    password_url: str, memory_keyring: MemoryKeyring, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSWORD + "\n")
    assert main(["server", "profile", "add", "desk", password_url, "--keyring",
                 "--password-file", str(secret)]) == 0
    username = keyring_username(password_url)
    assert memory_keyring.stored == {(SERVICE, username): PASSWORD}
    saved = load_profiles()
    assert set(saved) == {"desk"} and keyring_username(saved["desk"]) == username
    assert PASSWORD not in (tmp_path / "profiles.json").read_text()
    assert main(["check", "desk"]) == 0
    capsys.readouterr()

    assert main(["server", "password", "desk", "--forget"]) == 0
    assert "removed" in capsys.readouterr().out
    assert memory_keyring.stored == {}
    assert main(["check", "desk"]) == 2  # no password now: refused, one line
    assert len(capsys.readouterr().err.strip().splitlines()) == 1

    assert main(["server", "password", "desk", "--password-file", str(secret)]) == 0
    assert memory_keyring.stored == {(SERVICE, username): PASSWORD}
    assert main(["check", "desk"]) == 0


def test_without_a_usable_keyring_one_line_points_to_pgpass(
    no_keyring: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSWORD)
    address = "postgresql://anna@db.example/desk"
    assert main(["server", "profile", "add", "desk", address, "--keyring",
                 "--password-file", str(secret)]) == 3  # the environment's doing, not the user's
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "no OS keyring" in err and "pgpass" in err
    assert load_profiles() == {}  # nothing saved
    assert main(["server", "password", address, "--password-file", str(secret)]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pgpass" in err
    # Without --keyring the profile is saved as before (its password from pgpass).
    assert main(["server", "profile", "add", "desk", address]) == 0
    assert load_profiles() == {"desk": address}


def test_without_a_usable_keyring_a_casebook_still_opens_through_pgpass(
    no_keyring: None, password_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CasebookError, match=r"pgpass.*no usable OS keyring"):
        open_casebook(password_url, readonly=True)
    url = make_url(password_url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:{url.database}:{url.username}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with open_casebook(password_url, readonly=True) as book:
        assert book.info().name == "Test case"
