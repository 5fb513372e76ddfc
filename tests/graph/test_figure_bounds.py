"""A chart figure holds everything it draws: labels placed beside the outermost nodes, above
the top one or below a line are inside the figure's margins (they were cut at its edge in the
exports), and a caption's white box is as wide as its bold text."""

from __future__ import annotations

import random

import pytest

from nkcase.figures.extent import extent
from nkcase.figures.shapes import Group, Rect, Text
from nkcase.figures.text import FigureFonts
from nkcase.graph import ChartEdge, ChartGraph, ChartNode
from nkcase.graph.figure import DOSSIER_STYLE, EXPORT_STYLE, ChartFigureStyle, chart_figure

NAMES = ("Pyongyang Rungra Restaurant", "Silver Crane Trading Co., Ltd.", "Ri Hye-gyong",
         "Korea Mansudae Overseas Project Group of Companies", "Blue Lantern", "MV Wisdom Sea")


def crowded(seed: int) -> tuple[ChartGraph, dict[str, tuple[float, float]]]:
    """Nodes packed in a few rows, so that many labels must go beside their nodes, with
    designations and lines whose labels sit beside them."""
    rng = random.Random(seed)
    count = rng.randrange(3, 14)
    nodes = [ChartNode(f"n{i}", rng.choice(("Company", "Person", "Vessel")),
                       rng.choice(NAMES) + f" {i}",
                       designation="UN 1718 Committee" if i % 4 == 0 else None)
             for i in range(count)]
    positions = {f"n{i}": (rng.uniform(0, 400), float(rng.randrange(3)) * 40)
                 for i in range(count)}
    edges = [ChartEdge(f"e{i}", "Ownership", "Ownership", f"n{i}", f"n{(i + 1) % count}",
                       role="registered owner and operator of")
             for i in range(count - 1)]
    return ChartGraph.of(nodes, edges), positions


@pytest.mark.parametrize("style", [EXPORT_STYLE, DOSSIER_STYLE,
                                   ChartFigureStyle(shrink=True, max_width=700.0)],
                         ids=["export", "dossier", "narrow export"])
def test_every_label_is_inside_the_figure(style: ChartFigureStyle) -> None:
    fonts = FigureFonts()
    for seed in range(25):
        graph, positions = crowded(seed)
        figure = chart_figure(graph, positions, style=style, fonts=fonts)
        box = extent(figure.children, fonts)
        assert box is not None
        left, top, right, bottom = box
        assert left >= 0 and right <= figure.width, (seed, box, figure.width)
        assert top >= 0 and bottom <= figure.height, (seed, box, figure.height)
        assert figure.width <= style.max_width


def test_a_caption_box_is_as_wide_as_its_bold_text() -> None:
    fonts = FigureFonts()
    graph, positions = crowded(3)
    figure = chart_figure(graph, positions, style=EXPORT_STYLE, fonts=fonts)
    for node in figure.groups("node"):
        halo = next(s for s in node.children if isinstance(s, Rect))
        for text in (s for s in node.children if isinstance(s, Text) and s.role == "bold"):
            if len(text.text) > 1:  # (the node's letter is bold too, inside the node)
                width = fonts.width(text.text, text.size, "bold")
                assert text.x - width / 2 >= halo.x - 0.01
                assert text.x + width / 2 <= halo.x + halo.width + 0.01


def test_the_figure_is_no_wider_than_it_was_for_labels_that_fit() -> None:
    """A chart whose labels fit keeps its nodes where they were (only moved, not scaled)."""
    nodes = [ChartNode("a", "Company", "A"), ChartNode("b", "Company", "B")]
    graph = ChartGraph.of(nodes, [ChartEdge("ab", "Ownership", "Ownership", "a", "b")])
    figure = chart_figure(graph, {"a": (0.0, 0.0), "b": (300.0, 0.0)}, style=EXPORT_STYLE)
    centres = [next(c for c in g.children if not isinstance(c, (Group, Text, Rect)))
               for g in figure.groups("node")]
    xs = sorted(getattr(c, "cx", None) or sum(p[0] for p in c.points) / len(c.points)
                for c in centres)
    assert xs[1] - xs[0] == pytest.approx(300.0)
