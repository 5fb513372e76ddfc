"""Cutting a large list XML file into pieces that worker processes parse each on its own.

A piece is a stretch of the file that ends after a record's end tag (the UN's
``</INDIVIDUAL>`` or ``</ENTITY>``, the EU's ``</sanctionEntity>``), read as a document of its
own (:class:`~nkcase.screening.parsers.xmlsafe.Piece`): the file's XML declaration and root
start tag, the start tags of the containers the stretch begins inside of (the UN's
``<INDIVIDUALS>`` and ``<ENTITIES>``), the stretch, then the end tags of the containers it
ends inside of and the root's. The last stretch runs to the end of the file, with the file's
own end tags.

Why a piece that parses gives the records the whole file gives there. The cutter counts the
containers' start and end tags (``<ENTITIES>``, ``</ENTITIES>``) as it finds them in the
bytes, without knowing whether one stands in a comment or CDATA section; call the containers
it counts open at a cut the *assumed* ones. A piece's document is the stretch between two
cuts with the containers assumed at the first opened and those assumed at the second closed.
By induction over the pieces, when every piece parses, the assumed containers at each cut are
the ones really open there and the cut stands between tags, as in the whole file:

- at the first cut (after the root start tag, whose bytes are copied) nothing is assumed and
  nothing is open;
- if the assumption holds at a piece's start, lxml reads its stretch from the same state as
  when it reads the whole file (between tags, the same elements open: the file's UTF-8 or
  ASCII can be cut after any ``>``), so it reads the same elements, comments and CDATA
  sections. The stretch parses only if it leaves exactly the assumed containers open at its
  end, as the closing tags must match, and between tags: a cut in a comment, CDATA section or
  tag leaves it unterminated. So the assumption holds at the next cut.

The containers' start tags must be bare (``<ENTITIES>``, no attributes, no namespace
declared): the cutter stops at any other spelling it finds, real or not, so the start tags it
writes are the file's own. Attributes of the records and of the root, and namespaces declared
on the root, are read as the file has them.

A failed piece changes nothing: the caller reads the file again in one process, from its
start, and takes from that reading the records after those already given, so the rows and the
error (with its line) are exactly what one process gives. So does a file the cutter stops on
(another encoding, a DOCTYPE, a container start tag with attributes, no record end tag in
:data:`CARRY_LIMIT` bytes): the pieces cut until then are read by the workers, the rest in one
process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from nkcase.screening.parsers.xmlsafe import Piece, XmlLayout, plain_declaration

PROLOG_LIMIT = 64 * 1024
"""Bytes in which the root start tag must end (the lists' prologs are under 300 bytes)."""
CARRY_LIMIT = 64 * 2**20
"""Bytes without a record end tag after which the cutter stops (no list record is near that
size): the rest of the file is read in one process."""
SEARCH_BLOCK_BYTES = 2**20
"""Bytes read at a time while a start tag is searched for (:func:`head_before`)."""
_NAME_END = re.compile(rb"[\s/>]")
_QUOTE = re.compile(rb"[\"']")
_AFTER_NAME = (b" ", b"\t", b"\r", b"\n", b">", b"/")


def tag_end(data: bytes, at: int) -> int | None:
    """Where the tag beginning at ``data[at]`` ends (the index after its ``>``, quoted
    attribute values skipped: they may hold ``>``); None when it does not end in ``data``."""
    position = at
    while True:
        close = data.find(b">", position)
        if close < 0:
            return None
        quote = _QUOTE.search(data, position, close)
        if quote is None:
            return close + 1
        closing_quote = data.find(data[quote.start() : quote.end()], quote.end())
        if closing_quote < 0:
            return None
        position = closing_quote + 1


def prolog(head: bytes) -> tuple[bytes, bytes] | None:
    """(the bytes of ``head`` up to the end of the root start tag, the root's end tag) when
    the file begins plainly (:func:`~nkcase.screening.parsers.xmlsafe.plain_declaration`),
    then the root. None otherwise (a DOCTYPE, a comment or processing instruction before the
    root, UTF-16, an empty root...)."""
    plain = plain_declaration(head)
    if plain is None:
        return None
    at = plain[1]
    if head[at + 1 : at + 2] in (b"!", b"?", b"/", b""):
        return None
    end = tag_end(head, at)
    name_end = _NAME_END.search(head, at + 1)
    if end is None or name_end is None or head[end - 2 : end - 1] == b"/":
        return None
    return head[:end], b"</" + head[at + 1 : name_end.start()] + b">"


def head_before(path: Path, name: bytes) -> Piece | None:
    """The file's head as a document of its own: its bytes up to the first start tag of the
    container ``name`` (``<NAME>`` or with attributes), closed by the root's end tag. None when
    the file does not begin plainly (:func:`prolog`) or holds no such tag. When the head
    parses, that tag stands at the top level, between tags, in the whole file too (the cut
    after the root start tag, of the module docstring, with nothing assumed), so a reading
    can begin there (``XmlCutter``'s ``span``)."""
    with path.open("rb") as handle:
        found = prolog(handle.read(PROLOG_LIMIT))
        if found is None:
            return None
        head, root_end = found
        tag = b"<" + name
        position = len(head)
        handle.seek(position)
        carry = b""
        while block := handle.read(SEARCH_BLOCK_BYTES):
            data = carry + block
            at = data.find(tag)
            while at >= 0:
                if data[at + len(tag) : at + len(tag) + 1] in _AFTER_NAME:
                    return Piece(b"", 0, position - len(carry) + at, root_end)
                if at + len(tag) >= len(data):
                    break  # the byte after the name is in the next block
                at = data.find(tag, at + 1)
            carry = data[-len(tag) :]
            position += len(block)
    return None


def follow_containers(
    data: bytes, start: int, end: int, names: tuple[bytes, ...], open_tags: list[bytes]
) -> bool:
    """Update ``open_tags`` (the names of the containers assumed open, outermost first) by
    the start and end tags of the containers ``names`` in ``data[start:end]`` (see the module
    docstring); False when the cutter must stop: a start tag other than the bare ``<NAME>``,
    or an end tag of a container not the innermost assumed."""
    found: list[tuple[int, bool, bytes]] = []
    for name in names:  # one search per name: tags begin with "<", the commonest byte
        at = data.find(name, start, end)
        while at >= 0:
            after = at + len(name)
            if data[at - 1 : at] == b"<":
                if data[after : after + 1] == b">":
                    found.append((at, False, name))
                elif data[after : after + 1] in _AFTER_NAME:
                    return False  # <NAME attributes...> or <NAME/>
            elif data[at - 2 : at] == b"</" and data[after : after + 1] in _AFTER_NAME:
                found.append((at, True, name))
            at = data.find(name, after, end)
    for _at, closing, name in sorted(found):
        if not closing:
            open_tags.append(name)
        elif open_tags and open_tags[-1] == name:
            open_tags.pop()
        else:
            return False
    return True


class XmlCutter:
    """The pieces of ``path`` (:meth:`pieces`), each about ``size`` bytes of the file.
    ``complete`` says, once they are all taken, whether they cover the whole file (False when
    the cutter stopped: the rest is for a reading in one process).

    ``span`` (start, stop): the pieces cover only those bytes of the file, a section that the
    caller knows begins and ends at the top level (between tags, only the root open: OFAC's
    ``DistinctParties``, whose tables before and entries after are read on their own). The
    last piece is then closed like the others, and the cutter stops (``complete`` False) when
    the containers it counted are not all closed at ``stop``: when every piece parses, the
    section was read as the whole file reads it and ends at the top level."""

    def __init__(
        self, path: Path, layout: XmlLayout, size: int, span: tuple[int, int] | None = None
    ) -> None:
        self.path = path
        self.layout = layout
        self.size = size
        self.span = span
        self.complete = False
        self._record_ends = tuple(b"</" + name + b">" for name in layout.records)
        self._longest_end = max(len(end) for end in self._record_ends)

    def pieces(self, check: Callable[[], None]) -> Iterator[Piece]:
        """The pieces in file order; ``check`` is called before each block read (Cancel).
        The file is read, not mapped: a file cut short while it is read would kill a process
        that maps it; read, it gives short or failing pieces, and the import refuses a file
        whose size, time or inode changed meanwhile."""
        with self.path.open("rb") as handle:
            found = prolog(handle.read(PROLOG_LIMIT))
            if found is None:
                return
            head, root_end = found
            start, stop = self.span or (len(head), None)
            if start < len(head):
                return
            handle.seek(start)
            open_tags: list[bytes] = []
            data: list[bytes] = []  # the file from ``start`` on, as far as read, in blocks
            held = 0  # their bytes
            while True:
                check()
                wanted = self.size if stop is None else min(self.size, stop - start - held)
                block = handle.read(wanted) if wanted > 0 else b""
                opening = self._opening(head, open_tags)
                if not block and stop is None:  # the last stretch: the file's end tags close it
                    yield Piece(opening, start, start + held)
                    self.complete = True
                    return
                if not block:  # the end of the span: it must close what it opened
                    joined = b"".join(data)
                    if start + held != stop or not follow_containers(
                        joined, 0, held, self.layout.containers, open_tags
                    ):
                        return
                    if open_tags:
                        return
                    yield Piece(opening, start, stop, root_end)
                    self.complete = True
                    return
                # the new block, and the end of what came before (a tag may straddle them):
                # what is kept is joined only once a cut is found (a long stretch without a
                # record end is not copied again at every block)
                overlap = (data[-1][-self._longest_end :] if data else b"") + block
                cut = self._last_record_end(overlap)
                data.append(block)
                held += len(block)
                if cut == 0:
                    if held > CARRY_LIMIT:
                        return
                    continue
                cut += held - len(overlap)  # where the overlap begins in what is held
                joined = b"".join(data)
                if not follow_containers(joined, 0, cut, self.layout.containers, open_tags):
                    return
                closing = b"".join(b"</" + name + b">" for name in reversed(open_tags))
                yield Piece(opening, start, start + cut, closing + root_end)
                start += cut
                rest = joined[cut:]
                data, held = ([rest] if rest else []), len(rest)

    def _last_record_end(self, data: bytes) -> int:
        """Where the last record end tag in ``data`` ends (0: none). The tag found last time
        is searched for first, the others only after it: the UN's ``</ENTITY>`` is not in the
        first part of the file at all, and a search that finds nothing reads the whole block."""
        ends = self._record_ends
        cut = 0
        for end_tag in ends:
            at = data.rfind(end_tag, cut)
            if at >= 0:
                cut = at + len(end_tag)
                self._record_ends = (end_tag, *[e for e in ends if e is not end_tag])
        return cut

    @staticmethod
    def _opening(head: bytes, open_tags: list[bytes]) -> bytes:
        return head + b"".join(b"<" + name + b">" for name in open_tags)
