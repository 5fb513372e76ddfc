"""Fixtures for dossier tests: invented input data and a pdftotext reader."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nkcase.dossier import (
    DossierDocument,
    DossierResult,
    EntityDossier,
    FactLine,
    NameLine,
    QuoteEntry,
    RelationshipLine,
    SourceEntry,
    WithheldSummary,
    build_dossier,
)

HANGUL_ALIAS = "만수대창작사"
CYRILLIC = "Морской торговый дом"
HAN = "平壤貿易公司"
TRICKY = "AT&T <Ltd>"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_document(quotes_per_entity: int = 3, **overrides: object) -> DossierDocument:
    """Two invented entities with facts, relationships, quotes from two sources."""
    sources = (
        SourceEntry(
            id="s-a",
            title="Invented inspection report",
            kind="pdf",
            publisher="Example Review Board",
            published="2022-04",
            retrieved="2024-01-02",
            url="https://example.org/a.pdf",
            sha256=sha("source a"),
            reliability="B",
            pages=40,
        ),
        SourceEntry(
            id="s-b",
            title="Invented trade bulletin",
            kind="html",
            publisher=TRICKY,
            published="2023-07-01",
            retrieved="2024-01-03",
            sha256=sha("source b"),
            reliability="D",
        ),
    )
    quotes = tuple(
        QuoteEntry(
            id=f"q{i}",
            source_id="s-a" if i % 2 == 0 else "s-b",
            text=f"Invented passage number {i} about the studio's overseas sales.",
            pages=(i + 1, i + 1) if i % 2 == 0 else None,
            grade="B2" if i % 2 else "D4",
        )
        for i in range(quotes_per_entity)
    )
    studio = EntityDossier(
        id="e1",
        schema="Organization",
        caption="Sample Art Studio",
        names=(
            NameLine("Sample Art Studio", "name", "en"),
            NameLine(HANGUL_ALIAS, "alias", "ko"),
            NameLine(CYRILLIC, "weakAlias", "ru"),
            NameLine(HAN, "alias", "zh"),
            NameLine(TRICKY, "previousName", "en"),
        ),
        status="operating",
        summary="An invented organisation used by the tests.",
        facts=(
            FactLine("Registration number", "REG-0042-XY", ("q0",)),
            FactLine("Country", "Example Land", ("q0", "q1")),
            FactLine("Website", "studio.example", ()),
        ),
        relationships=(
            RelationshipLine(
                "Ownership", "Holding Example Corp.", "incoming", "parent", "2015", None, ("q1",)
            ),
        ),
        quotes=quotes,
        notes=("Check the invented export licence.",),
    )
    vessel = EntityDossier(
        id="e2",
        schema="Vessel",
        caption="EXAMPLE STAR",
        facts=(FactLine("IMO number", "9000007", ("v1",)),),
        quotes=(
            QuoteEntry(
                "v1", "s-a", "The invented vessel EXAMPLE STAR carries IMO 9000007.", (7, 8), "B3"
            ),
        ),
    )
    values: dict[str, object] = {
        "title": "Test dossier",
        "casebook_name": "Tests casebook",
        "casebook_fingerprint": "0123456789abcdef0123456789abcdef",
        "generated_at": datetime(2024, 5, 6, 7, 8, tzinfo=UTC),
        "level": "public",
        "entities": (studio, vessel),
        "sources": sources,
        "prepared_by": "Test runner",
        "withheld": WithheldSummary(quotes=3, sources=1),
    }
    values.update(overrides)
    return DossierDocument(**values)  # type: ignore[arg-type]


def pdftotext(path: Path, password: str | None = None, layout: bool = False) -> str:
    """Text of a PDF via poppler's pdftotext (skip when poppler-utils is absent)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = [exe, "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if password is not None:
        args += ["-upw", password]
    args += [str(path), "-"]
    done = subprocess.run(args, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace"))
    return done.stdout.decode("utf-8")


BuildFn = Callable[..., tuple[Path, DossierResult]]


@pytest.fixture
def build(tmp_path: Path) -> BuildFn:
    """build(doc, name="d.pdf", **kwargs) -> (path, result)."""

    def _build(
        doc: DossierDocument, name: str = "d.pdf", **kwargs: object
    ) -> tuple[Path, DossierResult]:
        out = tmp_path / name
        result = build_dossier(doc, out, **kwargs)  # type: ignore[arg-type]
        return out, result

    return _build
