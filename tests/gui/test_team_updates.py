"""A team casebook open in the app hears other analysts' changes (LISTEN/NOTIFY) and refreshes
the views they affect: the navigator and the open case file, on the real threaded runner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import TaskRunner
from nkcase.services import entities
from nkcase.services.casefiles import list_entities
from nkcase.store import open_casebook
from nkcase.store.passwords import store_password
from tests.keyrings import PASSWORD, memory_keyring, password_url

__all__ = ["memory_keyring", "password_url"]  # fixtures used by name

pytestmark = pytest.mark.gui


@pytest.fixture
def team_window(
    qtbot, settings: Settings, recorded_messages, team_url: str
) -> Iterator[MainWindow]:
    win = MainWindow(settings, TaskRunner())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.files.open_team(team_url)
    qtbot.waitUntil(lambda: win.session.casebook is not None, timeout=10000)
    yield win
    win.session.detach()


def test_a_change_from_another_connection_refreshes_the_open_views(
    qtbot, team_window: MainWindow, team_url: str
) -> None:
    window = team_window
    window.create_entity("Company", "Albatross Trading")
    qtbot.waitUntil(lambda: window.navigator.entities.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.casefile.title.text() == "Albatross Trading", timeout=5000)

    with open_casebook(team_url, actor="ben") as colleague:  # another analyst's connection
        entities.create_entity(colleague, "Person", "Ra Kyong-su")
        (company,) = [e.id for e in list_entities(colleague) if e.caption == "Albatross Trading"]
        entities.edit_entity(colleague, company, name="Albatross Trading Co")

    qtbot.waitUntil(lambda: window.navigator.entities.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.casefile.title.text() == "Albatross Trading Co", timeout=5000)
    # Ben's operations are not on this analyst's undo stack: undo still names our own step.
    assert "Albatross Trading" in window.undo_action.text()
    assert "Ra Kyong-su" not in window.undo_action.text()


def test_open_team_casebook_from_a_profile_in_the_file_menu(
    qtbot, settings: Settings, recorded_messages, team_url: str, tmp_path, monkeypatch
) -> None:
    from PySide6.QtCore import Qt

    from nkcase.store.profiles import PROFILES_ENV, load_profiles, save_profile

    monkeypatch.setenv(PROFILES_ENV, str(tmp_path / "profiles.json"))
    save_profile("desk", team_url)
    with open_casebook(team_url, actor="ben") as colleague:
        entities.create_entity(colleague, "Vessel", "Sea Swallow")
    win = MainWindow(settings, TaskRunner())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        win.open_team_action.trigger()
        dialog = win.files.team_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.profiles.count() == 1
        assert dialog.profiles.item(0).text().startswith("desk — postgresql://")
        assert dialog.location() == load_profiles()["desk"]
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: win.session.casebook is not None, timeout=5000)
        qtbot.waitUntil(lambda: win.navigator.entities.rowCount() == 1, timeout=5000)
        assert not recorded_messages
    finally:
        win.session.detach()


def test_the_team_dialog_opens_only_a_postgresql_address(
    qtbot, settings: Settings, tmp_path, monkeypatch
) -> None:
    from nkcase.store.profiles import PROFILES_ENV

    monkeypatch.setenv(PROFILES_ENV, str(tmp_path / "none.json"))
    win = MainWindow(settings, TaskRunner())
    qtbot.addWidget(win)
    win.files.open_team_dialog()
    dialog = win.files.team_dialog
    assert dialog is not None
    assert not dialog.profiles.isVisible() and not dialog.open_button.isEnabled()
    qtbot.keyClicks(dialog.address, "/home/anna/case.nkcase")
    assert not dialog.open_button.isEnabled()
    dialog.address.clear()
    qtbot.keyClicks(dialog.address, "postgresql://anna@db.example/desk")
    assert dialog.open_button.isEnabled()
    dialog.reject()


def test_the_app_opens_a_team_casebook_with_the_password_from_the_keyring(
    qtbot, settings: Settings, recorded_messages, password_url: str, memory_keyring,
    monkeypatch: pytest.MonkeyPatch, tmp_path,
) -> None:
    """File > Open team casebook…, a profile whose role must give a password: refused (saying
    where a password goes) until the keyring holds it, then opened with it."""
    from PySide6.QtCore import Qt

    from nkcase.store.profiles import PROFILES_ENV, save_profile

    monkeypatch.setenv(PROFILES_ENV, str(tmp_path / "profiles.json"))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    save_profile("desk", password_url)
    win = MainWindow(settings, TaskRunner())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)

    def open_desk() -> None:
        win.open_team_action.trigger()
        dialog = win.files.team_dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    open_desk()
    qtbot.waitUntil(lambda: bool(recorded_messages), timeout=5000)
    assert win.session.casebook is None
    assert "nkcase server password" in str(recorded_messages[-1])

    store_password(password_url, PASSWORD)
    recorded_messages.clear()
    try:
        open_desk()
        qtbot.waitUntil(lambda: win.session.casebook is not None, timeout=5000)
        assert not recorded_messages
        assert PASSWORD not in win.session.casebook.location
    finally:
        win.session.detach()
