"""The handling level and schemata filters that the link chart and the timeline both offer.

One implementation, so that "View as internal" and the Schemata menu look and behave the same
in both panels. The values go to the core as plain ``level`` and ``schemata`` fields (of a
:class:`~nkcase.graph.model.ChartFilter` or a :class:`~nkcase.timeline.model.TimelineFilter`);
each panel builds its own filter from :meth:`LevelSchemaFilters.chosen_level` and
:meth:`LevelSchemaFilters.chosen_schemata`, and places the widgets in its own toolbar order.
:class:`~nkcase.gui.chart_filters.ChartFilters` adds the chart's grade and date filters.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QMenu, QToolButton, QWidget

from nkcase.gui.entity_picker import ENTITY_SCHEMATA as SCHEMATA
from nkcase.gui.levels import levels

DEFAULT_LEVEL = "internal"
"""What a panel shows before the user picks a level: the usual working view of a case."""


class LevelSchemaFilters(QObject):
    """A "View as <level>" combo box and a Schemata menu (all ticked at first).

    :attr:`changed` fires when the user picks a level or ticks a schema, never when a panel
    sets the widgets with :meth:`show_level_and_schemata` (showing a saved chart must not
    reload it a second time).
    """

    changed = Signal()

    def __init__(self, parent: QWidget, schemata_tip: str) -> None:
        """``schemata_tip`` says what the schemata select in that panel (entities on a chart,
        the items of entities on a timeline)."""
        super().__init__(parent)
        self.level = QComboBox()
        for level in levels():
            self.level.addItem(f"View as {level}", level)
        self.level.setCurrentIndex(levels().index(DEFAULT_LEVEL))
        self.level.setToolTip("Show only what a recipient of this handling level may see")
        self.level.activated.connect(lambda _i: self.changed.emit())
        self.schema_button = QToolButton()
        self.schema_button.setText("Schemata")
        self.schema_button.setToolTip(schemata_tip)
        self.schema_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        schema_menu = QMenu(self.schema_button)
        self.schema_actions: dict[str, QAction] = {}
        for schema in SCHEMATA:
            action = schema_menu.addAction(schema)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda _on: self.changed.emit())
            self.schema_actions[schema] = action
        self.schema_button.setMenu(schema_menu)

    def chosen_level(self) -> str:
        """The level to view the case as."""
        return self.level.currentData() or DEFAULT_LEVEL

    def chosen_schemata(self) -> frozenset[str] | None:
        """The ticked schemata, or None when all are ticked (no filter: the core then also keeps
        schemata the menu does not list)."""
        chosen = frozenset(s for s, a in self.schema_actions.items() if a.isChecked())
        return None if len(chosen) == len(SCHEMATA) else chosen

    def show_level_and_schemata(self, level: str, schemata: frozenset[str] | None) -> None:
        """Set the widgets to a saved filter without firing :attr:`changed`."""
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        for schema, action in self.schema_actions.items():
            action.blockSignals(True)
            action.setChecked(schemata is None or schema in schemata)
            action.blockSignals(False)
