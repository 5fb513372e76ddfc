"""GUI speed: process start to main window shown, and the longest event-loop stall during an import.

    python benchmarks/gui_startup.py [--entities 10000] [--quotes 100000] [--pages 300]

1. Generates a casebook of N entities and M quotes (one text source; fast bulk SQL through the
   ORM tables) and measures, in fresh processes, the time from process start to the main window
   being shown with the casebook open (and to its first page of entities), beside a bare
   PySide6 window.
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

BARE = """
import time, sys
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, lambda: (print("SHOWN", flush=True), app.quit()))
app.exec()
"""

APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from nkcase.gui.app import make_application
from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import TaskRunner
from nkcase.gui import errors
errors.dialogs_enabled = False
app = make_application(["nkcase"])
w = MainWindow(Settings.at(Path(sys.argv[2])), TaskRunner())
w.resize(1280, 800)
w.navigator.entities.loaded.connect(lambda: (print("ROWS", flush=True), app.quit()))
w.files.open_casebook(Path(sys.argv[1]))
w.show()
QTimer.singleShot(0, lambda: print("SHOWN", flush=True))
app.exec()
w.session.detach()
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


def time_process(code: str, *args: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    marks: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        marks[line.strip()] = time.perf_counter() - start
    proc.wait()
    return marks


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
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "bench.nkcase"
        t0 = time.perf_counter()
        generate_casebook(book, args.entities, args.quotes)
        print(f"generated {args.entities} entities, {args.quotes} quotes in "
              f"{time.perf_counter() - t0:.1f} s ({book.stat().st_size / 2**20:.1f} MiB)")
        bare = [time_process(BARE) for _ in range(3)]
        full = [time_process(APP, str(book), str(folder / "s.ini")) for _ in range(3)]
        best_bare = min(m.get("SHOWN", float("nan")) for m in bare)
        best_shown = min(m.get("SHOWN", float("nan")) for m in full)
        best_rows = min(m.get("ROWS", float("nan")) for m in full)
        print(f"bare PySide6 window shown:            {best_bare * 1000:7.0f} ms (best of 3)")
        print(f"nkcase window shown, casebook open:   {best_shown * 1000:7.0f} ms (best of 3)")
        print(f"nkcase first page of entities listed: {best_rows * 1000:7.0f} ms (best of 3)")
        stall, took, result = import_stall(folder, args.pages)
        print(f"import of a {args.pages}-page PDF: {took:.1f} s ({result}); "
              f"longest event-loop stall {stall * 1000:.0f} ms (10 ms heartbeat)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
