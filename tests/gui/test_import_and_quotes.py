"""Import by drag and drop, cancel, passwords; select text and quote; undo and redo; search."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.quote_dialog import QuoteLinkDialog
from nkcase.services import entities
from nkcase.services.casefiles import case_file, list_entities
from nkcase.services.quote_records import quotes_for_source

from .conftest import ALBATROSS_TEXT


def _drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def _open_first_source(window: MainWindow) -> str:
    source = window.navigator.sources.source(0)
    assert source is not None
    window.open_source(source.id)
    return source.id


def test_drop_files_and_folders_imports_them(opened: MainWindow, albatross_file: Path,
                                             recorded_messages):
    second = albatross_file.parent / "more" / "ship-notes.txt"
    second.parent.mkdir()
    second.write_text("The Sea Star took on fuel from another tanker at night.\n", "utf-8")
    (albatross_file.parent / "more" / "picture.xyz").write_bytes(b"\x00\x01")

    _drop(opened, [albatross_file, second.parent])

    assert opened.navigator.sources.rowCount() == 2
    title, text = recorded_messages[-1]
    assert title == "Import finished"
    assert "2 imported" in text and "1 skipped" in text
    assert opened.undo_action.text().replace("&", "").startswith("Undo Import")

    _drop(opened, [albatross_file])
    assert "1 already present" in recorded_messages[-1][1]
    assert opened.navigator.sources.rowCount() == 2


def test_failed_file_is_reported_with_reason(opened: MainWindow, tmp_path: Path,
                                             recorded_messages):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    job = opened.files.import_paths([broken])
    assert job is not None and job.done
    assert job.summary.count("failed") == 1
    assert job.summary.failed[0].message
    assert "1 failed" in recorded_messages[-1][1]


def test_cancel_import_stops_before_the_next_file(opened: MainWindow, tmp_path: Path):
    files = []
    for i in range(4):
        path = tmp_path / f"note{i}.txt"
        path.write_text(f"Note number {i} about the harbour and its warehouses.\n", "utf-8")
        files.append(path)
    seen: list[str] = []

    def on_progress(done: int, total: int, label: str) -> None:
        seen.append(label)
        if done == 1 and opened.files.job is not None:
            opened.files.cancel_import()

    opened.files.import_started.connect(lambda job: job.progress.connect(on_progress))
    job = opened.files.import_paths(files)
    assert job is not None
    assert job.summary.cancelled
    assert job.summary.count("imported") == 1
    assert opened.navigator.sources.rowCount() == 1
    assert not opened.progress.isVisible()


def test_password_protected_pdf_asks_and_retries(opened: MainWindow, tmp_path: Path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("s3cret", canPrint=1))
    pdf.drawString(72, 720, "Albatross paid the Sea Star charter through a bank in Dalian.")
    pdf.save()
    asked: list[bool] = []

    def prompt(_path: Path, retry: bool) -> str | None:
        asked.append(retry)
        return "wrong" if not retry else "s3cret"

    opened.files.password_prompt = prompt
    job = opened.files.import_paths([path])
    assert job is not None
    assert asked == [False, True], job.summary.failed  # asked, then asked again after "wrong"
    assert job.summary.count("imported") == 1


def _quote_dialog(window: MainWindow, text: str) -> QuoteLinkDialog:
    return QuoteLinkDialog(window.session, window.names, text, window)


def test_select_text_then_quote_and_link(opened: MainWindow, albatross_file: Path):
    book = opened.session.casebook
    company = entities.create_entity(book, "Company", "Albatross Trading",
                                     aliases=["Albatross"]).subject_id
    opened.names.reload()
    opened.files.import_paths([albatross_file])
    source_id = _open_first_source(opened)
    sentence = "Albatross was registered in Hanoi in 2016 as a trading company."
    start = ALBATROSS_TEXT.index(sentence)
    opened.reader.text.select_range(start - 1, start + len(sentence) + 1)  # with white space
    assert opened.reader.text.selected_range() == (start, start + len(sentence))
    assert opened.quote_action.isEnabled()

    dialog = _quote_dialog(opened, sentence)
    dialog.picker.search.setText("albatross")
    assert dialog.picker.current_id() == company
    country_index = dialog.supports.findText("the entity itself")
    dialog.supports.setCurrentIndex(country_index)
    dialog.credibility.setCurrentIndex(dialog.credibility.findData(2))
    dialog.note.setText("registration")
    opened.reader.add_quote(start, start + len(sentence), dialog)

    found = quotes_for_source(book, source_id)
    assert [q.exact for q in found] == [sentence]
    assert found[0].credibility == 2
    assert [item.target_id for item in found[0].linked] == [company]
    assert len(opened.reader.text.extraSelections()) == 1
    undo_text = opened.undo_action.text().replace("&", "")
    assert undo_text.startswith("Undo ") and "Albatross" in undo_text

    opened.open_entity(company)
    assert opened.casefile.tabs.tabText(0) == "Quotes (1)"
    assert opened.navigator.entities.index(0, 4).data() == 1

    opened.session.undo()
    assert quotes_for_source(book, source_id) == []
    assert opened.casefile.tabs.tabText(0) == "Quotes (0)"
    opened.session.redo()
    assert len(quotes_for_source(book, source_id)) == 1


def test_quote_can_create_the_entity_inline_as_one_undo_step(opened: MainWindow,
                                                             albatross_file: Path):
    book = opened.session.casebook
    opened.files.import_paths([albatross_file])
    source_id = _open_first_source(opened)
    text = "Ra Kyong-su"
    start = ALBATROSS_TEXT.index(text)
    dialog = _quote_dialog(opened, text)
    dialog.picker.search.setText("Ra Kyong-su")
    dialog.picker.schema.setCurrentText("Person")
    dialog.picker.create_button.click()
    assert dialog.value().new_entity == ("Person", "Ra Kyong-su")
    steps = opened.session.undo_stack.count()
    opened.reader.add_quote(start, start + len(text), dialog)

    assert opened.session.undo_stack.count() == steps + 1  # a macro: one step
    assert opened.navigator.entities.rowCount() == 1
    assert len(quotes_for_source(book, source_id)) == 1
    opened.session.undo()
    assert opened.navigator.entities.rowCount() == 0
    assert quotes_for_source(book, source_id) == []


def test_quote_creates_entity_and_supports_a_new_fact_in_one_step(opened: MainWindow,
                                                                  albatross_file: Path):
    book = opened.session.casebook
    opened.files.import_paths([albatross_file])
    source_id = _open_first_source(opened)
    sentence = "Albatross was registered in Hanoi in 2016 as a trading company."
    start = ALBATROSS_TEXT.index(sentence)
    dialog = _quote_dialog(opened, sentence)
    dialog.picker.search.setText("Albatross")
    dialog.picker.schema.setCurrentText("Company")
    dialog.picker.create_button.click()
    dialog.supports.setCurrentIndex(dialog.supports.findText("a new fact…"))
    assert dialog.form.isRowVisible(dialog.fact_row)
    dialog.fact_prop.setCurrentIndex(dialog.fact_prop.findData("country"))
    dialog.fact_value.setText("Atlantis")
    dialog._accept()
    assert "Atlantis" in dialog.problem.text() and dialog.result() == 0  # refused, nothing kept
    dialog.fact_value.setText("Vietnam")
    dialog._accept()
    assert dialog.result() == 1
    steps = opened.session.undo_stack.count()
    opened.reader.add_quote(start, start + len(sentence), dialog)

    assert opened.session.undo_stack.count() == steps + 1
    [summary] = list_entities(book)
    record = case_file(book, summary.id)
    [country] = record.facts
    assert (country.prop, country.value) == ("country", "vn")
    assert [e.text for e in country.evidence] == [sentence]
    opened.open_entity(summary.id)
    assert opened.casefile.facts.rowCount() == 2  # name and country

    opened.session.undo()
    assert list_entities(book) == [] and quotes_for_source(book, source_id) == []
    opened.session.redo()
    [summary] = list_entities(book)
    assert [f.value for f in case_file(book, summary.id).facts] == ["vn"]


def test_accepting_a_mention_creates_the_quote(opened: MainWindow, albatross_file: Path):
    book = opened.session.casebook
    entities.create_entity(book, "Person", "Ra Kyong-su")
    opened.files.import_paths([albatross_file])
    source_id = _open_first_source(opened)
    reader = opened.reader
    assert reader.mentions.rowCount() >= 1
    reader.mention_view.setCurrentIndex(reader.mentions.index(0, 0))
    reader.accept_current_mention()
    quotes = quotes_for_source(book, source_id)
    assert [q.exact for q in quotes] == ["Ra Kyong-su"]
    assert reader.mentions.rowCount() == 0  # already quoted now


def test_search_and_navigate_with_the_keyboard(opened: MainWindow, albatross_file: Path, qtbot):
    opened.files.import_paths([albatross_file])
    opened.show_search()
    panel = opened.search
    panel.query.setText("Hanoi")
    panel.run()
    assert panel.model.rowCount() >= 1
    hit = panel.model.hits[0]
    assert "Hanoi" in hit.snippet
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert opened.center.currentWidget() is opened.reader
    assert opened.reader.source_id == hit.source_id
    selected = opened.reader.text.textCursor().selectedText()
    assert "Hanoi" in selected


def test_find_in_text(opened: MainWindow, albatross_file: Path):
    opened.files.import_paths([albatross_file])
    _open_first_source(opened)
    opened.reader.open_find()
    opened.reader.find_bar.setText("albatross")
    assert opened.reader.find_next()
    first = opened.reader.text.textCursor().selectionStart()
    assert opened.reader.find_next()
    assert opened.reader.text.textCursor().selectionStart() > first
    assert opened.reader.find_next()  # wraps around
    assert opened.reader.text.textCursor().selectionStart() == first


def test_undoing_the_import_of_the_open_source_closes_the_reader_quietly(
        opened: MainWindow, albatross_file: Path, recorded_messages):
    opened.files.import_paths([albatross_file])
    recorded_messages.clear()  # the import summary
    _open_first_source(opened)
    assert opened.reader.source_id is not None
    opened.session.undo()
    assert opened.navigator.sources.rowCount() == 0
    assert opened.reader.source_id is None
    assert opened.center.currentWidget() is not opened.reader
    assert recorded_messages == []


def test_a_failed_quote_leaves_no_new_entity_or_fact_behind(opened: MainWindow,
                                                           albatross_file: Path):
    from nkcase.errors import NkcaseError
    from nkcase.gui.quote_dialog import NEW_FACT, QuoteLinkInput, quote_and_link_job

    book = opened.session.casebook
    opened.files.import_paths([albatross_file])
    source_id = opened.navigator.sources.source(0).id
    value = QuoteLinkInput(None, ("Company", "Albatross"), NEW_FACT, None, "",
                           new_fact=("country", "Vietnam"))
    job = quote_and_link_job(source_id, 10**6, 10**6 + 5, value)  # a span past the text's end
    with pytest.raises(NkcaseError):
        job(book)
    assert list_entities(book) == []
    assert quotes_for_source(book, source_id) == []
