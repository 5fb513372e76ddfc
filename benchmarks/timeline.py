"""Timeline speed: opening and zooming a timeline of 5,000 items, beside a bare QGraphicsScene.

1. A casebook with ``--items`` events (years, months, days and spans over 40 years) written in
   one transaction (fast setup; ordinary rows), loaded through ``load_timeline`` (the service).
2. The real ``TimelineScene``/``TimelineView``: opening (items set, fitted, first paint), then
   80 wheel zoom steps in and out around the centre (from the whole range down to days and back),
   each followed by a repaint, with the GUI thread's CPU and the wall time per step, and the
   longest event-loop gap seen by a 5 ms heartbeat timer.
3. The reference: a bare ``QGraphicsScene`` with as many rects, zoomed with ``QGraphicsView.scale``
   the same number of steps (what Qt itself costs for that many items).

    .venv/bin/python benchmarks/timeline.py [--items 5000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_casebook(path: Path, n: int) -> None:
    from nkcase.model import Entity, Fact
    from nkcase.model.events import Event, EventEntity
    from nkcase.store import create_casebook

    rng = random.Random(5)
    with create_casebook(path, "timeline benchmark") as book, book.session() as session, \
            session.begin():
        ids = [f"{i:08d}-0000-4000-8000-000000000000" for i in range(200)]
        session.add_all(Entity(id=i, schema="Company", caption=f"Company {k}")
                        for k, i in enumerate(ids))
        session.add_all(Fact(entity_id=i, prop="name", value=f"Company {k}")
                        for k, i in enumerate(ids))
        session.flush()
        for k in range(n):
            year = rng.randrange(1985, 2025)
            month, day = rng.randrange(1, 13), rng.randrange(1, 29)
            shape = k % 5
            start = (f"{year}" if shape == 0 else f"{year}-{month:02d}" if shape == 1
                     else f"{year}-{month:02d}-{day:02d}")
            end = None
            if shape == 3:
                end = f"{min(year + rng.randrange(0, 6), 2025)}-{month:02d}-{day:02d}"
            event = Event(summary=f"Event {k} of some length", start_date=start, end_date=end,
                          place="Nampo" if k % 3 else "")
            session.add(event)
            session.flush()
            session.add(EventEntity(event_id=event.id, entity_id=ids[k % len(ids)]))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def zoom_steps(app, view, zoom, steps: list[float]) -> tuple[list[float], list[float], float]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)
    timer.start()
    walls, cpus = [], []
    for factor in steps:
        t0, c0 = time.perf_counter(), time.thread_time()
        zoom(factor)
        view.viewport().repaint()
        app.processEvents()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.thread_time() - c0) * 1000)
    timer.stop()
    return walls, cpus, max(gaps) if gaps else float("nan")


def report(name: str, walls: list[float], cpus: list[float], stall: float) -> None:
    print(f"{name}: {len(walls)} zoom steps, GUI thread CPU p95 {p95(cpus):.1f} ms, max "
          f"{max(cpus):.1f} ms; wall p95 {p95(walls):.1f} ms, max {max(walls):.1f} ms; "
          f"longest event-loop gap (5 ms heartbeat) {stall:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    args = parser.parse_args()
    from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QPen, QWheelEvent
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    from nkcase.gui.timeline_scene import TimelineScene
    from nkcase.gui.timeline_view import TimelineView
    from nkcase.services.timeline import load_timeline
    from nkcase.store import open_casebook
    from nkcase.timeline.scale import unit_for

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timeline.nkcase"
        start = time.perf_counter()
        build_casebook(path, args.items)
        print(f"(built a casebook of {args.items} events in {time.perf_counter() - start:.1f} s)")
        with open_casebook(path, readonly=True) as book:
            start = time.perf_counter()
            line = load_timeline(book)
            print(f"load_timeline (service): {(time.perf_counter() - start) * 1000:.0f} ms for "
                  f"{len(line.items)} items")
    app = QApplication.instance() or QApplication([])
    scene = TimelineScene()
    view = TimelineView(scene)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    if hasattr(scene, "show_layout"):  # as the panel does: laid out on the worker thread
        from nkcase.gui.timeline_layout import fit_per_day, lay_out

        start = time.perf_counter()
        layout = lay_out(line.items, fit_per_day(line.items, view.viewport().width()),
                         scene.font)
        print(f"timeline layout (on the worker with the load): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms; "
              f"{len({p[5] for p in layout.placements})} lanes, "
              f"{layout.size[1]:.0f} px tall; "
              f"{sum(p[8] <= p[7] for p in layout.placements)} labels shown at that zoom")
    t0, c0 = time.perf_counter(), time.thread_time()
    if hasattr(scene, "show_layout"):
        scene.show_layout(layout)
    else:
        scene.set_items(line.items)
    view.fit()
    view.viewport().repaint()
    app.processEvents()
    print(f"timeline open on the GUI thread (items shown, fit, first paint): wall "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms, GUI thread CPU "
          f"{(time.thread_time() - c0) * 1000:.0f} ms")
    turns = [time.perf_counter()]
    while getattr(scene, "pending", 0):  # the rest added a batch per event-loop turn
        app.processEvents()
        turns.append(time.perf_counter())
    longest = max((b - a for a, b in itertools.pairwise(turns)), default=0.0)
    print(f"  all items in the scene after {(time.perf_counter() - t0) * 1000:.0f} ms wall, "
          f"GUI thread CPU {(time.thread_time() - c0) * 1000:.0f} ms; longest event-loop turn "
          f"meanwhile {longest * 1000:.0f} ms ({len(scene.items())} graphics items)")
    centre = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)

    def wheel(factor: float) -> None:
        event = QWheelEvent(centre, view.viewport().mapToGlobal(centre), QPoint(0, 0),
                            QPoint(0, 120 if factor > 1 else -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)

    steps = [2.0] * 40 + [0.5] * 40  # 1.25 per wheel notch: 40 notches, decades to days
    units = []

    def zoom(factor: float) -> None:
        wheel(factor)
        units.append(unit_for(scene.per_day))

    walls, cpus, stall = zoom_steps(app, view, zoom, steps)
    report("timeline", walls, cpus, stall)
    print(f"  zoom units seen: {', '.join(dict.fromkeys(units))}")

    ref_scene = QGraphicsScene()
    rng = random.Random(3)
    pen, brush = QPen(QColor("#2f5d8a")), QBrush(QColor("#cfdeee"))
    for _ in range(len(line.items)):
        ref_scene.addRect(QRectF(rng.uniform(0, 15000), rng.uniform(0, 6000),
                                 rng.uniform(2, 200), 10), pen, brush)
    ref_view = QGraphicsView(ref_scene)
    ref_view.resize(1200, 700)
    ref_view.show()
    app.processEvents()
    walls, cpus, stall = zoom_steps(app, ref_view,
                                    lambda f: ref_view.scale(1.25 if f > 1 else 0.8, 1.0), steps)
    report(f"reference: bare QGraphicsScene of {len(line.items)} rects, QGraphicsView.scale",
           walls, cpus, stall)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
