"""The demo shows the chart and the timeline: the tanker's network with quotes on its links,
its renaming and dark period as events with evidence, and a saved chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nkcase.demo import texts
from nkcase.demo.builder import DEMO_CHART_NAME, build_demo
from nkcase.services import chart_data, charts, events
from nkcase.services.casefiles import list_entities
from nkcase.services.timeline import load_timeline
from nkcase.store import Casebook, open_casebook
from nkcase.timeline import TimelineFilter


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo-chart") / "demo.nkcase")


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Casebook]:
    with open_casebook(demo_path, readonly=True) as book:
        yield book


def ids(demo: Casebook) -> dict[str, str]:
    return {e.caption: e.id for e in list_entities(demo)}


def test_the_tankers_chart(demo: Casebook) -> None:
    found = ids(demo)
    graph = chart_data.neighbourhood_chart(demo, [found[texts.VESSEL]], hops=2)
    assert {n.caption for n in graph.nodes.values()} == {
        texts.VESSEL, texts.CRANE, texts.RI, texts.RUNGRA, texts.SONAMU}
    # the courier link rests only on the protected debrief: not at the default level
    assert sorted(e.role for e in graph.edges.values()) == [
        "director", "registered owner", "supplier", "supplier"]
    supported = [e for e in graph.edges.values() if e.grades]
    assert len(supported) == 3  # owner, director, the supplier seen by the team
    unsupported = [e for e in graph.edges.values() if not e.grades]
    assert [e.target for e in unsupported] == [found[texts.SONAMU]]  # a suspicion only


def test_the_saved_chart(demo: Casebook) -> None:
    record, state = charts.open_chart(demo, DEMO_CHART_NAME)
    assert record.entity_count == 5 and set(state.positions) == set(state.entity_ids)


def test_rename_and_dark_period_are_events_with_evidence(demo: Casebook) -> None:
    vessel = ids(demo)[texts.VESSEL]
    found = {e.summary: e for e in events.list_events(demo, entity_id=vessel)}
    renamed = found[f"Renamed {texts.VESSEL} (formerly {texts.VESSEL_OLD_NAME}), reflagged to Togo"]
    assert renamed.start == "2019-03" and len(renamed.evidence) == 2
    dark = found["Transponder off: nine days dark"]
    assert (dark.start, dark.end, dark.place) == ("2022-10-03", "2022-10-12", "Gulf of Tonkin")
    assert {r.grade for r in dark.evidence} == {"B2", "B3"}
    line = load_timeline(demo, TimelineFilter(entity_ids=frozenset({vessel})))
    kinds = [(i.kind, i.when) for i in line.items]
    assert ("event", "2019-03") in kinds and ("event", "2022-10-03 – 2022-10-12") in kinds
    assert ("relationship", "2018-06 –") in kinds


def test_a_year_only_event_stays_a_year(demo: Casebook) -> None:
    closed = next(e for e in events.list_events(demo) if e.summary.startswith(texts.SONAMU))
    assert closed.start == "2020" and closed.when == "2020"
