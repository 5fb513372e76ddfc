"""Regenerate the screenshots in docs/screenshots/ from a demo casebook.

    python docs/make_screenshots.py            # offscreen (no display needed)
    DISPLAY=:99 python docs/make_screenshots.py   # under Xvfb, same pictures

Builds a throw-away casebook with invented entities and documents (nothing real), opens the
main window at 1280x800 and grabs: the welcome view, a case file, the source reader with a PDF
page and highlighted quotes, the Quote-and-link dialog and the search panel.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)

NOTE = """Harbour district, field notes (invented demo text).

Albatross Trading was registered in Hanoi in 2016 as a trading company. Its director, Ra Kyong-su,
also signed for the Sea Star charter in 2018. Staff at the Okryu restaurant in Bangkok said that
supplies came through Albatross Trading every month.

The Sea Star (IMO 9123456) was seen alongside another tanker twice in March.
"""

PDF_PAGES = [
    ["Panel report (invented demo document)", "",
     "1. The Panel investigated Albatross Trading, a company registered in Hanoi in 2016.",
     "2. Bank records show that Albatross Trading paid for fuel delivered to the Sea Star.",
     "3. The Sea Star switched off its transponder near the port for six days."],
    ["4. Ra Kyong-su acted as director of Albatross Trading from 2017.",
     "5. The Okryu restaurant in Bangkok received goods shipped by Albatross Trading.",
     "6. The Panel wrote to the flag state and has not yet received a reply."],
    ["7. Annex: the Sea Star's port calls in 2018 and 2019.",
     "8. The Panel continues to monitor the company's accounts."],
]


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Panel report on Albatross Trading (demo)")
    for lines in PDF_PAGES:
        y = 780
        pdf.setFont("Helvetica", 11)
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 22
        pdf.showPage()
    pdf.save()


def build_casebook(folder: Path) -> Path:
    from nkcase.services import entities, quotes, relationships, sources
    from nkcase.store import create_casebook

    path = folder / "restaurants.nkcase"
    note = folder / "harbour-notes.txt"
    note.write_text(NOTE, encoding="utf-8")
    report = folder / "panel-report.pdf"
    make_pdf(report)
    with create_casebook(path, "Restaurants and ships (demo)") as book:
        albatross = entities.create_entity(
            book, "Company", "Albatross Trading", aliases=["알바트로스 무역", "Albatros Co"],
            props=[("country", "vn")],
        ).subject_id
        ra = entities.create_entity(book, "Person", "Ra Kyong-su", aliases=["라경수"]).subject_id
        star = entities.create_entity(book, "Vessel", "Sea Star").subject_id
        okryu = entities.create_entity(book, "Organization", "Okryu Restaurant Bangkok",
                                       aliases=["평양옥류관"]).subject_id
        for i, name in enumerate(["Morning Glory Shipping", "Hanoi Star Imports", "Kim Song-il",
                                  "Blue Lotus Trading", "Pak Chol-ho", "Golden Crane Ltd"]):
            entities.create_entity(book, "Company" if i % 3 != 2 else "Person", name)
        relationships.relate(book, "Directorship", ra, albatross, role="director", start="2017")
        entities.add_note(book, albatross, "Registry extract requested from Hanoi.")
        entities.tag_entity(book, albatross, "front company")
        _, pdf_change = sources.import_file(book, report)
        _, note_change = sources.import_file(book, note)
        assert pdf_change is not None and note_change is not None
        pdf_id, note_id = pdf_change.subject_id, note_change.subject_id
        assert pdf_id and note_id
        sources.grade_source(book, pdf_id, "B")
        quotes.add_quote(book, pdf_id, text="Albatross Trading, a company registered in Hanoi "
                         "in 2016", entity_ids=[albatross], credibility=2, note="registration")
        quotes.add_quote(book, pdf_id, text="Albatross Trading paid for fuel delivered to the "
                         "Sea Star", entity_ids=[albatross, star], credibility=2)
        quotes.add_quote(book, pdf_id, text="Ra Kyong-su acted as director of Albatross Trading "
                         "from 2017", entity_ids=[ra], credibility=3)
        quotes.add_quote(book, note_id, text="supplies came through Albatross Trading every "
                         "month", entity_ids=[okryu, albatross], credibility=4)
    return path


def settle(app, window, seconds: float = 0.6) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or window.session.runner.busy():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() > deadline + 10:
            break


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from PySide6.QtCore import Qt

    from nkcase.gui import errors
    from nkcase.gui.app import make_application
    from nkcase.gui.mainwindow import MainWindow
    from nkcase.gui.quote_dialog import QuoteLinkDialog
    from nkcase.gui.settings import Settings
    from nkcase.gui.tasks import TaskRunner

    errors.dialogs_enabled = False  # the "casebook opened" messages would block
    OUT.mkdir(parents=True, exist_ok=True)
    app = make_application(["nkcase"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = build_casebook(folder)
        settings = Settings.at(folder / "settings.ini")
        for name in ("ships-2019.nkcase", "it-workers.nkcase"):
            settings.add_recent(Path.home() / "cases" / name)
        settings.add_recent(path)
        window = MainWindow(settings, TaskRunner())
        window.resize(*SIZE)
        window.show()
        settle(app, window)
        window.grab().save(str(OUT / "welcome.png"))

        window.files.open_casebook(path)
        settle(app, window)
        albatross = window.names.search("Albatross Trading")[0].entity_id
        window.open_entity(albatross)
        settle(app, window)
        window.grab().save(str(OUT / "casefile.png"))

        pdf_row = next(i for i in range(window.navigator.sources.rowCount())
                       if window.navigator.sources.source(i).kind == "pdf")
        pdf = window.navigator.sources.source(pdf_row)
        window.navigator.setCurrentIndex(1)
        window.open_source(pdf.id)
        settle(app, window)
        first_quote = window.reader.source.quotes[0]
        window.open_source(pdf.id, quote_id=first_quote.id)
        settle(app, window, 1.0)
        window.grab().save(str(OUT / "reader.png"))

        text = window.reader.text.text
        start = text.index("Ra Kyong-su acted")
        window.reader.text.select_range(start, start + len("Ra Kyong-su"))
        dialog = QuoteLinkDialog(window.session, window.names, "Ra Kyong-su", window)
        dialog.picker.search.setText("라경수")
        dialog.credibility.setCurrentIndex(2)
        dialog.note.setText("named as director")
        dialog.show()
        settle(app, window)
        dialog.grab().save(str(OUT / "quote-dialog.png"))
        dialog.close()

        window.show_search()
        window.search.query.setText("Sea Star")
        window.search.run()
        settle(app, window)
        window.resizeDocks([window.search_dock], [300], Qt.Orientation.Vertical)
        settle(app, window)
        window.grab().save(str(OUT / "search.png"))
        window.close()
        settle(app, window, 0.2)
    for png in sorted(OUT.glob("*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
