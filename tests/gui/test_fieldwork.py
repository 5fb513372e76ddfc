"""Fieldwork copies from the app on a team casebook, on the real threaded runner with real input
events: select entities in the navigator, Check out for fieldwork… (level, passphrase, file),
Cancel while it runs, and Check in fieldwork copy… back as one undoable step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from nkcase.gui.fieldwork_dialog import CheckoutDialog
from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.merge_dialog import MergeDialog
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import TaskRunner
from nkcase.model import Entity, Fact
from nkcase.services import entities
from nkcase.store import Casebook, open_casebook
from tests.fixtures.informant import InformantCase, build_informant_case

pytestmark = pytest.mark.gui

WAIT_MS = 20_000
PASSPHRASE = "field kit 2026"


@pytest.fixture
def case(team_url: str, tmp_path: Path) -> InformantCase:
    with open_casebook(team_url, actor="desk") as owner:
        found = build_informant_case(owner, tmp_path)
        entities.create_entity(owner, "Vessel", "Sea Star")
        return found


@pytest.fixture
def team_window(qtbot, settings: Settings, recorded_messages, team_url: str, case: InformantCase,
                tmp_path: Path) -> Iterator[MainWindow]:
    settings.set_last_folder(tmp_path)
    win = MainWindow(settings, TaskRunner())
    qtbot.addWidget(win)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    win.files.open_team(team_url)
    qtbot.waitUntil(lambda: win.session.casebook is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: win.navigator.entities.rowCount() == 3, timeout=WAIT_MS)
    yield win
    win.session.detach()


def _select(qtbot, window: MainWindow, captions: list[str]) -> None:
    """Click the first, Ctrl+click the others, in the navigator's entity list."""
    view = window.navigator.entity_view
    model = window.navigator.entities
    for number, caption in enumerate(captions):
        [row] = [r for r in range(model.rowCount()) if model.index(r, 0).data() == caption]
        rect = view.visualRect(model.index(row, 0))
        modifier = Qt.KeyboardModifier.ControlModifier if number else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
        qtbot.waitUntil(lambda c=caption: c in window.navigator.selected_entity_captions(),
                        timeout=WAIT_MS)
    assert sorted(window.navigator.selected_entity_captions()) == sorted(captions)


def _names(book: Casebook) -> set[str]:
    with book.reading() as session:
        return set(session.scalars(select(Entity.caption)))


def _fill(qtbot, dialog: CheckoutDialog, out: Path, level: str, passphrase: str | None) -> None:
    dialog.level.setFocus()
    while dialog.level.currentText() != level:
        qtbot.keyClick(dialog.level, Qt.Key.Key_Up)
    dialog.path.setFocus()
    qtbot.keyClick(dialog.path, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.path, str(out))
    if passphrase is not None:
        qtbot.mouseClick(dialog.encrypt, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.fields.first, passphrase)
        assert not dialog.ok_button.isEnabled()  # not repeated yet
        qtbot.keyClicks(dialog.fields.second, passphrase)
    assert dialog.ok_button.isEnabled(), (dialog.problem.text(), dialog.fields.problem())


def test_check_out_the_selected_entities_at_a_level_encrypted(
    qtbot, team_window: MainWindow, case: InformantCase, tmp_path: Path
) -> None:
    window = team_window
    assert window.fieldwork.checkout_action.isEnabled()
    assert window.fieldwork.checkout_action in window.navigator.entity_view.actions()
    _select(qtbot, window, ["Albatross Trading", "Sea Star"])
    window.fieldwork.checkout_action.trigger()
    dialog = window.fieldwork.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.entities.text() == "Albatross Trading, Sea Star"
    out = tmp_path / "field.nkcase"
    _fill(qtbot, dialog, out, "public", PASSPHRASE)
    with qtbot.waitSignal(window.fieldwork.checked_out, timeout=WAIT_MS) as done:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.path == out and result.level == "public" and result.encrypted
    assert "Checked out 2 entities at public to field.nkcase" in window.statusBar().currentMessage()
    with open_casebook(out, readonly=True, passphrase=PASSPHRASE) as copy:
        # the chosen two; the informant (protected, known only from the debrief) stays behind
        assert _names(copy) == {"Albatross Trading", "Sea Star"}
        with copy.reading() as session:
            values = set(session.scalars(select(Fact.value)))
    assert not any("0071-4432-19" in value for value in values)


