"""The reader beside a PDF, on the real threaded runner: the page in view is rendered, a
scanned (image-only) first page included, and the view never stays at "rendering"."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from nkcase.gui.mainwindow import MainWindow
from tests.fixtures.book import make_book_pdf

pytestmark = pytest.mark.gui


def _dark_share(image: QImage) -> float:
    """The share of sampled pixels that are dark (a cover picture, text), not blank paper."""
    samples = [image.pixelColor(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)]
    return sum(1 for c in samples if c.lightness() < 100) / len(samples)


def test_a_scanned_first_page_is_shown_when_the_book_opens(
    qtbot, live: MainWindow, tmp_path: Path
) -> None:
    book = make_book_pdf(tmp_path / "book.pdf", pages=6)  # page 1: a picture, no text layer
    job = live.files.import_paths([book])
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.summary.count("imported") == 1

    live.navigator.setCurrentWidget(live.navigator.source_view)
    view = live.navigator.source_view
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=5_000)
    row = view.visualRect(view.model().index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row)

    pdf = live.reader.pdf
    qtbot.waitUntil(lambda: pdf.rendered_image() is not None, timeout=10_000)
    assert pdf.caption.text() == "Page 1 of 6 (original PDF)"
    assert live.reader.text.text.startswith("\n\n")  # page 1 has no text at all
    image = pdf.rendered_image()
    assert image is not None and _dark_share(image) > 0.3  # the cover, not a blank page
    assert not pdf.page_label.pixmap().isNull()  # and it is on screen

    # Scrolling the text to page 3 brings page 3 beside it.
    reader = live.reader
    start = reader.source.text.pages[2].start if reader.source else 0
    reader.text.select_range(start, start + 5)
    qtbot.waitUntil(lambda: pdf.caption.text() == "Page 3 of 6 (original PDF)", timeout=10_000)


def test_cancel_during_a_large_import_stops_the_page_workers(
    qtbot, live: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkcase.ingest import pdf_pool

    monkeypatch.setattr(pdf_pool, "available_cpus", lambda: 2)  # one worker, on any machine
    pdf_pool.stop_workers()  # none left running by an earlier test
    book = make_book_pdf(tmp_path / "long-book.pdf", pages=200)
    job = live.files.import_paths([book])
    assert job is not None
    pages_read: list[str] = []
    job.progress.connect(lambda _done, _total, label: pages_read.append(label))
    qtbot.waitUntil(lambda: bool(multiprocessing.active_children())
                    and any(": page " in label for label in pages_read), timeout=20_000)
    assert live.cancel_button.isVisible()
    qtbot.mouseClick(live.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: job.done, timeout=20_000)
    assert job.summary.cancelled and job.summary.count("imported") == 0
    assert multiprocessing.active_children() == []  # the workers stopped with the import
    assert live.navigator.sources.rowCount() == 0
