"""List parsers: one module per format, each turning a file into a stream of ListRecord.

:func:`open_list` tells the format from the file's bytes (or checks the one given) and returns
a :class:`ListFile` whose :meth:`~ListFile.records` streams the records with bounded memory.
Format modules are imported when used, so that the CLI starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nkcase.screening.parsers.common import ListFormatError, ListHeader
from nkcase.screening.parsers.detect import FORMAT_NAMES, check_format, sniff
from nkcase.screening.parsers.xmlsafe import Piece, Progress, XmlLayout
from nkcase.screening.records import ListRecord

__all__ = ["FORMATS", "FORMAT_NAMES", "ListFile", "ListFormatError", "ListHeader", "open_list"]

#: ``--format`` value → the module that reads it.
FORMATS = {
    "un": "nkcase.screening.parsers.un",
    "ofac": "nkcase.screening.parsers.ofac",
    "ofac-csv": "nkcase.screening.parsers.ofac_csv",
    "eu": "nkcase.screening.parsers.eu",
    "ftm": "nkcase.screening.parsers.ftm",
}


@dataclass(frozen=True)
class ListFile:
    """A list file of a known format. ``parts`` are all the files that make the list, the main
    one first, as (role, path): one for most formats; OFAC's CSV set adds alt.csv and add.csv."""

    path: Path
    format: str
    header: ListHeader
    parts: tuple[tuple[str, Path], ...]

    def records(self, progress: Progress | None = None) -> Iterator[ListRecord]:
        """The records, streamed; ``progress(bytes_read, total)`` reports how far."""
        records: Iterator[ListRecord] = _module(self.format).records(self.path, progress)
        return records

    @property
    def layout(self) -> XmlLayout | None:
        """Where the records of an XML format sit, when its files can be read in pieces
        (see :func:`piece_records`); None for the other formats."""
        layout: XmlLayout | None = getattr(_module(self.format), "LAYOUT", None)
        return layout


def piece_records(format: str, path: Path, piece: Piece) -> Iterator[ListRecord]:
    """The records of one piece of an XML list file whose format has a layout, as the
    whole file's reading gives them (:mod:`nkcase.screening.pipeline.xml_pieces`)."""
    records: Iterator[ListRecord] = _module(format).records(path, None, piece)
    return records


def open_list(path: Path, format: str | None = None) -> ListFile:
    """The list file at ``path``, its format told from its bytes unless ``format`` is given
    (which is then checked against the bytes). Errors are one-line :class:`ListFormatError`."""
    path = Path(path)
    if not path.exists():
        raise ListFormatError(f"no file {path}")
    if path.is_dir():
        raise ListFormatError(f"{path} is a folder, not a list file")
    if format is not None:
        if format not in FORMATS:
            raise ListFormatError(
                f"unknown list format “{format}”: use one of {', '.join(FORMATS)}"
            )
        check_format(path, format)
    else:
        format = sniff(path)
    module = _module(format)
    parts_of = getattr(module, "parts", None)
    parts = tuple(parts_of(path)) if parts_of else (("main", path),)
    return ListFile(path, format, module.header(path), parts)


def _module(format: str) -> Any:
    return importlib.import_module(FORMATS[format])
