"""GUI speed: process start to main window shown, and the longest event-loop stall during an import.

    python benchmarks/gui_startup.py [--entities 10000] [--quotes 100000] [--pages 300]

1. Generates a casebook of N entities and M quotes (one text source; fast bulk SQL through the
   ORM tables) and starts the app on it the way a user does, ``nkcase open FILE`` (the CLI's
   ``main``, then ``run_gui``: the window is shown, the casebook opened on the next turn of the
   event loop), in fresh processes with their own settings folder. Measured from process start:
   the window's first paint, the casebook open (its name in the title) and the first page of
   entities listed; beside a bare PySide6 window's first paint.
2. Imports a generated PDF of P pages (ReportLab) through the GUI's import job with the threaded
   task runner while a 10 ms heartbeat QTimer runs, and prints the longest gap between beats.
Runs offscreen unless DISPLAY is set. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Marks the first paint of a top-level window ("SHOWN"); shared by both programs below.
FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

class FirstPaint(QObject):
    def __init__(self, app, window):
        super().__init__()
        self.app, self.window = app, window
        app.installEventFilter(self)

    def eventFilter(self, obj, event):
        if (event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                and obj.window() is self.window):
            self.app.removeEventFilter(self)
            print("SHOWN", flush=True)
        return False
"""

BARE = FIRST_PAINT + """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800)
painted = FirstPaint(app, w)
w.show()
QTimer.singleShot(200, app.quit)  # well after the first paint
app.exec()
"""

# The real start: nkcase.cli.main.main(["open", FILE]) -> gui_cmds.launch -> gui.app.run_gui.
# Only observers are added (to the window run_gui creates): nothing is opened or shown for it.
APP = FIRST_PAINT + """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import nkcase.gui.app as gui_app

make_window = gui_app.create_window

def create_window(settings=None):
    window = make_window(settings)
    app = QApplication.instance()
    window._bench_paint = FirstPaint(app, window)
    opening = window.files.open_casebook

    def open_casebook(path):
        print("OPENING", flush=True)
        return opening(path)

    window.files.open_casebook = open_casebook
    window.windowTitleChanged.connect(
        lambda title: title != "nkcase" and print("OPEN", flush=True))

    def loaded():
        if window.navigator.entities.rowCount():
            print("ROWS", flush=True)
            QTimer.singleShot(0, window.close)  # saves the layout, closes the casebook, quits

    window.navigator.entities.loaded.connect(loaded)
    return window

gui_app.create_window = create_window
from nkcase.cli.main import main
raise SystemExit(main(["open", sys.argv[1]]))
"""


def generate_casebook(path: Path, n_entities: int, n_quotes: int) -> None:
    from sqlalchemy import insert

    from nkcase.model import Entity, Evidence, Fact, Quote, new_id
    from nkcase.services import sources
    from nkcase.store import create_casebook

    text_file = path.parent / "bench-source.txt"
    sentence = "Albatross Trading paid the Sea Star charter through a bank in Dalian. "
    text_file.write_text(sentence * 2000, encoding="utf-8")
    with create_casebook(path, "benchmark") as book:
        _, change = sources.import_file(book, text_file)
        assert change is not None and change.subject_id
        source_id = change.subject_id
        with book.reading() as session:
            from nkcase.services.source_records import current_version

            version_id = current_version(session, source_id).id
        ids = [new_id() for _ in range(n_entities)]
        with book.session() as session, session.begin():
            session.execute(insert(Entity), [
                {"id": i, "schema": "Company" if n % 3 else "Person", "caption": f"Entity {n:06d}"}
                for n, i in enumerate(ids)])
            session.execute(insert(Fact), [
                {"id": new_id(), "entity_id": i, "prop": "name", "value": f"Entity {n:06d}",
                 "position": 1} for n, i in enumerate(ids)])
            quote_rows, links = [], []
            for n in range(n_quotes):
                start = (n * len(sentence)) % (len(sentence) * 1990)
                qid = new_id()
                quote_rows.append({
                    "id": qid, "source_id": source_id, "text_version_id": version_id,
                    "start_offset": start, "end_offset": start + 17,
                    "exact": "Albatross Trading"})
                links.append({"id": new_id(), "quote_id": qid, "entity_id": ids[n % n_entities]})
            session.execute(insert(Quote), quote_rows)
            session.execute(insert(Evidence), links)


