"""GUI test fixtures: a main window with temporary settings and a fresh casebook each.

Most tests use the synchronous task runner (every job runs at once, so a test reads like a
script). ``live`` is the window as the app runs it: the real threaded :class:`TaskRunner`, shown
on screen, driven by real input events (the main flows run there too, as Vorta runs its real
jobs). Dialogs that would block (message boxes) are recorded instead of shown; file dialogs are
never opened (tests call the actions' path-taking methods).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nkcase.gui import errors as gui_errors
from nkcase.gui.gui_thread_gc import GuiThreadCollector
from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import SyncTaskRunner, TaskRunner

pytestmark = pytest.mark.gui

ALBATROSS_TEXT = (
    "Field notes, harbour district.\n\n"
    "Albatross was registered in Hanoi in 2016 as a trading company.\n"
    "Its director, Ra Kyong-su, also signed for the Sea Star charter in 2018.\n"
    "Staff at the Pyongyang Okryu restaurant said supplies came through Albatross.\n"
)


@pytest.fixture(autouse=True)
def gui_thread_gc(qapp) -> Iterator[GuiThreadCollector]:
    """As in the app: reference cycles are collected on the GUI thread, never on a worker."""
    collector = GuiThreadCollector()
    yield collector
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def recorded_messages() -> Iterator[list[tuple[str, str]]]:
    gui_errors.dialogs_enabled = False
    gui_errors.shown_messages.clear()
    yield gui_errors.shown_messages
    gui_errors.shown_messages.clear()
    gui_errors.dialogs_enabled = True


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.at(tmp_path / "settings" / "nkcase.ini")


@pytest.fixture
def window(qtbot, settings: Settings, recorded_messages) -> Iterator[MainWindow]:
    win = MainWindow(settings, SyncTaskRunner())
    qtbot.addWidget(win)
    win.files.password_prompt = lambda _path, _retry: None
    yield win
    win.session.detach()


@pytest.fixture
def opened(window: MainWindow, casebook_path: Path) -> MainWindow:
    """The window with a new, empty casebook open."""
    assert window.files.new_casebook(casebook_path)
    return window


@pytest.fixture
def live(qtbot, settings: Settings, recorded_messages, casebook_path: Path) -> Iterator[MainWindow]:
    """The main window on the real threaded runner, shown, with a new, empty casebook open."""
    win = MainWindow(settings, TaskRunner())
    qtbot.addWidget(win)
    win.files.password_prompt = lambda _path, _retry: None
    win.show()
    qtbot.waitExposed(win)
    assert win.files.new_casebook(casebook_path)
    yield win
    win.session.detach()  # waits for the writer and the read pool


@pytest.fixture
def albatross_file(tmp_path: Path) -> Path:
    path = tmp_path / "docs" / "harbour-notes.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(ALBATROSS_TEXT, encoding="utf-8")
    return path
