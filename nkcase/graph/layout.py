"""Automatic layouts of a chart with igraph: force-directed and layered (ownership, control).

igraph's Fruchterman–Reingold (C, O(n²) per iteration; a grid above 1,000 nodes) and its
Sugiyama layered layout do the work; this module only prepares their input and places the
result: each connected component is laid out on its own and the components are packed in rows,
largest first, so isolated entities do not drift to the edge of the world. Positions are in
scene units: an edge is about :data:`EDGE_LENGTH` long.

``fixed`` positions (pinned by hand, or everything already on the chart when one entity is
expanded) are kept exactly; the other nodes are placed around them. A given ``seed`` always
gives the same layout: igraph draws its random numbers from a generator we seed, under a lock
(igraph's generator is global to the process).
"""

from __future__ import annotations

import math
import random
import statistics
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from nkcase.graph.model import ChartEdge, ChartGraph
from nkcase.graph.state import LayoutName

Point = tuple[float, float]
EDGE_LENGTH = 180.0
"""Typical length of an edge, in scene units (pixels at 100 %)."""
LAYER_GAP = 140.0
"""Vertical distance between the layers of a hierarchy."""
COLUMN_GAP = 190.0
"""Horizontal distance between neighbours in a layer of a hierarchy."""
COMPONENT_GAP = 1.2 * EDGE_LENGTH

#: Relationship schemata whose object is the controlling end (the employer, the organization
#: a member belongs to, the client): the hierarchy draws it above the subject.
OBJECT_ABOVE = frozenset({"Employment", "Membership", "Representation"})

_IGRAPH_LOCK = threading.Lock()


def layout_chart(
    graph: ChartGraph,
    *,
    method: LayoutName = "force",
    seed: int = 1,
    fixed: Mapping[str, Point] | None = None,
) -> dict[str, Point]:
    """Positions for every node of ``graph`` (see the module docstring)."""
    node_ids = sorted(graph.nodes)
    edges = [_control(e) for e in sorted(graph.edges.values(), key=lambda e: e.id)]
    if method == "hierarchy":
        return layout_layers(node_ids, edges, fixed=fixed)
    return layout_force(node_ids, edges, seed=seed, fixed=fixed)


def _control(edge: ChartEdge) -> tuple[str, str]:
    """The edge as (upper, lower) for a hierarchy."""
    if edge.schema in OBJECT_ABOVE:
        return edge.target, edge.source
    return edge.source, edge.target


