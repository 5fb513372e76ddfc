"""The Lists view: snapshots with their counts, what changed between two, import with progress
and Cancel on the real threaded runner, refused files, removal."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.tasks import TaskRunner
from nkcase.services import audit
from nkcase.services.list_records import list_snapshots
from tests.screening.lists import UN_2024, UN_2026


def big_un_list(tmp_path: Path, copies: int = 300) -> Path:
    """The real UN excerpt's records repeated under new DATAIDs: a few thousand records."""
    text = UN_2026.read_text(encoding="utf-8")
    start, end = text.index("<INDIVIDUALS>") + len("<INDIVIDUALS>"), text.index("</INDIVIDUALS>")
    people = text[start:end]
    copies_text = "".join(
        re.sub(r"<DATAID>(\d+)</DATAID>", lambda m, k=k: f"<DATAID>{m[1]}{k:04d}</DATAID>", people)
        for k in range(copies)
    )
    path = tmp_path / "consolidated-big.xml"
    path.write_text(text[:start] + copies_text + text[end:], encoding="utf-8")
    return path


def test_lists_menu_shows_the_view(opened: MainWindow) -> None:
    assert opened.show_lists_action.isEnabled() and opened.import_list_action.isEnabled()
    opened.show_lists_action.trigger()
    assert opened.center.currentWidget() is opened.lists_view
    assert "No list snapshot yet" in opened.lists_view.details.text()


def test_import_two_snapshots_and_see_what_changed(opened: MainWindow) -> None:
    view = opened.lists_view
    view.import_file(UN_2024)
    view.import_file(UN_2026)
    assert "1 added, 1 removed, 1 amended, 10 unchanged" in view.status.text()
    assert view.snapshots.rowCount() == 2
    row = view.table.currentIndex().row()
    assert view.snapshots.data(view.snapshots.index(row, 1)) == "2026-01-28"
    assert view.snapshots.data(view.snapshots.index(row, 2)) == "12"
    assert view.snapshots.data(view.snapshots.index(row, 3)) == "8 Person · 4 Organization"
    assert "SHA-256" in view.details.text()
    assert view.compare_box.count() == 1
    assert view.diff_summary.text() == "1 added, 1 removed, 1 amended, 10 unchanged"
    cells = [
        [view.diff.data(view.diff.index(r, c)) for c in range(5)]
        for r in range(view.diff.rowCount())
    ]
    assert ["Added", "IRe.078"] in [c[:2] for c in cells]
    assert ["Amended", "TAi.007", "Person", "ABDUL LATIF MANSUR", "birth places"] in cells


def test_refused_file_shows_one_line_and_writes_nothing(
    opened: MainWindow, tmp_path: Path, recorded_messages
) -> None:
    bad = tmp_path / "consolidated.xml"
    bad.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><CONSOLIDATED_LIST/>', "utf-8"
    )
    opened.lists_view.import_file(bad)
    (title, text), = recorded_messages
    assert title == "Cannot import the list" and "declares a DTD" in text and "\n" not in text
    assert "nothing was written" in opened.lists_view.status.text()
    assert opened.lists_view.snapshots.rowCount() == 0


def test_remove_snapshot(opened: MainWindow) -> None:
    view = opened.lists_view
    view.import_file(UN_2026)
    assert view.remove_button.isEnabled()
    view.remove_selected(ask=False)
    assert view.snapshots.rowCount() == 0
    assert view.status.text().startswith("Removed list snapshot")


def test_import_on_the_threaded_runner(opened: MainWindow, tmp_path: Path, qtbot) -> None:
    opened.session.runner = TaskRunner()
    view = opened.lists_view
    try:
        task = view.import_file(big_un_list(tmp_path, 100))
        assert task is not None and not task.finished  # returned at once, the window is free
        assert not view.cancel_button.isHidden()
        assert not view.import_button.isEnabled()
        qtbot.waitUntil(lambda: view.snapshots.rowCount() == 1, timeout=60_000)
        assert view.snapshots.snapshot(0).record_count == 100 * 8 + 4
        assert view.cancel_button.isHidden()
    finally:
        opened.session.runner.wait_idle()


def test_cancel_on_the_threaded_runner_leaves_nothing(
    opened: MainWindow, tmp_path: Path, qtbot
) -> None:
    opened.session.runner = TaskRunner()
    view = opened.lists_view
    opened.show_lists()
    path = big_un_list(tmp_path)
    try:
        assert view.import_file(path) is not None
        assert not view.cancel_button.isHidden()
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.import_task is None, timeout=60_000)
        assert view.status.text() == "Import cancelled: nothing was imported."
        casebook = opened.session.casebook
        assert list_snapshots(casebook) == []
        with casebook.reading() as session:
            assert audit.list_events(session) == []
        assert view.import_button.isEnabled()
    finally:
        opened.session.runner.wait_idle()


def test_closing_the_casebook_clears_the_view(opened: MainWindow) -> None:
    opened.lists_view.import_file(UN_2026)
    opened.files.close_casebook()
    assert opened.lists_view.snapshots.rowCount() == 0
    assert not opened.lists_view.import_button.isEnabled()
