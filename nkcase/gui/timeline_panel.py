"""The timeline panel: the entity in the case file (or the whole casebook) in time — events,
relationship spans, dated facts, publications — at a chosen handling level, with the quotes
behind the clicked item, and export as SVG or PNG."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.errors import show_error
from nkcase.gui.evidence_list import EvidenceList
from nkcase.gui.level_schema_filters import LevelSchemaFilters
from nkcase.gui.session import CaseSession
from nkcase.gui.timeline_layout import TimelineLayout, fit_per_day, lay_out
from nkcase.gui.timeline_scene import TimelineScene
from nkcase.gui.timeline_view import TimelineView
from nkcase.timeline.model import KIND_LABELS, TimelineFilter

if TYPE_CHECKING:
    from nkcase.gui.event_dialog import EventInput
    from nkcase.gui.name_index import NameIndex
    from nkcase.services.changes import Change
    from nkcase.services.timeline import Timeline
    from nkcase.store import Casebook



class TimelinePanel(QWidget):
    quote_opened = Signal(str, str)
    loaded = Signal()

    def __init__(self, session: CaseSession, names: NameIndex | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.names = names
        self.selected_id: str | None = None
        self.entity_id: str | None = None
        self.entity_caption = ""
        self.timeline: Timeline | None = None
        self._generation = 0
        self.scene = TimelineScene(self)
        self.view = TimelineView(self.scene)
        self.evidence = EvidenceList()
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        bar = QToolBar()
        self.follow = QCheckBox("Follow the case file")
        self.follow.setChecked(True)
        self.follow.setToolTip("Show the entity in the case file; off: the whole casebook")
        self.follow.toggled.connect(lambda _on: self.reload())
        bar.addWidget(self.follow)
        bar.addSeparator()
        self.kinds: dict[str, QCheckBox] = {}
        for kind, label in KIND_LABELS.items():
            box = QCheckBox(label)
            box.setChecked(True)
            box.toggled.connect(lambda _on: self.reload())
            bar.addWidget(box)
            self.kinds[kind] = box
        # the same level and schemata widgets as the link chart's (no grade or date filters)
        self.filters = LevelSchemaFilters(
            self, schemata_tip="Only items of entities of these schemata")
        self.filters.changed.connect(self.reload)
        bar.addWidget(self.filters.schema_button)
        bar.addSeparator()
        bar.addWidget(self.filters.level)
        bar.addAction("Fit", self.view.fit)
        bar.addAction("Zoom in", lambda: self.view.zoom_time(2.0))
        bar.addAction("Zoom out", lambda: self.view.zoom_time(0.5))
        bar.addSeparator()
        self.add_event_action = bar.addAction("Add event…", self.add_event_dialog)
        self.add_event_action.setToolTip("Record a dated event of the entity in the case file")
        self.remove_event_action = bar.addAction("Remove event", self.remove_selected_event)
        self.remove_event_action.setEnabled(False)
        bar.addAction("Export…", self.export_dialog)
        self.toolbar = bar
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.evidence)
        splitter.setSizes([420, 140])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.view.item_clicked.connect(self.show_item_evidence)
        self.evidence.quote_opened.connect(self.quote_opened)
        session.changed.connect(self._on_change)
        session.opened.connect(lambda _cb: self.reload())
        session.closed.connect(self.clear)

    def clear(self) -> None:
        self._generation += 1
        self.timeline = None
        self.scene.set_items([])
        self.scene.rebuild()
        self.evidence.clear()
        self.status.clear()

    def set_entity(self, entity_id: str | None, caption: str = "") -> None:
        self.entity_id, self.entity_caption = entity_id, caption
        if self.follow.isChecked():
            self.reload()

    def current_filter(self) -> TimelineFilter:
        entity = self.entity_id if self.follow.isChecked() else None
        return TimelineFilter(
            entity_ids=frozenset({entity}) if entity else None,
            kinds=frozenset(k for k, box in self.kinds.items() if box.isChecked()),
            # an item passes when one of its entities has a chosen schema (a source: one of
            # those it supports)
            schemata=self.filters.chosen_schemata(),
            level=self.filters.chosen_level(),
        )

    def reload(self) -> None:
        from nkcase.services.timeline import load_timeline

        if not self.session.is_open:
            return
        if self.follow.isChecked() and self.entity_id is None:
            self.clear()
            self.status.setText("Open a case file, or untick “Follow the case file”.")
            return
        self._generation += 1
        generation = self._generation
        timeline_filter = self.current_filter()
        width, font = self.view.viewport().width(), QFont(self.scene.label_font)

        def job(casebook: Casebook) -> tuple[Timeline, TimelineLayout]:
            # loaded and laid out on the worker: the GUI thread only adds the items
            line = load_timeline(casebook, timeline_filter)
            return line, lay_out(line.items, fit_per_day(line.items, width), font)

        self.session.read(job, lambda result: self._show(generation, *result))

    def _show(self, generation: int, line: Timeline, layout: TimelineLayout) -> None:
        if generation != self._generation:
            return
        self.timeline = line
        self.scene.show_layout(layout)
        self.view.fit()
        scope = (f"“{self.entity_caption}”" if self.follow.isChecked() and self.entity_id
                 else "the whole casebook")
        self.status.setText(f"{len(line.items)} dated items of {scope} · level {line.level} · "
                            "wheel: zoom time, drag: pan, click: its quotes")
        self.loaded.emit()

    def show_item_evidence(self, item_id: str) -> None:
        if self.timeline is None:
            return
        item = next((i for i in self.timeline.items if i.id == item_id), None)
        if item is None:
            return
        self.selected_id = item_id
        self.remove_event_action.setEnabled(item.kind == "event")
        refs = self.timeline.evidence.get(item_id, [])
        empty = ("A publication date: the source itself is the evidence."
                 if item.kind == "source" else "No quote supports this yet (unsupported).")
        self.evidence.show_refs(f"{item.when}: {item.label}", refs, empty=empty)

    def add_event_dialog(self) -> None:
        from nkcase.gui.event_dialog import EventDialog

        if self.entity_id is None or self.names is None:
            return
        dialog = EventDialog(self.names, self.entity_id, self.entity_caption or "this entity",
                             self)
        if dialog.exec():
            self.add_event(dialog.value())

    def add_event(self, value: EventInput) -> None:
        from nkcase.services import events

        self.session.apply(lambda cb: events.add_event(
            cb, date=value.date, end=value.end, summary=value.summary, place=value.place,
            entity_ids=value.entity_ids))

    def remove_selected_event(self) -> None:
        from nkcase.services import events

        event_id = self.selected_id
        if event_id is None:
            return
        self.remove_event_action.setEnabled(False)
        self.session.apply(lambda cb: events.remove_event(cb, event_id))

    def _on_change(self, change: Change, _initiator: object = None) -> None:
        flags = change.flags
        if self.timeline is not None and (
            flags.events or flags.relationships or flags.facts or flags.evidence
            or flags.quotes or flags.sources or flags.entities
        ):
            self.reload()

    def export_dialog(self) -> None:
        if self.timeline is None:
            return
        path, _f = QFileDialog.getSaveFileName(
            self, "Export timeline", str(Path.home() / "timeline.svg"),
            "SVG vector image (*.svg);;PNG image (*.png)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path, on_done: Callable[[Path], None] | None = None) -> None:
        from nkcase.services.figure_export import write_figure
        from nkcase.timeline.figure import EXPORT_TIMELINE, timeline_figure

        if self.timeline is None:
            return
        items = list(self.timeline.items)
        title = self.entity_caption if self.follow.isChecked() else ""

        def job(_casebook: Casebook) -> Path:
            figure = timeline_figure(items, title=title, style=EXPORT_TIMELINE)
            return write_figure(figure, path)

        self.session.read(job, on_done or (lambda p: self.status.setText(f"Exported {p}")),
                          lambda err: show_error(self, err))
