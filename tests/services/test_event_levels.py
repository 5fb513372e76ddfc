"""Events under the one visibility rule: levelled by their evidence and their entities,
released like any item, counted as withheld, absent from lower-level timelines and dossiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.services import events, quotes, releases
from nkcase.services.dossier_data import gather_dossier
from nkcase.services.levels import load_levels
from nkcase.services.timeline import load_timeline
from nkcase.timeline import TimelineFilter
from tests.services.network import Network, build_network


@pytest.fixture
def net(casebook, tmp_path: Path) -> Network:
    network = build_network(casebook, tmp_path / "docs")
    # an event known only from the debrief
    network.ids["handover"] = str(events.add_event(
        casebook, date="2021-02", summary="Cash handed over", entity_ids=[network["ra"]]
    ).subject_id)
    quotes.add_quote(casebook, network["secret"],
                     text="Ra Kyong-su collects the cash of the Okryu restaurant.",
                     event_ids=[network["handover"]], credibility=3)
    return network


def ids_at(casebook, net: Network, level: str) -> set[str]:
    line = load_timeline(casebook, TimelineFilter(entity_ids=frozenset({net["ra"]}), level=level))
    return {i.id for i in line.items}


def test_an_event_learned_from_a_protected_source_is_protected(casebook, net) -> None:
    with casebook.reading() as session:
        levels = load_levels(session, [net["ra"]])
    assert levels.level(net["handover"]).level == "protected"
    assert levels.record(net["handover"]).explanation.startswith("protected — derives from")
    assert net["handover"] in ids_at(casebook, net, "protected")
    assert net["handover"] not in ids_at(casebook, net, "internal")


def test_a_release_shows_it_at_a_lower_level(casebook, net) -> None:
    releases.release(casebook, net["handover"], "internal", "confirmed by the bank records")
    assert net["handover"] in ids_at(casebook, net, "internal")
    assert net["handover"] not in ids_at(casebook, net, "public")
    releases.set_level(casebook, net["renamed"], "protected")  # a person marks it
    tanker = TimelineFilter(entity_ids=frozenset({net["tanker"]}), level="internal")
    assert net["renamed"] not in {i.id for i in load_timeline(casebook, tanker).items}


def test_an_event_involving_a_withheld_entity_is_withheld(casebook, net) -> None:
    both = events.add_event(casebook, date="2022", summary="Met in Bangkok",
                            entity_ids=[net["ra"], net["ghost"]]).subject_id
    assert both in ids_at(casebook, net, "protected")
    assert both not in ids_at(casebook, net, "internal")  # Pak Ghost is known only from it


def test_dossiers_count_withheld_events(casebook, net) -> None:
    doc = gather_dossier(casebook, [net["ra"]], "internal", with_page_images=False)
    assert doc.withheld.events == 1
    [entity] = doc.entities
    assert all("Cash handed over" not in line.what for line in entity.chronology)
    protected = gather_dossier(casebook, [net["ra"]], "protected", with_page_images=False)
    assert any("Cash handed over" in line.what for line in protected.entities[0].chronology)
