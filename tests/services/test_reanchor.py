"""Re-extraction: exact and moved quotes follow; edits inside a quote wait for review."""

from __future__ import annotations

from dataclasses import replace

from nkcase.ingest.types import ExtractedDocument
from nkcase.services import entities, quote_records, quotes, reanchor
from nkcase.services.source_records import source_text
from nkcase.store import Casebook


def _document(text: str) -> ExtractedDocument:
    return ExtractedDocument(
        text=text, kind="text", media_type="text/plain", extractor="test", extractor_version="2"
    )


def test_whitespace_and_repairs_near_quotes_keep_them_anchored(
    casebook: Casebook, import_text
) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    q1 = quotes.add_quote(
        casebook, source_id, text="Albatross was registered in Hanoi in 2016"
    ).subject_id
    q2 = quotes.add_quote(casebook, source_id, text="Albatross paid the rent").subject_id
    old = source_text(casebook, source_id).text
    new = "PREFACE ADDED\n\n" + old.replace("Field note,", "Field  note ,").replace(
        "closed in 2020", "closed  in\n2020"
    )
    report = reanchor.reanchor_to(casebook, source_id, _document(new))
    assert report.new_version == 2
    assert set(report.exact) | set(report.moved) == {q1, q2}
    assert report.review == [] and report.orphan == []
    current = source_text(casebook, source_id)
    for qid in (q1, q2):
        record = quote_records.quote_record(casebook, qid)
        assert current.text[record.start : record.end] == record.exact
        assert record.status == "anchored"


def test_edit_inside_a_quote_is_offered_for_review_not_moved(
    casebook: Casebook, import_text
) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    eid = entities.create_entity(casebook, "Company", "Albatross").subject_id
    qid = quotes.add_quote(
        casebook, source_id, text="Albatross was registered in Hanoi in 2016", entity_ids=[eid]
    ).subject_id
    old = source_text(casebook, source_id).text
    new = old.replace("registered in Hanoi in 2016", "registered in Hanoi in 2015")
    report = reanchor.reanchor_to(casebook, source_id, _document(new))
    assert report.review == [qid]
    record = quote_records.quote_record(casebook, qid)
    assert record.status == "review"
    assert record.exact == "Albatross was registered in Hanoi in 2016"  # stored text kept
    [item] = reanchor.review_items(casebook)
    assert item.candidates and "2015" in item.candidates[0].text
    reanchor.accept_candidate(casebook, item.candidates[0].id)
    accepted = quote_records.quote_record(casebook, qid)
    assert accepted.status == "anchored"
    assert accepted.exact == source_text(casebook, source_id).text[accepted.start : accepted.end]
    assert reanchor.review_items(casebook) == []


def test_rejected_and_vanished_quotes_become_orphans(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    qid = quotes.add_quote(casebook, source_id, text="Albatross paid the rent").subject_id
    old = source_text(casebook, source_id).text
    report = reanchor.reanchor_to(
        casebook, source_id, _document(old.replace("Albatross paid the rent.", ""))
    )
    assert report.orphan == [qid] or report.review == [qid]
    if report.review:
        reanchor.reject_quote_candidates(casebook, qid)
    assert quote_records.quote_record(casebook, qid).status == "orphan"
    assert [i.quote_id for i in reanchor.review_items(casebook)] == [qid]


def test_unchanged_text_makes_no_new_version(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    text = source_text(casebook, source_id).text
    assert reanchor.reanchor_to(casebook, source_id, replace(_document(text))).unchanged


def test_search_finds_only_the_current_text_version(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    from nkcase.services import history
    from nkcase.services.search_service import search

    source_id = import_text()
    old = source_text(casebook, source_id).text
    report = reanchor.reanchor_to(
        casebook, source_id, _document(old.replace("paid the rent", "paid the lease"))
    )
    assert [h.kind for h in search(casebook, "lease", kinds={"passage"}).hits] == ["passage"]
    assert search(casebook, "rent", kinds={"passage"}).hits == []
    assert report.change is not None
    history.undo(casebook, report.change)
    assert search(casebook, "lease", kinds={"passage"}).hits == []
    assert len(search(casebook, "rent", kinds={"passage"}).hits) == 1
