"""Reading an FtM entity file for import: each line decoded and checked, or refused in one line.

Hostile input is expected (a file from anywhere): a line longer than :data:`MAX_LINE_BYTES` is
refused without being decoded, invalid JSON, a line that is not an object, an id breaking FtM's
rule, a schema FtM does not define, values that are not lists of strings or are longer than
their type allows — each becomes one :class:`LineProblem` naming the line number, and the rest
of the file is read on. The file's SHA-256 is computed from the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nkcase.errors import ValidationError
from nkcase.exchange.ftm.validate import Validator

MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longer lines are refused unread (a whole OpenSanctions entity is a few kilobytes)."""


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class FtmFile:
    """What was read: valid entity lines (with their line numbers), problems, the hash."""

    path: Path
    sha256: str = ""
    entities: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    lines: int = 0


def read_ftm_file(
    path: Path,
    validator: Validator | None = None,
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> FtmFile:
    """Read ``path`` line by line (see the module doc); never raises for a bad line."""
    validator = validator or Validator()
    found = FtmFile(path)
    digest = hashlib.sha256()
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError as err:
        raise ValidationError(f"cannot read {path}: {err.strerror or err}") from None
    done = 0
    with handle:
        for number, raw in enumerate(_lines(handle, digest), start=1):
            found.lines = number
            done += len(raw)
            if on_progress is not None and number % 500 == 0:
                on_progress(done, size)
            if raw is _TOO_LONG:
                found.problems.append(LineProblem(number, f"longer than {MAX_LINE_BYTES:,} "
                                                          "bytes: not read"))
                continue
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except (UnicodeDecodeError, ValueError) as err:
                found.problems.append(LineProblem(number, f"not JSON ({_first_line(err)})"))
                continue
            problems = validator.entity(data)
            # an FtM schema we do not model is the importer's to report, not a bad line
            unmodelled = (isinstance(data, dict) and isinstance(data.get("schema"), str)
                          and data["schema"] in validator.model.all_schemata
                          and data["schema"] not in validator.model.schemata)
            if problems and not unmodelled:
                found.problems.append(LineProblem(number, str(problems[0])))
                continue
            found.entities.append((number, data))
    found.sha256 = digest.hexdigest()
    return found


_TOO_LONG = b"\0too long"


def _lines(handle: Any, digest: Any) -> Iterator[bytes]:
    """The file's lines, each at most MAX_LINE_BYTES (longer ones as ``_TOO_LONG``), hashing
    every byte on the way."""
    buffer = b""
    skipping = False
    while True:
        chunk = handle.read(1 << 20)
        if not chunk:
            break
        digest.update(chunk)
        buffer += chunk
        while True:
            cut = buffer.find(b"\n")
            if cut < 0:
                break
            line, buffer = buffer[:cut], buffer[cut + 1:]
            if skipping:
                skipping = False
                continue
            yield _TOO_LONG if len(line) > MAX_LINE_BYTES else line
        if len(buffer) > MAX_LINE_BYTES:
            if not skipping:
                yield _TOO_LONG
            skipping = True
            buffer = b""
    if buffer and not skipping:
        yield _TOO_LONG if len(buffer) > MAX_LINE_BYTES else buffer


def _first_line(err: Exception) -> str:
    return str(err).splitlines()[0][:120]
