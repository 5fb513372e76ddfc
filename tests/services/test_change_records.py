"""Change records are complete: cascades and Core statements included, so undo is exact.

Also the semantic flags views refresh on, and undo refusing to take later work with it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update

from nkcase.errors import ConflictError
from nkcase.ingest.types import ExtractedDocument
from nkcase.model import Base, Evidence, Quote, ReanchorCandidate
from nkcase.services import entities, history, quote_records, quotes, reanchor, relationships
from nkcase.services.casefiles import case_file
from nkcase.services.change_flags import TABLE_FLAGS
from nkcase.services.changes import operation
from nkcase.services.recorder import UNRECORDED
from nkcase.services.source_records import source_text
from nkcase.store import Casebook

from .digest import content_digest


def _quoted(casebook: Casebook, import_text) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    source_id = import_text()
    eid = entities.create_entity(casebook, "Company", "Albatross").subject_id
    assert eid is not None
    fact = entities.set_fact(casebook, eid, "country", "vn").subject_id
    qid = quotes.add_quote(
        casebook, source_id, text="Albatross paid the rent", entity_ids=[eid]
    ).subject_id
    assert qid is not None and fact is not None
    quotes.link(casebook, qid, fact_id=fact)
    return source_id, eid, qid


def test_undo_of_a_quote_deletion_restores_its_evidence(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    _, eid, qid = _quoted(casebook, import_text)
    before = content_digest(casebook)
    removed = quotes.remove_quote(casebook, qid)  # the evidence goes by ON DELETE CASCADE
    assert [r.table for r in removed.rows if r.kind == "delete"].count("evidence") == 2
    assert case_file(casebook, eid).evidence == []
    history.undo(casebook, removed)
    assert len(quote_records.quote_record(casebook, qid).linked) == 2
    assert content_digest(casebook) == before
    history.redo(casebook, removed)
    assert case_file(casebook, eid).evidence == []


def test_orm_delete_of_a_quote_alone_records_the_cascade(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    _, _, qid = _quoted(casebook, import_text)
    before = content_digest(casebook)
    with operation(casebook, "test.delete") as op:
        op.session.delete(op.session.get(Quote, qid))
    assert op.change is not None
    assert {r.table for r in op.change.rows} == {"quote", "evidence"}
    history.undo(casebook, op.change)
    assert content_digest(casebook) == before


def test_core_statements_are_recorded(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    _, eid, qid = _quoted(casebook, import_text)
    before = content_digest(casebook)
    with operation(casebook, "test.core") as op:
        op.session.execute(update(Quote).where(Quote.id == qid).values(note="edited by Core"))
        op.session.execute(delete(Evidence).where(Evidence.entity_id == eid))
    assert op.change is not None
    kinds = sorted((r.table, r.kind) for r in op.change.rows)
    assert kinds == [("evidence", "delete"), ("quote", "update")]
    history.undo(casebook, op.change)
    assert content_digest(casebook) == before


def test_deleting_an_entity_records_everything_that_goes_with_it(  # type: ignore[no-untyped-def]
    casebook: Casebook, import_text
) -> None:
    _, eid, _ = _quoted(casebook, import_text)
    other = entities.create_entity(casebook, "Person", "Ra Kyong-su").subject_id
    assert other is not None
    relationships.relate(casebook, "Directorship", other, eid, role="director")
    entities.tag_entity(casebook, eid, "priority")
    entities.add_note(casebook, eid, "Seen in Hanoi")
    before = content_digest(casebook)
    with operation(casebook, "test.delete") as op:  # only the entity row, by Core
        op.session.execute(delete(Base.metadata.tables["entity"]).where(text(f"id = '{eid}'")))
    assert op.change is not None
    tables = {r.table for r in op.change.rows}
    assert tables == {"entity", "fact", "relationship", "entity_tag", "note", "evidence"}
    history.undo(casebook, op.change)
    assert content_digest(casebook) == before


def test_raw_sql_writes_inside_an_operation_are_refused(casebook: Casebook) -> None:
    eid = entities.create_entity(casebook, "Company", "Albatross").subject_id
    raw = text("UPDATE entity SET summary = 'x' WHERE id = :id")
    with (
        pytest.raises(RuntimeError, match="cannot be recorded"),
        operation(casebook, "test.raw") as op,
    ):
        op.session.execute(raw, {"id": eid})
    assert case_file(casebook, str(eid)).summary == ""


def test_undo_of_a_reextraction_restores_the_review_candidates(  # type: ignore[no-untyped-def]
    casebook: Casebook, import_text
) -> None:
    source_id = import_text()
    qid = quotes.add_quote(
        casebook, source_id, text="Albatross was registered in Hanoi in 2016"
    ).subject_id
    old = source_text(casebook, source_id).text

    def document(new: str) -> ExtractedDocument:
        return ExtractedDocument(new, "text", "text/plain", "test", "2")

    first = reanchor.reanchor_to(casebook, source_id, document(old.replace("2016", "2015")))
    assert first.review == [qid]
    before = content_digest(casebook)
    # the second re-extraction replaces the candidates (a Core DELETE in the service)
    second = reanchor.reanchor_to(casebook, source_id, document(old.replace("2016", "2014")))
    assert second.change is not None
    assert any(r.table == "reanchor_candidate" and r.kind == "delete" for r in second.change.rows)
    history.undo(casebook, second.change)
    assert content_digest(casebook) == before
    with casebook.reading() as session:
        texts = session.scalars(
            ReanchorCandidate.__table__.select().with_only_columns(ReanchorCandidate.text)
        ).all()
    assert texts and all("2015" in t for t in texts)


def test_undo_refuses_to_take_later_work_with_it(casebook: Casebook) -> None:
    created = entities.create_entity(casebook, "Company", "Albatross")
    eid = str(created.subject_id)
    entities.add_note(casebook, eid, "A later note, not on this undo stack")
    with pytest.raises(ConflictError, match="later change depends on it"):
        history.undo(casebook, created)
    assert [n.text for n in case_file(casebook, eid).notes] == [
        "A later note, not on this undo stack"
    ]


def test_flags_say_what_changed(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    created = entities.create_entity(casebook, "Company", "Albatross")
    eid = str(created.subject_id)
    assert created.flags.names_set() == {"entities", "names", "facts", "search_index"}
    country = entities.set_fact(casebook, eid, "country", "vn")
    assert country.flags.names_set() == {"facts", "entities"}  # updated_at
    alias = entities.add_name(casebook, eid, "알바트로스")
    assert {"names", "search_index"} <= alias.flags.names_set()
    summary = entities.edit_entity(casebook, eid, summary="A front company")
    assert summary.flags.names_set() == {"entities"}
    quote = quotes.add_quote(casebook, source_id, text="Albatross paid the rent", entity_ids=[eid])
    assert quote.flags.names_set() == {"quotes", "evidence", "search_index"}
    assert quote.source_ids == {source_id} and eid in quote.entity_ids
    removed = quotes.remove_quote(casebook, str(quote.subject_id))
    assert removed.flags.evidence and removed.flags.quotes
    undone = history.undo(casebook, removed)
    assert undone.flags.names_set() == {"quotes", "evidence", "search_index"}


def test_every_recorded_table_has_a_flag() -> None:
    tables = {t.name for t in Base.metadata.sorted_tables} - UNRECORDED
    assert tables == set(TABLE_FLAGS)


def test_no_foreign_key_cascades_on_update() -> None:
    # The recorder follows ON DELETE actions; keys never change, so no ON UPDATE may exist.
    assert not [fk for t in Base.metadata.sorted_tables for fk in t.foreign_keys if fk.onupdate]
