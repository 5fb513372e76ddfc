"""The merge's rules one by one: the same source unified, deletions, duplicates, lists, the
merged audit chain verified (and its tampering found), every table accounted for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from nkcase.errors import ValidationError
from nkcase.exchange.merge import apply_merge, merge_casebooks, plan_merge
from nkcase.exchange.merge.plan import LIST_ROWS, NOT_MERGED, merge_tables
from nkcase.model import (
    Base,
    Entity,
    Evidence,
    ListRecordRow,
    ListSnapshot,
    MergedAuditEvent,
    Quote,
    ScreeningCandidate,
    Source,
)
from nkcase.services import entities, quotes, sources
from nkcase.services.check import check_casebook
from nkcase.services.lists import import_list
from nkcase.services.screening import screen
from nkcase.store import Casebook, create_casebook, open_casebook

TEXT = "Registry extract. Albatross Trading was registered in Hanoi in 2016 by Ra Kyong-su.\n"
UN_LIST = Path(__file__).parents[1] / "data" / "lists" / "un" / (
    "consolidated-2026-01-28-excerpt.xml")


def _import(book: Casebook, folder: Path, text: str = TEXT) -> str:
    path = folder / "registry.txt"
    path.write_text(text, encoding="utf-8")
    outcome, _ = sources.import_file(book, path)
    assert outcome.source_id is not None
    return outcome.source_id


def test_every_table_is_merged_or_has_a_reason_not_to_be() -> None:
    handled = {t.name for t in merge_tables()} | NOT_MERGED | LIST_ROWS
    assert handled == set(Base.metadata.tables)


def test_the_same_source_imported_on_both_sides_is_one_and_its_quotes_move_to_it(
    tmp_path: Path,
) -> None:
    with create_casebook(tmp_path / "a.nkcase") as a, create_casebook(tmp_path / "b.nkcase") as b:
        ours = _import(a, tmp_path)
        theirs = _import(b, tmp_path)
        assert ours != theirs
        company = entities.create_entity(b, "Company", "Albatross Trading").subject_id
        quotes.add_quote(b, theirs, text="Albatross Trading was registered in Hanoi",
                         entity_ids=[str(company)])
        assert merge_casebooks(a, b) is not None
        with a.reading() as session:
            assert session.scalar(select(func.count()).select_from(Source)) == 1
            [quote] = session.scalars(select(Quote)).all()
            assert quote.source_id == ours
            assert session.scalar(select(Evidence.entity_id)) == company
        assert check_casebook(a) == []


def test_a_deletion_there_of_what_is_unchanged_here_comes_across(tmp_path: Path) -> None:
    with create_casebook(tmp_path / "a.nkcase") as a:
        doomed = entities.create_entity(a, "Company", "Doomed Trading").subject_id
        kept = entities.create_entity(a, "Company", "Kept Trading").subject_id
    shutil.copy(tmp_path / "a.nkcase", tmp_path / "b.nkcase")
    with open_casebook(tmp_path / "a.nkcase") as a, open_casebook(tmp_path / "b.nkcase") as b:
        entities.delete_entity(b, str(doomed))
        entities.delete_entity(b, str(kept))
        entities.edit_entity(a, str(kept), summary="still investigating")  # changed here
        with a.reading() as mine, b.reading() as theirs:
            plan = plan_merge(mine, theirs)
        [question] = plan.questions
        assert question.kind == "edited_here" and "Kept Trading" in question.title
        merge_casebooks(a, b, {question.id: "here"})
        with a.reading() as session:
            names = set(session.scalars(select(Entity.caption)))
        assert names == {"Kept Trading"}


def test_duplicates_are_proposed_across_scripts_and_combined_only_when_decided(
    tmp_path: Path,
) -> None:
    with create_casebook(tmp_path / "a.nkcase") as a, create_casebook(tmp_path / "b.nkcase") as b:
        ours = entities.create_entity(a, "Person", "Ra Kyong-su").subject_id
        theirs = entities.create_entity(b, "Person", "RA KYONG SU", aliases=["라경수"]).subject_id
        entities.add_note(b, str(theirs), "met in Dandong")
        with a.reading() as mine, b.reading() as other:
            plan = plan_merge(mine, other)
        [question] = plan.questions
        assert question.kind == "duplicate" and question.id == f"same:{ours}:{theirs}"
        with pytest.raises(ValidationError, match="need a decision"):
            apply_merge(a, plan, {})
        merge_casebooks(a, b, {question.id: "combine"})
        with a.reading() as session:
            assert session.scalars(select(Entity.id)).all() == [ours]
        from nkcase.services.casefiles import load_case_file

        with a.reading() as session:
            case = load_case_file(session, str(ours))
        assert [n.text for n in case.notes] == ["met in Dandong"]
        assert {n.value for n in case.names} >= {"Ra Kyong-su", "RA KYONG SU", "라경수"}


def test_list_snapshots_and_designations_come_across(tmp_path: Path) -> None:
    with create_casebook(tmp_path / "a.nkcase") as a, create_casebook(tmp_path / "b.nkcase") as b:
        import_list(b, UN_LIST)
        listed = entities.create_entity(b, "Person", "Lee Won-ho").subject_id
        found = screen(b, entity_ids=[str(listed)]).subjects[0].candidates
        assert found
        assert merge_casebooks(a, b) is not None
        with a.reading() as session, b.reading() as other:
            assert session.scalar(select(func.count()).select_from(ListRecordRow)) == \
                other.scalar(select(func.count()).select_from(ListRecordRow))
            assert session.scalar(select(ListSnapshot.sha256)) == other.scalar(
                select(ListSnapshot.sha256))
            candidate = session.scalars(select(ScreeningCandidate)).first()
            assert candidate is not None
            record = session.get(ListRecordRow, candidate.list_record_id)
            assert record is not None and record.record_key == candidate.record_key
        assert check_casebook(a) == []
        assert merge_casebooks(a, b) is None  # the same snapshot is not copied twice


def test_check_verifies_the_merged_chain_and_finds_it_altered(tmp_path: Path) -> None:
    with create_casebook(tmp_path / "a.nkcase") as a, create_casebook(tmp_path / "b.nkcase") as b:
        entities.create_entity(b, "Company", "Fieldwork Trading")
        entities.create_entity(b, "Company", "Second Trading")
        assert merge_casebooks(a, b) is not None
        assert check_casebook(a) == []
        with a.writing() as session:
            session.execute(update(MergedAuditEvent).where(MergedAuditEvent.seq == 1)
                            .values(summary="Create nothing"))
        problems = check_casebook(a)
    assert len(problems) == 1 and "merged from" in problems[0] and "altered" in problems[0]
