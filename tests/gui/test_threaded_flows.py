"""The main flows on the real threaded task runner, driven by real input events.

Drop to import, select to quote, undo and redo with the keyboard, search, export: as a person
does them, with writes on the writer thread and reads on the pool. Where a flow must overlap a
long read or write, the test holds one open on purpose (a gate), so that the overlap is certain
rather than left to timing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.quote_dialog import QuoteLinkDialog
from nkcase.model import Entity
from nkcase.services import entities
from nkcase.services.casefiles import list_entities
from nkcase.services.quote_records import quotes_for_source
from nkcase.store import Casebook

from .conftest import ALBATROSS_TEXT

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 20_000


def _drop(window: MainWindow, paths: list[Path]) -> None:
    """Drag files over the window and drop them: the events a file manager's drag sends."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    button, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    copy = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPointF(40, 40), copy, mime, button, none)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDragMoveEvent(QPointF(60, 60), copy, mime, button, none))
    QApplication.sendEvent(window, QDropEvent(QPointF(60, 60), copy, mime, button, none))


def _imported(recorded_messages: list[tuple[str, str]], count: int) -> Callable[[], bool]:
    return lambda: sum(t == "Import finished" for t, _ in recorded_messages) >= count


def _casebook(window: MainWindow) -> Casebook:
    book = window.session.casebook
    assert book is not None
    return book


@contextmanager
def _held(window: MainWindow, kind: str, qtbot) -> Iterator[threading.Event]:
    """Keep a read (on the pool) or a write transaction (on the writer) open until released."""
    book, holding, release = _casebook(window), threading.Event(), threading.Event()

    def hold(_task: object) -> None:
        with book.reading() if kind == "read" else book.writing() as session:
            session.scalar(select(func.count()).select_from(Entity))  # the snapshot starts
            holding.set()
            release.wait(WAIT_MS / 1000)

    runner = window.session.runner
    (runner.read if kind == "read" else runner.write)(hold)
    assert holding.wait(10)
    try:
        yield release
    finally:
        release.set()


def _text_point(window: MainWindow, offset: int) -> QPoint:
    text = window.reader.text
    cursor = QTextCursor(text.document())
    cursor.setPosition(text.offsets.to_qt(offset))
    return text.cursorRect(cursor).center()


def _open_source_by_mouse(window: MainWindow, qtbot) -> str:
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # the Sources tab
    view = window.navigator.source_view
    qtbot.waitUntil(lambda: window.navigator.sources.rowCount() >= 1, timeout=WAIT_MS)
    rect = view.visualRect(window.navigator.sources.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(window.reader.text.text), timeout=WAIT_MS)
    assert window.reader.source_id is not None
    return window.reader.source_id


def test_drop_to_import_and_search_while_a_write_is_running(live: MainWindow, qtbot,
                                                            albatross_file: Path,
                                                            recorded_messages):
    _drop(live, [albatross_file])
    qtbot.waitUntil(_imported(recorded_messages, 1), timeout=WAIT_MS)
    second = albatross_file.with_name("ship-notes.txt")
    second.write_text("The Sea Star took on fuel from another tanker near Hanoi.\n", "utf-8")

    with _held(live, "write", qtbot) as release:  # a long import holding the writer
        _drop(live, [second])  # queued behind it
        qtbot.keyClick(live, Qt.Key.Key_F, CTRL | SHIFT)
        assert live.search.query.hasFocus()
        qtbot.keyClicks(live.search.query, "Hanoi")
        qtbot.keyClick(live.search.query, Qt.Key.Key_Return)
        # the search answers while the write is still open: reads never wait for writes
        qtbot.waitUntil(lambda: live.search.model.rowCount() >= 1, timeout=WAIT_MS)
        assert not _imported(recorded_messages, 2)()
        release.set()
    qtbot.waitUntil(_imported(recorded_messages, 2), timeout=WAIT_MS)
    assert "1 imported" in recorded_messages[-1][1]
    qtbot.waitUntil(lambda: live.navigator.sources.rowCount() == 2, timeout=WAIT_MS)


