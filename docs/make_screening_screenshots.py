"""Regenerate docs/screenshots/screening.png and screening-casefile.png.

    .venv/bin/python docs/make_screening_screenshots.py

A fresh casebook in a temporary folder with the UN and OFAC list excerpts of tests/data/lists,
three people and a vessel (one listed person written in Hangul, one decoy, one vessel under a
new name with its IMO number); the whole casebook is screened, the Hangul name's candidate is
confirmed. Offscreen unless DISPLAY is set (see make_screenshots.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))
LISTS = ROOT / "tests" / "data" / "lists"

from make_screenshots import OUT, SIZE, grab, settle  # noqa: E402


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from nkcase.gui.mainwindow import MainWindow
    from nkcase.gui.settings import Settings
    from nkcase.gui.tasks import TaskRunner
    from nkcase.services import entities
    from nkcase.services.lists import import_list
    from nkcase.store import create_casebook

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "screening.nkcase"
        with create_casebook(path, "Screening example", actor="analyst") as book:
            import_list(book, LISTS / "un" / "consolidated-2024-09-26-excerpt.xml")
            import_list(book, LISTS / "ofac" / "advanced-excerpt.xml")
            entities.create_entity(book, "Person", "리원호", props=[("nationality", "kp")])
            entities.create_entity(book, "Person", "Ri Won Chol")
            entities.create_entity(book, "Person", "Song-chol Kim")
            entities.create_entity(book, "Vessel", "OCEAN BREEZE", props=[("imoNumber", "7937317")])
        window = MainWindow(Settings.at(Path(folder) / "settings.ini"), TaskRunner())
        window.resize(*SIZE)
        window.show()
        window.files.open_casebook(path)
        settle(app, window, 1.5)
        window.screening.dock.show()
        window.screening.panel.start(all_entities=True, what="every entity")
        settle(app, window, 2.0)
        panel = window.screening.panel
        row = next(i for i, c in enumerate(panel.model.rows) if c.subject_name == "리원호")
        panel.table.selectRow(row)
        panel.review("confirm")
        settle(app, window, 1.0)
        entity_id = panel.model.rows[row].entity_id
        assert entity_id is not None
        window.open_entity(entity_id)
        window.resizeDocks([window.screening.dock], [330], Qt.Orientation.Vertical)
        settle(app, window, 1.5)
        panel.table.selectRow(row)
        settle(app, window, 0.5)
        grab(window, "screening.png")
        window.screening.dock.hide()
        settle(app, window, 0.5)
        grab(window, "screening-casefile.png")
        window.session.detach()
        window.close()
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