def test_cancel_while_the_checkout_runs_leaves_no_file(
    qtbot, team_window: MainWindow, team_url: str, tmp_path: Path
) -> None:
    window = team_window
    _select(qtbot, window, ["Sea Star"])
    out = tmp_path / "cancelled.nkcase"
    # Another connection holds the entity table: the checkout waits on its first read.
    blocker = psycopg.connect(team_url.replace("postgresql://", "postgresql://", 1))
    try:
        blocker.execute("LOCK TABLE entity IN ACCESS EXCLUSIVE MODE")
        window.fieldwork.checkout_action.trigger()
        dialog = window.fieldwork.dialog
        assert dialog is not None
        _fill(qtbot, dialog, out, "internal", None)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        progress = window.fieldwork.progress
        assert progress is not None
        qtbot.waitUntil(progress.isVisible, timeout=WAIT_MS)
        [cancel] = [b for b in progress.findChildren(QPushButton) if b.text() == "Cancel"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        blocker.rollback()  # the checkout goes on, sees the Cancel, and removes its file
        blocker.close()
    qtbot.waitUntil(lambda: "Checkout cancelled" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)
    assert not out.exists()
    assert not list(tmp_path.glob("cancelled.nkcase*"))


def _worked_offline(qtbot, window: MainWindow, tmp_path: Path) -> Path:
    """Sea Star checked out at internal, flagged and a company added in the field."""
    _select(qtbot, window, ["Sea Star"])
    out = tmp_path / "sea-star.nkcase"
    with qtbot.waitSignal(window.fieldwork.checked_out, timeout=WAIT_MS):
        window.fieldwork.checkout(window.navigator.selected_entity_ids(), out, "internal")
    with open_casebook(out, actor="anna in the field") as field:
        with field.reading() as session:
            vessel = session.scalars(select(Entity.id).where(Entity.caption == "Sea Star")).one()
        entities.edit_entity(field, vessel, add_props=[("flag", "kp")])
        entities.create_entity(field, "Company", "Harbour Lotus Trading")
    return out


def test_check_in_a_fieldwork_copy_as_one_undoable_step(
    qtbot, team_window: MainWindow, tmp_path: Path
) -> None:
    window = team_window
    book = window.session.casebook
    assert book is not None
    out = _worked_offline(qtbot, window, tmp_path)

    with qtbot.waitSignal(window.exchange.merge_planned, timeout=WAIT_MS) as planned:
        window.fieldwork.checkin(out)
    dialog: MergeDialog = planned.args[0]
    assert dialog.plan.questions == [] and dialog.merge_button.isEnabled()
    with qtbot.waitSignal(window.exchange.merged, timeout=WAIT_MS) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged.args[0] is not None
    assert "Harbour Lotus Trading" in _names(book)
    qtbot.waitUntil(lambda: window.navigator.entities.rowCount() == 4, timeout=WAIT_MS)
    assert window.session.undo_stack.count() == 1  # the check-in is one step
    window.session.undo()
    qtbot.waitUntil(lambda: "Harbour Lotus Trading" not in _names(book), timeout=WAIT_MS)


def test_the_fieldwork_actions_are_offered_for_a_team_casebook_only(
    qtbot, settings: Settings, tmp_path: Path
) -> None:
    win = MainWindow(settings, TaskRunner())
    qtbot.addWidget(win)
    assert not win.fieldwork.checkout_action.isEnabled()
    assert win.files.new_casebook(tmp_path / "file.nkcase")
    try:
        assert not win.fieldwork.checkout_action.isEnabled()
        assert not win.fieldwork.checkin_action.isEnabled()
    finally:
        win.session.detach()


def test_cancel_while_checking_in_merges_nothing(
    qtbot, team_window: MainWindow, team_url: str, tmp_path: Path
) -> None:
    from nkcase.store.postgres import WRITER_LOCK_KEY

    window = team_window
    book = window.session.casebook
    assert book is not None
    out = _worked_offline(qtbot, window, tmp_path)
    with qtbot.waitSignal(window.exchange.merge_planned, timeout=WAIT_MS) as planned:
        window.fieldwork.checkin(out)
    dialog: MergeDialog = planned.args[0]
    # Another writer holds the casebook's writer lock: the merge, compared again, then waits
    # at the start of its transaction, where Cancel finds it.
    blocker = psycopg.connect(team_url)
    try:
        blocker.execute(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.exchange.progress is not None
                        and window.exchange.progress.labelText() == "Merging…", timeout=WAIT_MS)
        progress = window.exchange.progress
        assert progress is not None and progress.isVisible()
        [cancel] = [b for b in progress.findChildren(QPushButton) if b.text() == "Cancel"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        blocker.rollback()  # the merge goes on, sees the Cancel, and rolls back
        blocker.close()
    assert "cancelled, nothing merged" in window.statusBar().currentMessage()
    window.session.runner.wait_idle()
    qtbot.wait(100)  # the reply of the abandoned merge
    assert "Harbour Lotus Trading" not in _names(book)
    assert window.session.undo_stack.count() == 0
