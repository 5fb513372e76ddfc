"""File > Open team casebook… connects on the runner's read pool, behind a progress dialog with
Cancel: the window keeps working while a server does not answer, Cancel stops waiting, and a
failed connection is one line whose title names the kind of failure — on the real threaded
runner, with the address typed and Open clicked."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from sqlalchemy.engine import make_url

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import TaskRunner
from tests.keyrings import memory_keyring, password_url

__all__ = ["memory_keyring", "password_url"]  # fixtures used by name

pytestmark = pytest.mark.gui


@pytest.fixture
def win(qtbot, settings: Settings, recorded_messages, tmp_path, monkeypatch
        ) -> Iterator[MainWindow]:
    from nkcase.store.profiles import PROFILES_ENV

    monkeypatch.setenv(PROFILES_ENV, str(tmp_path / "no-profiles.json"))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    window = MainWindow(settings, TaskRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.session.detach()
    window.session.runner.wait_idle()


def open_address(qtbot, window: MainWindow, address: str) -> None:
    """File > Open team casebook…, type the address, click Open."""
    window.open_team_action.trigger()
    dialog = window.files.team_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.address, address)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)


def failure(qtbot, window: MainWindow, recorded_messages, address: str) -> tuple[str, str]:
    open_address(qtbot, window, address)
    qtbot.waitUntil(lambda: bool(recorded_messages), timeout=15000)
    [(title, text)] = recorded_messages
    assert window.session.casebook is None
    assert "\n" not in text, "one line"
    assert "Traceback" not in text and "unexpected" not in title
    return title, text


@pytest.fixture
def closed_port() -> int:
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_that_cannot_be_reached_is_named_so(
    qtbot, win: MainWindow, recorded_messages, closed_port: int
) -> None:
    title, text = failure(qtbot, win, recorded_messages,
                          f"postgresql://anna@127.0.0.1:{closed_port}/desk")
    assert title == "Server unreachable"
    assert text.startswith(f"cannot reach the server of postgresql://anna@127.0.0.1:{closed_port}")
    assert "Connection refused" in text


def test_a_wrong_password_is_a_refused_login(
    qtbot, win: MainWindow, recorded_messages, password_url: str, memory_keyring
) -> None:
    wrong = make_url(password_url).set(password="not the password")
    title, text = failure(qtbot, win, recorded_messages,
                          wrong.render_as_string(hide_password=False))
    assert title == "Login refused"
    assert "password authentication failed" in text
    assert "not the password" not in text


def test_a_database_that_holds_no_casebook_is_named_so(
    qtbot, win: MainWindow, recorded_messages, pg_cluster, team_url: str
) -> None:
    empty = f"{make_url(team_url).database}_empty"
    pg_cluster.sql(f"CREATE DATABASE {empty}")
    try:
        title, text = failure(qtbot, win, recorded_messages, pg_cluster.url(empty))
        assert title == "Not an nkcase casebook"
        assert "nkcase server init" in text
        recorded_messages.clear()
        title, text = failure(qtbot, win, recorded_messages, pg_cluster.url(f"{empty}_none"))
        assert title == "Not an nkcase casebook"
        assert "does not exist" in text
    finally:
        pg_cluster.sql(f"DROP DATABASE IF EXISTS {empty} WITH (FORCE)")


def test_a_missing_database_driver_is_an_installation_fault(
    qtbot, win: MainWindow, recorded_messages, team_url: str, monkeypatch
) -> None:
    with monkeypatch.context() as broken:
        broken.setitem(sys.modules, "psycopg", None)  # what a broken install leaves
        title, text = failure(qtbot, win, recorded_messages, team_url)
    assert title == "Installation fault"
    assert text.startswith("nkcase is missing the module psycopg")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """An address whose server accepts the connection and never answers (a hung server or a
    firewall that swallows packets): libpq waits for it until the connect timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    try:
        yield f"postgresql://anna@127.0.0.1:{listener.getsockname()[1]}/desk"
    finally:
        listener.close()  # the waiting connection ends: nothing is left running


def test_the_window_keeps_working_while_connecting_and_cancel_stops_waiting(
    qtbot, win: MainWindow, recorded_messages, silent_server: str
) -> None:
    open_address(qtbot, win, silent_server)
    attempt = win.files.team_open
    assert attempt is not None
    progress = attempt.progress
    qtbot.waitUntil(progress.isVisible, timeout=3000)
    assert "Connecting to postgresql://anna@127.0.0.1" in progress.labelText()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=3000)  # the event loop runs
    timer.stop()
    assert attempt.task is not None and not attempt.task.finished  # still connecting
    statuses: list[str] = []
    win.files.status.connect(statuses.append)
    cancel = next(b for b in progress.findChildren(type(win.cancel_button))
                  if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not progress.isVisible(), timeout=3000)
    assert statuses == [f"Did not open {attempt.where}"]
    assert win.session.casebook is None
    assert not recorded_messages
