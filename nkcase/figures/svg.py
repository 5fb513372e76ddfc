"""Figures as SVG 1.1: groups keep their meaning (``class``, ``id``, ``data-id``, tooltips).

Text names a list of font families — Latin first, then Korean and Chinese ones — so a viewer
draws Hangul with a font that has it. Every string is escaped by the XML writer.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from nkcase.figures.shapes import Circle, Figure, Group, Line, Polygon, Rect, Shape, Style, Text

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = (
    "'DejaVu Sans', 'Noto Sans', 'NanumGothic', 'Noto Sans CJK KR', 'Malgun Gothic', "
    "'Apple SD Gothic Neo', sans-serif"
)
_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _style(element: ET.Element, style: Style) -> None:
    element.set("stroke", style.stroke or "none")
    element.set("fill", style.fill or "none")
    if style.stroke:
        element.set("stroke-width", _num(style.width))
    if style.dash:
        element.set("stroke-dasharray", " ".join(_num(d) for d in style.dash))
    if style.opacity < 1:
        element.set("opacity", _num(style.opacity))


def _add(parent: ET.Element, shape: Shape) -> None:
    if isinstance(shape, Group):
        group = ET.SubElement(parent, "g")
        group.set("class", shape.kind)
        if shape.id:
            group.set("id", f"{shape.kind}-{_ID_CHARS.sub('_', shape.id)}")
            group.set("data-id", shape.id)
        if shape.title:
            ET.SubElement(group, "title").text = shape.title
        for child in shape.children:
            _add(group, child)
    elif isinstance(shape, Line):
        el = ET.SubElement(
            parent,
            "line",
            x1=_num(shape.x1),
            y1=_num(shape.y1),
            x2=_num(shape.x2),
            y2=_num(shape.y2),
        )
        _style(el, shape.style)
    elif isinstance(shape, Rect):
        el = ET.SubElement(
            parent,
            "rect",
            x=_num(shape.x),
            y=_num(shape.y),
            width=_num(shape.width),
            height=_num(shape.height),
        )
        if shape.radius:
            el.set("rx", _num(shape.radius))
        _style(el, shape.style)
    elif isinstance(shape, Circle):
        el = ET.SubElement(parent, "circle", cx=_num(shape.cx), cy=_num(shape.cy), r=_num(shape.r))
        _style(el, shape.style)
    elif isinstance(shape, Polygon):
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
        el = ET.SubElement(parent, "polygon", points=points)
        _style(el, shape.style)
    elif isinstance(shape, Text):
        el = ET.SubElement(parent, "text", x=_num(shape.x), y=_num(shape.y))
        el.set("font-size", _num(shape.size))
        el.set("fill", shape.colour)
        if shape.anchor != "start":
            el.set("text-anchor", shape.anchor)
        if shape.role == "bold":
            el.set("font-weight", "bold")
        elif shape.role == "italic":
            el.set("font-style", "italic")
        el.text = shape.text


def to_svg(figure: Figure) -> str:
    """The SVG document (UTF-8 text with an XML declaration)."""
    ET.register_namespace("", SVG_NS)
    root = ET.Element(
        "svg",
        xmlns=SVG_NS,
        version="1.1",
        width=f"{_num(figure.width)}pt",
        height=f"{_num(figure.height)}pt",
        viewBox=f"0 0 {_num(figure.width)} {_num(figure.height)}",
    )
    root.set("font-family", FONT_FAMILY)
    if figure.title:
        ET.SubElement(root, "title").text = figure.title
    if figure.description:
        ET.SubElement(root, "desc").text = figure.description
    ET.SubElement(
        root,
        "rect",
        x="0",
        y="0",
        width=_num(figure.width),
        height=_num(figure.height),
        fill="#ffffff",
    )
    for shape in figure.children:
        _add(root, shape)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
