"""Search: word and trigram indexes, folding, snippets with offsets, filters, bounded work."""

from __future__ import annotations

from nkcase.services import entities, history, quotes
from nkcase.services.search_service import RANK_CAP, search
from nkcase.services.source_records import source_text
from nkcase.store import Casebook


def test_ascii_query_finds_typographic_text_and_maps_offsets(
    casebook: Casebook, import_text
) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    full = source_text(casebook, source_id).text
    results = search(casebook, "Indo-Pacific")
    [hit] = results.hits
    assert hit.kind == "passage" and hit.source_id == source_id
    assert full[hit.start : hit.end] == "Indo‐Pacific"
    s, e = hit.highlights[0]
    assert hit.snippet[s:e] == "Indo‐Pacific"
    hit2 = search(casebook, "Pyongyang's partners").hits[0]
    assert full[hit2.start : hit2.end] == "Pyongyang’s partners"


def test_names_quotes_notes_and_hangul_substrings(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    eid = entities.create_entity(
        casebook, "Organization", "Mansudae Art Studio", aliases=["만수대창작사"]
    ).subject_id
    entities.add_note(casebook, eid, "Ask about the mosaic contract in Dakar.")
    quotes.add_quote(casebook, source_id, text="Albatross paid the rent", note="lease proof")
    assert [h.entity_id for h in search(casebook, "창작사").hits] == [eid]
    assert [h.entity_id for h in search(casebook, "만수").hits] == [eid]
    assert {h.kind for h in search(casebook, "mosaic").hits} == {"note"}
    kinds = {h.kind for h in search(casebook, "rent").hits}
    assert kinds == {"quote", "passage"}
    assert {h.kind for h in search(casebook, "rent", kinds={"quote"}).hits} == {"quote"}
    assert search(casebook, "lease proof").hits[0].kind == "quote"


def test_entity_filter_and_index_follows_undo(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text()
    eid = entities.create_entity(casebook, "Company", "Albatross").subject_id
    quotes.add_quote(casebook, source_id, text="Albatross paid the rent", entity_ids=[eid])
    hits = search(casebook, "rent", entity_id=eid).hits
    assert {h.kind for h in hits} == {"quote", "passage"}
    change = entities.create_entity(casebook, "Vessel", "Morning Glory Zephyr")
    assert len(search(casebook, "zephyr").hits) == 1
    history.undo(casebook, change)
    assert search(casebook, "zephyr").hits == []
    history.redo(casebook, change)
    assert len(search(casebook, "zephyr").hits) == 1


def test_very_common_word_is_bounded(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    paragraphs = "\n\n".join(
        f"Paragraph {i} mentions the common word." for i in range(RANK_CAP + 200)
    )
    import_text(paragraphs, name="big.txt")
    results = search(casebook, "common", limit=25)
    assert results.truncated
    assert len(results.hits) == 25
    assert results.total_estimate == RANK_CAP


def test_empty_and_punctuation_queries(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    import_text()
    assert search(casebook, "   ").hits == []
    assert search(casebook, '"*"').hits == []
