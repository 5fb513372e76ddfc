"""Helpers for service tests: import small text sources written by the test itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.services import sources
from nkcase.store import Casebook

FIELD_NOTE = (
    "Field note, Hanoi, March 2019.\n\n"
    "Albatross was registered in Hanoi in 2016 as a trading company. Its director, "
    "Ra Kyong-su, also signed contracts for the Sea Star, a tanker seen near Nampo.\n\n"
    "The restaurant on Tran Hung Dao street closed in 2020. Staff said the Indo‐Pacific "
    "route through Pyongyang’s partners had become harder. Albatross paid the rent.\n"
)


@pytest.fixture
def import_text(casebook: Casebook, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Import ``text`` as a UTF-8 .txt source; returns its id."""

    def run(text: str = FIELD_NOTE, name: str = "field-note.txt", **options: object) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        outcome, _ = sources.import_file(casebook, path, sources.ImportOptions(**options))  # type: ignore[arg-type]
        assert outcome.status == "imported", outcome
        assert outcome.source_id is not None
        return outcome.source_id

    return run
