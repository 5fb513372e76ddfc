"""A big timeline stays usable: lanes packed so the band is not thousands of lanes tall, labels
that are shown never cover each other at any zoom, and zoomed in to days on a long period its
label stays in view."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from nkcase.gui.timeline_layout import fit_per_day, lay_out
from nkcase.gui.timeline_scene import TimelineScene
from nkcase.gui.timeline_view import TimelineView
from nkcase.timeline.lanes import pack_lanes
from nkcase.timeline.model import TimelineItem, sort_items


def many_items(count: int) -> list[TimelineItem]:
    rng = random.Random(8)
    items = []
    for k in range(count):
        year, month, day = rng.randrange(1985, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        start = (f"{year}" if k % 3 == 0 else f"{year}-{month:02d}" if k % 3 == 1
                 else f"{year}-{month:02d}-{day:02d}")
        end = f"{min(year + rng.randrange(1, 4), 2025)}" if k % 7 == 0 else None
        items.append(TimelineItem("event", f"e{k:04d}", start, end, f"Event {k} of some length"))
    return sort_items(items)


@pytest.fixture
def timeline(qtbot):
    scene = TimelineScene()
    view = TimelineView(scene)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    return scene, view


def show(scene: TimelineScene, view: TimelineView, items: list[TimelineItem], qtbot) -> None:
    scene.show_layout(lay_out(items, fit_per_day(items, view.viewport().width()), scene.label_font))
    qtbot.waitUntil(lambda: scene.pending == 0)
    view.fit()


def wheel(view: TimelineView, x: float, notches: int) -> None:
    at = QPointF(x, view.viewport().height() / 2)
    event = QWheelEvent(at, view.viewport().mapToGlobal(at), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def on_screen(view: TimelineView, item) -> QRectF:
    return item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect())


def test_a_big_timeline_packs_its_lanes_and_shown_labels_never_overlap(timeline, qtbot):
    scene, view = timeline
    items = many_items(800)
    show(scene, view, items, qtbot)
    # every label beside its item at the fitted zoom would need many more lanes
    layout = lay_out(items, scene.base_per_day, scene.label_font)
    metrics = view.fontMetrics()
    with_labels = pack_lanes([(p[1], max(p[2], p[1] + 6) + 4 + metrics.horizontalAdvance(p[3]))
                              for p in layout.placements if not p[6]], lambda e: e)
    lanes = {round(p[5]) for p in layout.placements}
    assert len(lanes) * 3 < max(with_labels) + 1
    for notches in (0, 6, 6, 6):
        wheel(view, 500, notches)
        view.verticalScrollBar().setValue(0)
        shown = [on_screen(view, label) for label in scene.labels.values()
                 if label.isVisible()
                 and on_screen(view, label).intersects(QRectF(view.viewport().rect()))]
        assert shown  # some labels are readable at every zoom
        for k, one in enumerate(shown):
            for other in shown[k + 1:]:
                assert not one.adjusted(1, 1, -1, -1).intersects(other), (one, other)


def test_zoomed_in_on_a_long_period_its_label_stays_in_view(timeline, qtbot):
    scene, view = timeline
    span = TimelineItem("relationship", "r1", "2001-03-01", "2019-08-31",
                        "owner: Silver Crane Trading → Blue Lantern")
    items = sort_items([span, TimelineItem("event", "e1", "2000-01-05", None, "renamed"),
                        TimelineItem("event", "e2", "2020-06-01", None, "closed")])
    show(scene, view, items, qtbot)
    label = scene.labels["r1"]
    assert label.isVisible()
    middle = view.mapFromScene(scene.shapes["r1"].sceneBoundingRect().center()).x()
    for _ in range(30):  # to days, in the middle of the period
        wheel(view, middle, 1)
    bar = view.mapFromScene(scene.shapes["r1"].sceneBoundingRect()).boundingRect()
    assert bar.left() < 0 and bar.right() > view.viewport().width()  # the bar crosses the view
    text = on_screen(view, label)
    assert label.isVisible() and label.text().startswith("2001-03-01 – 2019-08-31")
    assert text.left() >= 0 and text.right() <= view.viewport().width()
    # scrolled back to the period's start, the label is at the start of its bar again
    view.horizontalScrollBar().setValue(
        view.horizontalScrollBar().value() + round(bar.left()) - 50)
    bar = view.mapFromScene(scene.shapes["r1"].sceneBoundingRect()).boundingRect()
    assert on_screen(view, label).left() == pytest.approx(bar.left() + 6, abs=2)
