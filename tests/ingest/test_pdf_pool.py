"""A large PDF's pages read in worker processes: the same result, progress, Cancel, fallbacks."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from nkcase.errors import CancelledError
from nkcase.ingest import extract, pdf_pool
from nkcase.ingest.pdf import extract_pdf
from tests.fixtures.book import make_book_pdf
from tests.fixtures.documents import make_text_pdf


@pytest.fixture(autouse=True)
def no_workers_running() -> Iterator[None]:
    """Each test starts without the shared worker processes and leaves none behind."""
    pdf_pool.stop_workers()
    yield
    pdf_pool.stop_workers()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A book-like PDF large enough for the pool: image cover, hyphens, footnotes, heads."""
    path = make_book_pdf(tmp_path_factory.mktemp("book") / "book.pdf", pages=80)
    return path.read_bytes()


def test_pool_gives_exactly_the_serial_result(book: bytes) -> None:
    serial = extract_pdf(book, workers=0)
    pooled = extract_pdf(book, workers=2)
    assert pooled.text == serial.text
    assert pooled.pages == serial.pages
    assert pooled.char_boxes == serial.char_boxes
    assert pooled == serial  # metadata, warnings and repairs too
    assert not serial.pages[0].has_text_layer  # the cover is a picture
    assert serial.warnings[0] == "page 1: no text layer: OCR needed"
    assert any(r.kind == "hyphenation" for r in serial.repairs)


def test_a_large_pdf_uses_the_pool_by_default_and_reports_every_page(
    book: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_pool, "available_cpus", lambda: 2)
    started: list[int] = []
    real = pdf_pool.ProcessPoolExecutor

    def counting(workers: int, **kwargs: object) -> pdf_pool.ProcessPoolExecutor:
        started.append(workers)
        return real(workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_pool, "ProcessPoolExecutor", counting)
    progress: list[tuple[int, int]] = []
    doc = extract(book, "book.pdf", on_progress=lambda done, total: progress.append((done, total)))
    assert started == [1]  # two cores: this process and one worker
    assert progress[0] == (0, 80) and progress[-1] == (80, 80)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert doc == extract_pdf(book, workers=0)

    # The next large PDF finds the worker ready: none is started for it.
    again = extract(book, "book.pdf")
    assert started == [1] and again == doc
    assert len(multiprocessing.active_children()) == 1


def test_a_small_pdf_starts_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a small PDF must not pay for worker processes")

    monkeypatch.setattr(pdf_pool, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(pdf_pool, "available_cpus", lambda: 8)
    small = make_text_pdf(tmp_path / "small.pdf", ["One page.", "Two pages."] * 10)
    assert extract(small.read_bytes(), "small.pdf").page_count == 20


def test_cancel_stops_the_worker_processes(book: bytes) -> None:
    seen_workers: list[int] = []

    def cancel_midway(done: int, total: int) -> None:
        seen_workers.append(len(multiprocessing.active_children()))
        if done >= 24:
            raise CancelledError("import cancelled")

    with pytest.raises(CancelledError):
        extract_pdf(book, on_progress=cancel_midway, workers=2)
    assert max(seen_workers) >= 1  # the pool was running when the user cancelled
    assert multiprocessing.active_children() == []  # and no worker outlives the import


class _DeadPool:
    """A pool whose workers died: what a crash in a worker or a failed start looks like."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        self.submitted = 0

    def submit(self, *_args: object) -> Future[object]:
        self.submitted += 1
        future: Future[object] = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, **_kwargs: object) -> None:
        pass


def test_pages_the_workers_could_not_read_are_read_here(
    book: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_pool, "ProcessPoolExecutor", _DeadPool)
    assert extract_pdf(book, workers=2) == extract_pdf(book, workers=0)
