"""The events a streaming parse gives, from a tree already parsed whole.

lxml's ``iterparse`` hands libxml2 its input with the GIL released, and libxml2 calls lxml
back for every start and end tag, whatever the tag filter: each call takes the GIL and gives
it back, about 600 instructions, 60 times for a UN record (8 % of its work). A small piece
of a file parsed whole (``etree.fromstring``) makes no such calls. Its tree is then walked
here for the (event, element) pairs ``iterparse`` would have given, in the same order, and
only the elements asked for get a Python object: ``etree.iterwalk`` makes one for every
element, which costs as much as it saves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def tree_events(
    root: Any, events: tuple[str, ...], tags: tuple[str, ...] | None
) -> Iterator[tuple[str, Any]]:
    """The ("start" and/or "end", element) pairs of the elements of ``root``'s tree (itself
    included) named in ``tags`` (lxml's tag syntax, "{*}name" too; None: every element), in
    the order ``iterparse`` gives them for the same document.

    The elements named are found in document order, which is their start order; an element
    ends just before the first element found after it that is not inside it (at the end
    for the last ones). Its nearest ancestor found, if any, is still open then, so the open
    elements that end are those above it on the stack.

    Like ``iterparse``'s, an element may be cleared at its end together with the siblings
    before it (:func:`~nkcase.screening.parsers.xmlsafe.release`): everything that takes
    away comes before the next element found, and lxml's iterator has already gone past
    it. Changing a tree at a start event is not supported (``iterparse`` has not read the
    element's content by then; here it has)."""
    starts, ends = "start" in events, "end" in events
    found = root.iter(*(tags or ("*",)))  # "*": elements only, as iterparse gives
    open_elements: list[Any] = []
    opened: set[Any] = set()  # the same, for the ancestor test (lxml elements hash by id)
    for element in found:
        if open_elements and element.getprevious() is open_elements[-1]:
            # the common case, a record after a record: the one before ends, and their
            # ancestors are the same (no walk up, no proxy made for the container)
            ended = open_elements.pop()
            opened.discard(ended)
            if ends:
                yield "end", ended
        else:
            ancestor = element.getparent()
            while ancestor is not None and ancestor not in opened:
                ancestor = ancestor.getparent()
            while open_elements and open_elements[-1] is not ancestor:
                ended = open_elements.pop()
                opened.discard(ended)
                if ends:
                    yield "end", ended
        if starts:
            yield "start", element
        open_elements.append(element)
        opened.add(element)
    while open_elements:
        ended = open_elements.pop()
        if ends:
            yield "end", ended
