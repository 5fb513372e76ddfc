"""The audit log: one event per action, hash-chained; tampering is found and named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nkcase.cli.main import main
from nkcase.services import audit, entities
from nkcase.services.check import check_casebook
from nkcase.store import Casebook, open_casebook


def make_events(casebook: Casebook, n: int = 5) -> None:
    for i in range(n):
        entities.create_entity(casebook, "Company", f"Company {i}")


def tamper(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    db.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    for sql in statements:
        db.execute(sql)
    db.commit()
    db.close()


def test_each_action_appends_one_chained_event(casebook: Casebook, backend: str) -> None:
    make_events(casebook, 3)
    with casebook.reading() as session:
        events = audit.list_events(session)
    assert [e.seq for e in events] == [1, 2, 3]
    # A team casebook's audit also names the database role the investigator connected as.
    expected = "test-investigator" + (" (role postgres)" if backend == "postgresql" else "")
    assert all(e.actor == expected for e in events)
    assert events[0].summary == "Create Company Company 0"
    first_change = events[0].changes
    assert any(c["table"] == "entity" and c["before"] is None for c in first_change)
    assert check_casebook(casebook) == []


def test_database_refuses_to_edit_audit_rows(casebook: Casebook) -> None:
    make_events(casebook, 1)
    casebook.close()
    db = sqlite3.connect(casebook.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_event SET actor = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_event")
    db.close()


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (["UPDATE audit_event SET summary = 'Create Company Innocent' WHERE seq = 3"], "#3"),
        (["UPDATE audit_event SET actor = 'someone else' WHERE seq = 2"], "#2"),
        (["DELETE FROM audit_event WHERE seq = 2"], "#2"),
        (["DELETE FROM audit_event WHERE seq = 5"], "#5"),
    ],
)
def test_tampering_is_detected_and_named(
    casebook: Casebook, statements: list[str], expected: str
) -> None:
    make_events(casebook, 5)
    casebook.close()
    tamper(casebook.path, *statements)
    with open_casebook(casebook.path, readonly=True) as reopened:
        problems = check_casebook(reopened)
    assert problems, "tampering went unnoticed"
    assert any(expected in line for line in problems), problems


def test_cli_check_fails_on_tampering(
    casebook: Casebook, capsys: pytest.CaptureFixture[str]
) -> None:
    make_events(casebook, 3)
    casebook.close()
    assert main(["check", str(casebook.path)]) == 0
    tamper(casebook.path, "UPDATE audit_event SET summary = 'nothing happened' WHERE seq = 2")
    capsys.readouterr()
    assert main(["check", str(casebook.path)]) == 1
    out = capsys.readouterr().out
    assert "audit event #2" in out and "altered" in out
    assert "append-only guard was removed" in out