def iterations_for(node_count: int) -> int:
    """Fruchterman–Reingold iterations: igraph's 500 for small charts, fewer for big ones
    (each iteration costs O(n²); a 2,000-node chart gets 200)."""
    if node_count <= 300:
        return 500
    return max(200, 500 * 300 // node_count)


def sweeps_for(node_count: int) -> int:
    """Crossing-reduction sweeps of the hierarchy: igraph's 100 for small charts, fewer for big
    ones. igraph's barycenter sweeps keep the last order, not the best, and on 2,000-node
    charts (random links, or trees with cross-links) the crossings counted after 1 to 100
    sweeps went up and down by ±30 % with no trend, while each sweep cost ~4.5 ms: 100 sweeps
    were two thirds of the layout's time for nothing measurable (benchmarks/chart.py)."""
    if node_count <= 300:
        return 100
    return max(15, 100 * 300 // node_count)


def layout_force(
    node_ids: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    seed: int = 1,
    fixed: Mapping[str, Point] | None = None,
) -> dict[str, Point]:
    """Force-directed positions; ``fixed`` nodes stay put and the others settle around them."""
    fixed = {k: v for k, v in (fixed or {}).items() if k in set(node_ids)}
    if not node_ids:
        return {}
    if fixed:
        return _force_around(node_ids, edges, fixed, seed)
    rng = random.Random(seed)
    components = _components(node_ids, edges)
    placed: list[dict[str, Point]] = []
    for index, members in enumerate(components):
        if len(members) == 1:
            placed.append({members[0]: (0.0, 0.0)})
            continue
        member_set = set(members)
        sub_edges = [(a, b) for a, b in edges if a in member_set and b in member_set]
        raw = _fruchterman_reingold(members, sub_edges, seed * 7919 + index, rng=rng)
        placed.append(_normalise(raw, sub_edges))
    return _pack(placed)


def _force_around(
    node_ids: Sequence[str],
    edges: Sequence[tuple[str, str]],
    fixed: Mapping[str, Point],
    seed: int,
) -> dict[str, Point]:
    """One layout of everything, fixed nodes held by igraph's per-node bounds."""
    rng = random.Random(seed)
    neighbours: dict[str, list[str]] = {n: [] for n in node_ids}
    for a, b in edges:
        if a in neighbours and b in neighbours:
            neighbours[a].append(b)
            neighbours[b].append(a)
    start: dict[str, Point] = {k: (x / EDGE_LENGTH, y / EDGE_LENGTH) for k, (x, y) in fixed.items()}
    cx = statistics.fmean(p[0] for p in start.values())
    cy = statistics.fmean(p[1] for p in start.values())
    # new nodes start beside a placed neighbour (breadth first), or near the middle
    pending = [n for n in node_ids if n not in start]
    for _round in range(len(pending) + 1):
        if not pending:
            break
        later = []
        for node in pending:
            anchors = [start[m] for m in neighbours[node] if m in start]
            if anchors:
                ax = statistics.fmean(p[0] for p in anchors)
                ay = statistics.fmean(p[1] for p in anchors)
                angle = rng.uniform(0, 2 * math.pi)
                start[node] = (ax + math.cos(angle), ay + math.sin(angle))
            else:
                later.append(node)
        if len(later) == len(pending):
            for node in later:
                start[node] = (cx + rng.uniform(-3, 3), cy + rng.uniform(-3, 3))
            later = []
        pending = later
    raw = _fruchterman_reingold(
        list(node_ids), list(edges), seed, rng=rng, start=start, fixed=set(fixed)
    )
    out = {k: (x * EDGE_LENGTH, y * EDGE_LENGTH) for k, (x, y) in raw.items()}
    out.update(fixed)  # exactly where they were, not rounded through the scaling
    return out


def _fruchterman_reingold(
    members: Sequence[str],
    edges: Sequence[tuple[str, str]],
    seed: int,
    *,
    rng: random.Random,
    start: Mapping[str, Point] | None = None,
    fixed: set[str] | None = None,
) -> dict[str, Point]:
    import igraph

    index = {m: i for i, m in enumerate(members)}
    pairs = sorted({(index[a], index[b]) for a, b in edges if a in index and b in index})
    graph = igraph.Graph(n=len(members), edges=pairs)
    spread = math.sqrt(len(members))
    initial: list[list[float]] = []
    for member in members:
        if start is not None and member in start:
            initial.append(list(start[member]))
        else:
            initial.append([rng.uniform(-spread, spread), rng.uniform(-spread, spread)])
    kwargs: dict[str, Any] = {"seed": initial, "niter": iterations_for(len(members))}
    if fixed:
        inf = math.inf
        kwargs["minx"] = [initial[i][0] if m in fixed else -inf for i, m in enumerate(members)]
        kwargs["maxx"] = [initial[i][0] if m in fixed else inf for i, m in enumerate(members)]
        kwargs["miny"] = [initial[i][1] if m in fixed else -inf for i, m in enumerate(members)]
        kwargs["maxy"] = [initial[i][1] if m in fixed else inf for i, m in enumerate(members)]
    with _IGRAPH_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            coords = graph.layout_fruchterman_reingold(**kwargs).coords
        finally:
            igraph.set_random_number_generator(random)
    return {m: (float(coords[i][0]), float(coords[i][1])) for i, m in enumerate(members)}


def _normalise(raw: Mapping[str, Point], edges: Sequence[tuple[str, str]]) -> dict[str, Point]:
    """Scale so the median edge is :data:`EDGE_LENGTH`; move the top-left corner to (0, 0)."""
    lengths = [math.dist(raw[a], raw[b]) for a, b in edges if a in raw and b in raw]
    median = statistics.median(lengths) if lengths else 1.0
    factor = EDGE_LENGTH / median if median > 1e-9 else EDGE_LENGTH
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    x0, y0 = min(xs), min(ys)
    return {k: ((x - x0) * factor, (y - y0) * factor) for k, (x, y) in raw.items()}


def _components(node_ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Connected components, largest first (ties by their first id: deterministic)."""
    parent = {n: n for n in node_ids}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in node_ids:
        groups.setdefault(root(n), []).append(n)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _pack(parts: Sequence[Mapping[str, Point]]) -> dict[str, Point]:
    """Components side by side in rows about as wide as the whole is tall (shelf packing)."""
    boxes = []
    for part in parts:
        xs = [p[0] for p in part.values()]
        ys = [p[1] for p in part.values()]
        boxes.append((max(xs) - min(xs), max(ys) - min(ys), min(xs), min(ys)))
    area = sum((w + COMPONENT_GAP) * (h + COMPONENT_GAP) for w, h, _x, _y in boxes)
    row_width = max(math.sqrt(area) * 1.3, max(w for w, _h, _x, _y in boxes))
    out: dict[str, Point] = {}
    x = y = row_height = 0.0
    for part, (w, h, x0, y0) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + COMPONENT_GAP, 0.0
        for k, (px, py) in part.items():
            out[k] = (px - x0 + x, py - y0 + y)
        x += w + COMPONENT_GAP
        row_height = max(row_height, h)
    return _centre(out)


def _centre(points: Mapping[str, Point]) -> dict[str, Point]:
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {k: (x - cx, y - cy) for k, (x, y) in points.items()}


def layout_layers(
    node_ids: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    fixed: Mapping[str, Point] | None = None,
) -> dict[str, Point]:
    """Layers from the controlling end down (owners above what they own), crossings reduced
    by igraph's Sugiyama layout (:func:`sweeps_for`); pinned nodes stay where they were put.
    No random numbers: the same graph gives the same layout."""
    import igraph

    if not node_ids:
        return {}
    index = {m: i for i, m in enumerate(node_ids)}
    pairs = sorted({(index[a], index[b]) for a, b in edges if a in index and b in index and a != b})
    graph = igraph.Graph(n=len(node_ids), edges=pairs, directed=True)
    with _IGRAPH_LOCK:
        coords = graph.layout_sugiyama(
            hgap=1, vgap=1, maxiter=sweeps_for(len(node_ids))
        ).coords
    out = {
        m: (float(coords[i][0]) * COLUMN_GAP, float(coords[i][1]) * LAYER_GAP)
        for i, m in enumerate(node_ids)
    }
    out = _centre(out)
    out.update({k: v for k, v in (fixed or {}).items() if k in out})
    return out
