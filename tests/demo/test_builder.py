"""The demo casebook builds, passes ``nkcase check``, and shows every feature it is meant to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nkcase.demo import texts
from nkcase.demo.builder import build_demo, locate
from nkcase.errors import CasebookError, IngestError
from nkcase.model import Evidence, Fact, Quote, Relationship, Source
from nkcase.services.casefiles import case_file, list_entities
from nkcase.services.check import check_casebook
from nkcase.store import Casebook, open_casebook


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.nkcase")


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Casebook]:
    book = open_casebook(demo_path, readonly=True)
    try:
        yield book
    finally:
        book.close()


def test_demo_passes_check(demo: Casebook) -> None:
    assert check_casebook(demo) == []


def test_cli_check_passes_on_the_demo(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nkcase.cli.main import main

    assert main(["check", str(demo_path)]) == 0


def test_every_document_kind_is_present(demo: Casebook) -> None:
    with demo.reading() as session:
        kinds = set(session.scalars(select(Source.kind)))
        encodings = session.scalars(select(Source.file_name)).all()
    assert {"docx", "pdf", "html", "text"} <= kinds
    assert len(encodings) == 5


def test_every_source_has_a_quote(demo: Casebook) -> None:
    with demo.reading() as session:
        rows = session.execute(
            select(Source.title, func.count(Quote.id))
            .outerjoin(Quote, Quote.source_id == Source.id)
            .group_by(Source.id)
        ).all()
    assert rows and all(count > 0 for _title, count in rows), rows


def test_one_protected_source_with_protected_quotes(demo: Casebook) -> None:
    with demo.reading() as session:
        protected = session.scalars(select(Source).where(Source.handling == "protected")).all()
        assert len(protected) == 1
        levels = set(session.scalars(select(Quote.handling).where(
            Quote.source_id == protected[0].id)))
    assert levels == {"protected"}


def test_hangul_aliases_and_several_schemata(demo: Casebook) -> None:
    summaries = list_entities(demo)
    assert {"Organization", "Company", "Vessel", "Person", "Address"} <= {
        s.schema for s in summaries
    }
    with demo.reading() as session:
        aliases = set(session.scalars(select(Fact.value).where(Fact.prop == "alias")))
    assert {texts.RUNGRA_HANGUL, texts.SONAMU_HANGUL, texts.RI_HANGUL} <= aliases


def test_facts_with_and_without_evidence(demo: Casebook) -> None:
    with demo.reading() as session:
        supported = set(session.scalars(select(Evidence.fact_id).where(
            Evidence.fact_id.is_not(None))))
        all_facts = set(session.scalars(select(Fact.id)))
    assert supported and all_facts - supported


def test_relationships_of_several_kinds_some_unsupported(demo: Casebook) -> None:
    with demo.reading() as session:
        rels = session.execute(select(Relationship.id, Relationship.schema,
                                      Relationship.role)).all()
        linked = set(session.scalars(select(Evidence.relationship_id).where(
            Evidence.relationship_id.is_not(None))))
    assert {"Ownership", "Directorship", "Employment", "UnknownLink"} <= {r.schema for r in rels}
    assert any(r.role == "supplier" for r in rels)
    assert any(r.id not in linked for r in rels)


def test_vessel_case_file_has_supported_imo_number(demo: Casebook) -> None:
    vessel = next(s for s in list_entities(demo) if s.schema == "Vessel")
    record = case_file(demo, vessel.id)
    imo = next(f for f in record.facts if f.prop == "imoNumber")
    assert imo.value.endswith(texts.VESSEL_IMO) and imo.supported


def test_sources_are_graded(demo: Casebook) -> None:
    with demo.reading() as session:
        grades = session.scalars(select(Source.reliability)).all()
        credibilities = session.scalars(select(Quote.credibility)).all()
    assert all(grades) and all(credibilities)


def test_existing_file_is_refused_without_force(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken.nkcase"
    target.write_bytes(b"something precious")
    with pytest.raises(CasebookError, match="already exists"):
        build_demo(target)
    assert target.read_bytes() == b"something precious"


def test_force_replaces_an_existing_demo(tmp_path: Path) -> None:
    target = tmp_path / "again.nkcase"
    target.write_bytes(b"old")
    build_demo(target, force=True)
    with open_casebook(target, readonly=True) as book:
        assert check_casebook(book) == []


def test_locate_is_tolerant_of_extraction() -> None:
    text = "The ship ﬂew the\n  ﬂag of Togo’s registry."
    start, end = locate(text, "flew the flag of Togo's")
    assert text[start:end] == "ﬂew the\n  ﬂag of Togo’s"
    with pytest.raises(IngestError):
        locate(text, "flag of Panama")
