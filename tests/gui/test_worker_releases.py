"""What a worker thread may free, and what only the GUI thread may.

A QObject destroyed on a worker thread can deadlock PySide (its destructor waits for the GIL
while holding a Qt lock the GUI thread may be waiting for: a CI run hung an hour that way). So
the runner's tasks release their jobs and callbacks (which hold widgets) on the GUI thread when
they are delivered, whichever thread drops a task last; and reference cycles are collected on
the GUI thread only.
"""

from __future__ import annotations

import gc
import threading
import weakref

from nkcase.gui.gui_thread_gc import TICK_MS, GuiThreadCollector
from nkcase.gui.tasks import TaskRunner


class _Callback:
    """A callback whose end is observable: records the thread that frees it."""

    def __init__(self, freed_on: list[str], sink: list[object]) -> None:
        self._sink = sink
        weakref.finalize(self, lambda: freed_on.append(threading.current_thread().name))

    def __call__(self, value: object) -> None:
        self._sink.append(value)


def test_a_task_dropped_last_by_a_worker_releases_its_callbacks_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    kept_by_worker: list[object] = []
    freed_on: list[str] = []
    results: list[object] = []

    def job(task):
        kept_by_worker.append(task)  # as the pool's runnable does: it may let go last
        return "done"

    runner.read(job, _Callback(freed_on, results), _Callback(freed_on, results))
    qtbot.waitUntil(lambda: results == ["done"])
    assert runner.wait_idle(5000)
    qtbot.waitUntil(lambda: not runner.busy())
    gui_thread = threading.current_thread().name

    dropper = threading.Thread(target=kept_by_worker.clear, name="worker-drops-last")
    dropper.start()
    dropper.join()
    assert freed_on == [gui_thread, gui_thread]


def test_cycles_are_collected_on_the_gui_thread_never_on_a_worker(qtbot, gui_thread_gc):
    collections: list[tuple[str, str]] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collections.append((threading.current_thread().name, phase))

    class Node:
        def __init__(self) -> None:
            self.me = self

    gc.callbacks.append(note)
    try:
        def allocate_cycles() -> None:
            for _ in range(gc.get_threshold()[0] * 20):
                Node()

        worker = threading.Thread(target=allocate_cycles, name="busy-worker")
        worker.start()
        worker.join()
        assert not collections, "no collection ran on the worker"
        assert gc.get_count()[0] > gc.get_threshold()[0]
        qtbot.waitUntil(lambda: bool(collections), timeout=TICK_MS * 10)
        assert {name for name, _ in collections} == {threading.current_thread().name}
    finally:
        gc.callbacks.remove(note)


def test_stopping_the_collector_gives_automatic_collection_back(qapp):
    assert gc.isenabled() is False  # the GUI tests run as the app does
    own = GuiThreadCollector()
    own.stop()
    assert gc.isenabled() is False  # it was off when this one started: stays off
    gc.enable()
    try:
        again = GuiThreadCollector()
        assert not gc.isenabled()
        again.stop()
        assert gc.isenabled()
    finally:
        gc.disable()