def test_select_to_quote_then_undo_and_redo_with_the_keyboard(live: MainWindow, qtbot,
                                                             albatross_file: Path,
                                                             recorded_messages):
    book = _casebook(live)
    entities.create_entity(book, "Company", "Albatross Trading", aliases=["Albatross"])
    live.names.reload()
    _drop(live, [albatross_file])
    qtbot.waitUntil(_imported(recorded_messages, 1), timeout=WAIT_MS)
    source_id = _open_source_by_mouse(live, qtbot)

    sentence = "Albatross was registered in Hanoi in 2016 as a trading company."
    start = ALBATROSS_TEXT.index(sentence)
    text = live.reader.text
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=_text_point(live, start))
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, SHIFT,
                     pos=_text_point(live, start + len(sentence)))
    assert text.selected_range() is not None
    picked, end = text.selected_range()  # type: ignore[misc]
    assert ALBATROSS_TEXT[picked:end].startswith("Albatross was registered")
    assert live.quote_action.isEnabled()

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QuoteLinkDialog)
        qtbot.keyClicks(dialog.picker.search, "albatross")
        qtbot.waitUntil(lambda: dialog.picker.current_id() is not None, timeout=WAIT_MS)
        ok = dialog.buttons.buttons()[0]
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_dialog)
    qtbot.keyClick(text, Qt.Key.Key_L, CTRL)  # Quote and link…: a modal dialog
    qtbot.waitUntil(lambda: len(quotes_for_source(book, source_id)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(text.extraSelections()) == 1, timeout=WAIT_MS)

    # the window manager gives the main window back its focus when the dialog closes
    live.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is live, timeout=WAIT_MS)
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: quotes_for_source(book, source_id) == [], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: text.extraSelections() == [], timeout=WAIT_MS)
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(quotes_for_source(book, source_id)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not live.session.replaying, timeout=WAIT_MS)
    assert live.undo_action.text().replace("&", "").startswith("Undo Link quote")


def test_ctrl_z_during_a_long_search_undoes(live: MainWindow, qtbot, recorded_messages):
    live.create_entity("Company", "Albatross Trading")
    book = _casebook(live)
    qtbot.waitUntil(lambda: len(list_entities(book)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: live.navigator.entities.rowCount() == 1, timeout=WAIT_MS)

    with _held(live, "read", qtbot):  # a long search holding its snapshot open
        qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: list_entities(book) == [], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: live.navigator.entities.rowCount() == 0, timeout=WAIT_MS)
        assert live.session.undo_stack.index() == 0
    assert not [m for m in recorded_messages if "unexpected" in m[0]]


def test_two_quick_undos_run_in_order_on_the_writer(live: MainWindow, qtbot):
    book = _casebook(live)
    live.create_entity("Company", "Albatross Trading")
    qtbot.waitUntil(lambda: live.session.undo_stack.count() == 1, timeout=WAIT_MS)
    entity_id = live.session.undo_stack.command(0).change.subject_id  # type: ignore[attr-defined]
    live.session.apply(lambda cb: entities.add_note(cb, entity_id, "Seen in Hanoi"))
    qtbot.waitUntil(lambda: live.session.undo_stack.count() == 2, timeout=WAIT_MS)

    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)  # pressed before the first has finished
    qtbot.waitUntil(lambda: live.session.undo_stack.index() == 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not live.session.replaying, timeout=WAIT_MS)
    assert list_entities(book) == []


def test_a_busy_casebook_during_undo_keeps_the_step_and_says_why(live: MainWindow, qtbot,
                                                                 recorded_messages,
                                                                 monkeypatch):
    from nkcase.errors import CasebookBusyError
    from nkcase.services import history

    live.create_entity("Company", "Albatross Trading")
    qtbot.waitUntil(lambda: live.session.undo_stack.count() == 1, timeout=WAIT_MS)

    def busy(_casebook: Casebook, _change: object) -> None:
        raise CasebookBusyError("case.nkcase is busy: another program kept it locked")

    monkeypatch.setattr(history, "undo", busy)
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: bool(recorded_messages), timeout=WAIT_MS)
    assert recorded_messages[-1] == ("Cannot undo",
                                     "case.nkcase is busy: another program kept it locked")
    assert live.session.undo_stack.index() == 1 and live.undo_action.isEnabled()
    monkeypatch.undo()
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)  # the same step, tried again, undoes
    qtbot.waitUntil(lambda: live.session.undo_stack.index() == 0, timeout=WAIT_MS)


def test_export_with_the_keyboard(live: MainWindow, qtbot, tmp_path: Path):
    live.create_entity("Company", "Albatross Trading")
    qtbot.waitUntil(lambda: live.casefile.entity_id is not None, timeout=WAIT_MS)
    qtbot.keyClick(live, Qt.Key.Key_E, CTRL)
    dialog = live.export_dialog
    assert isinstance(dialog, QDialog)
    qtbot.waitExposed(dialog)
    out = tmp_path / "albatross.pdf"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)  # Enter presses Export
    qtbot.waitUntil(out.exists, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    assert out.read_bytes().startswith(b"%PDF")
