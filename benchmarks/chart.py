"""Link chart speed: layout of a big graph, pan/zoom without stalls, opening a small chart.

1. Layout of a random 2,000-node, 5,000-edge graph with ``nkcase.graph.layout.layout_chart``
   (igraph's Fruchterman–Reingold per component, hierarchy with Sugiyama), median of 3, beside
   networkx's plain ``spring_layout`` on the same graph (the reference; needs
   ``pip install networkx numpy scipy``, skipped with a note otherwise).
2. Pan and zoom of that chart in the real ``ChartView`` while a 5 ms heartbeat timer records
   the longest gap in the event loop (a stall): 60 wheel zooms in and out around the cursor
   (each followed by a repaint and processing events; one gesture, drawn as a sketch), the
   full redraw once the gesture pauses, and 120 pan steps at 100% across the chart
   (offscreen; under Xvfb with DISPLAY set). The GUI thread's CPU time per step is
   printed too: on a shared machine the wall times include waiting for a CPU.
3. Opening the chart of a 10-entity neighbourhood in a casebook of 20,000 entities and 50,000
   relationships: the service (walk at a level, load, lay out) and the chart panel from
   ``show_entity`` to its ``loaded`` signal on the threaded runner.

    .venv/bin/python benchmarks/chart.py [--nodes 2000] [--edges 5000] [--workdir DIR]
    .venv/bin/python benchmarks/chart.py --only pan-zoom --repeat 3   # part 2 only, 3 runs
    .venv/bin/python benchmarks/chart.py --only open --workdir DIR    # part 3 only
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python benchmarks/chart.py   # under Xvfb
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from nkcase.graph import ChartEdge, ChartGraph, ChartNode
from nkcase.graph.layout import layout_chart

SCHEMATA = ("Person", "Company", "Organization", "Vessel", "Address")


def random_graph(n: int, m: int, seed: int = 7) -> ChartGraph:
    rng = random.Random(seed)
    nodes = [ChartNode(f"n{i:05d}", SCHEMATA[i % 5], f"Entity {i}") for i in range(n)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    grades = ("A1", "B2", "C3", "D4", "F6")
    edges = [
        ChartEdge(f"e{a}-{b}", "UnknownLink", "Link", f"n{a:05d}", f"n{b:05d}", role="link",
                  grades=(rng.choice(grades),) if rng.random() < 0.8 else ())
        for a, b in sorted(pairs)
    ]
    return ChartGraph.of(nodes, edges)


CPU_TIMES: list[float] = []
"""The process's CPU time of each run of the last :func:`timed` (on a shared machine the wall
time includes waiting for a CPU)."""


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    CPU_TIMES.clear()
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        CPU_TIMES.append(time.process_time() - cpu)
    return statistics.median(times), result


def cpu() -> str:
    return f"CPU {statistics.median(CPU_TIMES):.3f} s"


def bench_layout(graph: ChartGraph) -> dict[str, tuple[float, float]]:
    force, positions = timed(lambda: layout_chart(graph, seed=1))
    print(f"layout_chart force-directed  {force:7.3f} s   ({len(graph.nodes)} nodes, "
          f"{len(graph.edges)} edges, median of 3; {cpu()})")
    layers, _ = timed(lambda: layout_chart(graph, method="hierarchy"))
    print(f"layout_chart hierarchy       {layers:7.3f} s   ({cpu()})")
    try:
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(graph.nodes)
        g.add_edges_from((e.source, e.target) for e in graph.edges.values())
        reference, _ = timed(lambda: nx.spring_layout(g, seed=1), repeat=1)
        print(f"networkx spring_layout       {reference:7.3f} s   (reference, networkx "
              f"{nx.__version__}, one run)")
    except ImportError as err:
        print(f"networkx spring_layout       not run: {err.name} is not installed "
              "(pip install networkx numpy scipy)")
    return positions  # type: ignore[return-value]


def bench_pan_zoom(graph: ChartGraph, positions) -> None:
    from PySide6.QtCore import QElapsedTimer, QPoint, QPointF, Qt, QTimer
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from nkcase.gui.chart_scene import ChartScene
    from nkcase.gui.chart_view import ChartView

    app = QApplication.instance() or QApplication([])
    scene = ChartScene()
    start = time.perf_counter()
    scene.show_graph(graph, positions, set(), "strongest")
    build = time.perf_counter() - start
    view = ChartView(scene)
    view.resize(1200, 800)
    view.show()
    view.graph_shown()
    view.fit()
    for _ in range(20):
        app.processEvents()
    gaps: list[float] = []
    gap_cpu: list[float] = []  # the GUI thread's CPU time within each gap: its own work
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]
    last_cpu = [time.thread_time()]

    def beat() -> None:
        now, now_cpu = clock.nsecsElapsed(), time.thread_time()
        gaps.append((now - last[0]) / 1e6)
        gap_cpu.append((now_cpu - last_cpu[0]) * 1000)
        last[0], last_cpu[0] = now, now_cpu

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)
    timer.start()
    frame_times: list[float] = []
    frame_cpu: list[float] = []  # the GUI thread's own CPU time: the work, without the waits
    zooms: list[float] = []      # of a shared machine
    load = os.getloadavg()[0]
    centre = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    steps = [120] * 15 + [-120] * 30 + [120] * 15
    from_overview = 0
    for delta in steps:
        t0, c0 = time.perf_counter(), time.thread_time()
        event = QWheelEvent(centre, view.viewport().mapToGlobal(centre), QPoint(0, 0),
                            QPoint(0, delta), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)
        from_overview += bool(getattr(view, "overview_shown", lambda: False)())
        view.viewport().repaint()
        app.processEvents()
        frame_times.append((time.perf_counter() - t0) * 1000)
        frame_cpu.append((time.thread_time() - c0) * 1000)
        zooms.append(view.zoom())
    # The gesture pauses: the view draws in full once (sketched lines and no labels while
    # zooming, see ChartView.interacting); its stall is measured on its own.
    gesture_gaps = len(gaps)
    c0 = time.thread_time()
    end = time.perf_counter() + 0.4
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    settle_cpu = (time.thread_time() - c0) * 1000
    settle_stall = max(gaps[gesture_gaps:], default=float("nan"))
    settled = not view.interacting()
    # Pan at 100% (at the fitted zoom the whole chart is in view and there is nothing to pan):
    # set up with the heartbeat paused, from the chart's left side across its dense middle.
    timer.stop()
    view.zoom_by(1.0 / view.zoom())
    view.centerOn(scene.extent.center())
    bar_h, bar_v = view.horizontalScrollBar(), view.verticalScrollBar()
    bar_h.setValue(bar_h.value() - 600)
    for _ in range(10):
        app.processEvents()
    last[0], last_cpu[0] = clock.nsecsElapsed(), time.thread_time()
    timer.start()
    for i in range(120):
        t0, c0 = time.perf_counter(), time.thread_time()
        bar_h.setValue(bar_h.value() + (25 if i < 60 else -25))
        bar_v.setValue(bar_v.value() + (15 if i % 40 < 20 else -15))
        app.processEvents()  # Qt scrolls the pixels and paints only the exposed strips
        frame_times.append((time.perf_counter() - t0) * 1000)
        frame_cpu.append((time.thread_time() - c0) * 1000)
    timer.stop()
    platform = app.platformName()
    stall = max(gaps) if gaps else float("nan")
    print(f"scene of {len(graph.nodes)} nodes / {len(graph.edges)} lines built in "
          f"{build * 1000:.0f} ms")
    print(f"pan/zoom ({platform}): {len(frame_times)} steps, frame p50 "
          f"{statistics.median(frame_times):.1f} ms, p95 "
          f"{statistics.quantiles(frame_times, n=20)[18]:.1f} ms, max {max(frame_times):.1f} ms; "
          f"longest event-loop stall (5 ms heartbeat) {stall:.1f} ms")
    longest = max(range(len(gaps)), key=gaps.__getitem__)
    print(f"  longest stall's own GUI thread CPU {gap_cpu[longest]:.1f} ms; most GUI thread "
          f"CPU between two heartbeats {max(gap_cpu):.1f} ms (a stall of the work itself)")
    print(f"  GUI thread CPU per step: p95 {statistics.quantiles(frame_cpu, n=20)[18]:.1f} ms, "
          f"max {max(frame_cpu):.1f} ms (load average {load:.2f} on {os.cpu_count()} CPUs: "
          "the wall times above include waiting for a CPU)")
    print(f"  full redraw once the zoom gesture paused ({'done' if settled else 'NOT done'}): "
          f"longest stall {settle_stall:.1f} ms, GUI thread CPU {settle_cpu:.1f} ms in the "
          "0.4 s wait")
    worst = max(range(len(zooms)), key=lambda i: frame_times[i])  # a zoom step
    pans = frame_times[len(zooms):]
    print(f"  zoom steps: p95 {statistics.quantiles(frame_times[:len(zooms)], n=20)[18]:.1f} ms, "
          f"max {max(frame_times[:len(zooms)]):.1f} ms; pan steps: p95 "
          f"{statistics.quantiles(pans, n=20)[18]:.1f} ms, max {max(pans):.1f} ms")
    print(f"  zoom steps drawn from the overview image: {from_overview} of {len(zooms)}")
    print(f"  zoom range {min(zooms):.2f}–{max(zooms):.2f}; slowest zoom step at "
          f"{zooms[worst]:.2f} ({frame_times[worst]:.1f} ms)")
    slow = sorted(range(len(frame_times)), key=lambda i: -frame_times[i])[:4]
    print("  slowest steps (wall / GUI thread CPU): " + ", ".join(
        (f"zoom {zooms[i]:.2f}" if i < len(zooms) else f"pan {i - len(zooms)}")
        + f" {frame_times[i]:.1f} / {frame_cpu[i]:.1f} ms" for i in slow))


def build_casebook(path: Path, n: int, m: int) -> str:
    """A casebook of ``n`` entities and ``m`` relationships written in one transaction (fast
    setup; the data is ordinary rows). Returns an entity with about nine neighbours."""
    from nkcase.model import Entity, Fact, Relationship
    from nkcase.store import create_casebook

    rng = random.Random(11)
    with create_casebook(path, "chart benchmark") as book, book.session() as session, \
            session.begin():
        ids = [f"{i:08d}-0000-4000-8000-000000000000" for i in range(n)]
        session.add_all(Entity(id=i, schema=SCHEMATA[k % 5], caption=f"Entity {k}")
                        for k, i in enumerate(ids))
        session.add_all(Fact(entity_id=i, prop="name", value=f"Entity {k}")
                        for k, i in enumerate(ids))
        session.flush()
        hub = ids[0]
        pairs = {(0, k) for k in range(1, 10)}
        while len(pairs) < m:
            a, b = rng.randrange(10, n), rng.randrange(10, n)
            if a != b:
                pairs.add((min(a, b), max(a, b)))
        session.add_all(Relationship(schema="UnknownLink", subject_id=ids[a], object_id=ids[b],
                                     role="link") for a, b in pairs)
    return hub


def bench_open(workdir: Path) -> None:
    from nkcase.graph import ChartFilter
    from nkcase.graph.layout import layout_chart as layout
    from nkcase.services.chart_data import neighbourhood_chart
    from nkcase.store import open_casebook

    path = workdir / "chart-bench.nkcase"
    if path.exists():
        open_casebook(path).close()  # a casebook kept from an older nkcase is upgraded once
    if not path.exists():
        start = time.perf_counter()
        build_casebook(path, 20_000, 50_000)
        print(f"(built a 20,000-entity, 50,000-relationship casebook in "
              f"{time.perf_counter() - start:.1f} s)")
    hub = "00000000-0000-4000-8000-000000000000"
    with open_casebook(path, readonly=True) as book:
        def service():
            graph = neighbourhood_chart(book, [hub], hops=1, chart_filter=ChartFilter())
            return graph, layout(graph)

        seconds, (graph, _pos) = timed(service, repeat=5)
        print(f"10-entity neighbourhood chart, service (walk, load at a level, layout): "
              f"{seconds * 1000:.0f} ms median of 5 ({len(graph.nodes)} entities; "
              f"CPU {statistics.median(CPU_TIMES) * 1000:.0f} ms)")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from nkcase.gui.chart_panel import ChartPanel
    from nkcase.gui.session import CaseSession
    from nkcase.gui.tasks import TaskRunner

    _app = QApplication.instance() or QApplication([])
    session = CaseSession(TaskRunner())
    book = open_casebook(path)
    session.attach(book)
    panel = ChartPanel(session)
    panel.resize(1000, 700)
    panel.show()
    times, cpus = [], []
    done: list[float] = []
    panel.loaded.connect(lambda: done.append(time.perf_counter()))
    for _ in range(5):
        done.clear()
        start, cpu_start = time.perf_counter(), time.process_time()
        panel.show_entity(hub)
        if not done:  # wait as the app does, asleep in the event loop: a loop spinning
            wait = QEventLoop()  # processEvents() would take the GIL from the worker's reads
            panel.loaded.connect(wait.quit)
            wait.exec()
            panel.loaded.disconnect(wait.quit)
        times.append(done[0] - start)
        cpus.append(time.process_time() - cpu_start)
    print(f"10-entity neighbourhood chart, panel show_entity → drawn (threaded runner): "
          f"{statistics.median(times) * 1000:.0f} ms median of 5 (CPU of all threads "
          f"{statistics.median(cpus) * 1000:.0f} ms)")
    session.detach()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--only", choices=("pan-zoom", "open"),
                        help="run one part (pan-zoom: the layout once, unmeasured, then part 2; "
                        "open: part 3)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the pan/zoom part this many times in one process")
    args = parser.parse_args()
    if args.only == "open":
        if args.workdir is None:
            with tempfile.TemporaryDirectory() as folder:
                bench_open(Path(folder))
        else:
            args.workdir.mkdir(parents=True, exist_ok=True)
            bench_open(args.workdir)
        return 0
    graph = random_graph(args.nodes, args.edges)
    # (pan-zoom only: the layout once, not measured)
    positions = layout_chart(graph, seed=1) if args.only else bench_layout(graph)
    for _ in range(args.repeat):
        bench_pan_zoom(graph, positions)
    if args.only is not None:
        return 0
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        bench_open(args.workdir)
    else:
        with tempfile.TemporaryDirectory() as folder:
            bench_open(Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
