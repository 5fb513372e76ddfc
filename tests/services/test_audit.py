"""The audit log: one event per action, hash-chained; tampering is found and named."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError

from nkcase.cli.main import main
from nkcase.services import audit, entities
from nkcase.services.check import check_casebook
from nkcase.store import Casebook, open_casebook
from tests.backends import behind_nkcase


def make_events(casebook: Casebook, n: int = 5) -> None:
    for i in range(n):
        entities.create_entity(casebook, "Company", f"Company {i}")


def tamper(casebook: Casebook, *statements: str) -> None:
    behind_nkcase(casebook, *statements)


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
    for statement in ("UPDATE audit_event SET actor = 'mallory'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError, match="append-only"):
            behind_nkcase(casebook, statement, guards=True)


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
    tamper(casebook, *statements)
    with open_casebook(casebook.location, readonly=True) as reopened:
        problems = check_casebook(reopened)
    assert problems, "tampering went unnoticed"
    assert any(expected in line for line in problems), problems


def test_cli_check_fails_on_tampering(
    casebook: Casebook, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make_events(casebook, 3)
    casebook.close()
    assert main(["check", casebook.location]) == 0
    tamper(casebook, "UPDATE audit_event SET summary = 'nothing happened' WHERE seq = 2")
    capsys.readouterr()
    assert main(["check", casebook.location]) == 1
    out = capsys.readouterr().out
    assert "audit event #2" in out and "altered" in out
    if backend == "sqlite":  # PostgreSQL's guards stay: the replica role bypassed them
        assert "append-only guard was removed" in out
