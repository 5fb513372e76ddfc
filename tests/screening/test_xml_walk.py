"""A tree parsed whole gives the events of a streaming parse (nkcase.screening.parsers.xml_walk).

The UN reading parses a worker's piece whole and walks it; its records must be what the
streaming parse gives, the elements released at their end included. Checked on generated
documents whose elements nest in every way (a record inside a record, the root named or not)
against lxml's ``iterparse``, for every combination of events and of names asked for.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from nkcase.screening.parsers.xml_walk import tree_events
from nkcase.screening.parsers.xmlsafe import release

NAMES = ["A", "B", "C", "{urn:x}B"]


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> bytes:
    name = draw(st.sampled_from(NAMES))
    tag = b"x:B" if name == "{urn:x}B" else name.encode()
    children = (
        b"".join(draw(st.lists(elements(depth + 1), max_size=4))) if depth < 4 else b""
    )
    text = draw(st.sampled_from([b"", b"t", b"  "]))
    comment = draw(st.sampled_from([b"", b"<!-- c -->", b"<?p i?>"]))
    return b"<" + tag + b">" + text + comment + children + b"</" + tag + b">" + text


def described(pairs: Iterator[tuple[str, Any]], released: bool) -> list[tuple[str, str, int]]:
    """(event, tag, line) of each pair, releasing each element at its end if ``released``;
    the elements' lines tell apart elements of one name."""
    found = []
    for event, element in pairs:
        found.append((event, element.tag, element.sourceline))
        if released and event == "end":
            release(element)
    return found


@settings(max_examples=300, deadline=None)
@given(
    body=elements(),
    events=st.sampled_from([("start",), ("end",), ("start", "end")]),
    tags=st.sampled_from([None, ("A",), ("B", "C"), ("{*}B",), ("A", "{urn:x}B")]),
    released=st.booleans(),
)
def test_a_tree_gives_the_events_of_a_streaming_parse(
    body: bytes, events: tuple[str, ...], tags: tuple[str, ...] | None, released: bool
) -> None:
    # one element per line, so that an element's line names it
    document = b'<R xmlns:x="urn:x">' + body.replace(b"<", b"\n<") + b"</R>"
    options: dict[str, Any] = {"remove_comments": True, "remove_pis": True}
    streamed = described(
        etree.iterparse(io.BytesIO(document), events=events, tag=tags, **options), released
    )
    root = etree.fromstring(document, etree.XMLParser(**options))
    assert described(tree_events(root, events, tags), released) == streamed
