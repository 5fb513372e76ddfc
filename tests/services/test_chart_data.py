"""Charts loaded from a casebook: walks by SQL agree with the core, levels withhold, grades
filter, saved charts round-trip and undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.errors import NotFoundError, ValidationError
from nkcase.graph import ChartFilter, neighbourhood
from nkcase.graph.state import ChartState
from nkcase.services import chart_data, charts, history
from nkcase.services.designations import register_provider, unregister_provider
from tests.services.network import Network, build_network


@pytest.fixture
def net(casebook, tmp_path: Path) -> Network:
    return build_network(casebook, tmp_path / "docs")


def captions(graph) -> set[str]:
    return {n.caption for n in graph.nodes.values()}


def test_the_tankers_neighbourhood_hop_by_hop(casebook, net: Network) -> None:
    one = chart_data.neighbourhood_chart(casebook, [net["tanker"]], hops=1)
    assert captions(one) == {"Sea Star", "Albatross Trading"}
    two = chart_data.neighbourhood_chart(casebook, [net["tanker"]], hops=2)
    assert captions(two) == {"Sea Star", "Albatross Trading", "Ra Kyong-su", "Okryu Restaurant"}
    owns = two.edges[net["owns"]]
    assert (owns.role, owns.start, owns.grades, owns.source) == ("owner", "2018", ("B2",),
                                                                 net["crane"])
    # the cash link rests only on the protected debrief: not at the default (internal) level
    assert net["collects"] not in two.edges
    assert two.nodes[net["crane"]].more == 0 and two.nodes[net["tanker"]].more == 0


def test_a_protected_level_shows_what_the_debrief_says(casebook, net: Network) -> None:
    protected = ChartFilter(level="protected")
    graph = chart_data.neighbourhood_chart(casebook, [net["tanker"]], hops=3,
                                           chart_filter=protected)
    assert "Pak Ghost" in captions(graph)
    assert graph.edges[net["collects"]].grades == ("C3",)
    internal = chart_data.neighbourhood_chart(casebook, [net["tanker"]], hops=6)
    assert "Pak Ghost" not in captions(internal)  # known only from the debrief
    with pytest.raises(ValidationError):
        chart_data.neighbourhood_chart(casebook, [net["tanker"]], hops=7)


def test_sql_walk_agrees_with_the_core_on_the_whole_graph(casebook, net: Network) -> None:
    for chart_filter in (ChartFilter(), ChartFilter(level="protected"),
                         ChartFilter(level="protected", min_grade="C3"),
                         ChartFilter(schemata=frozenset({"Vessel", "Company", "Person"})),
                         ChartFilter(date_to="2017")):
        whole = chart_data.whole_chart(casebook, chart_filter)
        for seed in ("tanker", "ra", "okryu", "loner"):
            for hops in range(4):
                by_sql = chart_data.neighbourhood_chart(
                    casebook, [net[seed]], hops=hops, chart_filter=chart_filter
                )
                assert set(by_sql.nodes) == neighbourhood(whole, [net[seed]], hops), (
                    chart_filter, seed, hops)


def test_a_minimum_grade_drops_the_hearsay_supplier_link(casebook, net: Network) -> None:
    strict = ChartFilter(min_grade="C3")
    graph = chart_data.neighbourhood_chart(casebook, [net["crane"]], hops=1, chart_filter=strict)
    assert captions(graph) == {"Albatross Trading", "Sea Star", "Ra Kyong-su"}


def test_public_level_and_the_expand_hint(casebook, net: Network) -> None:
    graph = chart_data.chart_of(casebook, [net["ra"], net["crane"]],
                                ChartFilter(level="protected"))
    assert graph.nodes[net["ra"]].more == 2  # okryu (cash) and the partner, off the chart
    assert graph.nodes[net["crane"]].more == 2  # tanker and okryu
    public = chart_data.whole_chart(casebook, ChartFilter(level="public"))
    assert net["collects"] not in public.edges and net["ghost"] not in public.nodes
    assert set(public.edges) == {net["owns"], net["directs"], net["supplies"]}


def test_expand_adds_the_neighbours_of_one_node(casebook, net: Network) -> None:
    graph = chart_data.expand(casebook, [net["tanker"]], [net["tanker"]])
    assert captions(graph) == {"Sea Star", "Albatross Trading"}
    graph = chart_data.expand(casebook, list(graph.nodes), [net["crane"]])
    assert captions(graph) == {"Sea Star", "Albatross Trading", "Ra Kyong-su", "Okryu Restaurant"}


def test_designation_marks_come_from_providers(casebook, net: Network) -> None:
    def provider(_session, ids):
        return {net["ra"]: "UN KPi.999"} if net["ra"] in ids else {}

    register_provider(provider)
    try:
        graph = chart_data.neighbourhood_chart(casebook, [net["crane"]], hops=1)
        assert graph.nodes[net["ra"]].designation == "UN KPi.999"
        assert graph.nodes[net["crane"]].designation is None
    finally:
        unregister_provider(provider)


def test_saved_charts(casebook, net: Network) -> None:
    state = ChartState(entity_ids=[net["tanker"], net["crane"]],
                       positions={net["tanker"]: (10.0, 20.0)}, pinned={net["tanker"]})
    charts.save_chart(casebook, "  Tanker   network ", state)
    [record] = charts.list_charts(casebook)
    assert (record.name, record.entity_count) == ("Tanker network", 2)
    _record, back = charts.open_chart(casebook, "tanker network")
    assert back.positions == {net["tanker"]: (10.0, 20.0)} and back.pinned == {net["tanker"]}
    state.positions[net["tanker"]] = (30.0, 40.0)
    updated = charts.save_chart(casebook, "Tanker network", state)
    assert charts.open_chart(casebook, "Tanker network")[1].positions[net["tanker"]] == (30, 40)
    history.undo(casebook, updated)
    assert charts.open_chart(casebook, "Tanker network")[1].positions[net["tanker"]] == (10, 20)
    charts.rename_chart(casebook, "Tanker network", "Blue Lantern")
    charts.delete_chart(casebook, "Blue Lantern")
    assert charts.list_charts(casebook) == []
    with pytest.raises(NotFoundError):
        charts.open_chart(casebook, "Blue Lantern")
    with pytest.raises(ValidationError):
        charts.save_chart(casebook, "   ", state)


def test_confirmed_screening_designations_mark_nodes(casebook, net: Network) -> None:
    from nkcase.services import entities, relationships
    from nkcase.services.lists import import_list
    from nkcase.services.screening import review_candidate, screen
    from tests.conftest import REPO_ROOT

    listed = str(entities.create_entity(casebook, "Person", "Lee Won-ho").subject_id)
    relationships.relate(casebook, "Directorship", listed, net["crane"], role="director")
    excerpt = REPO_ROOT / "tests" / "data" / "lists" / "un" / "consolidated-2026-01-28-excerpt.xml"
    import_list(casebook, excerpt)
    [candidate] = screen(casebook, entity_ids=[listed]).subjects[0].candidates
    review_candidate(casebook, candidate.id, "confirm")
    graph = chart_data.neighbourhood_chart(casebook, [net["crane"]], hops=1)
    assert graph.nodes[listed].designation and "UN" in graph.nodes[listed].designation
    assert graph.nodes[net["crane"]].designation is None


def test_a_chart_loads_the_visibility_rule_once_per_hop(casebook, net: Network,
                                                       monkeypatch) -> None:
    """Opening a chart of one hop loads the rule once (it loaded it for the seeds, for the
    hop and again for the chart); what is drawn is what a chart loaded on its own shows."""
    loads: list[int] = []
    real = chart_data.level_view

    def counted(session, level, *, entity_ids):
        loads.append(1)
        return real(session, level, entity_ids=entity_ids)

    monkeypatch.setattr(chart_data, "level_view", counted)
    for chart_filter in (ChartFilter(), ChartFilter(level="protected"),
                         ChartFilter(level="public"), ChartFilter(min_grade="C3")):
        for seed in ("tanker", "ra", "okryu", "loner"):
            for hops in range(4):
                loads.clear()
                graph = chart_data.neighbourhood_chart(casebook, [net[seed]], hops=hops,
                                                       chart_filter=chart_filter)
                assert len(loads) <= max(1, hops), (seed, hops)
                alone = chart_data.chart_of(casebook, list(graph.nodes), chart_filter)
                assert graph == alone, (chart_filter, seed, hops)
    loads.clear()
    first = chart_data.neighbourhood_chart(casebook, [net["tanker"]], hops=1)
    assert len(loads) == 1
    loads.clear()
    grown = chart_data.expand(casebook, list(first.nodes), [net["crane"]])
    assert len(loads) == 1
    assert grown == chart_data.chart_of(casebook, list(grown.nodes))
