"""Python's cycle collector, run on the GUI thread only.

Left automatic, the collector runs on whichever thread happens to allocate when a threshold is
crossed — often a worker of the task runner, busy importing or searching. It may then free a
reference cycle that holds Qt objects (a dialog and the lambdas connected to it, an attempt and
its task's callbacks), so a QObject is destroyed on a worker: Qt forbids that, and under PySide
it can deadlock the app (the destructor takes a Qt connection lock and then waits for the GIL,
which the GUI thread holds while it waits for that lock).

:class:`GuiThreadCollector` switches automatic collection off and collects from a timer on the
GUI thread instead, one generation per tick by the interpreter's own thresholds (the recipe
PyQt and PySide applications such as pyqtgraph use). Reference counting still frees everything
that is not in a cycle at once; only cycles wait for the next tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

TICK_MS = 500


class GuiThreadCollector(QObject):
    """While it lives (and until :meth:`stop`), cycles are collected on the GUI thread only."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is crossed; returns the number of
        unreachable objects found (0 when nothing was due)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = -1
        for generation in range(3):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                due = generation
            else:
                break  # an older generation is only due once the younger one is
        return gc.collect(due) if due >= 0 else 0

    def stop(self) -> None:
        """Back to automatic collection (as it was before), e.g. when the window closes."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
