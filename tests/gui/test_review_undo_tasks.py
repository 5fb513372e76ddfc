"""Re-anchoring review, undo conflicts, the threaded task runner, offset mapping."""

from __future__ import annotations

import threading
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QThread

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.review import ReviewDialog
from nkcase.gui.tasks import SyncTaskRunner, TaskRunner
from nkcase.gui.text_offsets import OffsetMap
from nkcase.ingest.types import ExtractedDocument
from nkcase.services import entities, quotes, reanchor
from nkcase.services.quote_records import quotes_for_source

from .conftest import ALBATROSS_TEXT


def _source_with_quote(window: MainWindow, path: Path) -> tuple[str, str]:
    book = window.session.casebook
    window.files.import_paths([path])
    source = window.navigator.sources.source(0)
    assert source is not None
    sentence = "Albatross was registered in Hanoi in 2016 as a trading company."
    change = quotes.add_quote(book, source.id, text=sentence)
    return source.id, str(change.subject_id)


def test_review_accepts_a_fuzzy_candidate(opened: MainWindow, albatross_file: Path):
    book = opened.session.casebook
    source_id, quote_id = _source_with_quote(opened, albatross_file)
    changed = ALBATROSS_TEXT.replace("registered in Hanoi in 2016", "registred in Hanoi in 2016")
    changed = changed.replace("Albatross was", "Albatross  was")
    report = reanchor.reanchor_to(book, source_id, ExtractedDocument(
        changed, "text", "text/plain", "test", "1"))
    assert report.review == [quote_id], report  # an edit inside the quote: a person decides
    dialog = ReviewDialog(opened.session, opened)
    assert dialog.items.rowCount() == 1
    assert dialog.old_text.toPlainText().startswith("Albatross was registered")
    assert "registred" in dialog.new_text.toPlainText()
    dialog.accept_current()
    assert dialog.items.rowCount() == 0
    quote = next(q for q in quotes_for_source(book, source_id) if q.id == quote_id)
    assert quote.status == "anchored" and "registred" in quote.exact


def test_review_rejects_to_an_orphan(opened: MainWindow, albatross_file: Path):
    book = opened.session.casebook
    source_id, quote_id = _source_with_quote(opened, albatross_file)
    changed = ALBATROSS_TEXT.replace("registered in Hanoi in 2016", "registred in Hanoi in 2016")
    report = reanchor.reanchor_to(book, source_id, ExtractedDocument(
        changed, "text", "text/plain", "test", "1"))
    assert report.review == [quote_id], report
    dialog = ReviewDialog(opened.session, opened)
    dialog.reject_current()
    assert dialog.items.rowCount() == 1
    assert "orphan" in dialog.items.index(0, 0).data()
    assert not dialog.reject_button.isEnabled()


def test_a_failed_undo_says_why_in_one_line_and_stays_on_the_stack(
    opened: MainWindow, recorded_messages
):
    book = opened.session.casebook
    opened.create_entity("Company", "Albatross Trading")
    entity_id = opened.casefile.entity_id
    assert entity_id is not None
    opened.session.apply(lambda cb: entities.edit_entity(cb, entity_id, summary="first"))
    # a change made outside this undo stack (another tool on the same file)
    entities.edit_entity(book, entity_id, summary="changed elsewhere")
    stack = opened.session.undo_stack
    count, index = stack.count(), stack.index()
    opened.session.undo()
    title, message = recorded_messages[-1]
    assert title == "Cannot undo"
    assert "changed since" in message and "\n" not in message
    assert (stack.count(), stack.index()) == (count, index)  # still there, still next
    assert opened.undo_action.isEnabled()
    opened.casefile.reload()
    assert opened.casefile.current is not None
    assert opened.casefile.current.summary == "changed elsewhere"


def test_threaded_runner_delivers_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def job(task):
        seen["worker"] = threading.current_thread().name
        task.report(1, 2, "half")
        return 42

    def done(value):
        seen["done_on_gui"] = QThread.currentThread() is gui_thread
        seen["value"] = value

    progress: list[tuple[int, int, str]] = []
    runner.write(job, done, None, lambda *a: progress.append(a))
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42 and seen["done_on_gui"] is True
    assert seen["worker"] != threading.current_thread().name
    assert progress == [(1, 2, "half")]
    assert runner.wait_idle(2000)


def test_threaded_runner_errors_and_cancellation(qtbot):
    runner = TaskRunner()
    errors: list[BaseException] = []
    started = threading.Event()
    release = threading.Event()

    def slow(task):
        started.set()
        release.wait(2)
        if task.is_cancelled():
            raise RuntimeError("stopped")
        return "finished"

    task = runner.read(slow, lambda _v: None, errors.append)
    assert started.wait(2)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "stopped"


def test_writes_run_one_at_a_time_in_order(qtbot):
    runner = TaskRunner()
    order: list[int] = []
    active = []
    overlap = []

    def job(n):
        def run(_task):
            active.append(n)
            overlap.append(len(active))
            QThread.msleep(5)
            active.remove(n)
            order.append(n)
        return run

    for n in range(6):
        runner.write(job(n))
    qtbot.waitUntil(lambda: len(order) == 6)
    assert order == list(range(6))
    assert max(overlap) == 1


def test_sync_runner_has_the_same_interface():
    runner = SyncTaskRunner()
    got: list[object] = []
    runner.read(lambda task: (task.report(1, 1, "x"), 5)[1], got.append, None,
                lambda *a: got.append(a))
    assert got == [(1, 1, "x"), 5]


@given(st.text(alphabet=st.sampled_from(["a", "한", "😀", "\n", "𠀋", "é"]), max_size=40))
def test_offset_map_round_trips(text: str):
    mapping = OffsetMap(text)
    for offset in range(len(text) + 1):
        qt = mapping.to_qt(offset)
        assert qt == len(text[:offset].encode("utf-16-le")) // 2
        assert mapping.to_py(qt) == offset
