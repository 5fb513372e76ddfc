"""Fixtures of the ingest tests: generated documents in a per-session folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures import documents


@pytest.fixture(scope="session")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ingest-docs")


@pytest.fixture(scope="session")
def text_pdf(docs_dir: Path) -> Path:
    return documents.make_text_pdf(
        docs_dir / "report.pdf", documents.SAMPLE_PAGES, title="Harbour report", author="Ana Silva"
    )


@pytest.fixture(scope="session")
def encrypted_pdf(docs_dir: Path) -> Path:
    return documents.make_encrypted_pdf(docs_dir / "locked.pdf", password="s3cret")
