"""The link chart and the timeline as dock widgets beside the case file (View menu,
Ctrl+5 and Ctrl+6), built the first time they are shown so they cost nothing at startup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

if TYPE_CHECKING:
    from nkcase.gui.chart_panel import ChartPanel
    from nkcase.gui.mainwindow import MainWindow
    from nkcase.gui.timeline_panel import TimelinePanel


class AnalysisDocks(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._chart: ChartPanel | None = None
        self._timeline: TimelinePanel | None = None
        self.entity_id: str | None = None
        self.chart_dock = self._dock("Link chart", "chart-dock")
        self.timeline_dock = self._dock("Timeline", "timeline-dock")
        window.tabifyDockWidget(self.chart_dock, self.timeline_dock)
        self.chart_dock.visibilityChanged.connect(self._chart_shown)
        self.timeline_dock.visibilityChanged.connect(self._timeline_shown)
        self.chart_toggle = self.chart_dock.toggleViewAction()
        self.chart_toggle.setText("Link &chart")
        self.chart_toggle.setShortcut(QKeySequence("Ctrl+5"))
        self.timeline_toggle = self.timeline_dock.toggleViewAction()
        self.timeline_toggle.setText("&Timeline")
        self.timeline_toggle.setShortcut(QKeySequence("Ctrl+6"))
        self.chart_entity_action = QAction("C&hart this entity", window)
        self.chart_entity_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.chart_entity_action.setToolTip("Show the entity and its direct links on the chart")
        self.chart_entity_action.triggered.connect(self.chart_current_entity)

    def _dock(self, title: str, name: str) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(QWidget())
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        return dock

    def actions(self) -> list[QAction]:
        return [self.chart_toggle, self.timeline_toggle, self.chart_entity_action]

    @property
    def chart(self) -> ChartPanel:
        if self._chart is None:
            from nkcase.gui.chart_panel import ChartPanel

            self._chart = ChartPanel(self.window.session)
            self._chart.entity_opened.connect(self.window.open_entity)
            self._chart.quote_opened.connect(
                lambda source, quote: self.window.open_source(source, quote_id=quote))
            self.chart_dock.setWidget(self._chart)
        return self._chart

    @property
    def timeline(self) -> TimelinePanel:
        if self._timeline is None:
            from nkcase.gui.timeline_panel import TimelinePanel

            self._timeline = TimelinePanel(self.window.session, self.window.names)
            self._timeline.quote_opened.connect(
                lambda source, quote: self.window.open_source(source, quote_id=quote))
            self.timeline_dock.setWidget(self._timeline)
        return self._timeline

    def _chart_shown(self, visible: bool) -> None:
        if visible:
            _ = self.chart  # made the first time its dock is shown

    def _timeline_shown(self, visible: bool) -> None:
        if not visible:
            return
        panel = self.timeline
        if panel.entity_id != self.entity_id or panel.timeline is None:
            panel.set_entity(self.entity_id, self._caption())

    def _caption(self) -> str:
        current = self.window.casefile.current
        return current.caption if current is not None and current.id == self.entity_id else ""

    def entity_shown(self, entity_id: str) -> None:
        """The case file now shows ``entity_id``: the timeline follows it when visible."""
        self.entity_id = entity_id
        if self._timeline is not None and not self.timeline_dock.isHidden():
            self._timeline.set_entity(entity_id, self._caption())

    def chart_current_entity(self) -> None:
        entity_id = self.window.casefile.entity_id
        if entity_id is None:
            return
        self.chart_dock.show()
        self.chart_dock.raise_()
        self.chart.show_entity(entity_id)


