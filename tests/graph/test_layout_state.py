"""Layouts are deterministic for a seed and keep pinned nodes; chart state round-trips."""

from __future__ import annotations

import math
import random

from nkcase.graph import ChartEdge, ChartFilter, ChartGraph, ChartNode
from nkcase.graph.layout import EDGE_LENGTH, layout_chart, layout_force
from nkcase.graph.state import ChartState


def random_graph(n: int, m: int, seed: int = 3) -> ChartGraph:
    rng = random.Random(seed)
    nodes = [ChartNode(f"n{i:04d}", "Company", f"Company {i}") for i in range(n)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    edges = [
        ChartEdge(f"e{a}-{b}", "Ownership", "Ownership", f"n{a:04d}", f"n{b:04d}")
        for a, b in sorted(pairs)
    ]
    return ChartGraph.of(nodes, edges)


def test_same_seed_same_layout_other_seed_other_layout() -> None:
    graph = random_graph(60, 90)
    first = layout_chart(graph, seed=5)
    assert layout_chart(graph, seed=5) == first
    assert layout_chart(graph, seed=6) != first
    assert set(first) == set(graph.nodes)


def test_hierarchy_puts_owners_above_what_they_own() -> None:
    nodes = [ChartNode(i, "Company", i) for i in ("parent", "child", "grandchild", "boss")]
    edges = [
        ChartEdge("o1", "Ownership", "Ownership", "parent", "child"),
        ChartEdge("o2", "Ownership", "Ownership", "child", "grandchild"),
        ChartEdge("e1", "Employment", "Employment", "boss", "parent"),  # boss is employed
    ]
    pos = layout_chart(ChartGraph.of(nodes, edges), method="hierarchy")
    assert pos["parent"][1] < pos["child"][1] < pos["grandchild"][1]
    assert pos["parent"][1] < pos["boss"][1]  # the employer is above its employee


def test_pinned_nodes_stay_and_new_ones_land_nearby() -> None:
    graph = random_graph(12, 16)
    fixed = {"n0000": (1000.0, -500.0), "n0001": (1300.0, -500.0)}
    pos = layout_chart(graph, seed=2, fixed=fixed)
    assert pos["n0000"] == fixed["n0000"] and pos["n0001"] == fixed["n0001"]
    centre = (1150.0, -500.0)
    assert all(math.dist(p, centre) < 12 * EDGE_LENGTH for p in pos.values())


def test_components_do_not_overlap() -> None:
    ids = ["a", "b", "c", "d", "lonely"]
    pos = layout_force(ids, [("a", "b"), ("c", "d")], seed=1)
    assert len({(round(x), round(y)) for x, y in pos.values()}) == 5
    assert math.dist(pos["a"], pos["b"]) == pytest_approx(EDGE_LENGTH)


def pytest_approx(value: float):
    import pytest

    return pytest.approx(value, rel=0.01)


def test_state_round_trips_and_survives_damage() -> None:
    state = ChartState(
        entity_ids=["a", "b", "a"],
        positions={"a": (1.234, 5.0), "b": (-3.0, 4.0), "gone": (0.0, 0.0)},
        pinned={"a", "gone"},
        chart_filter=ChartFilter(frozenset({"Person"}), "2017", "2019-06", "C3", "public"),
        layout="hierarchy",
        grade_by="weakest",
        seed=9,
    )
    text = state.to_json()
    back = ChartState.from_json(text)
    assert back.entity_ids == ["a", "b"]
    assert back.positions == {"a": (1.23, 5.0), "b": (-3.0, 4.0)}
    assert back.pinned == {"a"}
    assert back.chart_filter == state.chart_filter
    assert (back.layout, back.grade_by, back.seed) == ("hierarchy", "weakest", 9)
    assert back.to_json() == text

    damaged = ChartState.from_json(
        '{"entities": ["a", 3], "positions": {"a": ["x", 1], "b": [1, 2]},'
        ' "filter": {"min_grade": "Z9", "date_from": "13/13/2020", "level": "top"},'
        ' "layout": "spiral", "seed": "x"}'
    )
    assert damaged.entity_ids == ["a"] and damaged.positions == {"b": (1.0, 2.0)}
    assert damaged.chart_filter == ChartFilter()
    assert (damaged.layout, damaged.seed) == ("force", 1)
    assert ChartState.from_json("not json").entity_ids == []


def test_big_hierarchy_is_the_same_every_time_and_layered() -> None:
    """A chart big enough for fewer crossing-reduction sweeps (``sweeps_for``) is still laid
    out the same every time, every node on a layer, owners above what they own where the
    ownership has no cycle."""
    nodes = [ChartNode(f"n{i:04d}", "Company", f"Company {i}") for i in range(700)]
    rng = random.Random(4)
    edges = [ChartEdge(f"o{i}", "Ownership", "Ownership", f"n{rng.randrange(i):04d}",
                       f"n{i:04d}") for i in range(1, 700)]
    graph = ChartGraph.of(nodes, edges)
    first = layout_chart(graph, method="hierarchy")
    assert layout_chart(graph, method="hierarchy") == first
    assert set(first) == set(graph.nodes)
    assert all(first[e.source][1] < first[e.target][1] for e in edges)
    layers = {round(y, 6) for _x, y in first.values()}
    assert len(layers) < 700  # nodes share layers (a tree of 700 is not 700 deep)
