"""Events: add, edit, remove (undoable), evidence links, listing in date order."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.errors import NotFoundError, ValidationError
from nkcase.services import entities, events, history, quotes, sources
from nkcase.services.quote_records import quote_record

TEXT = (
    "Shipping notes.\n\n"
    "The tanker Sea Star was renamed Blue Dawn in 2019 after her sale.\n"
    "Her transponder was off from 3 to 12 October 2022.\n"
)


@pytest.fixture
def vessel(casebook) -> str:
    return str(entities.create_entity(casebook, "Vessel", "Sea Star").subject_id)


def test_add_event_with_a_span_and_list_it(casebook, vessel: str) -> None:
    change = events.add_event(
        casebook,
        date="3 October 2022",
        end="2022-10-12",
        summary="Transponder off",
        entity_ids=[vessel],
        place="Gulf of Tonkin",
    )
    [record] = events.list_events(casebook, entity_id=vessel)
    assert record.id == change.subject_id
    assert (record.start, record.end, record.when) == (
        "2022-10-03",
        "2022-10-12",
        "2022-10-03 – 2022-10-12",
    )
    assert record.place == "Gulf of Tonkin"
    assert [(p.caption, p.role) for p in record.entities] == [("Sea Star", "involved")]
    assert not record.supported


def test_events_sort_by_partial_date(casebook, vessel: str) -> None:
    for date, summary in (
        ("2019-03-02", "day"),
        ("2019", "year"),
        ("2019-03", "month"),
        ("2018-12-31", "before"),
    ):
        events.add_event(casebook, date=date, summary=summary, entity_ids=[vessel])
    assert [e.summary for e in events.list_events(casebook)] == ["before", "year", "month", "day"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date": "2022-10", "end": "2021", "summary": "x"}, r"ends \(2021\) before it starts"),
        ({"date": "03/04/2020", "summary": "x"}, "ambiguous"),
        ({"date": "2020", "summary": "   "}, "needs a summary"),
        ({"date": "2020", "summary": "x", "handling": "secret"}, "unknown handling level"),
    ],
)
def test_bad_events_are_refused(casebook, vessel: str, kwargs, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        events.add_event(casebook, entity_ids=[vessel], **kwargs)
    assert events.list_events(casebook) == []


def test_an_event_needs_an_entity(casebook) -> None:
    with pytest.raises(ValidationError, match="at least one entity"):
        events.add_event(casebook, date="2020", summary="x", entity_ids=[])
    with pytest.raises(NotFoundError):
        events.add_event(casebook, date="2020", summary="x", entity_ids=["nope"])


def test_a_span_ending_in_its_start_year_is_accepted(casebook, vessel: str) -> None:
    events.add_event(casebook, date="2019-06", end="2019", summary="x", entity_ids=[vessel])


def test_quotes_support_events_and_everything_undoes(casebook, vessel: str, tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text(TEXT, encoding="utf-8")
    _outcome, imported = sources.import_file(casebook, path)
    assert imported is not None
    source_id = str(imported.subject_id)
    added = events.add_event(
        casebook, date="2019", summary="Renamed Blue Dawn", entity_ids=[vessel]
    )
    event_id = str(added.subject_id)
    quoted = quotes.add_quote(
        casebook,
        source_id,
        text="was renamed Blue Dawn in 2019",
        event_ids=[event_id],
        credibility=2,
    )
    [record] = events.list_events(casebook)
    assert [r.text for r in record.evidence] == ["was renamed Blue Dawn in 2019"]
    assert record.evidence[0].grade == "X2"
    linked = quote_record(casebook, str(quoted.subject_id)).linked
    assert [(item.kind, item.caption) for item in linked] == [
        ("event", "event 2019: Renamed Blue Dawn")
    ]

    edited = events.edit_event(casebook, event_id, end="2020", summary="Renamed", place="Panama")
    assert events.event_record(casebook, event_id[:8]).when == "2019 – 2020"
    history.undo(casebook, edited)
    assert events.event_record(casebook, event_id).summary == "Renamed Blue Dawn"

    removed = events.remove_event(casebook, event_id)
    assert events.list_events(casebook) == []
    assert quote_record(casebook, str(quoted.subject_id)).linked == []
    history.undo(casebook, removed)
    [back] = events.list_events(casebook)
    assert back.summary == "Renamed Blue Dawn" and len(back.evidence) == 1


def test_edit_adds_and_removes_entities(casebook, vessel: str) -> None:
    owner = str(entities.create_entity(casebook, "Company", "Albatross").subject_id)
    event_id = str(
        events.add_event(casebook, date="2020", summary="Sold", entity_ids=[vessel]).subject_id
    )
    events.edit_event(casebook, event_id, add_entities=[owner], role="organizer")
    parties = events.event_record(casebook, event_id).entities
    assert [(p.caption, p.role) for p in parties] == [
        ("Sea Star", "involved"),
        ("Albatross", "organizer"),
    ]
    events.edit_event(casebook, event_id, remove_entities=[vessel])
    assert [p.caption for p in events.event_record(casebook, event_id).entities] == ["Albatross"]
    with pytest.raises(ValidationError, match="at least one entity"):
        events.edit_event(casebook, event_id, remove_entities=[owner])


def test_deleting_an_entity_takes_it_out_of_its_events(casebook, vessel: str) -> None:
    other = str(entities.create_entity(casebook, "Company", "Albatross").subject_id)
    events.add_event(casebook, date="2020", summary="Sold", entity_ids=[vessel, other])
    deleted = entities.delete_entity(casebook, other)
    [record] = events.list_events(casebook)
    assert [p.caption for p in record.entities] == ["Sea Star"]
    history.undo(casebook, deleted)
    [record] = events.list_events(casebook)
    assert [p.caption for p in record.entities] == ["Sea Star", "Albatross"]
