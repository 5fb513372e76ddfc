"""The chart's graph queries in the core: neighbourhoods, filters by grade and date, grades."""

from __future__ import annotations

import pytest

from nkcase.errors import ValidationError
from nkcase.graph import ChartEdge, ChartFilter, ChartGraph, ChartNode, filtered, neighbourhood
from nkcase.graph.grades import clean_minimum, grade_tier, meets_minimum, strongest, weakest


def edge(eid: str, a: str, b: str, *grades: str, schema: str = "UnknownLink", **kw) -> ChartEdge:
    return ChartEdge(eid, schema, schema, a, b, grades=grades, **kw)


@pytest.fixture
def graph() -> ChartGraph:
    """a — b — c — d — e, and b — x (weakly supported), and f alone."""
    nodes = [ChartNode(n, "Person" if n != "x" else "Vessel", n.upper()) for n in "abcdefx"]
    edges = [
        edge("ab", "a", "b", "A1"),
        edge("bc", "b", "c", "B2", "E5"),
        edge("cd", "c", "d", "C3", start="2015", end="2016"),
        edge("de", "d", "e"),
        edge("bx", "b", "x", "D4"),
    ]
    return ChartGraph.of(nodes, edges)


def test_neighbourhood_grows_one_hop_at_a_time(graph: ChartGraph) -> None:
    assert neighbourhood(graph, ["a"], 0) == {"a"}
    assert neighbourhood(graph, ["a"], 1) == {"a", "b"}
    assert neighbourhood(graph, ["a"], 2) == {"a", "b", "c", "x"}
    assert neighbourhood(graph, ["a"], 9) == {"a", "b", "c", "d", "e", "x"}
    assert neighbourhood(graph, ["a", "f"], 1) == {"a", "b", "f"}
    assert neighbourhood(graph, ["nobody"], 3) == set()
    with pytest.raises(ValueError):
        neighbourhood(graph, ["a"], -1)


def test_a_minimum_grade_cuts_weak_links_and_what_lies_behind(graph: ChartGraph) -> None:
    strict = ChartFilter(min_grade="C3")
    assert neighbourhood(graph, ["a"], 9, strict) == {"a", "b", "c", "d"}  # bx D4, de none
    assert neighbourhood(graph, ["a"], 9, ChartFilter(min_grade="B2")) == {"a", "b", "c"}
    assert set(filtered(graph, strict).edges) == {"ab", "bc", "cd"}


def test_schema_and_date_filters(graph: ChartGraph) -> None:
    people = ChartFilter(schemata=frozenset({"Person"}))
    assert "x" not in filtered(graph, people).nodes
    assert "bx" not in filtered(graph, people).edges
    later = ChartFilter(date_from="2017")
    assert "cd" not in filtered(graph, later).edges  # ended 2016
    assert "ab" in filtered(graph, later).edges  # undated: may still hold
    assert "cd" in filtered(graph, ChartFilter(date_from="2016-12", date_to="2020")).edges
    assert neighbourhood(graph, ["a"], 9, ChartFilter(date_to="2014")) == {"a", "b", "c", "x"}


def test_grades_order_and_tiers() -> None:
    assert strongest(["C3", "A2", "B1"]) == "A2"  # ties go to the more reliable source
    assert strongest(["A4", "C1", "B2"]) == "B2"  # the worse half decides first
    assert weakest(["C3", "A2", "XX", "B1"]) == "XX"
    assert [grade_tier(g) for g in ("A1", "B2", "C1", "D4", "E2", "F1", "B6", "XX", None)] == [
        "strong", "strong", "fair", "weak", "weak", "doubtful", "doubtful", "doubtful",
        "unsupported",
    ]
    assert meets_minimum("B2", "C3") and not meets_minimum("B4", "C3")
    assert not meets_minimum("X2", "F6") and not meets_minimum(None, "F6")
    assert meets_minimum(None, None)


def test_edge_style_by_strongest_or_weakest(graph: ChartGraph) -> None:
    bc = graph.edges["bc"]
    assert (bc.strongest, bc.weakest) == ("B2", "E5")
    assert bc.tier("strongest") == "strong" and bc.tier("weakest") == "weak"
    assert graph.edges["de"].tier() == "unsupported"


@pytest.mark.parametrize(
    ("raw", "clean"), [("c3", "C3"), (" B ", "B6"), ("2", "F2"), ("", None), (None, None)]
)
def test_minimum_grades_as_typed(raw, clean) -> None:
    assert clean_minimum(raw) == clean


@pytest.mark.parametrize("raw", ["G1", "C7", "3C", "CC"])
def test_bad_minimum_grades(raw) -> None:
    with pytest.raises(ValidationError):
        clean_minimum(raw)


def test_edge_captions_show_role_and_dates() -> None:
    owner = edge("o", "a", "b", schema="Ownership", role="registered owner", start="2018-06")
    assert owner.caption == "registered owner · 2018-06 –"
    assert edge("f", "a", "b", schema="Family").directed is False
    assert owner.directed is True
