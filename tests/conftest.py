"""Shared test fixtures: a fresh casebook per test, the seed articles, offscreen Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to reach a display in tests (CI has none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must not write into the real user's log or settings folders.
os.environ.setdefault("NKCASE_INVESTIGATOR", "test-investigator")

REPO_ROOT = Path(__file__).resolve().parent.parent
# ../shared/seeds beside the repository; a git worktree in ../wt/NAME finds it one level up.
SEEDS_DIR = next(
    (
        root / "shared" / "seeds"
        for root in (REPO_ROOT.parent, REPO_ROOT.parent.parent)
        if (root / "shared" / "seeds").is_dir()
    ),
    REPO_ROOT.parent / "shared" / "seeds",
)
SEED_000 = "000_8248db68c031826c.txt"
SEED_001 = "001_22f799ec620b1025.txt"


@pytest.fixture(autouse=True)
def _logs_as_in_a_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test logs as a fresh process does: messages are withheld only once an encrypted
    casebook has been opened in it (nkcase.logs), not because an earlier test opened one."""
    import nkcase.logs

    monkeypatch.setattr(nkcase.logs, "_withhold_details", False)


@pytest.fixture
def casebook_path(tmp_path: Path) -> Path:
    return tmp_path / "case.nkcase"


@pytest.fixture
def casebook(casebook_path: Path) -> Iterator[object]:
    """A new, empty casebook open for writing, closed after the test."""
    from nkcase.store import create_casebook

    book = create_casebook(casebook_path, "Test case")
    try:
        yield book
    finally:
        book.close()


def seed_path(name: str) -> Path:
    """A seed article from ../shared/seeds, or skip the test saying why."""
    path = SEEDS_DIR / name
    if not path.exists():
        pytest.skip(f"seed article {name} not found: ../shared/seeds is absent beside the repo")
    return path


@pytest.fixture
def seed_000() -> Path:
    return seed_path(SEED_000)


@pytest.fixture
def seed_001() -> Path:
    return seed_path(SEED_001)
