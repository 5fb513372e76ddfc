"""File > Merge casebook… and File > Export > Casebook copy at a level… on the real threaded
runner: the plan on the read pool, the decision dialog driven by keys and clicks, the merge on
the writer as one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.merge_dialog import MergeDialog
from nkcase.model import Entity, Fact
from nkcase.services import entities
from nkcase.store import Casebook, open_casebook

WAIT_MS = 20_000


def _book(window: MainWindow) -> Casebook:
    book = window.session.casebook
    assert book is not None
    return book


def _flags(book: Casebook) -> list[str]:
    with book.reading() as session:
        return sorted(session.scalars(select(Fact.value).where(Fact.prop == "flag")))


def _names(book: Casebook) -> set[str]:
    with book.reading() as session:
        return set(session.scalars(select(Entity.caption)))


def test_merge_flow_with_a_decision_and_undo(live: MainWindow, qtbot, tmp_path: Path) -> None:
    book = _book(live)
    vessel = entities.create_entity(book, "Vessel", "Sea Star", props=[("flag", "tg")])
    assert vessel.subject_id is not None
    other_path = tmp_path / "fieldwork.nkcase"
    book.backup(other_path)
    with open_casebook(other_path, actor="colleague") as other:
        entities.edit_entity(other, vessel.subject_id, remove_props=[("flag", "tg")],
                             add_props=[("flag", "kp")])
        entities.create_entity(other, "Company", "Harbour Lotus Trading")
    entities.edit_entity(book, vessel.subject_id, remove_props=[("flag", "tg")],
                         add_props=[("flag", "pa")])

    with qtbot.waitSignal(live.exchange.merge_planned, timeout=WAIT_MS) as planned:
        live.exchange.merge_casebook(other_path)
    dialog: MergeDialog = planned.args[0]
    assert [q.kind for q in dialog.plan.questions] == ["property"]
    assert not dialog.merge_button.isEnabled()  # a question is open
    [chooser] = dialog.choosers.values()
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Down)  # "Keep this casebook's"
    qtbot.keyClick(chooser, Qt.Key.Key_Down)  # "Take the other's"
    assert dialog.decisions() == {dialog.plan.questions[0].id: "there"}
    assert dialog.merge_button.isEnabled()
    with qtbot.waitSignal(live.exchange.merged, timeout=WAIT_MS) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged.args[0] is not None
    assert _flags(book) == ["kp"] and "Harbour Lotus Trading" in _names(book)
    assert live.session.undo_stack.count() == 1  # the merge is one step

    live.session.undo()
    qtbot.waitUntil(lambda: "Harbour Lotus Trading" not in _names(book), timeout=WAIT_MS)
    assert _flags(book) == ["pa"]


def test_the_dialog_lists_what_the_other_side_alone_changed(
    live: MainWindow, qtbot, tmp_path: Path
) -> None:
    book = _book(live)
    vessel = entities.create_entity(book, "Vessel", "Morning Calm", props=[("flag", "tg")])
    assert vessel.subject_id is not None
    other_path = tmp_path / "fieldwork.nkcase"
    book.backup(other_path)
    with open_casebook(other_path, actor="colleague") as other:
        entities.edit_entity(other, vessel.subject_id, remove_props=[("flag", "tg")],
                             add_props=[("flag", "kp")])

    with qtbot.waitSignal(live.exchange.merge_planned, timeout=WAIT_MS) as planned:
        live.exchange.merge_casebook(other_path)
    dialog: MergeDialog = planned.args[0]
    assert dialog.plan.questions == []
    assert dialog.merge_button.isEnabled()
    assert dialog.incoming.topLevelItemCount() == 1
    row = dialog.incoming.topLevelItem(0)
    assert "Morning Calm" in row.text(0)
    assert (row.text(1), row.text(2)) == ("flag: tg", "flag: kp")
    dialog.reject()


def test_copy_at_a_level_from_the_window(live: MainWindow, qtbot, tmp_path: Path) -> None:
    book = _book(live)
    entities.create_entity(book, "Company", "Public Co")
    entities.create_entity(book, "Person", "Secret Person", level="protected")
    out = tmp_path / "public-copy.nkcase"
    with qtbot.waitSignal(live.exchange.copied, timeout=WAIT_MS):
        live.exchange.copy_casebook(out, "public")
    with open_casebook(out, readonly=True) as copy:
        assert _names(copy) == {"Public Co"}
    assert b"Secret Person" not in out.read_bytes()
