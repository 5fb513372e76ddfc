"""The main window's menu bar and the actions in it, with their shortcuts.

Apart from :mod:`nkcase.gui.mainwindow` because building two dozen actions and six menus is
one job and what the window does with them is another: the window keeps the slots and enables
the actions as its state changes; this module only creates and places them. The screening and
fieldwork action classes add their own entries to these menus afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from nkcase.gui.ftm_actions import FtmActions
    from nkcase.gui.mainwindow import MainWindow


class MainMenus:
    """The main window's actions and menus, as a mixin of :class:`MainWindow`.

    Like a Qt Designer ``Ui_`` class: ``_build_actions`` makes the actions and menus
    attributes of the window, where its slots, the action classes that add their own entries
    (``window.tools_menu``, ``window.source_menu``) and the tests find them.
    """

    new_action: QAction
    open_action: QAction
    open_team_action: QAction
    close_action: QAction
    import_action: QAction
    export_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    new_entity_action: QAction
    delete_entity_action: QAction
    quote_action: QAction
    find_action: QAction
    search_action: QAction
    goto_action: QAction
    entities_action: QAction
    sources_action: QAction
    review_action: QAction
    source_props_action: QAction
    reextract_action: QAction
    open_source_action: QAction
    search_toggle_action: QAction
    show_lists_action: QAction
    import_list_action: QAction
    file_menu: QMenu
    recent_menu: QMenu
    source_menu: QMenu
    tools_menu: QMenu
    ftm: FtmActions
    casebook_actions: list[QAction]
    """What needs an open casebook (enabled and disabled together)."""

    # ``self: MainWindow``: the methods use the window's parts and slots. mypy wants a Protocol
    # as a mixin's self type ([misc]); this mixin is only ever mixed into MainWindow.
    def _action(  # type: ignore[misc]
        self: MainWindow,
        text: str,
        slot: Callable[[], object] | None,
        shortcut: QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self: MainWindow) -> None:  # type: ignore[misc]
        """Create the actions and the menu bar (File, Edit, Source, View, Lists, Tools)."""
        keys = QKeySequence.StandardKey
        f = self.files
        self.new_action = self._action("&New casebook…", f.new_dialog, keys.New)
        self.open_action = self._action("&Open casebook…", f.open_dialog, keys.Open)
        self.open_team_action = self._action(
            "Open &team casebook…", f.open_team_dialog, None,
            "Open a casebook on a PostgreSQL team store (a connection profile or an address)")
        self.close_action = self._action("&Close casebook", f.close_casebook, "Ctrl+W")
        self.import_action = self._action("&Import documents…", f.import_dialog, "Ctrl+I",
                                          "Import PDF, Word, HTML and text files")
        self.export_action = self._action("&Export dossier…", self.show_export, "Ctrl+E",
                                          "Make a PDF dossier of one or more case files")
        # StandardKey.Quit is empty on some platforms (Windows, plain X11): say Ctrl+Q there
        quit_key = keys.Quit if QKeySequence.keyBindings(keys.Quit) else "Ctrl+Q"
        self.quit_action = self._action("&Quit", self.close, quit_key)
        # Undo and redo run on the writer thread; the stack moves when they succeeded.
        self.undo_action, self.redo_action = self.session.make_undo_actions(self)
        self.new_entity_action = self._action("New &entity…", self.new_entity, "Ctrl+Shift+N")
        self.delete_entity_action = self._action("&Delete entity", self.delete_entity,
                                                 "Ctrl+Shift+Delete")
        self.quote_action = self._action("&Quote and link…", self.reader.quote_selection,
                                         "Ctrl+L", "Quote the selected passage and link it")
        self.find_action = self._action("&Find in text…", self.reader.open_find, keys.Find)
        self.search_action = self._action("&Search casebook…", self.show_search, "Ctrl+Shift+F")
        self.goto_action = self._action("&Go to entity…", self.finder.open_fresh, "Ctrl+K")
        self.entities_action = self._action("&Entities", lambda: self._nav_tab(0), "Ctrl+1")
        self.sources_action = self._action("&Sources", lambda: self._nav_tab(1), "Ctrl+2")
        self.review_action = self._action("&Review re-anchored quotes…", self.show_review,
                                          "Ctrl+Shift+R")
        self.source_props_action = self._action(
            "Source &properties…", self.show_source_properties, "Alt+Return",
            "Title, publisher, dates, URL, reliability and handling level of the source")
        self.reextract_action = self._action(
            "Re-e&xtract and re-anchor", self.reextract_source, "Ctrl+Shift+X",
            "Extract the stored original again and re-anchor its quotes (with review)")
        self.open_source_action = self._action("&Open source", self._open_selected_source)
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.file_menu = file_menu
        file_menu.setToolTipsVisible(True)
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addAction(self.open_team_action)
        file_menu.addActions([self.close_action, self.encryption.lock_action])
        file_menu.addSeparator()
        file_menu.addAction(self.encryption.passphrase_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action])
        export_menu = file_menu.addMenu("E&xport")
        export_menu.addAction(self.exchange.copy_action)
        file_menu.addAction(self.exchange.merge_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        from nkcase.gui.ftm_actions import FtmActions  # File > Export > FollowTheMoney…

        self.ftm = FtmActions(self, file_menu, export_menu, before=self.quit_action)
        edit = menu.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.new_entity_action, self.delete_entity_action, self.quote_action])
        edit.addSeparator()
        edit.addActions([self.find_action, self.search_action, self.goto_action])
        self.source_menu = menu.addMenu("&Source")
        self.source_menu.setToolTipsVisible(True)
        self.source_menu.addActions([self.source_props_action, self.reextract_action])
        view = menu.addMenu("&View")
        self.search_toggle_action = self.search_dock.toggleViewAction()
        self.search_toggle_action.setText("Search &panel")
        self.search_toggle_action.setShortcut(QKeySequence("Ctrl+3"))
        view.addActions([self.entities_action, self.sources_action, self.search_toggle_action])
        view.addSeparator()
        view.addActions(self.analysis.actions())
        lists_menu = menu.addMenu("&Lists")
        self.show_lists_action = self._action("Sanctions &lists", self.show_lists, "Ctrl+4",
                                              "Snapshots of sanctions lists in this casebook")
        self.import_list_action = self._action(
            "&Import list…", self.import_list, tip="Import a UN, OFAC, EU or OpenSanctions file")
        lists_menu.addActions([self.show_lists_action, self.import_list_action])
        tools = menu.addMenu("&Tools")
        tools.addActions([self.review_action, self.encryption.auto_lock_action])
        self.tools_menu = tools
        self.casebook_actions = [
            self.close_action, self.import_action, self.new_entity_action, self.search_action,
            self.goto_action, self.entities_action, self.sources_action, self.review_action,
            self.export_action, self.show_lists_action, self.import_list_action,
            self.analysis.chart_toggle, self.analysis.timeline_toggle,
            *self.exchange.actions(), *self.ftm.actions(),
        ]
        self.navigator.source_view.addActions(
            [self.open_source_action, self.source_props_action, self.reextract_action])
        self.navigator.entity_view.addAction(self.export_action)
        self.navigator.entity_view.addAction(self.analysis.chart_entity_action)
        self.reader.source_button.setMenu(self.source_menu)
        self._fill_recent()

    def _fill_recent(self: MainWindow) -> None:  # type: ignore[misc]
        """List the recent casebooks in File > Open Recent and on the welcome view."""
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.files.open_casebook(p))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))
        self.welcome.set_recent(recent)

    def _clear_recent(self: MainWindow) -> None:  # type: ignore[misc]
        self.settings.clear_recent()
        self._fill_recent()
