"""Export dossier dialog, the demo casebook button, source properties and re-extraction."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from nkcase.gui.export_dialog import ExportDialog
from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.source_dialog import SourcePropertiesDialog
from nkcase.services import entities, quotes, source_edits, sources
from nkcase.services.source_records import source_record

PUBLIC_QUOTE = "Albatross was registered in Hanoi in 2016 as a trading company."
SECRET_TEXT = (
    "Informant notes, kept apart.\n\n"
    "The informant saw Albatross crates loaded onto the Sea Star at night.\n"
)
SECRET_QUOTE = "saw Albatross crates loaded onto the Sea Star at night"


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture
def case(opened: MainWindow, albatross_file: Path, tmp_path: Path) -> dict[str, str]:
    """Albatross with a quote from a public source and one from a protected source."""
    book = opened.session.casebook
    assert book is not None
    secret = tmp_path / "docs" / "informant.txt"
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    entity = str(entities.create_entity(book, "Company", "Albatross Trading").subject_id)
    _o, c1 = sources.import_file(book, albatross_file)
    _o, c2 = sources.import_file(book, secret)
    assert c1 is not None and c2 is not None
    notes_id, secret_id = str(c1.subject_id), str(c2.subject_id)
    source_edits.set_source_handling(book, secret_id, "protected")
    source_edits.set_source_handling(book, notes_id, "public")
    quotes.add_quote(book, notes_id, text=PUBLIC_QUOTE, entity_ids=[entity])
    quotes.add_quote(book, secret_id, text=SECRET_QUOTE, entity_ids=[entity])
    opened.navigator.entities.reload()
    opened.navigator.sources.reload()
    opened.open_entity(entity)
    return {"entity": entity, "notes": notes_id, "secret": secret_id}


def _dialog(window: MainWindow) -> ExportDialog:
    dialog = window.show_export()
    assert dialog is not None
    return dialog


def test_export_writes_a_pdf_with_the_entity(case, opened: MainWindow, tmp_path: Path):
    dialog = _dialog(opened)
    assert dialog.scope_current.isChecked() and dialog.level.currentData() == "internal"
    out = tmp_path / "out" / "albatross.pdf"
    out.parent.mkdir()
    dialog.path.setText(str(out))
    assert dialog.start()
    assert not dialog.running and dialog.outcome is not None
    text = pdf_text(out)
    assert "Albatross Trading" in text
    assert "registered in Hanoi" in text
    assert dialog.outcome.pages >= 1 and str(dialog.outcome.pages) in dialog.summary.text()
    assert dialog.open_button.isVisible() and dialog.show_button.isVisible()
    assert opened.settings.export_path() == out


def test_public_level_leaves_out_the_protected_quote(case, opened: MainWindow, tmp_path: Path):
    dialog = _dialog(opened)
    dialog.level.setCurrentIndex(dialog.level.findData("public"))
    out = tmp_path / "public.pdf"
    dialog.path.setText(str(out))
    assert dialog.start()
    text = " ".join(pdf_text(out).split())
    assert "registered in Hanoi" in text
    assert "crates" not in text
    assert "Withheld at this level" in dialog.summary.text()
    assert "1 quote" in dialog.summary.text()
    # at protected level the same quote is there
    dialog.level.setCurrentIndex(dialog.level.findData("protected"))
    assert dialog.path.text().endswith("-protected.pdf") or dialog.path.text().endswith(".pdf")
    dialog.path.setText(str(tmp_path / "protected.pdf"))
    assert dialog.start()
    assert "crates" in " ".join(pdf_text(tmp_path / "protected.pdf").split())


def test_cancel_writes_nothing(case, opened: MainWindow, tmp_path: Path):
    for per_entity in (False, True):
        dialog = _dialog(opened)
        dialog.scope_all.setChecked(True)
        out = tmp_path / ("folder" if per_entity else "cancelled.pdf")
        if per_entity:
            dialog.per_entity.setChecked(True)
        dialog.path.setText(str(out))
        dialog.progress.valueChanged.connect(lambda _v, d=dialog: d.cancel())
        assert dialog.start()
        assert not out.exists()
        assert "cancelled" in dialog.problem.text()
        assert dialog.outcome is None and dialog.export_button.isEnabled()


def test_one_pdf_per_entity_into_a_folder(case, opened: MainWindow, tmp_path: Path):
    book = opened.session.casebook
    other = str(entities.create_entity(book, "Person", "Ra Kyong-su").subject_id)
    opened.navigator.entities.reload()
    opened.navigator.entity_view.selectAll()
    dialog = _dialog(opened)
    assert "2 entities" in dialog.scope_selected.text()
    dialog.scope_selected.setChecked(True)
    dialog.per_entity.setChecked(True)
    folder = tmp_path / "dossiers"
    dialog.path.setText(str(folder))
    assert dialog.start()
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 2 and all(n.endswith("-internal.pdf") for n in written)
    assert other  # both entities exported, nothing left in a staging folder


def test_export_refuses_mismatched_passwords(case, opened: MainWindow, tmp_path: Path):
    dialog = _dialog(opened)
    dialog.path.setText(str(tmp_path / "x.pdf"))
    dialog.password.setText("correct horse battery")
    dialog.confirm.setText("correct horse")
    assert not dialog.start()
    assert "passwords differ" in dialog.problem.text()
    assert not (tmp_path / "x.pdf").exists()
    dialog.confirm.setText("correct horse battery")
    assert dialog.start()
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(tmp_path / "x.pdf"))
    pdfium.PdfDocument(str(tmp_path / "x.pdf"), password="correct horse battery").close()


def test_escape_cancels_a_running_export_instead_of_closing(opened: MainWindow, tmp_path: Path):
    dialog = _dialog(opened)
    dialog.run = object()  # type: ignore[assignment]  # pretend one is running
    cancelled = []
    dialog.cancel = lambda: cancelled.append(True)  # type: ignore[method-assign]
    dialog.reject()
    assert cancelled and dialog.isVisible()
    dialog.run = None
    dialog.reject()
    assert not dialog.isVisible()


def test_export_on_the_threaded_runner_keeps_the_window_responsive(
    case, opened: MainWindow, tmp_path: Path, qtbot
):
    from nkcase.gui.tasks import TaskRunner

    opened.session.runner = TaskRunner()
    try:
        dialog = _dialog(opened)
        out = tmp_path / "threaded.pdf"
        dialog.path.setText(str(out))
        assert dialog.start()
        assert dialog.running and dialog.cancel_button.isVisible()  # returned at once
        assert not dialog.export_button.isEnabled()
        qtbot.waitUntil(lambda: not dialog.running, timeout=20_000)
        assert "Albatross Trading" in pdf_text(out)
    finally:
        opened.session.runner.wait_idle()


# -- the demo casebook ----------------------------------------------------------------------------
def test_welcome_opens_the_demo_casebook(window: MainWindow, tmp_path: Path):
    window.files.demo_path = tmp_path / "demo" / "nkcase-demo.nkcase"
    window.files.demo_path.parent.mkdir()
    window.welcome.demo_button.click()
    assert window.files.demo_path.exists()
    assert window.session.casebook is not None
    assert window.pages.currentWidget() is window.splitter
    assert window.navigator.entities.rowCount() > 3
    assert window.welcome.demo_button.isEnabled()
    # a second time it opens the existing file without rebuilding it
    stamp = window.files.demo_path.stat().st_mtime_ns
    window.files.close_casebook()
    window.welcome.demo_button.click()
    assert window.session.casebook is not None
    assert window.files.demo_path.stat().st_mtime_ns >= stamp


# -- source properties ---------------------------------------------------------------------------
def _properties(window: MainWindow, source_id: str) -> SourcePropertiesDialog:
    window.open_source(source_id)
    dialog = window.show_source_properties()
    assert isinstance(dialog, SourcePropertiesDialog)
    assert dialog.record is not None and dialog.record.id == source_id
    return dialog


def test_source_properties_edit_and_undo(case, opened: MainWindow):
    book = opened.session.casebook
    dialog = _properties(opened, case["notes"])
    dialog.fields["title"].setText("Harbour field notes")
    dialog.fields["publisher"].setText("Own research")
    dialog.fields["published"].setText("2019-03")
    dialog.fields["url"].setText("example.org/notes")
    dialog.reliability.setCurrentIndex(dialog.reliability.findData("B"))
    dialog.handling.setCurrentIndex(dialog.handling.findData("protected"))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    rec = source_record(book, case["notes"])
    assert (rec.title, rec.publisher, rec.published) == ("Harbour field notes", "Own research",
                                                         "2019-03")
    assert rec.url == "https://example.org/notes"
    assert (rec.reliability, rec.handling) == ("B", "protected")
    assert opened.reader.title.text() == "Harbour field notes" or opened.reader.source
    opened.session.undo()  # one step undoes the whole dialog
    rec = source_record(book, case["notes"])
    assert rec.reliability is None and rec.handling == "public" and rec.publisher is None
    assert rec.title != "Harbour field notes"
    opened.session.redo()
    assert source_record(book, case["notes"]).reliability == "B"


def test_source_properties_show_validation_inline(case, opened: MainWindow):
    book = opened.session.casebook
    dialog = _properties(opened, case["notes"])
    dialog.fields["published"].setText("31 Foo 2019x")
    assert not dialog.field_problems["published"].isHidden()
    dialog.fields["url"].setText("javascript:alert(1)")
    assert "web address" in dialog.field_problems["url"].text()
    dialog.fields["publisher"].setText("Changed")
    dialog.save()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert source_record(book, case["notes"]).publisher is None
    dialog.fields["published"].setText("2019-12-03")
    dialog.fields["url"].clear()
    assert dialog.field_problems["published"].isHidden()
    dialog.fields["title"].clear()
    dialog.save()
    assert "title" in dialog.problem.text()


def test_source_properties_refuse_a_save_over_a_colleagues_change(
    live: MainWindow, albatross_file: Path, qtbot
):
    """A team casebook: the dialog was opened, then a colleague graded the source. OK is
    refused in the dialog, which stays open, and the colleague's grade stays."""
    from PySide6.QtCore import Qt

    book = live.session.casebook
    assert book is not None
    _o, imported = sources.import_file(book, albatross_file)
    assert imported is not None
    source_id = str(imported.subject_id)
    live.navigator.sources.reload()
    live.open_source(source_id)
    qtbot.waitUntil(lambda: live.current_source_id() == source_id, timeout=10_000)
    dialog = live.show_source_properties()
    assert isinstance(dialog, SourcePropertiesDialog)
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10_000)
    source_edits.grade_source(book, source_id, "B")  # the colleague, meanwhile

    dialog.fields["publisher"].setFocus()
    qtbot.keyClicks(dialog.fields["publisher"], "Own research")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was changed" in dialog.problem.text(), timeout=10_000)

    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert "nothing was saved" in dialog.problem.text()
    record = source_record(book, source_id)
    assert (record.publisher, record.reliability) == (None, "B")


