"""The link chart's level of detail on screen: captions and line labels drawn where they can be
read (at 100%), not drawn zoomed far out (10%), a big chart's overview drawn simply; nodes keep
their look, clicks and drags at every zoom. Pictures are compared pixel for pixel: a chart and
the same chart with other names differ on screen only where names are drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage

from nkcase.graph import ChartEdge, ChartGraph, ChartNode
from nkcase.gui.chart_lines import SIMPLE_LINES_FROM
from nkcase.gui.chart_scene import ChartScene
from nkcase.gui.chart_view import ChartView

POSITIONS = {"a": (-160.0, 0.0), "b": (160.0, 0.0), "c": (0.0, 220.0)}


def graph(names: dict[str, str], roles: tuple[str, str]) -> ChartGraph:
    nodes = [ChartNode("a", "Company", names["a"]), ChartNode("b", "Vessel", names["b"]),
             ChartNode("c", "Person", names["c"], designation="UN 1718")]
    edges = [ChartEdge("ab", "Ownership", "Ownership", "a", "b", role=roles[0], grades=("B2",)),
             ChartEdge("ca", "Directorship", "Directorship", "c", "a", role=roles[1])]
    return ChartGraph.of(nodes, edges)


NAMED = graph({"a": "Silver Crane Trading", "b": "Blue Lantern", "c": "Ri Hye-gyong"},
              ("registered owner", "director"))
RENAMED = graph({"a": "Wholly Other Company Name", "b": "Mmmmmmmmmmm", "c": "Xxxxx Yyyyy"},
                ("beneficial owner of", "secretary"))


@pytest.fixture
def chart(qtbot):
    scene = ChartScene()
    view = ChartView(scene)
    qtbot.addWidget(view)
    view.resize(700, 560)
    view.show()
    qtbot.waitExposed(view)
    return scene, view


def picture(scene: ChartScene, view: ChartView, shown: ChartGraph, zoom: float) -> QImage:
    scene.show_graph(shown, POSITIONS, set(), "strongest")
    view.graph_shown()
    view.zoom_by(zoom / view.zoom())
    view.centerOn(QPointF(0, 100))
    return view.viewport().grab().toImage()


def differing_pixels(one: QImage, other: QImage) -> int:
    assert one.size() == other.size()
    return sum(one.pixel(x, y) != other.pixel(x, y)
               for y in range(0, one.height()) for x in range(0, one.width()))


def test_names_drawn_at_100_percent_and_not_at_10(chart):
    scene, view = chart
    named, renamed = picture(scene, view, NAMED, 1.0), picture(scene, view, RENAMED, 1.0)
    assert differing_pixels(named, renamed) > 500  # captions and line labels are drawn

    named, renamed = picture(scene, view, NAMED, 0.1), picture(scene, view, RENAMED, 0.1)
    assert differing_pixels(named, renamed) == 0  # nothing of any name is drawn
    # ...but the chart is: the nodes and lines are on the picture
    blank = QImage(named.size(), named.format())
    blank.fill(named.pixel(0, 0))
    assert differing_pixels(named, blank) > 20


def test_line_labels_need_more_zoom_than_captions(chart):
    """At 70% the entities' names are drawn, the lines' (smaller) labels not yet."""
    scene, view = chart
    roles_only = graph({"a": "Silver Crane Trading", "b": "Blue Lantern", "c": "Ri Hye-gyong"},
                       ("beneficial owner of", "secretary"))
    assert differing_pixels(picture(scene, view, NAMED, 0.7),
                            picture(scene, view, roles_only, 0.7)) == 0
    assert differing_pixels(picture(scene, view, NAMED, 1.0),
                            picture(scene, view, roles_only, 1.0)) > 100


def test_a_zoomed_out_node_is_still_clicked_and_dragged(chart, qtbot):
    scene, view = chart
    picture(scene, view, NAMED, 0.3)
    clicked: list[str] = []
    view.node_clicked.connect(clicked.append)
    moved: list[tuple[str, float, float]] = []
    scene.node_moved.connect(lambda *args: moved.append(args))
    at = view.mapFromScene(scene.nodes["c"].pos())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert clicked == ["c"]
    target = at + QPoint(40, 0)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseMove(view.viewport(), at + QPoint(20, 0))
    qtbot.mouseMove(view.viewport(), target)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert moved and moved[-1][0] == "c"
    assert view.mapFromScene(scene.nodes["c"].pos()) == target
    assert scene.nodes["c"].pinned
    # the lines followed the node: the one to "a" is found under the mouse at its new middle
    middle = view.mapFromScene(scene.edges["ca"].midpoint())
    hits: list[str] = []
    view.edge_clicked.connect(hits.append)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert hits == ["ca"]


def test_selected_node_looks_selected_at_every_zoom(chart):
    scene, view = chart
    for zoom in (1.0, 0.3):
        plain = picture(scene, view, NAMED, zoom)
        scene.nodes["b"].setSelected(True)
        selected = view.viewport().grab().toImage()
        assert differing_pixels(plain, selected) > 0
        scene.clearSelection()


def big_graph() -> tuple[ChartGraph, dict[str, tuple[float, float]]]:
    """A 10×10 grid of named entities with its 180 short links, and 400 long links across it:
    a chart big enough (SIMPLE_LINES_FROM) to be sketched while it is zoomed."""
    import random

    rng = random.Random(5)
    nodes = [ChartNode(f"n{i:03d}", "Company", f"Company number {i}") for i in range(100)]
    positions = {f"n{i:03d}": (float(i % 10) * 120, float(i // 10) * 120) for i in range(100)}
    pairs = {(i, i + 1) for i in range(100) if i % 10 < 9} | {(i, i + 10) for i in range(90)}
    while len(pairs) < 580:
        a, b = rng.randrange(100), rng.randrange(100)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    edges = [ChartEdge(f"e{a}-{b}", "UnknownLink", "Link", f"n{a:03d}", f"n{b:03d}",
                       role="partner of", grades=("B2",)) for a, b in sorted(pairs)]
    return ChartGraph.of(nodes, edges), positions


def wheel(view: ChartView, at: QPointF, notches: int) -> None:
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    event = QWheelEvent(at, view.viewport().mapToGlobal(at), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_a_big_chart_is_sketched_while_zoomed_and_drawn_in_full_after(chart, qtbot):
    """During a wheel gesture a big chart draws fewer lines, simply, and no names; once the
    wheel rests it is drawn exactly as before the gesture."""
    scene, view = chart
    shown, positions = big_graph()
    scene.show_graph(shown, positions, set(), "strongest")
    view.graph_shown()
    qtbot.wait(1)  # (the scene takes its size from its items in the event loop)
    view.zoom_by(1.0 / view.zoom())
    view.centerOn(QPointF(540, 540))
    assert not view.interacting()
    before = view.viewport().grab().toImage()

    at = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    wheel(view, at, 1)
    wheel(view, at, -1)
    assert view.interacting()
    assert view.zoom() == pytest.approx(1.0)
    sketch = view.viewport().grab().toImage()
    assert differing_pixels(before, sketch) > 1000  # long lines and names left out

    qtbot.waitUntil(lambda: not view.interacting())
    view.zoom_by(1.0 / view.zoom())  # (the wheel zooms around the cursor, wherever it is)
    view.centerOn(QPointF(540, 540))
    after = view.viewport().grab().toImage()
    assert differing_pixels(before, after) == 0


def test_a_small_chart_is_drawn_in_full_while_zoomed(chart):
    scene, view = chart
    picture(scene, view, NAMED, 1.0)
    wheel(view, QPointF(200, 200), 1)
    assert not view.interacting()


def test_captions_are_inside_the_fitted_view_and_reachable_by_scrolling(chart):
    """The scene's rect takes in the captions the view draws: a chart fitted to the view shows
    every caption whole, and zoomed in, the scroll bars reach the lowest one."""
    scene, view = chart
    wide = graph({"a": "Korea Mansudae Overseas Project Group", "b": "Pyongyang Rungra Restaurant",
                  "c": "Ri Hye-gyong"}, ("registered owner", "director"))
    scene.show_graph(wide, POSITIONS, set(), "strongest")
    view.graph_shown()
    view.fit()
    assert scene.detail  # captions drawn at this zoom
    shown = view.viewport().rect()
    for node in scene.nodes.values():
        label = view.mapFromScene(node.label_extent()).boundingRect()
        assert shown.contains(label), node.entity_id

    view.zoom_by(3.0 / view.zoom())
    lowest = max(scene.nodes.values(), key=lambda n: n.pos().y())
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    label = view.mapFromScene(lowest.label_extent()).boundingRect()
    assert label.bottom() <= shown.bottom()
    # leftmost and rightmost captions too
    for node, bar_value in ((min(scene.nodes.values(), key=lambda n: n.pos().x()), "minimum"),
                            (max(scene.nodes.values(), key=lambda n: n.pos().x()), "maximum")):
        view.centerOn(node)
        bar = view.horizontalScrollBar()
        bar.setValue(getattr(bar, bar_value)())
        label = view.mapFromScene(node.label_extent()).boundingRect()
        assert shown.left() <= label.left() and label.right() <= shown.right(), node.entity_id


def big_chart(chart, qtbot) -> tuple[ChartScene, ChartView, QImage]:
    """The big chart at 100 %, fully drawn, with its overview image ready; its picture."""
    scene, view = chart
    shown, positions = big_graph()
    scene.show_graph(shown, positions, set(), "strongest")
    view.graph_shown()
    qtbot.wait(1)
    view.zoom_by(1.0 / view.zoom())
    view.centerOn(QPointF(540, 540))
    qtbot.waitUntil(view.overview_ready)
    return scene, view, view.viewport().grab().toImage()


def test_a_zoom_gesture_draws_the_overview_then_the_full_picture_band_by_band(chart, qtbot):
    """During a gesture a big chart is the overview image, scaled (no names); once the wheel
    rests the full picture is drawn a band at a time and shown at once: the same picture
    as painting the view directly."""
    scene, view, before = big_chart(chart, qtbot)
    at = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    wheel(view, at, 1)
    wheel(view, at, -1)
    assert view.interacting() and view.overview_shown()
    assert view.zoom() == pytest.approx(1.0)
    during = view.viewport().grab().toImage()
    assert differing_pixels(before, during) > 1000  # no names, lines one pixel wide
    blank = QImage(during.size(), during.format())
    blank.fill(during.pixel(0, 0))
    assert differing_pixels(during, blank) > 1000  # ...but the chart is there

    qtbot.waitUntil(lambda: not view.interacting())
    assert not scene.lines.sketching  # the lines' full look is back
    qtbot.waitUntil(lambda: not view.full_picture_pending())  # drawn, then shown
    on_screen = shown_on_screen(view)
    direct = view.viewport().grab().toImage()  # (painted by the view as usual)
    assert differing_pixels(on_screen, direct) == 0
    assert differing_pixels(before, direct) > 0  # (the wheel zoomed around the mouse)


def shown_on_screen(view: ChartView) -> QImage:
    """What the viewport shows now (its window's pixels; ``grab`` would paint it again)."""
    viewport = view.viewport()
    corner = viewport.mapTo(view.window(), QPoint(0, 0))
    return view.screen().grabWindow(view.window().winId(), corner.x(), corner.y(),
                                    viewport.width(), viewport.height()).toImage()


def test_every_line_is_drawn_during_a_gesture(chart, qtbot):
    """The overview holds every line, the long ones too (the tiles' sketch leaves them out):
    the chart without a hundred of its long lines looks otherwise during a gesture."""
    scene, view, _before = big_chart(chart, qtbot)
    at = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    wheel(view, at, -2)
    assert view.overview_shown()
    full = view.viewport().grab().toImage()
    qtbot.waitUntil(lambda: not view.interacting())

    shown, positions = big_graph()
    long = [k for k, e in shown.edges.items()
            if abs(int(e.source[1:]) - int(e.target[1:])) > 30][:100]
    fewer = [e for k, e in shown.edges.items() if k not in long]
    scene.show_graph(ChartGraph.of(list(shown.nodes.values()), fewer), positions, set(),
                     "strongest")
    view.graph_shown()
    assert len(scene.edges) == len(shown.edges) - 100 >= SIMPLE_LINES_FROM  # still big
    view.zoom_by(1.0 / view.zoom())
    view.centerOn(QPointF(540, 540))
    qtbot.waitUntil(view.overview_ready)
    wheel(view, at, -2)
    assert view.overview_shown()
    assert differing_pixels(full, view.viewport().grab().toImage()) > 500


def test_a_changed_chart_draws_its_overview_again(chart, qtbot):
    scene, view, _before = big_chart(chart, qtbot)
    scene.nodes["n000"].setSelected(True)
    assert not view.overview_ready()  # the old picture is not shown during a gesture
    at = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    wheel(view, at, 1)
    assert not view.overview_shown()  # the tiles' sketch meanwhile
    qtbot.waitUntil(lambda: not view.interacting())
    qtbot.waitUntil(view.overview_ready)
