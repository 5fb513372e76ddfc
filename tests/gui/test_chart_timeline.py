"""The link chart and the timeline on the real threaded runner, driven with real mouse events:
open a chart, expand a node, click a line and read its quotes, drag and save a chart and
reopen it, view it as a lower level, export it; the timeline follows the case file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import TaskRunner
from nkcase.store import create_casebook
from tests.services.network import Network, build_network

WAIT = 15_000


@pytest.fixture
def net_path(tmp_path: Path) -> tuple[Path, Network]:
    path = tmp_path / "net.nkcase"
    with create_casebook(path, "Network") as casebook:
        net = build_network(casebook, tmp_path / "docs")
    return path, net


@pytest.fixture
def live(qtbot, settings: Settings, recorded_messages, net_path) -> Iterator[MainWindow]:
    """The main window on the real threaded runner with the network casebook open."""
    path, _net = net_path
    window = MainWindow(settings, TaskRunner())
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.files.open_casebook(path)
    qtbot.waitUntil(lambda: window.session.is_open, timeout=WAIT)
    yield window
    window.session.detach()


def node_point(panel, entity_id: str) -> QPoint:
    return panel.view.mapFromScene(panel.scene.nodes[entity_id].scenePos())


def edge_point(panel, relationship_id: str) -> QPoint:
    return panel.view.mapFromScene(panel.scene.edges[relationship_id].midpoint())


def open_chart_of(qtbot, window: MainWindow, entity_id: str):
    window.open_entity(entity_id)
    qtbot.waitUntil(lambda: window.casefile.entity_id == entity_id, timeout=WAIT)
    window.analysis.chart_entity_action.trigger()
    panel = window.analysis.chart
    qtbot.waitUntil(lambda: panel.graph is not None and entity_id in panel.scene.nodes,
                    timeout=WAIT)
    return panel


def test_expand_a_node_and_click_a_line_for_its_quotes(qtbot, live: MainWindow, net_path):
    _path, net = net_path
    panel = open_chart_of(qtbot, live, net["tanker"])
    assert set(panel.scene.nodes) == {net["tanker"], net["crane"]}
    panel.view.fit()

    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=node_point(panel, net["crane"]))
    qtbot.waitUntil(lambda: len(panel.scene.nodes) == 4, timeout=WAIT)
    assert set(panel.scene.nodes) == {net["tanker"], net["crane"], net["ra"], net["okryu"]}
    panel.view.fit()

    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=edge_point(panel, net["owns"]))
    qtbot.waitUntil(lambda: any("Registry filings" in t for t in panel.evidence.texts()),
                    timeout=WAIT)
    [line] = panel.evidence.texts()
    assert line.startswith("[B2] “Registry filings name Albatross Trading")
    assert "Ownership: Albatross Trading → Sea Star" in panel.evidence.title.text()

    # a click on a node opens its case file
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=node_point(panel, net["ra"]))
    qtbot.waitUntil(lambda: live.casefile.entity_id == net["ra"], timeout=WAIT)

    # a double-click on a quote opens it in the reader
    with qtbot.waitSignal(panel.evidence.quote_opened, timeout=WAIT):
        panel.evidence.list.itemActivated.emit(panel.evidence.list.item(0))
    qtbot.waitUntil(lambda: live.center.currentWidget() is live.reader, timeout=WAIT)


def test_drag_save_and_reopen_a_chart(qtbot, live: MainWindow, net_path, tmp_path: Path):
    _path, net = net_path
    panel = open_chart_of(qtbot, live, net["tanker"])
    panel.expand([net["crane"]])
    qtbot.waitUntil(lambda: len(panel.scene.nodes) == 4, timeout=WAIT)
    panel.view.fit()
    start = node_point(panel, net["ra"])
    target = start + QPoint(60, 40)
    viewport = panel.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + (target - start) * step / 5)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    moved = panel.state.positions[net["ra"]]
    assert net["ra"] in panel.state.pinned
    assert panel.view.mapFromScene(*moved) == target

    panel.save_named("Tanker network")
    qtbot.waitUntil(lambda: panel.charts.findData("Tanker network") > 0, timeout=WAIT)
    assert live.session.undo_stack.undoText() == "Save chart “Tanker network”"

    panel.reset()
    assert not panel.scene.nodes
    qtbot.waitUntil(lambda: panel.charts.findData("Tanker network") > 0, timeout=WAIT)
    panel.charts.setCurrentIndex(panel.charts.findData("Tanker network"))
    panel.charts.activated.emit(panel.charts.currentIndex())
    qtbot.waitUntil(lambda: len(panel.scene.nodes) == 4, timeout=WAIT)
    assert panel.chart_name == "Tanker network"
    assert panel.scene.nodes[net["ra"]].pos().toTuple() == pytest.approx(moved, abs=0.01)
    assert panel.scene.nodes[net["ra"]].pinned

    live.session.undo()  # the save is undone like any edit (on the writer thread)
    qtbot.waitUntil(lambda: panel.charts.findData("Tanker network") < 0, timeout=WAIT)


def test_view_as_a_lower_level_and_export(qtbot, live: MainWindow, net_path, tmp_path: Path):
    _path, net = net_path
    panel = open_chart_of(qtbot, live, net["ra"])
    panel.filters.level.setCurrentIndex(panel.filters.level.findData("protected"))
    panel.filters.level.activated.emit(panel.filters.level.currentIndex())
    qtbot.waitUntil(lambda: panel.status.text().endswith("expand it")
                    and "level protected" in panel.status.text(), timeout=WAIT)
    assert net["ghost"] not in panel.scene.nodes  # not on the chart until expanded
    panel.expand([net["ra"]])
    qtbot.waitUntil(lambda: net["ghost"] in panel.scene.nodes, timeout=WAIT)
    assert net["collects"] in panel.scene.edges

    panel.filters.level.setCurrentIndex(panel.filters.level.findData("public"))
    panel.filters.level.activated.emit(panel.filters.level.currentIndex())
    qtbot.waitUntil(lambda: net["ghost"] not in panel.scene.nodes, timeout=WAIT)
    assert net["collects"] not in panel.scene.edges and net["partner"] not in panel.scene.edges

    out = tmp_path / "ra-public.svg"
    done: list[Path] = []
    panel.export_to(out, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    root = ET.parse(out).getroot()
    groups = list(root.iter("{http://www.w3.org/2000/svg}g"))
    nodes = {g.get("data-id") for g in groups if g.get("class") == "node"}
    edges = {g.get("data-id") for g in groups if g.get("class") == "edge"}
    assert nodes == set(panel.scene.nodes) and edges == set(panel.scene.edges)
    assert net["ghost"] not in out.read_text(encoding="utf-8")
    png = tmp_path / "ra.png"
    done.clear()
    panel.export_to(png, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_timeline_follows_the_case_file(qtbot, live: MainWindow, net_path):
    _path, net = net_path
    live.open_entity(net["tanker"])
    live.analysis.timeline_toggle.trigger()
    panel = live.analysis.timeline
    qtbot.waitUntil(lambda: panel.timeline is not None and len(panel.timeline.items) == 3,
                    timeout=WAIT)
    assert [i.when for i in panel.timeline.items] == ["2018 –", "2019", "2022-10-03 – 2022-10-12"]
    renamed = panel.timeline.items[1]
    shape = panel.scene.shapes[renamed.id]
    point = panel.view.mapFromScene(shape.sceneBoundingRect().center())
    panel.view.ensureVisible(shape)
    point = panel.view.mapFromScene(shape.sceneBoundingRect().center())
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: any("renamed in 2019" in t for t in panel.evidence.texts()),
                    timeout=WAIT)

    from nkcase.timeline.scale import unit_for

    panel.view.fit()
    assert unit_for(panel.scene.per_day) in ("5 years", "year", "quarter", "month")
    panel.view.zoom_time(400)
    assert unit_for(panel.scene.per_day) in ("day", "week")
    panel.view.zoom_time(1 / 4000)
    assert unit_for(panel.scene.per_day) in ("5 years", "decade", "50 years", "century")

    live.open_entity(net["crane"])
    qtbot.waitUntil(lambda: panel.timeline is not None and panel.entity_id == net["crane"]
                    and len(panel.timeline.items) == 1, timeout=WAIT)


def test_the_timeline_level_and_schemata_filters_change_what_it_shows(
        qtbot, live: MainWindow, net_path):
    """The timeline's "View as" box and Schemata menu (the link chart's widgets), used with the
    keyboard and the mouse: a protected event appears only when viewing as protected, and
    without Vessel ticked the tanker's own events leave (its ownership, a Company's, stays)."""
    from nkcase.services import events, quotes

    _path, net = net_path
    live.open_entity(net["tanker"])
    live.analysis.timeline_toggle.trigger()
    panel = live.analysis.timeline
    qtbot.waitUntil(lambda: panel.timeline is not None and len(panel.timeline.items) == 3,
                    timeout=WAIT)

    def add_protected_event(casebook):
        added = events.add_event(casebook, date="2021-03", summary="Met the informant",
                                 entity_ids=[net["tanker"]])
        quoted = quotes.add_quote(
            casebook, net["secret"], credibility=3, event_ids=[str(added.subject_id)],
            text="The informant named Pak Ghost as Ra's partner in the scheme.")
        return [added, quoted]

    done: list[object] = []
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):  # reloaded after the change
        live.session.apply(add_protected_event, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    assert panel.filters.level.currentData() == "internal"

    def labels() -> list[str]:
        return [i.label for i in panel.timeline.items] if panel.timeline else []

    level = panel.filters.level
    level.setFocus()
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        qtbot.keyClick(level, Qt.Key.Key_Down)  # internal → protected
    assert level.currentData() == "protected" and "level protected" in panel.status.text()
    assert "Met the informant" in labels() and len(labels()) == 4
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        qtbot.keyClick(level, Qt.Key.Key_Up)
    assert "Met the informant" not in labels() and len(labels()) == 3

    menu = panel.filters.schema_button.menu()
    vessel = panel.filters.schema_actions["Vessel"]

    def untick_vessel() -> None:
        qtbot.waitUntil(menu.isVisible, timeout=WAIT)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                         pos=menu.actionGeometry(vessel).center())

    QTimer.singleShot(0, untick_vessel)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        qtbot.mouseClick(panel.filters.schema_button, Qt.MouseButton.LeftButton)
    assert not vessel.isChecked()
    assert labels() == ["owner: Albatross Trading → Sea Star"]


def test_add_and_remove_an_event_from_the_timeline(qtbot, live: MainWindow, net_path):
    from nkcase.gui.event_dialog import EventDialog

    _path, net = net_path
    live.open_entity(net["tanker"])
    live.analysis.timeline_toggle.trigger()
    panel = live.analysis.timeline
    qtbot.waitUntil(lambda: panel.timeline is not None and len(panel.timeline.items) == 3,
                    timeout=WAIT)
    dialog = EventDialog(live.names, net["tanker"], "Sea Star", live)
    qtbot.keyClicks(dialog.date, "May 2023")
    qtbot.keyClicks(dialog.summary, "Seen loading coal in Nampo")
    qtbot.keyClicks(dialog.place, "Nampo")
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    panel.add_event(dialog.value())
    qtbot.waitUntil(lambda: len(panel.timeline.items) == 4, timeout=WAIT)
    added = panel.timeline.items[-1]
    assert (added.when, added.label, added.detail) == ("2023-05", "Seen loading coal in Nampo",
                                                        "Nampo")
    panel.show_item_evidence(added.id)
    assert panel.remove_event_action.isEnabled()
    panel.remove_selected_event()
    qtbot.waitUntil(lambda: len(panel.timeline.items) == 3, timeout=WAIT)
    live.session.undo()  # the removal is undone like any edit
    qtbot.waitUntil(lambda: len(panel.timeline.items) == 4, timeout=WAIT)


def test_a_chart_zoomed_out_exports_in_full(qtbot, live: MainWindow, net_path, tmp_path: Path):
    """The screen leaves names out when zoomed out; the exported picture never does."""
    _path, net = net_path
    panel = open_chart_of(qtbot, live, net["crane"])
    qtbot.waitUntil(lambda: len(panel.scene.nodes) == 4, timeout=WAIT)
    panel.view.zoom_by(0.1 / panel.view.zoom())
    assert panel.view.zoom() == pytest.approx(0.1)
    out = tmp_path / "crane.svg"
    done: list[Path] = []
    panel.export_to(out, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    root = ET.parse(out).getroot()
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for node in panel.scene.nodes.values():
        assert node.node.caption.split()[0] in texts
    for role in ("owner", "director", "supplier"):
        assert role in texts
    svg = "{http://www.w3.org/2000/svg}"
    edges = [g for g in root.iter(f"{svg}g") if g.get("class") == "edge"]
    assert len(edges) == len(panel.scene.edges)
    assert all(g.find(f"{svg}polygon") is not None for g in edges)  # arrowheads too


def test_zooming_the_timeline_to_days_keeps_its_items_and_dates(qtbot, live: MainWindow, net_path):
    """A zoom step only rescales the time axis: the same items, no new layout; at days the axis
    ticks name days and sit where the items' days begin, and labels show their dates."""
    _path, net = net_path
    live.open_entity(net["tanker"])
    live.analysis.timeline_toggle.trigger()
    panel = live.analysis.timeline
    qtbot.waitUntil(lambda: panel.timeline is not None and len(panel.timeline.items) == 3,
                    timeout=WAIT)
    view, scene = panel.view, panel.scene
    view.fit()
    builds = scene.builds
    shapes = dict(scene.shapes)
    span = next(i for i in panel.timeline.items if i.when == "2022-10-03 – 2022-10-12")
    for _ in range(40):  # the wheel, at the span's start
        anchor = view.mapFromScene(shapes[span.id].sceneBoundingRect().topLeft())
        event = QWheelEvent(QPointF(anchor), view.viewport().mapToGlobal(QPointF(anchor)),
                            QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)
    from nkcase.timeline.scale import unit_for

    assert unit_for(scene.per_day) == "day"
    assert scene.builds == builds
    assert all(scene.shapes[k] is shape for k, shape in shapes.items())
    assert len(scene.shapes) == 3
    rect = view.mapFromScene(shapes[span.id].sceneBoundingRect()).boundingRect()
    ticks = dict((label, x) for x, label in view.axis_ticks())
    assert ticks["2022-10-03"] == pytest.approx(rect.left(), abs=2)
    assert rect.width() == pytest.approx(10 * scene.per_day, abs=3)  # ten days wide
    label = scene.labels[span.id]
    assert label.isVisible() and label.text().startswith("2022-10-03 – 2022-10-12")
    view.zoom_time(1 / 40000)  # to the widest zoom
    assert unit_for(scene.per_day) in ("decade", "50 years", "century")
    assert scene.builds == builds and scene.shapes[span.id] is shapes[span.id]
    # a click on the span still reads its quotes
    view.fit()
    view.ensureVisible(shapes[span.id])
    point = view.mapFromScene(shapes[span.id].sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: span.label in panel.evidence.title.text(), timeout=WAIT)
