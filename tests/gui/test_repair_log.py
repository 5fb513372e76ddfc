"""The reader's Repair log and encoding line: revert a repair with a real click on the
threaded runner and the quote on it stays anchored; undo; Re-read as… another encoding."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.tasks import TaskRunner

DAMAGED_NOTE = (
    "Field note. The Na onal Commi ee reported new sanc ons on the firm. A er the mee ng, "
    "the inves ga on of the ship's rela ons con nued.\n"
)
POLISH = (
    Path(__file__).resolve().parent.parent / "data" / "fidelity" / "pl_01_fundacja.txt"
).read_text(encoding="utf-8")


def _import(window: MainWindow, path: Path) -> str:
    from nkcase.services import sources

    assert window.session.casebook is not None
    outcome, change = sources.import_file(window.session.casebook, path)
    assert outcome.source_id is not None and change is not None
    window.session.record([change])
    return outcome.source_id


def test_revert_a_repair_by_click_keeps_the_quote_anchored(
    opened: MainWindow, tmp_path: Path, qtbot
) -> None:
    from nkcase.services import quote_records, quotes

    path = tmp_path / "damaged.txt"
    path.write_text(DAMAGED_NOTE, encoding="utf-8")
    source_id = _import(opened, path)
    book = opened.session.casebook
    assert book is not None
    quote_id = quotes.add_quote(
        book, source_id, text="National Committee reported new sanctions"
    ).subject_id
    assert quote_id is not None
    opened.session.runner = TaskRunner()
    try:
        opened.open_source(source_id)
        reader = opened.reader
        qtbot.waitUntil(lambda: reader.source is not None, timeout=10_000)
        panel = reader.repair_log
        assert reader.side.tabText(1) == f"Repair log ({panel.model.rowCount()})"
        row = next(
            i for i in range(panel.model.rowCount())
            if "“Na onal” → “National”" in panel.model.item(i).text()
        )
        assert "[National] Committee" in panel.model.item(row).text()
        panel.view.setCurrentIndex(panel.model.index(row, 0))
        assert panel.revert_button.isEnabled() and not panel.reapply_button.isEnabled()
        qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
        assert opened.session.runner.busy() or "Reverting" in opened.statusBar().currentMessage()
        qtbot.waitUntil(lambda: "Na onal" in reader.text.text, timeout=20_000)
        qtbot.waitUntil(lambda: "moved with their text" in opened.statusBar().currentMessage(),
                        timeout=10_000)
        record = quote_records.quote_record(book, quote_id)
        assert record.status == "anchored"
        assert record.exact == "Na onal Committee reported new sanctions"
        assert reader.text.text[record.start:record.end] == record.exact
        qtbot.waitUntil(lambda: "(reverted)" in panel.model.item(row).text(), timeout=10_000)

        opened.session.undo()
        qtbot.waitUntil(lambda: "The National Committee" in reader.text.text, timeout=20_000)
        record = quote_records.quote_record(book, quote_id)
        assert record.exact == "National Committee reported new sanctions"
        assert record.status == "anchored"
    finally:
        opened.session.runner.wait_idle()


def test_the_reader_names_the_encoding_and_rereads_as_another(
    opened: MainWindow, tmp_path: Path, qtbot, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    # A Swedish note whose only letters outside ASCII that two code pages read differently
    # are in a name: windows-1250 ("Ĺsa") and windows-1252 ("Åsa") both fit; the detection
    # says it guessed, and the person re-reads it as the right one.
    note = "Ölförbrukningen ökade, sa Åsa Löfgren."
    path = tmp_path / "anteckning.txt"
    path.write_bytes(note.encode("cp1252"))
    source_id = _import(opened, path)
    opened.open_source(source_id)
    reader = opened.reader
    assert not reader.encoding_bar.isHidden()
    assert reader.encoding_bar.label.text() == "Encoding: windows-1250 (guessed, low confidence)"
    assert "low confidence" in reader.warnings.text() and reader.text.text != note

    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *args, **kwargs: ("windows-1252 (Western)", True)
    )
    reader.encoding_bar.button.click()
    qtbot.waitUntil(lambda: reader.source is not None and reader.text.text == note,
                    timeout=10_000)
    assert reader.encoding_bar.label.text() == "Encoding: windows-1252 (chosen by you)"
    assert opened.statusBar().currentMessage().startswith("Read as windows-1252")


def test_a_pdf_has_no_encoding_line(opened: MainWindow, tmp_path: Path) -> None:
    from tests.fixtures import documents

    path = documents.make_text_pdf(tmp_path / "report.pdf")
    source_id = _import(opened, path)
    opened.open_source(source_id)
    assert opened.reader.encoding_bar.isHidden()
