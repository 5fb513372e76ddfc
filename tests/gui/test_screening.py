"""Screen… in the window: the dialog, the results panel with explanations, review, undo, the
designation in the case file header and the navigator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.screening_dialog import ScreenDialog
from tests.screening.lists import UN_2024

pytestmark = pytest.mark.gui


@pytest.fixture
def listed(opened: MainWindow) -> MainWindow:
    """A casebook with the UN list and two people: a listed one in Hangul, and a decoy."""
    from nkcase.services import entities
    from nkcase.services.lists import import_list

    book = opened.session.casebook
    assert book is not None
    import_list(book, UN_2024)
    for name in ("리원호", "Ri Won Chol"):
        entities.create_entity(book, "Person", name)
    opened.navigator.entities.reload()
    return opened


def _select(window: MainWindow, caption: str) -> str:
    model = window.navigator.entities
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == caption)
    window.navigator.entity_view.selectRow(row)
    entity_id = model.entity_id(row)
    assert entity_id is not None
    return entity_id


def _screen_selected(window: MainWindow, qtbot) -> ScreenDialog:  # type: ignore[no-untyped-def]
    dialog = window.screening.screen_entities()
    assert isinstance(dialog, ScreenDialog)
    qtbot.waitUntil(lambda: bool(dialog.checks))
    [(box, _snapshot)] = dialog.checks
    assert box.isChecked() and "UN Security Council Consolidated List of 2024-09-26" in box.text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return dialog


def test_screen_confirm_designation_and_undo(listed: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    person = _select(listed, "리원호")
    _screen_selected(listed, qtbot)
    panel = listed.screening.panel
    assert listed.screening.dock.isVisible() or listed.screening.dock.isVisibleTo(listed)
    [candidate] = panel.model.rows
    assert (candidate.reference, candidate.matched_name) == ("KPi.033", "RI WON HO")
    html = panel.details.toPlainText()
    assert "family name" in html and "Hangul: RR wonho, MR wŏnho" in html
    assert "1 new" in panel.heading.text()

    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert panel.model.rows[0].status == "confirmed"
    listed.open_entity(person)
    header = listed.casefile.designations
    assert header.isVisibleTo(listed.casefile)
    assert header.text() == "Designated: UN 1718 · KPi.033 · listed 2016-11-30"
    assert "SHA-256" in header.toolTip()
    model = listed.navigator.entities
    row = model.row_of(person)
    assert row is not None and model.index(row, 6).data() == "UN"
    tip = model.index(row, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Designated: UN 1718 · KPi.033"

    listed.undo_action.trigger()  # the confirmation
    assert panel.model.rows[0].status == "open"
    assert not listed.casefile.designations.isVisibleTo(listed.casefile)


def test_a_decoy_finds_nothing_and_reject_asks_a_reason(  # type: ignore[no-untyped-def]
    listed: MainWindow, qtbot, monkeypatch
) -> None:
    _select(listed, "Ri Won Chol")
    _screen_selected(listed, qtbot)
    panel = listed.screening.panel
    assert panel.model.rows == []
    assert "0 candidates" in panel.heading.text()

    _select(listed, "리원호")
    _screen_selected(listed, qtbot)
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("born 1990: another man", True))
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert panel.model.rows[0].status == "rejected"
    assert "born 1990: another man" in panel.details.toPlainText()


def test_screening_on_the_threaded_runner_shows_progress_and_results(
    listed: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from nkcase.gui.tasks import TaskRunner

    listed.session.runner = TaskRunner()
    try:
        panel = listed.screening.panel
        dialog = listed.screening.screen_all()
        assert dialog is not None
        qtbot.waitUntil(lambda: bool(dialog.checks), timeout=10_000)  # type: ignore[attr-defined]
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.running or bool(panel.model.rows), timeout=10_000)
        qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
        assert [c.reference for c in panel.model.rows] == ["KPi.033"]
        assert not panel.cancel_button.isVisible()
    finally:
        listed.session.runner.wait_idle()


def test_cancel_on_the_threaded_runner_records_nothing(listed: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    from nkcase.gui.tasks import TaskRunner
    from nkcase.services.screening_records import list_candidates

    runner = listed.session.runner = TaskRunner()
    gate = threading.Event()
    try:
        runner.write(lambda _task: gate.wait(10))  # the writer is busy: screening waits
        panel = listed.screening.panel
        panel.start(all_entities=True, what="every entity")
        assert panel.running and panel.cancel_button.isVisibleTo(panel)
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
        qtbot.waitUntil(lambda: not panel.running, timeout=20_000)
        assert "nothing was recorded" in panel.heading.text()
        book = listed.session.casebook
        assert book is not None
        with book.reading() as session:
            assert list_candidates(session) == []
    finally:
        gate.set()
        runner.wait_idle()
