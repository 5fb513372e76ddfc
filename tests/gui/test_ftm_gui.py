"""File > Export > FollowTheMoney… and Import FollowTheMoney… on the real threaded runner."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from nkcase.exchange.ftm.validate import Validator
from nkcase.gui.mainwindow import MainWindow
from nkcase.model import Entity

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 20_000


def test_export_ftm_from_the_menu_shortcut(live: MainWindow, qtbot, tmp_path: Path) -> None:
    live.create_entity("Company", "Albatross Trading")
    qtbot.waitUntil(lambda: live.casefile.entity_id is not None, timeout=WAIT_MS)
    assert live.ftm.export_action in live.ftm.export_menu.actions()
    qtbot.keyClick(live, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = live.ftm.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    out = tmp_path / "albatross.ftm.json"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)  # Enter presses Export
    qtbot.waitUntil(lambda: not dialog.running and dialog.status.text().startswith("Wrote"),
                    timeout=WAIT_MS)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["properties"]["name"] for line in lines] == [["Albatross Trading"]]
    assert Validator().lines(lines) == []
    assert "Wrote 1 entities" in dialog.status.text()


def test_cancel_during_an_export_writes_nothing(live: MainWindow, qtbot, tmp_path: Path,
                                                monkeypatch) -> None:
    from nkcase.exchange.ftm import export

    live.create_entity("Company", "Albatross Trading")
    qtbot.waitUntil(lambda: live.casefile.entity_id is not None, timeout=WAIT_MS)
    gate, reading = threading.Event(), threading.Event()
    real_view = export.level_view

    def held_view(*args, **kwargs):  # the export is held open until Cancel was pressed
        reading.set()
        gate.wait(WAIT_MS / 1000)
        return real_view(*args, **kwargs)

    monkeypatch.setattr(export, "level_view", held_view)
    dialog = live.ftm.show_export()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    out = tmp_path / "cancelled.ftm.json"
    dialog.path.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reading.is_set, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    assert dialog.status.text() == "Export cancelled: no file was written."
    assert dialog.isVisible()
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


def test_import_ftm_is_one_undo_step(live: MainWindow, qtbot, tmp_path: Path,
                                    recorded_messages) -> None:
    path = tmp_path / "in.ftm.json"
    path.write_text('{"id": "p1", "schema": "Person", "properties": {"name": ["Kim Su-ok"]}}\n'
                    '{"id": "s1", "schema": "Sanction", "properties": {}}\n', encoding="utf-8")
    live.ftm.import_file(path)
    qtbot.waitUntil(lambda: live.session.undo_stack.count() == 1, timeout=WAIT_MS)
    book = live.session.casebook
    assert book is not None
    with book.reading() as session:
        assert session.scalars(select(Entity.caption)).all() == ["Kim Su-ok"]
    box = live.ftm.report_box  # what was not taken: the Sanction line
    assert box is not None and "1 Sanction line(s) not imported" in box.detailedText()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # OK
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=WAIT_MS)
    live.activateWindow()  # the window manager's part when the box closes (offscreen has none)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is live, timeout=WAIT_MS)
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: live.session.undo_stack.index() == 0, timeout=WAIT_MS)
    with book.reading() as session:
        assert session.scalars(select(Entity.caption)).all() == []
    assert recorded_messages == []
