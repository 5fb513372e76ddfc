"""Quotes as evidence: by text or offsets, links, grades, unsupported facts, undo."""

from __future__ import annotations

import pytest

from nkcase.errors import AmbiguousError, NotFoundError, ValidationError
from nkcase.services import entities, history, quote_records, quotes, relationships
from nkcase.services.casefiles import case_file
from nkcase.store import Casebook


def test_quote_by_text_links_entity_and_fact_with_grade(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(reliability="B")
    eid = entities.create_entity(
        casebook, "Company", "Albatross", props=[("country", "vn"), ("sector", "trading")]
    ).subject_id
    country = next(f for f in case_file(casebook, eid).facts if f.prop == "country")
    change = quotes.add_quote(
        casebook,
        source_id,
        text="Albatross was registered in Hanoi in 2016",
        entity_ids=[eid],
        fact_ids=[country.id],
        credibility=2,
        note="registry",
    )
    assert change.summary == "Link quote to Albatross, Albatross (country: vn)"
    record = quote_records.quote_record(casebook, change.subject_id)
    assert record.grade == "B2"
    assert record.exact == "Albatross was registered in Hanoi in 2016"
    assert record.prefix.endswith("March 2019.\n\n") and len(record.suffix) >= 32
    assert {i.kind for i in record.linked} == {"entity", "fact"}

    casefile = case_file(casebook, eid)
    supported = {f.prop: f.supported for f in casefile.facts}
    assert supported == {"country": True, "sector": False}
    assert len(casefile.unsupported) == 1 and casefile.unsupported[0].endswith(": trading")
    assert casefile.evidence[0].source_title == "field-note"
    assert casefile.evidence[0].grade == "B2"


def test_ambiguous_text_is_refused_with_each_occurrence(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    with pytest.raises(AmbiguousError) as err:
        quotes.add_quote(casebook, source_id, text="Albatross")
    message = str(err.value)
    assert "occurs 2 times" in message
    assert "[32-41]" in message and "[327-336]" in message  # each with its offsets


def test_bad_quotes_are_refused(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    with pytest.raises(NotFoundError):
        quotes.add_quote(casebook, source_id, text="not in the text at all")
    with pytest.raises(ValidationError):
        quotes.add_quote(casebook, source_id, start=10, end=5)
    with pytest.raises(ValidationError):
        quotes.add_quote(casebook, source_id, start=0, end=10, credibility=7)


def test_offsets_quote_and_relationship_evidence_undo_redo(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    a = entities.create_entity(casebook, "Company", "Albatross").subject_id
    p = entities.create_entity(casebook, "Person", "Ra Kyong-su").subject_id
    rel = relationships.relate(casebook, "Directorship", p, a, role="director").subject_id
    from nkcase.services.source_records import source_text

    full = source_text(casebook, source_id).text
    start = full.index("Its director")
    end = full.index("Ra Kyong-su") + len("Ra Kyong-su")
    change = quotes.add_quote(casebook, source_id, start=start, end=end, relationship_ids=[rel])
    assert case_file(casebook, a).relationships[0].supported
    history.undo(casebook, change)
    assert not case_file(casebook, a).relationships[0].supported
    assert quote_records.quotes_for_source(casebook, source_id) == []
    history.redo(casebook, change)
    assert case_file(casebook, a).relationships[0].supported


def test_remove_quote_and_unlink(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    eid = entities.create_entity(casebook, "Company", "Albatross").subject_id
    qid = quotes.add_quote(
        casebook, source_id, text="Albatross paid the rent", entity_ids=[eid]
    ).subject_id
    record = quote_records.quote_record(casebook, qid)
    quotes.unlink(casebook, record.linked[0].evidence_id)
    assert quote_records.quote_record(casebook, qid).linked == []
    quotes.link(casebook, qid, entity_id=eid)
    removed = quotes.remove_quote(casebook, qid)
    assert {r.table for r in removed.rows} == {"quote", "evidence"}
    assert case_file(casebook, eid).evidence == []
    history.undo(casebook, removed)
    assert len(case_file(casebook, eid).evidence) == 1


def test_quote_is_never_less_protected_than_its_source(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(handling="protected")
    qid = quotes.add_quote(
        casebook, source_id, text="Albatross paid the rent", handling="public"
    ).subject_id
    assert quote_records.quote_record(casebook, qid).handling == "protected"
