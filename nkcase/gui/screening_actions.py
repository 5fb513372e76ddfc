"""Screen… in the main window: the actions (Tools menu, entity and source context menus,
the source menu) and the Screening dock that shows the results.

Kept apart from mainwindow.py, which only creates one :class:`ScreeningActions`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget, QMenu

from nkcase.gui.screening_dialog import ScreenDialog
from nkcase.gui.screening_panel import ScreeningPanel

if TYPE_CHECKING:
    from nkcase.gui.mainwindow import MainWindow


class ScreeningActions:
    """Screen the selected entities, the open source or the whole casebook."""

    def __init__(self, window: MainWindow, tools_menu: QMenu) -> None:
        self.window = window
        self.panel = ScreeningPanel(window.session)
        self.dock = QDockWidget("Screening", window)
        self.dock.setObjectName("screening-dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dialog: ScreenDialog | None = None

        self.entities_action = self._action(
            "&Screen entities…",
            self.screen_entities,
            "Ctrl+Shift+S",
            "Screen the selected entities (or the open case file) against sanctions lists",
        )
        self.source_action = self._action(
            "Screen &names in source…",
            self.screen_source,
            None,
            "Screen the names found in the source's text against sanctions lists",
        )
        self.all_action = self._action(
            "Screen &whole casebook…",
            self.screen_all,
            None,
            "Screen every entity against sanctions lists",
        )
        self.panel_action = self.dock.toggleViewAction()
        self.panel_action.setText("Screening &results")
        tools_menu.addSeparator()
        tools_menu.addActions(
            [self.entities_action, self.all_action, self.source_action, self.panel_action]
        )
        window.navigator.entity_view.addAction(self.entities_action)
        window.navigator.source_view.addAction(self.source_action)
        window.source_menu.addAction(self.source_action)

        self.panel.entity_opened.connect(window.open_entity)
        self.panel.source_span_opened.connect(
            lambda source_id, start, end: window.open_source(source_id, span=(start, end))
        )
        window.session.opened.connect(lambda _cb: self.update())
        window.session.closed.connect(self.update)
        self.update()

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None, tip: str
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def update(self) -> None:
        is_open = self.window.session.is_open
        for action in (self.entities_action, self.source_action, self.all_action):
            action.setEnabled(is_open)

    # -- the three ways to start ---------------------------------------------------------------
    def screen_entities(self) -> QDialog | None:
        ids = self.window.navigator.selected_entity_ids()
        casefile = self.window.casefile
        if self.window.center.currentWidget() is casefile and casefile.entity_id is not None:
            ids = ids if casefile.entity_id in ids else [casefile.entity_id]
        if not ids:
            self.window.statusBar().showMessage("Select one or more entities to screen.", 6000)
            return None
        what = "1 entity" if len(ids) == 1 else f"{len(ids)} entities"
        if len(ids) == 1 and casefile.current is not None and casefile.entity_id == ids[0]:
            what = casefile.current.caption
        return self._ask(what, entity_ids=ids)

    def screen_source(self) -> QDialog | None:
        source_id = self.window.current_source_id()
        if source_id is None:
            self.window.statusBar().showMessage("Open or select a source to screen.", 6000)
            return None
        return self._ask("the names found in the source's text", source_id=source_id)

    def screen_all(self) -> QDialog | None:
        return self._ask("every entity of the casebook", all_entities=True)

    def _ask(
        self,
        what: str,
        *,
        entity_ids: list[str] | None = None,
        all_entities: bool = False,
        source_id: str | None = None,
    ) -> QDialog | None:
        """Ask for the lists and the threshold, then screen the subjects named (one of them)."""
        if not self.window.session.is_open or self.panel.running:
            return None
        dialog = ScreenDialog(self.window.session, what, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            self.dock.show()
            self.dock.raise_()
            self.panel.start(
                entity_ids=entity_ids,
                all_entities=all_entities,
                source_id=source_id,
                lists=dialog.chosen_snapshots() or None,
                threshold=dialog.threshold.value(),
                what=what,
            )

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()
        return dialog
