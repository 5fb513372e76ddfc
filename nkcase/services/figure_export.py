"""Exporting charts and timelines as SVG or PNG files (the CLI and the GUI call these).

What is drawn is what the level shows: the graph and the timeline are loaded at the chosen
handling level before anything is laid out, so a withheld entity, link or event is not in the
file — not even as an id. Files are written atomically (a temporary file renamed into place).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from nkcase.errors import UsageError
from nkcase.figures import Figure
from nkcase.graph import ChartFilter, ChartGraph
from nkcase.graph.layout import Point, layout_chart
from nkcase.graph.model import GradeBy
from nkcase.graph.state import ChartState, LayoutName
from nkcase.store import Casebook

FORMATS = (".svg", ".png")


@dataclass(frozen=True)
class ChartPicture:
    """A chart ready to draw: its graph at a level, every node's position, how lines are graded."""

    graph: ChartGraph
    positions: dict[str, Point]
    grade_by: GradeBy
    title: str
    level: str


def picture_of_state(
    casebook: Casebook, state: ChartState, *, title: str, level: str | None = None
) -> ChartPicture:
    """A saved (or on-screen) chart: its entities still there and visible, at the saved
    positions; entities without one are placed around those that have one."""
    from dataclasses import replace

    from nkcase.services.chart_data import chart_of

    chart_filter = state.chart_filter if level is None else replace(state.chart_filter, level=level)
    graph = chart_of(casebook, state.entity_ids, chart_filter)
    known = {k: v for k, v in state.positions.items() if k in graph.nodes}
    positions = known
    if len(known) < len(graph.nodes):
        positions = layout_chart(graph, method=state.layout, seed=state.seed, fixed=known)
    return ChartPicture(graph, positions, state.grade_by, title, chart_filter.level)


def picture_of_neighbourhood(
    casebook: Casebook,
    seeds: Collection[str],
    *,
    hops: int,
    chart_filter: ChartFilter,
    layout: LayoutName = "force",
    title: str = "",
    seed: int = 1,
) -> ChartPicture:
    from nkcase.services.chart_data import neighbourhood_chart

    graph = neighbourhood_chart(casebook, seeds, hops=hops, chart_filter=chart_filter)
    positions = layout_chart(graph, method=layout, seed=seed)
    return ChartPicture(graph, positions, "strongest", title, chart_filter.level)


def picture_of_casebook(
    casebook: Casebook, *, chart_filter: ChartFilter, layout: LayoutName = "force", seed: int = 1
) -> ChartPicture:
    from nkcase.services.chart_data import whole_chart

    graph = whole_chart(casebook, chart_filter)
    positions = layout_chart(graph, method=layout, seed=seed)
    return ChartPicture(graph, positions, "strongest", casebook.info().name, chart_filter.level)


def picture_for_view(
    casebook: Casebook,
    state: ChartState,
    *,
    expand_from: Collection[str] = (),
    hops: int = 1,
    relayout: bool = False,
) -> ChartPicture:
    """What the chart view shows after a change of entities, filters or layout: the graph of
    ``state``'s entities (plus what lies within ``hops`` of ``expand_from``), with nodes on the
    chart kept where they are and new ones placed around them. ``relayout`` lays everything
    out afresh except the pinned nodes."""
    from nkcase.services.chart_data import chart_of, expand

    if expand_from:
        graph = expand(
            casebook, state.entity_ids, expand_from, hops=hops, chart_filter=state.chart_filter
        )
    else:
        graph = chart_of(casebook, state.entity_ids, state.chart_filter)
    if relayout:
        fixed = {k: v for k, v in state.positions.items() if k in state.pinned}
    else:
        fixed = dict(state.positions)
    fixed = {k: v for k, v in fixed.items() if k in graph.nodes}
    if relayout or len(fixed) < len(graph.nodes):
        positions = layout_chart(graph, method=state.layout, seed=state.seed, fixed=fixed)
    else:
        positions = fixed
    return ChartPicture(graph, positions, state.grade_by, "", state.chart_filter.level)


def chart_picture_figure(picture: ChartPicture, *, for_export: bool = True) -> Figure:
    from nkcase.graph.figure import DOSSIER_STYLE, EXPORT_STYLE, chart_figure

    return chart_figure(
        picture.graph,
        picture.positions,
        grade_by=picture.grade_by,
        title=picture.title,
        style=EXPORT_STYLE if for_export else DOSSIER_STYLE,
    )


def check_format(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"{out.name}: export as .svg or .png")
    if not out.parent.exists():
        raise UsageError(f"folder {out.parent} does not exist")
    return suffix


def write_figure(figure: Figure, out: Path) -> Path:
    """Write ``figure`` as SVG or PNG by the file's suffix, atomically."""
    suffix = check_format(out)
    if suffix == ".svg":
        from nkcase.figures.svg import to_svg

        data = to_svg(figure).encode("utf-8")
    else:
        from nkcase.figures.raster import to_png

        data = to_png(figure)
    fd, tmp = tempfile.mkstemp(prefix=".nkcase-figure-", suffix=suffix, dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
