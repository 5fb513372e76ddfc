"""Regenerate the screenshots in docs/screenshots/ from the demo casebook.

    Xvfb :97 -screen 0 1280x800x24 &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb python docs/make_screenshots.py [DEMO.nkcase]

Without DISPLAY it runs offscreen (same layout, fonts from the same fontconfig). With no
argument it builds a fresh demo casebook (``nkcase demo``: invented entities and documents,
nothing real) in a temporary folder; a given casebook is copied first, never changed. The window
is 1280x800. It writes exactly the files docs/user-guide.md shows:

welcome.png, main-window.png, link-chart.png, timeline.png, source-reader.png, quote-dialog.png,
search.png, review.png, export-dialog.png, lists.png (two snapshots of the UN list from
tests/data/lists)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)
FILES = ("welcome.png", "main-window.png", "link-chart.png", "timeline.png",
         "source-reader.png", "quote-dialog.png", "search.png", "review.png", "export-dialog.png",
         "lists.png")
LISTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "lists" / "un"


def settle(app, window, seconds: float = 0.6) -> None:
    """Let background reads finish and the event loop paint."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or window.session.runner.busy():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() > deadline + 15:
            break


def grab(widget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print(OUT / name)


def make_review_item(book, source_id: str) -> None:
    """Re-anchor one source onto a slightly changed text, so one quote waits for review."""
    from nkcase.ingest.types import ExtractedDocument
    from nkcase.services import reanchor
    from nkcase.services.quote_records import quotes_for_source
    from nkcase.services.source_records import source_text

    text = source_text(book, source_id).text
    quote = quotes_for_source(book, source_id)[0]
    words = quote.exact.split(" ")
    middle = len(words) // 2
    changed_quote = " ".join([*words[:middle], words[middle] + "s", *words[middle + 1:]])
    changed = text.replace(quote.exact, changed_quote.replace(" ", "  ", 1), 1)
    reanchor.reanchor_to(book, source_id, ExtractedDocument(
        changed, "text", "text/plain", "screenshot", "2"))


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from PySide6.QtCore import Qt

    from nkcase.demo.builder import build_demo
    from nkcase.gui import errors
    from nkcase.gui.app import make_application
    from nkcase.gui.mainwindow import MainWindow
    from nkcase.gui.quote_dialog import QuoteLinkDialog
    from nkcase.gui.settings import Settings
    from nkcase.gui.tasks import TaskRunner
    from nkcase.services.source_records import list_sources
    from nkcase.store import open_casebook

    errors.dialogs_enabled = False  # "casebook opened" messages would block
    OUT.mkdir(parents=True, exist_ok=True)
    app = make_application(["nkcase"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "sanctions-demo.nkcase"
        if len(sys.argv) > 1:
            shutil.copyfile(sys.argv[1], path)
        else:
            build_demo(path)
        with open_casebook(path) as book:  # one quote to review, for review.png
            text_sources = [s for s in list_sources(book) if s.kind != "pdf" and s.quote_count]
            make_review_item(book, text_sources[0].id)

        settings = Settings.at(folder / "settings.ini")
        home = Path("/home/investigator")  # paths that read well in the pictures
        for name in ("ships-2019.nkcase", "it-workers-vn.nkcase", "bangkok-restaurants.nkcase"):
            settings.add_recent(home / "cases" / name)
        window = MainWindow(settings, TaskRunner())
        window.resize(*SIZE)
        window.show()
        settle(app, window)
        grab(window, "welcome.png")

        window.files.open_casebook(path)
        settle(app, window)
        window.splitter.setSizes([480, 800])  # room for whole names in the navigator
        vessel = window.names.search("Blue Lantern")[0].entity_id
        crane = window.names.search("Silver Crane Trading")[0].entity_id
        window.open_entity(vessel)
        settle(app, window)
        window.casefile.tabs.setCurrentIndex(1)  # relationships
        window.casefile.splitter.setSizes([300, 330])
        settle(app, window, 0.3)
        grab(window, "main-window.png")

        # the link chart of the tanker, its owner's links expanded, a line's quotes listed
        window.resize(1400, 860)
        window.splitter.setSizes([300, 480])
        window.analysis.chart_current_entity()
        settle(app, window, 1.0)
        window.resizeDocks([window.analysis.chart_dock], [760], Qt.Orientation.Horizontal)
        chart = window.analysis.chart
        chart.expand([crane])
        settle(app, window, 1.2)
        chart.view.fit()
        owner = next(e for e in chart.scene.edges.values() if e.edge.schema == "Ownership")
        chart.scene.select_edge(owner.relationship_id)
        chart.show_edge_evidence(owner.relationship_id)
        settle(app, window, 0.6)
        grab(window, "link-chart.png")
        window.analysis.timeline_dock.show()
        window.analysis.timeline_dock.raise_()
        settle(app, window, 1.2)
        line = window.analysis.timeline
        renamed = next(i for i in line.timeline.items if i.kind == "event")
        line.show_item_evidence(renamed.id)
        settle(app, window, 0.4)
        grab(window, "timeline.png")
        window.analysis.timeline_dock.hide()
        window.analysis.chart_dock.hide()
        window.resize(*SIZE)
        settle(app, window, 0.3)

        pdf = next(s for s in window.navigator.sources._rows if s.kind == "pdf" and s.quote_count)
        window.navigator.setCurrentIndex(1)
        window.navigator.source_view.selectRow(window.navigator.sources.row_of(pdf.id) or 0)
        window.open_source(pdf.id)
        settle(app, window)
        first_quote = window.reader.source.quotes[0]
        window.splitter.setSizes([250, 1030])  # the reader wants the width
        window.reader.splitter.setSizes([400, 470, 160])
        window.open_source(pdf.id, quote_id=first_quote.id)
        settle(app, window, 1.2)
        grab(window, "source-reader.png")

        passage = first_quote.exact
        dialog = QuoteLinkDialog(window.session, window.names, passage, window)
        dialog.picker.search.setText("은학")
        settle(app, window, 0.3)
        dialog.picker.list.setCurrentIndex(dialog.picker.model.index(0, 0))
        settle(app, window, 0.3)
        dialog.credibility.setCurrentIndex(2)
        dialog.note.setText("owner of record, per the shipping review")
        dialog.show()
        settle(app, window)
        grab(dialog, "quote-dialog.png")
        dialog.close()

        window.show_search()
        window.search.query.setText("Rungra")
        window.search.run()
        settle(app, window)
        window.resizeDocks([window.search_dock], [330], Qt.Orientation.Vertical)
        settle(app, window)
        grab(window, "search.png")
        window.search_dock.hide()

        window.show_review()
        settle(app, window)
        review = window.review_dialog
        grab(review, "review.png")
        review.close()

        window.open_entity(crane)
        settle(app, window)
        export = window.show_export()
        export.level.setCurrentIndex(export.level.findData("public"))
        export.path.setText(str(home / "dossiers" / "silver-crane-trading-public.pdf"))
        real_out = folder / "silver-crane-trading-public.pdf"
        shown = export.path.text()
        export.path.setText(str(real_out))
        export.start()
        settle(app, window, 1.0)
        while export.running:
            settle(app, window, 0.2)
        export.path.setText(shown)  # a path that reads well; the file went to the temp folder
        export.details_button.setChecked(bool(export.outcome and export.outcome.warnings))
        settle(app, window, 0.3)
        grab(export, "export-dialog.png")
        export.close()

        window.show_lists()
        for name in ("consolidated-2024-09-26-excerpt.xml", "consolidated-2026-01-28-excerpt.xml"):
            window.lists_view.import_file(LISTS / name)
            settle(app, window, 0.5)
            while window.lists_view.import_task is not None:
                settle(app, window, 0.2)
        window.splitter.setSizes([470, 810])
        window.lists_view.splitter.setSizes([170, 460])
        settle(app, window, 0.8)
        grab(window, "lists.png")

        window.close()
        settle(app, window, 0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