def time_process(code: str, *args: str, config: Path | None = None,
                 pycache: Path | None = None) -> dict[str, float]:
    """Seconds from process start to each mark the program prints (its first time)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
    if config is not None:  # the app's QSettings (recent files, layout): not the user's
        env["XDG_CONFIG_HOME"] = str(config)
    if pycache is not None:  # compiled once, as an installed app is (pip, PyInstaller)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    marks: dict[str, float] = {}
    assert proc.stdout is not None and proc.stderr is not None
    for line in proc.stdout:
        marks.setdefault(line.strip(), time.perf_counter() - start)
    errors = proc.stderr.read()
    if proc.wait() != 0 or not marks:
        print(f"  (run failed: exit {proc.returncode}) {errors.strip()[-500:]}")
    return marks


def best(runs: list[dict[str, float]], mark: str) -> float:
    """The fastest run's time to ``mark``, in ms (nan when no run reached it)."""
    times = [run[mark] for run in runs if mark in run]
    return min(times) * 1000 if times else float("nan")


def make_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        y = 800
        for line in range(40):
            pdf.drawString(50, y, f"Page {page + 1} line {line + 1}: the vessel Sea Star took on "
                           f"fuel from a tanker registered to Albatross Trading.")
            y -= 19
        pdf.showPage()
    pdf.save()


def import_stall(folder: Path, pages: int) -> tuple[float, float, str]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    from nkcase.gui import errors
    from nkcase.gui.app import make_application
    from nkcase.gui.mainwindow import MainWindow
    from nkcase.gui.settings import Settings
    from nkcase.gui.tasks import TaskRunner

    errors.dialogs_enabled = False
    pdf = folder / f"report-{pages}.pdf"
    make_pdf(pdf, pages)
    app = make_application(["bench"])
    window = MainWindow(Settings.at(folder / "stall.ini"), TaskRunner())
    window.show()
    window.files.new_casebook(folder / "stall.nkcase")
    clock = QElapsedTimer()
    clock.start()
    worst = [0]
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    started = time.perf_counter()
    job = window.files.import_paths([pdf])
    assert job is not None
    while not job.done:
        app.processEvents()
        time.sleep(0.001)
    took = time.perf_counter() - started
    heartbeat.stop()
    result = job.summary.describe()
    window.close()
    return worst[0] / 1000.0, took, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5, help="app starts to take the best of")
    parser.add_argument("--compile-each-start", action="store_true",
                        help="keep no bytecode between starts (as PYTHONDONTWRITEBYTECODE=1)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "bench.nkcase"
        t0 = time.perf_counter()
        generate_casebook(book, args.entities, args.quotes)
        print(f"generated {args.entities} entities, {args.quotes} quotes in "
              f"{time.perf_counter() - t0:.1f} s ({book.stat().st_size / 2**20:.1f} MiB)")
        # Bytecode is compiled once and kept (in the temporary folder), as in an installed app,
        # even where PYTHONDONTWRITEBYTECODE is set: otherwise every start compiles nkcase.
        pycache = None if args.compile_each_start else folder / "pycache"
        if args.compile_each_start:
            os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
        config = folder / "config"
        time_process(BARE, pycache=pycache)  # warm-up (and compiles): not counted
        time_process(APP, str(book), config=config, pycache=pycache)
        bare: list[dict[str, float]] = []
        full: list[dict[str, float]] = []
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            bare.append(time_process(BARE, pycache=pycache))
            full.append(time_process(APP, str(book), config=config, pycache=pycache))
        shown, opened, rows = (best(full, m) for m in ("SHOWN", "OPEN", "ROWS"))
        bare_shown = best(bare, "SHOWN")
        painted_first = sum(1 for m in full if m.get("SHOWN", 1e9) < m.get("OPENING", 0.0))
        runs = f"(best of {args.runs})"
        print(f"bare PySide6 window shown:            {bare_shown:7.0f} ms {runs}")
        print(f"nkcase open FILE: window shown:       {shown:7.0f} ms {runs}, "
              f"{shown / bare_shown:.2f} x the bare window")
        print(f"nkcase open FILE: casebook open:      {opened:7.0f} ms {runs} (name in the title)")
        print(f"nkcase open FILE: first entities:     {rows:7.0f} ms {runs}")
        print(f"window painted before the casebook began opening in {painted_first} of "
              f"{len(full)} runs")
        stall, took, result = import_stall(folder, args.pages)
        print(f"import of a {args.pages}-page PDF: {took:.1f} s ({result}); "
              f"longest event-loop stall {stall * 1000:.0f} ms (10 ms heartbeat)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
