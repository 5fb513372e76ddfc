"""Revision 0006 (events and saved charts): older casebooks upgrade, the 0006 fixture keeps all."""

from __future__ import annotations

import shutil
from pathlib import Path

from nkcase.services import charts, events
from nkcase.services.casefiles import list_entities
from nkcase.services.check import check_casebook
from nkcase.store import open_casebook

DATA = Path(__file__).resolve().parent.parent / "data"


def test_a_revision_0005_casebook_upgrades_and_takes_events(tmp_path: Path) -> None:
    path = tmp_path / "old.nkcase"
    shutil.copy(DATA / "casebook-rev0005.nkcase", path)
    with open_casebook(path) as casebook:
        assert casebook.upgraded is not None and casebook.upgraded.from_revision == "0005"
        assert events.list_events(casebook) == [] and charts.list_charts(casebook) == []
        vessel = next(e.id for e in list_entities(casebook) if e.caption == "Sea Star")
        events.add_event(casebook, date="2021-05", summary="Sold", entity_ids=[vessel])
        assert [e.summary for e in events.list_events(casebook)] == ["Sold"]
        assert check_casebook(casebook) == []


def test_the_revision_0006_fixture_keeps_its_event_and_chart(tmp_path: Path) -> None:
    path = tmp_path / "rev6.nkcase"
    shutil.copy(DATA / "casebook-rev0006.nkcase", path)
    with open_casebook(path) as casebook:
        [event] = events.list_events(casebook)
        assert (event.start, event.summary) == ("2019", "Renamed Sea Star")
        assert {p.caption for p in event.entities} == {"Sea Star", "Albatross Trading"}
        record, state = charts.open_chart(casebook, "Albatross network")
        assert record.entity_count == 2 and len(state.entity_ids) == 2
