"""Reverting and re-applying repairs, and re-extracting: undoable, quotes keep their anchors."""

from __future__ import annotations

import json

import pytest

from nkcase.errors import NotFoundError, ValidationError
from nkcase.ingest.types import ExtractedDocument, RepairEntry
from nkcase.model import TextVersion
from nkcase.services import entities, history, quote_records, quotes, reanchor, repairs
from nkcase.services.source_records import current_version, source_text
from nkcase.store import Casebook

# Our own note, copied out of a PDF whose font lost its ti/tt/ft ligatures.
DAMAGED_NOTE = (
    "Field note. The Na onal Commi ee reported new sanc ons on the firm. A er the mee ng, "
    "the inves ga on of the ship's rela ons con nued.\n\n"
    "Ri Won Ho signed for the company; the es mated cost was se led in cash.\n"
)


def _quote(casebook: Casebook, source_id: str, text: str) -> str:
    change = quotes.add_quote(casebook, source_id, text=text)
    assert change.subject_id is not None
    return change.subject_id


def _offset_of(casebook: Casebook, source_id: str, after: str) -> int:
    return next(r.start for r in repairs.repair_records(casebook, source_id) if r.after == after)


def test_the_note_is_repaired_and_logged_with_context(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(DAMAGED_NOTE)
    text = source_text(casebook, source_id).text
    assert "National Committee reported new sanctions" in text
    assert "Ri Won Ho" in text  # a name, never extended
    records = repairs.repair_records(casebook, source_id)
    national = next(r for r in records if r.after == "National")
    assert (national.before, national.kind, national.reverted) == ("Na onal", "ligature", False)
    assert national.context_before.endswith("Field note. The ")
    assert national.context_after.startswith(" Committee reported")
    assert text[national.start : national.end] == "National"


def test_revert_keeps_quotes_anchored_and_undo_restores(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(DAMAGED_NOTE)
    on_repair = _quote(casebook, source_id, "National Committee reported new sanctions")
    elsewhere = _quote(casebook, source_id, "Ri Won Ho signed for the company")
    text = source_text(casebook, source_id).text
    inside = text.index("tional Committee")  # starts inside a repaired word
    cut = quotes.add_quote(casebook, source_id, start=inside, end=inside + 16).subject_id
    offset = _offset_of(casebook, source_id, "National")

    report = repairs.revert_repairs(casebook, source_id, offsets=[offset])
    assert report.new_version == 2 and report.change is not None
    assert set(report.moved) == {on_repair, elsewhere} and report.review == [cut]
    new_text = source_text(casebook, source_id).text
    assert "Na onal Committee reported" in new_text
    moved = quote_records.quote_record(casebook, on_repair)
    assert moved.status == "anchored"
    assert moved.exact == "Na onal Committee reported new sanctions"
    assert new_text[moved.start : moved.end] == moved.exact
    still = quote_records.quote_record(casebook, elsewhere)
    assert new_text[still.start : still.end] == still.exact == "Ri Won Ho signed for the company"
    reverted = next(r for r in repairs.repair_records(casebook, source_id) if r.before == "Na onal")
    assert reverted.reverted and reverted.shown == "Na onal"

    history.undo(casebook, report.change)
    assert source_text(casebook, source_id).text == text
    back = quote_records.quote_record(casebook, on_repair)
    assert back.exact == "National Committee reported new sanctions"
    assert back.status == "anchored"
    assert quote_records.quote_record(casebook, cut).status == "anchored"

    history.redo(casebook, report.change)
    assert source_text(casebook, source_id).text == new_text


def test_reapply_brings_the_repaired_text_back(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(DAMAGED_NOTE)
    quote_id = _quote(casebook, source_id, "National Committee reported new sanctions")
    repaired = source_text(casebook, source_id).text
    repairs.revert_repairs(casebook, source_id, everything=True)
    assert source_text(casebook, source_id).text == DAMAGED_NOTE
    assert quote_records.quote_record(casebook, quote_id).exact == (
        "Na onal Commi ee reported new sanc ons"
    )
    assert all(r.reverted for r in repairs.repair_records(casebook, source_id))
    again = repairs.revert_repairs(casebook, source_id, everything=True)
    assert again.unchanged  # nothing left to revert

    report = repairs.reapply_repairs(casebook, source_id, kind="ligature")
    assert report.new_version == 3
    assert source_text(casebook, source_id).text == repaired
    record = quote_records.quote_record(casebook, quote_id)
    assert record.status == "anchored"
    assert record.exact == "National Committee reported new sanctions"


def test_revert_needs_a_known_offset_or_kind(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(DAMAGED_NOTE)
    with pytest.raises(NotFoundError, match="no repair at offset 3"):
        repairs.revert_repairs(casebook, source_id, offsets=[3])
    with pytest.raises(ValidationError, match="say which repairs"):
        repairs.revert_repairs(casebook, source_id)
    with pytest.raises(ValidationError, match="unknown repair kind"):
        repairs.revert_repairs(casebook, source_id, kind="spelling")


def test_reextract_keeps_what_a_person_reverted(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(DAMAGED_NOTE)
    repairs.revert_repairs(
        casebook, source_id, offsets=[_offset_of(casebook, source_id, "Committee")]
    )
    before = source_text(casebook, source_id).text
    report = reanchor.reextract_source(casebook, source_id)
    assert report.unchanged  # the same repairs, the same revert: the same text
    assert source_text(casebook, source_id).text == before


def test_reextract_cleans_a_casebook_made_with_the_old_rules(
    casebook: Casebook, import_text
) -> None:  # type: ignore[no-untyped-def]
    note = "Ri Won Ho and Ko Chol Man met Pak Un Il. Le Van Thanh signed for Ri Song Chol.\n"
    source_id = import_text(note)
    # What the old rules froze: "Rift Won Ho", "Kofi Chol Man", "Left Van Thanh".
    old = note.replace("Ri Won", "Rift Won").replace("Ko Chol", "Kofi Chol")
    old = old.replace("Le Van", "Left Van")
    old_repairs = [
        RepairEntry("ligature", old.index("Rift"), old.index("Rift") + 4, "Ri", "Rift"),
        RepairEntry("ligature", old.index("Kofi"), old.index("Kofi") + 4, "Ko", "Kofi"),
        RepairEntry("ligature", old.index("Left"), old.index("Left") + 4, "Le", "Left"),
    ]
    reanchor.reanchor_to(
        casebook,
        source_id,
        ExtractedDocument(old, "text", "text/plain", "text", "1", repairs=old_repairs),
    )
    wrong = _quote(casebook, source_id, "Rift Won Ho and Kofi Chol Man met Pak Un Il")
    right = _quote(casebook, source_id, "signed for Ri Song Chol")

    report = reanchor.reextract_source(casebook, source_id)
    assert report.new_version == 3
    assert source_text(casebook, source_id).text == note
    assert repairs.repair_records(casebook, source_id) == []
    assert right in report.exact + report.moved
    assert wrong in report.review  # its text changed: a person decides, never silently
    assert quote_records.quote_record(casebook, wrong).status == "review"


def test_reread_as_another_encoding_is_kept_by_later_reextractions(
    casebook: Casebook, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from nkcase.services import sources

    text = "Prokuratura wszczęła śledztwo; pieniądze trafiały do spółki w Gdańsku.\n"
    path = tmp_path / "notatka.txt"
    path.write_bytes(text.encode("iso8859_2"))
    outcome, _ = sources.import_file(casebook, path)
    assert outcome.source_id is not None
    source_id = outcome.source_id
    first = source_text(casebook, source_id).text

    report = reanchor.reextract_source(casebook, source_id, encoding="iso-8859-2")
    assert source_text(casebook, source_id).text == text
    assert report.change is not None and "Re-read notatka as ISO-8859-2" in report.change.summary
    provenance = repairs.text_provenance(casebook, source_id)
    assert (provenance.encoding, provenance.encoding_how) == ("iso8859-2", "chosen")
    assert reanchor.reextract_source(casebook, source_id).unchanged
    if first != text:  # the detection had read it otherwise
        history.undo(casebook, report.change)
        assert source_text(casebook, source_id).text == first


def test_entity_names_are_protected(casebook: Casebook) -> None:
    entities.create_entity(casebook, "Person", "Ri Song Chol", aliases=["Ri Song-chol"])
    entities.create_entity(casebook, "Company", "Thri Trading Co")
    assert {"ri", "song", "chol", "thri", "trading", "co"} <= repairs.protected_names(casebook)


def test_reverted_flags_are_stored_in_the_log(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    source_id = import_text(DAMAGED_NOTE)
    repairs.revert_repairs(casebook, source_id, offsets=[_offset_of(casebook, source_id, "After")])
    with casebook.reading() as session:
        version: TextVersion = current_version(session, source_id)
        stored = json.loads(version.repairs)
    flagged = [entry for entry in stored if len(entry) == 6]
    assert flagged == [["ligature", flagged[0][1], flagged[0][2], "A er", "After", True]]


def test_import_never_extends_an_entity_name(casebook: Casebook, import_text) -> None:  # type: ignore[no-untyped-def]
    # "Thri" would read as "Thrift" in a note that loses "ft" ("A er", "Swi ly", "le ").
    note = DAMAGED_NOTE + "A er the meeting, the Thri agency moved swi ly and a er lunch it le .\n"
    plain = source_text(casebook, import_text(note, name="before.txt")).text
    assert "Thrift agency" in plain
    entities.create_entity(casebook, "Company", "Thri Agency")
    guarded = source_text(casebook, import_text(note + " ", name="after.txt")).text
    assert "the Thri agency" in guarded and "After the meeting" in guarded
