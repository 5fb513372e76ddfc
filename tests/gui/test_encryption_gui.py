"""Encrypted casebooks in the window: the passphrase prompt with retry (the real dialog, typed
into), New with encryption, Change passphrase on the threaded runner with undo kept, Close and
lock, auto-lock after idle minutes, and an import's bytes not kept in the undo history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.passphrase_dialogs import (
    ChangePassphraseDialog,
    NewCasebookDialog,
    PassphraseDialog,
)
from nkcase.services import entities
from nkcase.services.casefiles import list_entities
from nkcase.services.list_records import list_snapshots
from nkcase.services.stored_values import StoredValue
from nkcase.store import create_casebook, open_casebook
from tests.screening.lists import UN_2026

pytestmark = pytest.mark.timeout(120)

PASSPHRASE = "correct horse battery staple"
NEW = "plaid walrus ninety lanterns"
WAIT_MS = 20_000


def when_modal(qtbot, kind: type[QDialog], act: Callable[[QDialog], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` once it is shown (it blocks in exec)."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not (isinstance(dialog, kind) and dialog.isVisible()):
            QTimer.singleShot(20, look)
            return
        try:
            act(dialog)
        except BaseException:
            dialog.reject()  # a failed check must not leave the test blocked in exec()
            raise

    QTimer.singleShot(0, look)


def type_and_enter(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def make_encrypted(path: Path) -> Path:
    with create_casebook(path, "Border case", passphrase=PASSPHRASE) as book:
        entities.create_entity(book, "Person", "Ra Kyong-su", aliases=["라경수"])
    return path


def test_prompt_asks_again_after_a_wrong_passphrase_then_opens(
    qtbot, window: MainWindow, casebook_path: Path, recorded_messages
) -> None:
    make_encrypted(casebook_path)
    errors: list[str] = []

    def answer(dialog: PassphraseDialog, text: str, then: Callable[[], None] | None) -> None:
        errors.append("" if dialog.error.isHidden() else dialog.error.text())
        if then is not None:
            then()
        type_and_enter(qtbot, dialog.field, text)

    def second() -> None:
        when_modal(qtbot, PassphraseDialog, lambda d: answer(d, PASSPHRASE, None))

    when_modal(qtbot, PassphraseDialog, lambda d: answer(d, "not the passphrase", second))
    assert window.files.open_casebook(casebook_path)
    assert errors == ["", "Wrong passphrase, or not an nkcase casebook. Try again."]
    book = window.session.casebook
    assert book is not None and book.encrypted
    assert [e.caption for e in list_entities(book)] == ["Ra Kyong-su"]
    assert window.windowTitle().startswith("case.nkcase")
    assert recorded_messages == []  # a wrong passphrase is said in the prompt, not a box


def test_cancelling_the_prompt_opens_nothing(
    qtbot, window: MainWindow, casebook_path: Path, recorded_messages
) -> None:
    make_encrypted(casebook_path)
    before = casebook_path.read_bytes()
    when_modal(qtbot, PassphraseDialog, lambda d: d.reject())
    assert not window.files.open_casebook(casebook_path)
    assert window.session.casebook is None and recorded_messages == []
    assert casebook_path.read_bytes() == before


def test_new_casebook_encrypted_with_a_passphrase(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "border.nkcase"
    states: list[bool] = []

    def fill(dialog: NewCasebookDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.location.setText(str(target))
        dialog.encrypt.setFocus()
        qtbot.keyClick(dialog.encrypt, Qt.Key.Key_Space)
        states.append(ok.isEnabled())  # no passphrase yet
        qtbot.keyClicks(dialog.fields.first, "too short")
        qtbot.keyClicks(dialog.fields.second, "too short")
        states.append(ok.isEnabled())
        dialog.fields.clear()
        qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
        qtbot.keyClicks(dialog.fields.second, PASSPHRASE + "x")
        states.append(ok.isEnabled())  # the two differ
        assert "differ" in dialog.fields.status.text()
        qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Backspace)
        states.append(ok.isEnabled())
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_modal(qtbot, NewCasebookDialog, fill)
    window.files.new_dialog()
    assert states == [False, False, False, True]
    book = window.session.casebook
    assert book is not None and book.encrypted and book.path == target
    window.session.detach()
    with open_casebook(target, passphrase=PASSPHRASE) as reopened:
        assert reopened.encrypted


def test_change_passphrase_on_the_threaded_runner_keeps_undo(
    qtbot, live: MainWindow, casebook_path: Path, recorded_messages
) -> None:
    session = live.session
    session.apply(lambda cb: entities.create_entity(cb, "Company", "Albatross Trading"))
    qtbot.waitUntil(lambda: session.undo_stack.count() == 1, timeout=WAIT_MS)
    assert live.encryption.passphrase_action.text() == "&Encrypt with a passphrase…"

    def encrypt(dialog: ChangePassphraseDialog) -> None:
        assert dialog.current.isHidden()  # a plain casebook has no passphrase yet
        qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
        type_and_enter(qtbot, dialog.fields.second, PASSPHRASE)

    when_modal(qtbot, ChangePassphraseDialog, encrypt)
    live.encryption.passphrase_action.trigger()
    qtbot.waitUntil(lambda: session.casebook is not None and session.casebook.encrypted
                    and not session.reencrypting, timeout=WAIT_MS)
    assert live.encryption.passphrase_action.text() == "Change &passphrase…"
    assert b"Albatross" not in casebook_path.read_bytes()

    session.undo()  # the history made before encrypting still applies
    qtbot.waitUntil(lambda: session.undo_stack.index() == 0, timeout=WAIT_MS)
    assert session.casebook is not None and list_entities(session.casebook) == []

    wrong_seen: list[bool] = []

    def change(dialog: ChangePassphraseDialog) -> None:
        qtbot.keyClicks(dialog.current, "not the current one")
        qtbot.keyClicks(dialog.fields.first, NEW)
        type_and_enter(qtbot, dialog.fields.second, NEW)  # refused: the current is wrong
        wrong_seen.append(not dialog.error.isHidden() and dialog.isVisible())
        dialog.current.clear()
        qtbot.keyClicks(dialog.current, PASSPHRASE)
        qtbot.keyClick(dialog.current, Qt.Key.Key_Return)

    when_modal(qtbot, ChangePassphraseDialog, change)
    live.encryption.passphrase_action.trigger()
    qtbot.waitUntil(lambda: not session.reencrypting and "Changed the passphrase"
                    in live.statusBar().currentMessage(), timeout=WAIT_MS)
    assert wrong_seen == [True]
    live.session.detach()
    with open_casebook(casebook_path, passphrase=NEW) as book:
        assert book.encrypted


def test_close_and_lock_drops_the_key(
    qtbot, window: MainWindow, casebook_path: Path
) -> None:
    make_encrypted(casebook_path)
    window.files.passphrase_prompt = lambda _path, _error: PASSPHRASE
    assert window.files.open_casebook(casebook_path)
    book = window.session.casebook
    assert book is not None
    key = book.provider.key  # type: ignore[attr-defined]
    assert window.encryption.lock_action.isEnabled()
    window.encryption.lock_action.trigger()
    assert window.session.casebook is None and key.wiped
    assert "Locked case.nkcase" in window.statusBar().currentMessage()
    assert not window.encryption.lock_action.isEnabled()


def test_auto_lock_after_idle_minutes_but_not_during_work(
    qtbot, window: MainWindow, casebook_path: Path, settings
) -> None:
    make_encrypted(casebook_path)
    window.files.passphrase_prompt = lambda _path, _error: PASSPHRASE
    assert window.files.open_casebook(casebook_path)
    idle = window.encryption.idle
    window.encryption.set_auto_lock(5)
    assert settings.auto_lock_minutes() == 5 and idle.timer.isActive()
    assert idle.timer.interval() == 5 * 60_000

    working = {"now": True}
    window.encryption._is_working = lambda: working["now"]
    idle.timer.setInterval(30)
    idle.restart()
    qtbot.wait(200)  # the minutes passed, but an import was running: not locked
    assert window.session.casebook is not None and idle.timer.isActive()
    working["now"] = False
    idle.timer.start(30)
    qtbot.waitUntil(lambda: window.session.casebook is None, timeout=WAIT_MS)
    assert "after 5 idle minutes" in window.statusBar().currentMessage()


def test_a_removal_confirmed_after_the_idle_lock_closed_the_casebook_does_nothing(
    qtbot, window: MainWindow, casebook_path: Path, recorded_messages
) -> None:
    """The question "Remove list snapshot?" left open past the idle minutes: the casebook is
    locked under it, and the Yes that comes after finds no casebook to remove from. (The job
    used to read the window's casebook when it ran: None, an unexpected error reported.)"""
    make_encrypted(casebook_path)
    window.files.passphrase_prompt = lambda _path, _error: PASSPHRASE
    assert window.files.open_casebook(casebook_path)
    view = window.lists_view
    view.import_file(UN_2026)
    assert view.remove_button.isEnabled()
    window.encryption.set_auto_lock(5)

    def yes_once_locked(question: QDialog) -> None:
        qtbot.waitUntil(lambda: window.session.casebook is None, timeout=WAIT_MS)
        assert isinstance(question, QMessageBox)
        question.button(QMessageBox.StandardButton.Yes).click()

    when_modal(qtbot, QMessageBox, yes_once_locked)
    window.encryption.idle.timer.start(30)  # the minutes pass while the question is open
    view.remove_button.click()
    assert window.session.casebook is None
    assert recorded_messages == []
    with open_casebook(casebook_path, readonly=True, passphrase=PASSPHRASE) as book:
        assert len(list_snapshots(book)) == 1


def test_auto_lock_is_off_for_plain_casebooks_and_by_default(opened: MainWindow) -> None:
    assert opened.encryption.idle.minutes == 0
    opened.encryption.set_auto_lock(1)
    assert not opened.encryption.idle.timer.isActive()  # nothing to lock in a plain casebook


def test_an_import_keeps_no_document_bytes_in_the_undo_history(
    opened: MainWindow, albatross_file: Path
) -> None:
    opened.files.import_paths([albatross_file])
    stack = opened.session.undo_stack
    assert stack.count() == 1
    change = stack.command(0).change
    data = albatross_file.read_bytes()
    values = [v for row in change.rows for state in (row.before, row.after) if state
              for v in state.values()]
    assert not any(isinstance(v, bytes) and len(v) >= len(data) // 2 for v in values)
    assert any(isinstance(v, StoredValue) and v.length == len(data) for v in values)
    opened.session.undo()  # the undo takes the bytes back out of the database for a redo
    assert stack.index() == 0 and change.parked
    opened.session.redo()
    assert stack.index() == 1 and not change.parked  # back in the database, out of memory
