"""Reading large list XML safely: streaming, bounded memory, hostile files refused.

Every XML list is read with lxml's ``iterparse`` configured so that a file cannot make nkcase
expand entities (billion laughs), read other files or the network (external entities, DTDs),
or build unbounded text nodes (``huge_tree`` off). No sanctions list declares a DTD, so a file
that does is refused outright before any record is read. Elements are cleared once handled, so
memory stays bounded by one record, whatever the size of the file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from nkcase.screening.parsers.common import ListFormatError

Progress = Callable[[int, int], None]
"""``progress(bytes_read, total_bytes)``: how far through the file the parser is."""


#: Bytes read between two progress reports: line-by-line readers (FtM, CSV) would otherwise
#: call back three Python functions per line, a tenth of the whole parse.
REPORT_EVERY = 256 * 1024


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


class _Prefixed(io.RawIOBase):
    """A binary file read after some bytes of our own (see :func:`iter_elements`'s tail)."""

    def __init__(self, start: bytes, handle: io.BufferedReader) -> None:
        super().__init__()
        self._start = start
        self._handle = handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._start:
            return self._handle.readinto(buffer)
        count = min(len(buffer), len(self._start))
        buffer[:count] = self._start[:count]
        self._start = self._start[count:]
        return count


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


def iter_elements(
    path: Path,
    *,
    what: str,
    progress: Progress | None = None,
    events: tuple[str, ...] = ("start", "end"),
    tags: tuple[str, ...] | None = None,
    tail: tuple[bytes, int] | None = None,
) -> Iterator[tuple[str, Any]]:
    """(event, element) pairs of ``path``, read safely; ``what`` names the format in errors.

    ``tags`` limits the events to elements of those names ("{*}Profile" for any namespace),
    which saves most of the per-element work on big files. The caller clears elements it has
    handled (:func:`release`). XML errors, a DTD, or a file that ends early become one
    :class:`ListFormatError` line.

    ``tail=(start, offset)`` reads the document made of the bytes ``start`` (a declaration and
    the root's start tag) followed by the file from byte ``offset`` on: the last section of a
    large file without parsing all that comes before it.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        if tail is None:
            reader = CountingReader(handle, size, progress)
        else:
            start, offset = tail
            handle.seek(offset)
            reader = CountingReader(io.BufferedReader(_Prefixed(start, handle)), size, progress)
            reader.done = offset - len(start)
        parser = etree.iterparse(
            reader,
            events=events,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            tag=tags,
        )
        checked = False
        try:
            for event, element in parser:
                if not checked:
                    _refuse_dtd(element, path)
                    checked = True
                yield event, element
        except etree.XMLSyntaxError as err:
            raise ListFormatError(_syntax_message(path, what, err)) from None


def _refuse_dtd(element: Any, path: Path) -> None:
    docinfo = element.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ListFormatError(
            f"{path.name} declares a DTD (<!DOCTYPE …>), which no sanctions list does: refused, "
            "since its entities could expand without bound or read other files"
        )


def _syntax_message(path: Path, what: str, err: etree.XMLSyntaxError) -> str:
    text = str(err.msg or err).strip().rstrip(".")
    line = err.position[0] if err.position else None
    where = f" (line {line})" if line else ""
    lowered = text.lower()
    if (
        "premature end" in lowered
        or "not properly terminated" in lowered
        or ("extra content" not in lowered and "end of data" in lowered)
    ):
        return f"{path.name} ends before the {what} is complete: the file is truncated{where}"
    if "entity '" in lowered or "entity reference" in lowered:
        return f"{path.name} uses an XML entity nkcase does not expand: refused{where}"
    return f"{path.name} is not a well-formed {what}: {text}{where}"


def release(element: Any) -> None:
    """Free a handled element and the siblings before it, so memory stays bounded."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


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
