"""Start and files: welcome view, new/open/close, recent casebooks, locks, upgrades, layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import SyncTaskRunner
from nkcase.store import create_casebook

DATA = Path(__file__).resolve().parent.parent / "data"


def test_welcome_then_new_casebook(window: MainWindow, casebook_path: Path, settings: Settings):
    assert window.pages.currentWidget() is window.welcome
    assert not window.import_action.isEnabled()
    assert not window.export_action.isEnabled()

    assert window.files.new_casebook(casebook_path)

    assert window.pages.currentWidget() is window.splitter
    assert casebook_path.name in window.windowTitle()
    assert window.import_action.isEnabled()
    assert window.export_action.isEnabled()
    assert settings.recent_files() == [casebook_path.resolve()]
    assert window.welcome.recent_model.stringList() == [str(casebook_path.resolve())]


def test_close_and_reopen_from_recent(window: MainWindow, casebook_path: Path):
    window.files.new_casebook(casebook_path)
    window.create_entity("Company", "Albatross Trading")
    window.files.close_casebook()
    assert window.session.casebook is None
    assert window.pages.currentWidget() is window.welcome

    window.welcome.recent_requested.emit(str(casebook_path))

    assert window.session.casebook is not None
    assert window.navigator.entities.rowCount() == 1


def test_casebook_open_elsewhere_is_refused_with_reason(window, casebook_path, recorded_messages):
    other = create_casebook(casebook_path, "held elsewhere")
    try:
        assert not window.files.open_casebook(casebook_path)
    finally:
        other.close()
    assert window.session.casebook is None
    title, text = recorded_messages[-1]
    assert title == "Casebook in use"
    assert casebook_path.name in text


def test_missing_casebook_is_reported_and_dropped_from_recent(window, tmp_path, settings,
                                                             recorded_messages):
    gone = tmp_path / "gone.nkcase"
    settings.add_recent(gone)
    assert not window.files.open_casebook(gone)
    assert recorded_messages[-1][0] == "Cannot open the casebook"
    assert gone.resolve() not in settings.recent_files()


def test_opening_an_older_casebook_says_it_was_upgraded(window, tmp_path, recorded_messages):
    older = sorted(DATA.glob("casebook-rev0001.nkcase"))[0]  # a released, older revision
    target = tmp_path / older.name
    shutil.copy2(older, target)

    assert window.files.open_casebook(target)

    title, text = recorded_messages[-1]
    assert title == "Casebook upgraded"
    assert "backup" in text
    assert window.session.casebook is not None
    assert str(window.session.casebook.upgraded.backup_path) in text


def test_layout_is_remembered(qtbot, settings: Settings, recorded_messages):
    first = MainWindow(settings, SyncTaskRunner())
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    qtbot.waitUntil(lambda: first.width() == 700)
    first.splitter.setSizes([200, 500])
    sizes = first.splitter.sizes()
    first.save_layout()

    second = MainWindow(settings, SyncTaskRunner())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.width() == 700)
    assert second.splitter.sizes()[0] == pytest.approx(sizes[0], abs=10)


def test_recent_list_is_capped_and_most_recent_first(settings: Settings, tmp_path: Path):
    for i in range(15):
        settings.add_recent(tmp_path / f"c{i}.nkcase")
    settings.add_recent(tmp_path / "c3.nkcase")
    recent = settings.recent_files()
    assert len(recent) == 10
    assert recent[0] == (tmp_path / "c3.nkcase").resolve()
    assert len(set(recent)) == 10


def test_gui_cmds_registers_open():
    import argparse

    from nkcase.cli import gui_cmds

    parser = argparse.ArgumentParser()
    gui_cmds.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["open", "x.nkcase"])
    assert args.casebook == "x.nkcase"
    assert args.handler is gui_cmds.cmd_open