def test_source_context_menu_has_properties_and_reextract(case, opened: MainWindow):
    actions = opened.navigator.source_view.actions()
    assert opened.source_props_action in actions and opened.reextract_action in actions
    opened.center.setCurrentWidget(opened.placeholder)
    opened.navigator.setCurrentIndex(1)
    opened.navigator.source_view.selectRow(0)
    assert opened.current_source_id() == opened.navigator.sources.source(0).id
    assert opened.source_props_action.isEnabled()


def test_reextract_unchanged_says_so(case, opened: MainWindow):
    opened.open_source(case["notes"])
    opened.reextract_source()
    assert "unchanged" in opened.statusBar().currentMessage()


def test_reextract_opens_review_when_a_quote_needs_it(case, opened: MainWindow, albatross_file,
                                                     monkeypatch):
    from nkcase.ingest.types import ExtractedDocument
    from nkcase.services import reanchor

    changed = albatross_file.read_text(encoding="utf-8").replace(
        "registered in Hanoi in 2016", "registred in Hanoi in 2016").replace(
        "Albatross was", "Albatross  was")

    def fake(casebook, source_id, password=None):
        return reanchor.reanchor_to(casebook, source_id, ExtractedDocument(
            changed, "text", "text/plain", "test", "2"))

    monkeypatch.setattr(reanchor, "reextract_source", fake)
    opened.open_source(case["notes"])
    opened.reextract_source()
    message = opened.statusBar().currentMessage()
    assert "Re-extracted (text version 2)" in message
    assert "1 to review" in message, message
    assert opened.review_dialog is not None and opened.review_dialog.isVisible()
    assert opened.review_dialog.items.rowCount() == 1
    opened.session.undo()  # the new text version is one undo step
    assert source_record(opened.session.casebook, case["notes"]).text_version == 1
