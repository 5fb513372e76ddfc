"""Team casebooks on PostgreSQL: made and opened by address or profile, the audit names the
role, the database guards the audit log, files are streamed, and two writer processes doing
1,000 operations each leave one verified audit chain with nothing lost."""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DatabaseError

from nkcase.cli.main import main
from nkcase.errors import CasebookError, UsageError
from nkcase.model import Entity, ListSnapshot, ListSnapshotFile, new_id, utc_now
from nkcase.services import audit, entities
from nkcase.services.check import check_casebook
from nkcase.store import open_casebook
from nkcase.store.profiles import save_profile


@pytest.fixture
def empty_url(pg_cluster: Any) -> str:
    name = f"nk_empty_{new_id()[:8]}"
    pg_cluster.sql(f"CREATE DATABASE {name}")
    return str(pg_cluster.url(name))


def test_server_init_then_every_command_takes_the_address_or_a_profile(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NKCASE_PROFILES", str(tmp_path / "profiles.json"))
    assert main(["server", "init", empty_url, "--name", "Desk"]) == 0
    assert main(["server", "profile", "add", "desk", empty_url]) == 0
    assert main(["entity", "add", "desk", "--schema", "Company", "--name", "Albatross"]) == 0
    assert main(["entity", "add", empty_url, "--schema", "Person", "--name", "Ra Kyong-su"]) == 0
    capsys.readouterr()
    assert main(["search", "desk", "albatross"]) == 0
    assert "Albatross" in capsys.readouterr().out
    assert main(["check", "desk"]) == 0
    assert main(["server", "init", "desk"]) == 2  # already a casebook: refused, one line
    assert "already holds a casebook" in capsys.readouterr().err


def test_a_profile_never_stores_a_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NKCASE_PROFILES", str(tmp_path / "profiles.json"))
    with pytest.raises(UsageError, match="pgpass"):
        save_profile("desk", "postgresql://anna:secret@db.example/desk")
    assert not (tmp_path / "profiles.json").exists()


def test_opening_a_database_that_is_no_casebook_says_so(empty_url: str) -> None:
    with pytest.raises(CasebookError, match="nkcase server init"):
        open_casebook(empty_url)


def test_audit_names_the_role_and_the_server_refuses_to_edit_it(team_url: str) -> None:
    with open_casebook(team_url, actor="anna") as book:
        entities.create_entity(book, "Company", "Albatross")
        with book.reading() as session:
            (event,) = audit.list_events(session)
        assert event.actor == "anna (role postgres)"
        writer = book.provider.writer(book.engine)
        with writer.connect() as conn, pytest.raises(DatabaseError, match="append-only"):
            conn.execute(text("UPDATE audit_event SET actor = 'mallory'"))


def test_a_large_file_is_streamed_in_and_hashed_in_slices(team_url: str, tmp_path: Path) -> None:
    big = tmp_path / "list.xml"
    with big.open("wb") as handle:
        for i in range(5):  # 5 MiB in 1 MiB chunks, not all alike
            handle.write(bytes([i]) * (1024 * 1024))
    expected = hashlib.sha256(big.read_bytes()).hexdigest()
    with open_casebook(team_url) as book, book.writing() as session:
        provider = book.provider
        snapshot = new_id()
        session.execute(insert(ListSnapshot).values(
            id=snapshot, list_code="t", format="t", publisher="t", title="t", file_name="t",
            sha256=expected, size=big.stat().st_size, record_count=0, counts="{}",
            warnings="[]", imported_at=utc_now(), imported_by="t",
        ))
        file_id = new_id()
        session.execute(insert(ListSnapshotFile).values(
            id=file_id, snapshot_id=snapshot, role="main", file_name="list.xml",
            sha256=expected, size=big.stat().st_size, data=provider.reserve_file(0),
        ))
        conn = session.connection()
        key = ("id", file_id)
        assert provider.write_file(conn, "list_snapshot_file", "data", key, big) == expected
        assert provider.stored_file_sha256(conn, "list_snapshot_file", "data", key) == expected


def _writer(url: str, who: str, count: int) -> None:
    with open_casebook(url, actor=who) as book:
        for i in range(count):
            entities.create_entity(book, "Company", f"{who} {i}")


@pytest.mark.slow
def test_two_writer_processes_lose_nothing_and_keep_one_chain(team_url: str) -> None:
    count = 1000
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=_writer, args=(team_url, w, count)) for w in ("anna", "ben")]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=600)
        assert process.exitcode == 0
    with open_casebook(team_url, readonly=True) as book:
        assert check_casebook(book) == []
        assert audit.verify_chain(book.engine) == []
        with book.reading() as session:
            captions = session.scalars(select(Entity.caption)).all()
            events = audit.list_events(session)
        assert book.info().audit_count == 2 * count
    assert len(captions) == 2 * count
    for who in ("anna", "ben"):
        assert {f"{who} {i}" for i in range(count)} <= set(captions)
    assert [e.seq for e in events] == list(range(1, 2 * count + 1))


