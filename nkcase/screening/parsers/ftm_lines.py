"""An FtM entity file's lines, as the two passes of :mod:`.ftm` read them: cut out of blocks in
C, in runs (:data:`Lines`), with memory bounded by :data:`MAX_LINE_BYTES`, for the whole file
(:func:`file_lines`) or for a worker process's piece of it (:func:`chunk_lines`).

Apart from the entity decoding and the records (:mod:`.ftm`) because it is only bytes and line
numbers: it knows nothing of JSON, and the file detection (:mod:`.detect`) and the parallel
import's plan (:mod:`nkcase.screening.pipeline.plans`) read the line limit from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from nkcase.screening.parsers.common import ListFormatError
from nkcase.screening.parsers.xmlsafe import CountingReader, Progress

MAX_LINE_BYTES = 16 * 1024 * 1024

#: Bytes read at a time: lines are cut out of each block in C (one ``readline`` call through
#: the counting reader per line was about a tenth of the parse).
BLOCK_BYTES = 1024 * 1024

Lines = Iterator[tuple[int, list[bytes], bool]]
"""A file's lines in runs, as the two passes read them: (number of the first line of the run,
its lines without their newlines, whether the last of them ended with one: only the last line
of a file may not, which is how a truncated file is told). Runs of a block's lines rather than
one line at a time: a generator's step per line was a tenth of the first pass. Blank lines are
in the runs (the passes skip them), so that a line's number is its place in the run."""


def file_lines(path: Path, progress: Progress | None) -> Lines:
    """The lines of the file (see :data:`Lines`). Memory stays bounded: a line longer than
    :data:`MAX_LINE_BYTES` is refused as soon as that many bytes of it were read."""
    size = path.stat().st_size
    with path.open("rb") as raw:
        reader = CountingReader(raw, size, progress)
        number = 1  # of the next line
        rest = b""
        while block := reader.read(BLOCK_BYTES):
            data = rest + block if rest else block
            lines = data.split(b"\n")
            rest = lines.pop()  # after the last newline: the start of the next line
            yield from _run(path, number, lines, len(data))
            number += len(lines)
            if len(rest) > MAX_LINE_BYTES:
                _too_long(path, number)
        if rest:
            yield number, [rest], False


def _run(path: Path, number: int, lines: list[bytes], size: int) -> Lines:
    """``lines`` (``size`` bytes with their newlines) as a run from line ``number``, unless
    one is longer than :data:`MAX_LINE_BYTES`: then the lines before it, and its error once
    they are read (errors come in the order of the lines, as when lines came one by one)."""
    if size >= MAX_LINE_BYTES:
        for index, line in enumerate(lines):
            if len(line) >= MAX_LINE_BYTES:  # with its newline, longer than the limit
                if index:
                    yield number, lines[:index], True
                _too_long(path, number + index)
    if lines:
        yield number, lines, True


def _too_long(path: Path, number: int) -> None:
    raise ListFormatError(
        f"{path.name} line {number} is longer than {MAX_LINE_BYTES // 2**20} MiB: "
        "not an FtM entity file"
    )


def chunk_lines(path: Path, start: int, end: int, first: int) -> Lines:
    """What :func:`file_lines` gives for bytes ``start`` to ``end`` of the file, which begin at
    line ``first`` (a part of the file read by a worker process of a parallel import)."""
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    lines = data.split(b"\n")
    rest = lines.pop()  # after the last newline: a last line without one (or a forced cut)
    yield from _run(path, first, lines, len(data))
    if rest:
        number = first + len(lines)
        if len(rest) > MAX_LINE_BYTES:
            _too_long(path, number)
        yield number, [rest], False
