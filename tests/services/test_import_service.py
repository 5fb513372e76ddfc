"""The import service: progress and cancellation, per-file transactions, verify, PDF quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.cli.main import main
from nkcase.services import quote_records, quotes, sources
from nkcase.services.source_records import list_sources, source_text
from nkcase.store import Casebook
from tests.backends import behind_nkcase
from tests.fixtures.documents import make_text_pdf


def _folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(n):
        (folder / f"note{i}.txt").write_text(f"Note {i} about the Sea Star.\n", encoding="utf-8")
    return folder


def test_progress_and_cancel_between_files(casebook: Casebook, tmp_path: Path) -> None:
    folder = _folder(tmp_path, 5)
    seen: list[tuple[int, int, str]] = []
    summary = sources.import_paths(
        casebook,
        [folder],
        on_progress=lambda d, t, n: seen.append((d, t, n)),
        is_cancelled=lambda: len(seen) >= 2,
    )
    assert summary.cancelled
    assert summary.count("imported") == 2
    assert len(list_sources(casebook)) == 2  # what was imported stays, nothing half-written
    assert seen[0] == (0, 5, "note0.txt")
    summary = sources.import_paths(casebook, [folder])
    assert (summary.count("imported"), summary.count("already present")) == (3, 2)
    assert "3 imported, 2 already present, 0 failed" in summary.describe()


def test_verify_names_a_damaged_original(
    casebook: Casebook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources.import_paths(casebook, [_folder(tmp_path, 2)])
    casebook.close()
    assert main(["verify", casebook.location]) == 0
    behind_nkcase(
        casebook,
        "UPDATE source_original SET data = :data WHERE source_id = "
        "(SELECT min(source_id) FROM source_original)",
        data=b"tampered",
        guards=True,
    )
    capsys.readouterr()
    assert main(["verify", casebook.location]) == 1
    out = capsys.readouterr().out
    assert "does not match its SHA-256" in out and "note" in out


def test_pdf_quote_across_a_page_break_has_rectangles_on_both_pages(
    casebook: Casebook, tmp_path: Path
) -> None:
    pdf = make_text_pdf(
        tmp_path / "two.pdf",
        [
            "First page text.\nThe tanker left Nampo on the fourth of May",
            "and reached the transfer point two days later.\nSecond page ends here.",
        ],
    )
    outcome, _ = sources.import_file(casebook, pdf)
    assert outcome.source_id is not None and outcome.pages == 2
    text = source_text(casebook, outcome.source_id)
    start = text.text.index("The tanker left Nampo")
    end = text.text.index("two days later") + len("two days later")
    qid = quotes.add_quote(casebook, outcome.source_id, start=start, end=end).subject_id
    record = quote_records.quote_record(casebook, qid)
    assert (record.first_page, record.last_page) == (0, 1)
    assert {r[0] for r in record.rects} == {0, 1}
    for _page, x0, y0, x1, y1 in record.rects:
        assert x1 > x0 and y1 > y0
