"""An in-memory OS keyring and a cluster role that must give a password, for the tests of
team casebook passwords (the store's, the command line's and the app's).

The keyring is set through keyring's public API (``keyring.set_keyring``) and put back after,
so no test touches the machine's real keyring."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy.engine import make_url

PASSWORD = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.stored.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """What a headless Linux without a Secret Service has: keyring's ``fail`` backend."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def password_url(team_url: str, pg_cluster: Any) -> Iterator[str]:
    """The team casebook's address as a role the cluster asks for a password (scram-sha-256).

    The throwaway cluster trusts every local connection; one pg_hba line for this role alone,
    put first, makes it give a password, so every other test connects as before."""
    database = make_url(team_url).database
    role = f"keyed_{database}"
    pg_cluster.sql(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
    pg_cluster.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database)
    hba = Path(pg_cluster.data) / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(f"local all {role} scram-sha-256\n{original}")
    pg_cluster.sql("SELECT pg_reload_conf()")
    url = str(pg_cluster.url(database, user=role))
    _wait_until_password_is_asked(url)
    try:
        yield url
    finally:
        hba.write_text(original)
        pg_cluster.sql("SELECT pg_reload_conf()")


def _wait_until_password_is_asked(url: str) -> None:
    """The server reloads pg_hba.conf on its own time after pg_reload_conf()."""
    import psycopg

    for _ in range(100):
        try:
            psycopg.connect(url).close()
        except psycopg.OperationalError as err:
            if "password" in str(err):
                return
            raise
        time.sleep(0.05)
    raise AssertionError("the cluster did not start asking for a password")
