"""The link chart panel: toolbar (saved charts, expand, layout, filters, level, export), the
canvas, and the quotes behind the clicked line. The filter widgets and the
:class:`~nkcase.graph.model.ChartFilter` they make are in :mod:`nkcase.gui.chart_filters`.

All reading and laying out runs on the read pool (a big chart takes a moment to lay out);
saving a chart is an undoable change on the writer thread like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nkcase.graph.state import ChartState
from nkcase.gui.chart_filters import ChartFilters
from nkcase.gui.chart_scene import ChartScene
from nkcase.gui.chart_view import ChartView
from nkcase.gui.errors import show_error
from nkcase.gui.evidence_list import EvidenceList
from nkcase.gui.session import CaseSession

if TYPE_CHECKING:
    from nkcase.graph.model import ChartGraph, GradeBy
    from nkcase.services.changes import Change
    from nkcase.services.charts import ChartRecord
    from nkcase.services.figure_export import ChartPicture
    from nkcase.store import Casebook

UNSAVED = "— unsaved chart —"


class ChartPanel(QWidget):
    entity_opened = Signal(str)
    quote_opened = Signal(str, str)
    loaded = Signal()  # a chart was (re)drawn

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = ChartState()
        self.chart_name: str | None = None
        self.graph: ChartGraph | None = None
        self._generation = 0
        self.scene = ChartScene(self)
        self.view = ChartView(self.scene)
        self.evidence = EvidenceList()
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        self._build_toolbar()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.evidence)
        splitter.setStretchFactor(0, 4)
        splitter.setSizes([520, 150])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.view.node_clicked.connect(self.entity_opened)
        self.view.node_double_clicked.connect(lambda node: self.expand([node]))
        self.view.edge_clicked.connect(self.show_edge_evidence)
        self.scene.node_moved.connect(self._node_moved)
        self.evidence.quote_opened.connect(self.quote_opened)
        session.changed.connect(self._on_change)
        session.opened.connect(lambda _cb: self.reset())
        session.closed.connect(self.reset)
        self.reset()

    # -- toolbar --------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.charts = QComboBox()
        self.charts.setMinimumWidth(160)
        self.charts.setToolTip("Saved charts of this casebook")
        self.charts.activated.connect(self._chart_chosen)
        bar.addWidget(self.charts)
        self.save_action = bar.addAction("Save", self.save)
        self.save_action.setToolTip("Save this chart in the casebook (positions and filters)")
        self.save_as_action = QAction("Save as…", self)
        self.save_as_action.triggered.connect(self.save_as)
        self.delete_action = QAction("Delete saved chart", self)
        self.delete_action.triggered.connect(self.delete_saved)
        more = QToolButton()
        more.setText("…")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        menu.addActions([self.save_as_action, self.delete_action])
        more.setMenu(menu)
        bar.addWidget(more)
        bar.addSeparator()
        self.expand_action = bar.addAction("Expand", lambda: self.expand(self.selected_ids()))
        self.expand_action.setShortcut(QKeySequence("E"))
        self.expand_action.setToolTip("Add the neighbours of the selected entities (E)")
        self.remove_action = bar.addAction("Remove", self.remove_selected)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setToolTip("Take the selected entities off the chart (Delete)")
        self.pin_action = bar.addAction("Pin/unpin", self.toggle_pins)
        self.all_action = bar.addAction("Whole casebook", self.show_whole_casebook)
        bar.addSeparator()
        self.layout_box = QComboBox()
        self.layout_box.addItem("Force-directed", "force")
        self.layout_box.addItem("Hierarchy (ownership)", "hierarchy")
        self.layout_box.activated.connect(lambda _i: self.relayout())
        bar.addWidget(self.layout_box)
        self.relayout_action = bar.addAction("Re-layout", self.relayout)
        self.fit_action = bar.addAction("Fit", self.view.fit)
        bar.addSeparator()
        self.filters = ChartFilters(self)  # level, grades, schemata, dates
        self.filters.changed.connect(self._filters_changed)
        self.filters.grade_by_changed.connect(self._grade_by_changed)
        for widget in self.filters.widgets():
            bar.addWidget(widget)
        bar.addSeparator()
        self.export_action = bar.addAction("Export…", self.export_dialog)
        self.export_action.setToolTip("Save the chart as it is shown, as SVG or PNG")
        self.toolbar = bar

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        self._generation += 1
        self.state = ChartState(chart_filter=self.filters.current())
        self.chart_name = None
        self.graph = None
        self.scene.reset()
        self.evidence.clear()
        self.status.setText("Choose an entity and “Chart this entity”, or open a saved chart.")
        self.refresh_chart_list()

    def selected_ids(self) -> list[str]:
        from nkcase.gui.chart_items import NodeItem

        return [i.entity_id for i in self.scene.selectedItems() if isinstance(i, NodeItem)]

    # -- loading --------------------------------------------------------------------------------
    def show_entity(self, entity_id: str) -> None:
        """Start a new chart from one entity and its direct neighbours."""
        self.chart_name = None
        self.charts.setCurrentIndex(0)
        self.state = ChartState(entity_ids=[entity_id], chart_filter=self.filters.current(),
                                layout=self.layout_box.currentData())
        self._load(expand_from=[entity_id], centre=entity_id)

    def show_whole_casebook(self) -> None:
        def ids(casebook: Casebook) -> list[str]:
            from nkcase.services.casefiles import list_entities

            return [e.id for e in list_entities(casebook)]

        def done(entity_ids: list[str]) -> None:
            self.chart_name = None
            self.state = ChartState(entity_ids=entity_ids, chart_filter=self.filters.current(),
                                    layout=self.layout_box.currentData())
            self._load(fit=True)

        self.session.read(ids, done)

    def expand(self, entity_ids: list[str]) -> None:
        if entity_ids:
            self._load(expand_from=entity_ids)

    def remove_selected(self) -> None:
        chosen = set(self.selected_ids())
        if not chosen:
            return
        self.state.entity_ids = [e for e in self.state.entity_ids if e not in chosen]
        for entity_id in chosen:
            self.state.positions.pop(entity_id, None)
            self.state.pinned.discard(entity_id)
        self._load()

    def toggle_pins(self) -> None:
        for entity_id in self.selected_ids():
            item = self.scene.nodes[entity_id]
            item.pinned = entity_id not in self.state.pinned
            if item.pinned:
                self.state.pinned.add(entity_id)
                self.state.positions[entity_id] = (item.pos().x(), item.pos().y())
            else:
                self.state.pinned.discard(entity_id)

    def relayout(self) -> None:
        self.state.layout = self.layout_box.currentData()
        self._load(relayout=True, fit=True)

    def _filters_changed(self) -> None:
        self.state.chart_filter = self.filters.current()
        if self.state.entity_ids:
            self._load()

    def _grade_by_changed(self, grade_by: GradeBy) -> None:
        self.state.grade_by = grade_by
        self.scene.set_grade_by(grade_by)

    def _node_moved(self, entity_id: str, x: float, y: float) -> None:
        self.state.positions[entity_id] = (x, y)
        self.state.pinned.add(entity_id)

    def _load(
        self, *, expand_from: list[str] | None = None, relayout: bool = False,
        fit: bool = False, centre: str | None = None,
    ) -> None:
        from nkcase.services.figure_export import picture_for_view

        self._generation += 1
        generation = self._generation
        state = ChartState.from_json(self.state.to_json())  # a copy the worker may keep
        state.positions = dict(self.state.positions)
        first = not self.scene.nodes
        self.status.setText("Laying out…")

        def job(casebook: Casebook) -> ChartPicture:
            return picture_for_view(casebook, state, expand_from=expand_from or (),
                                    relayout=relayout)

        self.session.read(job, lambda picture: self._show(generation, picture,
                                                          fit or first, centre))

    def _show(self, generation: int, picture: ChartPicture, fit: bool,
              centre: str | None) -> None:
        if generation != self._generation:
            return  # a newer request superseded this one
        self.graph = picture.graph
        ids = list(dict.fromkeys([*self.state.entity_ids, *picture.graph.nodes]))
        self.state.entity_ids = ids
        self.state.positions.update(picture.positions)
        self.scene.show_graph(picture.graph, self.state.positions, self.state.pinned,
                              self.state.grade_by)
        self.view.graph_shown()
        if fit:
            self.view.fit()
        if centre is not None:
            self.view.centre_on_node(centre)
        hidden = len(ids) - len(picture.graph.nodes)
        text = (f"{len(picture.graph.nodes)} entities, {len(picture.graph.edges)} links · "
                f"level {picture.level}")
        if hidden:
            text += f" · {hidden} on the chart hidden by the filters or the level"
        name = f"“{self.chart_name}” · " if self.chart_name else ""
        self.status.setText(name + text + " · double-click an entity to expand it")
        self.loaded.emit()

    # -- evidence -------------------------------------------------------------------------------
    def show_edge_evidence(self, relationship_id: str) -> None:
        from nkcase.services.chart_data import relationship_evidence

        if self.graph is None or relationship_id not in self.graph.edges:
            return
        edge = self.graph.edges[relationship_id]
        source = self.graph.nodes[edge.source].caption
        target = self.graph.nodes[edge.target].caption
        title = f"{edge.label}: {source} → {target} ({edge.caption})"
        level = self.state.chart_filter.level
        self.session.read(
            lambda cb: relationship_evidence(cb, relationship_id, level),
            lambda refs: self.evidence.show_refs(
                title, refs, empty="No quote supports this link yet (unsupported)."),
        )

    # -- saved charts ---------------------------------------------------------------------------
    def refresh_chart_list(self) -> None:
        self.charts.blockSignals(True)
        self.charts.clear()
        self.charts.addItem(UNSAVED, None)
        self.charts.blockSignals(False)
        if not self.session.is_open:
            return

        def names(casebook: Casebook) -> list[str]:
            from nkcase.services.charts import list_charts

            return [c.name for c in list_charts(casebook)]

        def fill(found: list[str]) -> None:
            self.charts.blockSignals(True)
            for name in found:
                self.charts.addItem(name, name)
            if self.chart_name is not None:
                self.charts.setCurrentIndex(max(0, self.charts.findData(self.chart_name)))
            self.charts.blockSignals(False)

        self.session.read(names, fill)

    def _chart_chosen(self, index: int) -> None:
        name = self.charts.itemData(index)
        if name:
            self.open_saved(name)

    def open_saved(self, name: str) -> None:
        from nkcase.services.charts import open_chart

        def done(found: tuple[ChartRecord, ChartState]) -> None:
            record, state = found
            self.chart_name = record.name
            self.state = state
            self.filters.show(state.chart_filter)
            self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(state.layout)))
            self.filters.show_grade_by(state.grade_by)
            self.charts.setCurrentIndex(max(0, self.charts.findData(record.name)))
            self._load(fit=True)

        self.session.read(lambda cb: open_chart(cb, name), done)

    def save(self) -> None:
        if self.chart_name is None:
            self.save_as()
        else:
            self.save_named(self.chart_name)

    def save_as(self) -> None:
        name, ok = QInputDialog.getText(self, "Save chart", "Name of the chart:",
                                        text=self.chart_name or "")
        if ok and name.strip():
            self.save_named(name)

    def save_named(self, name: str) -> None:
        from nkcase.services.charts import save_chart

        state = ChartState.from_json(self.state.to_json())

        def done(changes: list[Change]) -> None:
            self.chart_name = " ".join(name.split())
            self.refresh_chart_list()

        self.session.apply(lambda cb: save_chart(cb, name, state), done)

    def delete_saved(self) -> None:
        from nkcase.services.charts import delete_chart

        name = self.chart_name
        if name is None:
            return
        self.chart_name = None
        self.session.apply(lambda cb: delete_chart(cb, name),
                           lambda _changes: self.refresh_chart_list())

    def _on_change(self, change: Change, _initiator: object = None) -> None:
        flags = change.flags
        if flags.charts:
            self.refresh_chart_list()
        if self.state.entity_ids and (
            flags.entities or flags.names or flags.relationships or flags.evidence
            or flags.quotes or flags.sources
        ):
            self._load()

    # -- export ---------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        if self.graph is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export chart", str(Path.home() / f"{self.chart_name or 'chart'}.svg"),
            "SVG vector image (*.svg);;PNG image (*.png)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path, on_done: Callable[[Path], None] | None = None) -> None:
        """Write the chart as shown (same entities, positions, filters, level)."""
        from nkcase.services.figure_export import (
            ChartPicture,
            chart_picture_figure,
            write_figure,
        )

        if self.graph is None:
            return
        picture = ChartPicture(
            self.graph, {k: v for k, v in self.state.positions.items() if k in self.graph.nodes},
            self.state.grade_by, self.chart_name or "", self.state.chart_filter.level)

        def job(_casebook: Casebook) -> Path:
            return write_figure(chart_picture_figure(picture), path)

        def failed(err: BaseException) -> None:
            show_error(self, err)

        self.session.read(job, on_done or (lambda p: self.status.setText(f"Exported {p}")),
                          failed)
