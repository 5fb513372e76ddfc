"""Keyboard: shortcuts in the menus, Tab order in dialogs, Enter and Escape."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from nkcase.gui.entity_dialog import NewEntityDialog
from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.quote_dialog import QuoteLinkDialog
from nkcase.gui.relationship_dialog import RelationshipDialog
from nkcase.gui.review import ReviewDialog
from nkcase.services import entities, sources


def _menu_actions(window: MainWindow) -> list[QAction]:
    found = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu else []:
            if not action.isSeparator() and action.menu() is None:
                found.append(action)
    return found


def test_common_actions_have_distinct_shortcuts_in_their_menus(window: MainWindow):
    actions = _menu_actions(window)
    common = [window.new_action, window.open_action, window.close_action, window.import_action,
              window.export_action, window.quit_action, window.undo_action, window.redo_action,
              window.new_entity_action, window.delete_entity_action, window.quote_action,
              window.find_action, window.search_action, window.goto_action,
              window.entities_action, window.sources_action, window.search_toggle_action,
              window.review_action, window.source_props_action, window.reextract_action]
    for action in common:
        assert action in actions, action.text()
        assert not action.shortcut().isEmpty(), f"{action.text()} has no shortcut"
    keys = [a.shortcut().toString() for a in actions if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)), sorted(keys)
    assert window.export_action.shortcut().toString() == "Ctrl+E"


def _tab_from(widget: QWidget) -> QWidget | None:
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    return widget.window().focusWidget()


def test_export_dialog_tab_order_and_escape(opened: MainWindow, qtbot, tmp_path: Path):
    book = opened.session.casebook
    entity = str(entities.create_entity(book, "Company", "Albatross Trading").subject_id)
    opened.open_entity(entity)
    dialog = opened.show_export()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    assert _tab_from(dialog.password) is dialog.confirm
    assert _tab_from(dialog.path) is dialog.browse
    assert dialog.export_button.isDefault()
    dialog.path.setText(str(tmp_path / "enter.pdf"))
    QTest.keyClick(dialog.path, Qt.Key.Key_Return)  # Enter presses Export
    assert (tmp_path / "enter.pdf").exists()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_source_properties_enter_saves_escape_cancels(opened: MainWindow, albatross_file, qtbot):
    book = opened.session.casebook
    _o, change = sources.import_file(book, albatross_file)
    opened.navigator.sources.reload()
    opened.open_source(str(change.subject_id))
    dialog = opened.show_source_properties()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert _tab_from(dialog.fields["title"]) is dialog.fields["publisher"]
    dialog.fields["publisher"].setText("Own notes")
    QTest.keyClick(dialog.fields["publisher"], Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog = opened.show_source_properties()
    qtbot.waitExposed(dialog)
    dialog.fields["publisher"].setText("Not saved")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    from nkcase.services.source_records import source_record

    assert source_record(book, str(change.subject_id)).publisher == "Own notes"


def test_every_dialog_has_a_default_button_and_escape_closes(opened: MainWindow, qtbot):
    book = opened.session.casebook
    entity = str(entities.create_entity(book, "Company", "Albatross Trading").subject_id)
    opened.names.reload()
    dialogs: list[QDialog] = [
        NewEntityDialog(opened),
        QuoteLinkDialog(opened.session, opened.names, "a passage", opened),
        RelationshipDialog(opened.names, entity, "Albatross Trading", parent=opened),
        ReviewDialog(opened.session, opened),
        opened.finder,
    ]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        buttons = dialog.findChildren(QPushButton)
        if not isinstance(dialog, ReviewDialog) and dialog is not opened.finder:
            assert any(b.isDefault() for b in buttons), type(dialog).__name__
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), type(dialog).__name__


def test_new_entity_dialog_tab_order(window: MainWindow, qtbot):
    dialog = NewEntityDialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _tab_from(dialog.name) is dialog.schema