def test_undo_of_ones_own_edit_is_refused_when_a_colleague_changed_it_since(team_url: str) -> None:
    from nkcase.errors import ConflictError
    from nkcase.services import history

    with open_casebook(team_url, actor="anna") as anna, open_casebook(team_url, actor="ben") as ben:
        company = entities.create_entity(anna, "Company", "Albatross").subject_id
        assert company is not None
        mine = entities.edit_entity(anna, company, summary="Registered in Hanoi, 2016")
        entities.edit_entity(ben, company, summary="Registered in Hanoi, 2016; closed 2020")
        with pytest.raises(ConflictError, match=r"changed since by ben \(role postgres\)") as err:
            history.undo(anna, mine)
        assert "nothing was changed" in str(err.value)
        with anna.reading() as session:  # nothing was written: Ben's summary stands
            entity = session.get(Entity, company)
            assert entity is not None and entity.summary.endswith("closed 2020")
        assert check_casebook(anna) == []


def test_fieldwork_checkout_offline_edits_checkin(team_url: str, tmp_path: Path) -> None:
    with open_casebook(team_url, actor="anna") as team:
        company = entities.create_entity(team, "Company", "Albatross").subject_id
        assert company is not None
    field = tmp_path / "field.nkcase"
    assert main(["checkout", team_url, "--all", "--level", "internal", "--out", str(field)]) == 0
    with open_casebook(field, actor="anna in the field") as offline:  # offline edits
        entities.create_entity(offline, "Vessel", "Sea Star")
        entities.edit_entity(offline, company, summary="Seen at Nampo, March 2019")
    assert main(["checkin", str(field), team_url]) == 0
    with open_casebook(team_url, readonly=True) as team:
        assert check_casebook(team) == []
        with team.reading() as session:
            captions = set(session.scalars(select(Entity.caption)))
            entity = session.get(Entity, company)
            assert entity is not None and entity.summary == "Seen at Nampo, March 2019"
    assert captions == {"Albatross", "Sea Star"}


def test_a_failed_connection_says_which_kind_of_failure_in_one_line(
    pg_cluster: Any, empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from nkcase.errors import NotACasebookError, ServerLoginError, ServerUnreachableError

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cases = [
        (f"postgresql://anna@127.0.0.1:{port}/desk", ServerUnreachableError, "cannot reach"),
        (f"postgresql://anna@/desk?host={pg_cluster.socket_dir}/nowhere",
         ServerUnreachableError, "cannot reach"),
        (str(pg_cluster.url("postgres", user="nobody_here")), ServerLoginError,
         'refused the login: role "nobody_here" does not exist'),
        (str(pg_cluster.url("no_such_database")), NotACasebookError, "is not an nkcase casebook"),
        (empty_url, NotACasebookError, "nkcase server init"),
    ]
    for address, kind, words in cases:
        with pytest.raises(kind) as caught:
            open_casebook(address)
        assert words in caught.value.message and "\n" not in caught.value.message
        assert main(["entity", "list", address]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err


def _failed(message: str, sqlstate: str | None = None, **pgconn: bool) -> Any:
    """A connection failure as SQLAlchemy hands it over: psycopg's error (the class PostgreSQL's
    SQLSTATE names, else a plain OperationalError) wrapped in a DBAPIError."""
    from types import SimpleNamespace

    import psycopg
    from sqlalchemy.exc import OperationalError

    kind = psycopg.errors.lookup(sqlstate) if sqlstate else psycopg.OperationalError
    orig = kind(message, pgconn=SimpleNamespace(**pgconn) if pgconn else None)
    return OperationalError("connect", None, orig)


@pytest.mark.parametrize(
    ("message", "sqlstate", "expected"),
    [
        # The SQLSTATE wins over English wording that points elsewhere...
        ('connection to server at "db", port 5432 failed: Connection refused', "28P01",
         "ServerLoginError"),
        ('connection to server failed: FATAL:  password authentication failed for user "anna"',
         "08006", "ServerUnreachableError"),
        ('FATAL:  role "anna" does not exist', "53300", "CasebookError"),
        # ...and decides where the server speaks another language (lc_messages).
        ("FATAL:  Datenbank »desk« existiert nicht", "3D000", "NotACasebookError"),
        ("FATAL:  la authentification par mot de passe a échoué pour l'utilisateur « anna »",
         "28P01", "ServerLoginError"),
        ("FATAL:  для пользователя \"anna\" не найдена запись в pg_hba.conf", "28000",
         "ServerLoginError"),
        ("не удалось подключиться к серверу", "08001", "ServerUnreachableError"),
    ],
)
def test_a_failed_connection_is_classified_by_its_sqlstate_first(
    message: str, sqlstate: str, expected: str
) -> None:
    from nkcase.store.team import connection_error

    error = connection_error("postgresql://anna@db/desk", _failed(message, sqlstate))
    assert type(error).__name__ == expected, error.message
    assert "\n" not in error.message


def test_without_a_sqlstate_libpqs_flags_then_its_wording_decide() -> None:
    from nkcase.errors import ServerLoginError, ServerUnreachableError
    from nkcase.store.team import connection_error

    where = "postgresql://anna@db/desk"
    # libpq was asked for a password it did not have, whatever the words
    missing = _failed("Verbindung fehlgeschlagen: kein Passwort angegeben", needs_password=True)
    assert isinstance(connection_error(where, missing), ServerLoginError)
    refused = _failed('connection to server at "db", port 5432 failed: Connection refused',
                      needs_password=False)
    assert isinstance(connection_error(where, refused), ServerUnreachableError)
    # other words without a SQLSTATE: the server's own, in one line, of no particular kind
    other = connection_error(where, _failed("FATAL:  Datenbank »desk« existiert nicht"))
    assert type(other) is CasebookError and "existiert nicht" in other.message
