"""Reading large list XML safely: streaming, bounded memory, hostile files refused.

Every XML list is read with lxml's ``iterparse`` configured so that a file cannot make nkcase
expand entities (billion laughs), read other files or the network (external entities, DTDs),
or build unbounded text nodes (``huge_tree`` off). No sanctions list declares a DTD, so a file
that does is refused outright before any record is read. Elements are cleared once handled, so
memory stays bounded by one record, whatever the size of the file (by one piece, for a piece
of a few megabytes read at once: see :func:`iter_elements`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from nkcase.screening.parsers.common import ListFormatError
from nkcase.screening.parsers.memo import Memo
from nkcase.screening.parsers.xml_walk import tree_events

Progress = Callable[[int, int], None]
"""``progress(bytes_read, total_bytes)``: how far through the file the parser is."""


#: Bytes read between two progress reports: line-by-line readers (FtM, CSV) would otherwise
#: call back three Python functions per line, a tenth of the whole parse.
REPORT_EVERY = 256 * 1024
#: Bytes read at a time when a file is counted through (its lines, after an error).
SCAN_BLOCK_BYTES = 2**20
#: The largest :class:`Piece` (of the file's bytes) read ``at_once`` (see :func:`iter_elements`):
#: a worker's piece is about a megabyte (a record more); its tree takes about four times that.
AT_ONCE_MAX_BYTES = 8 * 2**20
_SAFE_PARSING = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
"""The options of every parser here, streaming or not (see the module docstring)."""
PLAIN_ENCODINGS = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
"""Encodings in which a byte ``<`` is the character ``<`` wherever it stands (and no character
is cut by cutting after a ``>``): a stretch of such a file reads on its own after a declaration
of the file's encoding (:class:`Piece`)."""

_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml\s[^<>]*\?>)?\s*")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def plain_declaration(head: bytes) -> tuple[str, int] | None:
    """(the encoding, where the prolog's markup begins) when ``head``, a file's first bytes,
    begins plainly: an optional UTF-8 byte order mark, an optional XML declaration of an
    encoding in :data:`PLAIN_ENCODINGS` (UTF-8 when it names none), white space, then ``<``.
    None otherwise (UTF-16 or UTF-32, ISO-8859-1...). lxml's ``docinfo.encoding`` cannot tell:
    it is set only once the whole document is parsed, never while a file is streamed."""
    declaration = _DECLARATION.match(head)
    if declaration is None or b"\x00" in head[:4]:  # the pattern matches "": UTF-16, UTF-32
        return None
    encoding = _ENCODING.search(declaration.group())
    name = encoding.group(1).decode() if encoding is not None else "UTF-8"
    at = declaration.end()
    if name.lower() not in PLAIN_ENCODINGS or head[at : at + 1] != b"<":
        return None
    return name, at


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it, for progress reports (one per
    :data:`REPORT_EVERY` bytes, and at the end of the file)."""

    def __init__(self, handle: IO[bytes], total: int, progress: Progress | None) -> None:
        super().__init__()
        self._handle = handle
        self.total = total
        self.done = 0
        self._progress = progress
        self._next_report = 0

    def _counted(self, data: bytes) -> bytes:
        self.done += len(data)
        if self._progress is not None and (self.done >= self._next_report or not data):
            self._next_report = self.done + REPORT_EVERY
            self._progress(self.done, self.total)
        return data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        return self._counted(self._handle.readline(-1 if size is None else size))

    def read(self, size: int | None = -1) -> bytes:
        return self._counted(self._handle.read(-1 if size is None else size))


@dataclass(frozen=True, slots=True)
class Piece:
    """A document made of bytes of our own and a stretch of a file: ``prefix`` (a declaration
    and the start tags of the elements the stretch is inside of), the file's bytes from
    ``start`` to ``end``, then ``suffix`` (their end tags). How the last section of a large
    file is read without all that comes before it, and how a worker process reads its part of
    one (:mod:`nkcase.screening.pipeline.xml_pieces`)."""

    prefix: bytes
    start: int
    end: int
    suffix: bytes = b""


@dataclass(frozen=True, slots=True)
class XmlLayout:
    """Where a format's records sit, for cutting its files into pieces that parse on their
    own: ``records``, the names of the record elements (a file may be cut after their end
    tags), and ``containers``, the elements between the root and the records (a piece that
    begins inside one opens it again). Names as the file spells them, without a prefix."""

    records: tuple[bytes, ...]
    containers: tuple[bytes, ...] = ()


class _Spliced(io.RawIOBase):
    """The bytes of a :class:`Piece` as one binary file."""

    def __init__(self, piece: Piece, handle: IO[bytes]) -> None:
        super().__init__()
        handle.seek(piece.start)
        self._parts = [piece.prefix, piece.suffix]
        self._handle = handle
        self._left = piece.end - piece.start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wanted = len(buffer)
        if self._parts[0]:
            data = self._parts[0][:wanted]
            self._parts[0] = self._parts[0][len(data) :]
        elif self._left > 0:
            data = self._handle.read(min(wanted, self._left))
            self._left = self._left - len(data) if data else 0  # the file ended early
        else:
            data = self._parts[1][:wanted]
            self._parts[1] = self._parts[1][len(data) :]
        buffer[: len(data)] = data
        return len(data)


def halves(progress: Progress | None, first: bool) -> Progress | None:
    """Progress over two passes of the same file (formats whose records refer to things later
    in the file are read twice): each pass is half of the work."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(done // 2 + (0 if first else total // 2), total)

    return report


def local(tag: Any) -> str:
    """An element's name without its namespace ("{ns}Profile" → "Profile")."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rpartition("}")[2]


LOCAL_NAMES: Memo[Any, str] = Memo(local)
""":func:`local` of the tags a parser reads ("{ns}Year" → "Year"), kept: a dictionary read in C
rather than a call per element (a format has a few dozen tags)."""


def iter_elements(
    path: Path,
    *,
    what: str,
    progress: Progress | None = None,
    events: tuple[str, ...] = ("start", "end"),
    tags: tuple[str, ...] | None = None,
    piece: Piece | None = None,
    drop_blank_text: bool = False,
    at_once: bool = False,
) -> Iterator[tuple[str, Any]]:
    """(event, element) pairs of ``path``, read safely; ``what`` names the format in errors.

    ``tags`` limits the events to elements of those names ("{*}Profile" for any namespace),
    which saves most of the per-element work on big files. The caller clears elements it has
    handled (:func:`release`). XML errors, a DTD, or a file that ends early become one
    :class:`ListFormatError` line.

    ``piece`` reads the document it describes instead of the whole file (see :class:`Piece`).

    ``drop_blank_text`` leaves out the whitespace between elements (libxml2's "ignorable
    whitespace": a run of spaces, tabs and line ends followed by a tag, in an element that has
    no other text before it). An indented list has such a text node before every element, which
    the parser builds and the caller frees again: a sixth of the parse of a UN record. Whether
    libxml2 drops a blank run depends on where its input buffer ends (it looks ahead for the
    next tag), so only for formats whose parser treats blank and missing text alike (strips or
    cleans every text it reads): else a record would depend on where the reading began.

    ``at_once`` parses a ``piece`` of at most :data:`AT_ONCE_MAX_BYTES` whole and walks its
    tree (:func:`~nkcase.screening.parsers.xml_walk.tree_events`): the same events, without
    the streaming parser's call into Python at every tag (8 % of a UN record's work), for a
    caller that changes elements only at their end, as :func:`release` does (the tree holds
    the whole piece, the elements after one included, at every event).
    """
    size = path.stat().st_size
    if at_once and piece is not None and read_at_once(piece):
        yield from _piece_at_once(path, what, progress, events, tags, piece, drop_blank_text)
        return
    with path.open("rb") as handle:
        if piece is None:
            reader = CountingReader(handle, size, progress)
        else:
            spliced = io.BufferedReader(_Spliced(piece, handle))
            reader = CountingReader(spliced, size, progress)
            reader.done = piece.start - len(piece.prefix)
        etree.clear_error_log()  # the errors logged from here on are this reading's
        parser = etree.iterparse(
            reader, events=events, remove_blank_text=drop_blank_text, tag=tags, **_SAFE_PARSING
        )
        checked = False
        try:
            for event, element in parser:
                if not checked:
                    _refuse_dtd(element, path)
                    checked = True
                yield event, element
        except etree.XMLSyntaxError as err:
            raise ListFormatError(_syntax_message(path, what, err, piece is None)) from None


def read_at_once(piece: Piece | None) -> bool:
    """Whether :func:`iter_elements` reads ``piece`` ``at_once`` when asked to."""
    return piece is not None and piece.end - piece.start <= AT_ONCE_MAX_BYTES


def _piece_at_once(
    path: Path,
    what: str,
    progress: Progress | None,
    events: tuple[str, ...],
    tags: tuple[str, ...] | None,
    piece: Piece,
    drop_blank_text: bool,
) -> Iterator[tuple[str, Any]]:
    """:func:`iter_elements` of a ``piece`` parsed whole (``at_once``). Progress is reported
    once, when its bytes are read; an XML error comes before any event."""
    with path.open("rb") as handle:
        handle.seek(piece.start)
        stretch = handle.read(piece.end - piece.start)  # shorter if the file ended early
    if progress is not None:
        progress(piece.start + len(stretch), path.stat().st_size)
    etree.clear_error_log()
    parser = etree.XMLParser(remove_blank_text=drop_blank_text, **_SAFE_PARSING)
    try:
        # joined in one copy (``+`` copied the megabyte twice: 0.6 % of a record)
        root = etree.fromstring(b"".join((piece.prefix, stretch, piece.suffix)), parser)
    except etree.XMLSyntaxError as err:
        raise ListFormatError(_syntax_message(path, what, err, whole_file=False)) from None
    _refuse_dtd(root, path)
    yield from tree_events(root, events, tags)


def _refuse_dtd(element: Any, path: Path) -> None:
    docinfo = element.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ListFormatError(
            f"{path.name} declares a DTD (<!DOCTYPE …>), which no sanctions list does: refused, "
            "since its entities could expand without bound or read other files"
        )


_WHERE = re.compile(r",? line \d+, column \d+$")
"""The place libxml2 appends to its messages ("…, line 12, column 5"): said once, by us."""


_FATAL = etree.ErrorLevels.FATAL
"""The level of a logged libxml2 error that stops the reading (the others it reads past)."""


def _syntax_message(
    path: Path, what: str, err: etree.XMLSyntaxError, whole_file: bool = True
) -> str:
    """One line for an XML error; ``whole_file``: the error is in ``path`` itself (not in a
    piece read by a worker, whose lines are not the file's). The error told is the first that
    stopped libxml2 since the reading began (:func:`iter_elements` clears the thread's log):
    lxml raises what came last, which after an entity no DTD declares is a consequence
    without a place ("no element found") or at the wrong one ("Start tag expected" at line
    1)."""
    message, (line, column) = str(err.msg or err), err.position or (0, 0)
    cause = next((e for e in err.error_log if e.level >= _FATAL), None)
    if cause is not None and (cause.line, cause.column) != (line, column):
        message, line, column = cause.message, cause.line, cause.column
    text = _WHERE.sub("", message.strip().rstrip(".")).strip()
    where = f" (line {line}, column {column})" if column else f" (line {line})" if line else ""
    lowered = text.lower()
    if (
        "premature end" in lowered
        or "not properly terminated" in lowered
        or ("extra content" not in lowered and "end of data" in lowered)
        or ("extra content" not in lowered and whole_file and _at_the_end(path, line, column))
    ):
        return f"{path.name} ends before the {what} is complete: the file is truncated{where}"
    if "entity '" in lowered or "entity reference" in lowered:
        return f"{path.name} uses an XML entity nkcase does not expand: refused{where}"
    return f"{path.name} is not a well-formed {what}: {text}{where}"


def _at_the_end(path: Path, line: int, column: int) -> bool:
    """Whether (``line``, ``column``) is past the last byte of the file: where libxml2 stops
    in a file cut short inside a tag (it then says "expected '>'" or "Couldn't find end of
    Start Tag" rather than "premature end"). Columns are counted in bytes here: a last line
    with other than ASCII gives False, and the plain message."""
    newlines = last_line_bytes = 0
    with path.open("rb") as handle:
        while block := handle.read(SCAN_BLOCK_BYTES):
            newlines += block.count(b"\n")
            cut = block.rfind(b"\n")
            last_line_bytes = len(block) - cut - 1 if cut >= 0 else last_line_bytes + len(block)
    return (line, column) > (newlines + 1, last_line_bytes)


def release(element: Any) -> None:
    """Free a handled element and the siblings before it, so memory stays bounded. The
    siblings go by one slice deletion in C: asking for each previous sibling built a Python
    object for it (a third of the release of a UN record)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        del parent[: parent.index(element)]


def by_name(element: Any) -> dict[str, list[Any]]:
    """The children of ``element`` grouped by local name, in document order (one pass)."""
    groups: dict[str, list[Any]] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            groups.setdefault(tag.rpartition("}")[2], []).append(child)
    return groups


def text_of(groups: dict[str, list[Any]], name: str) -> str:
    """The text of the first child called ``name`` in ``groups`` (see :func:`by_name`)."""
    found = groups.get(name)
    return (found[0].text or "").strip() if found else ""


def child_text(element: Any, name: str) -> str:
    """The text of the first child called ``name`` (any namespace), "" when absent."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def children(element: Any, name: str) -> Iterator[Any]:
    for child in element:
        if local(child.tag) == name:
            yield child
