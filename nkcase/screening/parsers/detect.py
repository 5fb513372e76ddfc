"""Which list format a file is, told from its first bytes (never from its name alone).

XML lists are told by their root element and namespace; FtM entity lines by a JSON object with
"schema" and "properties"; OFAC's legacy CSV by its unheaded rows of a number and quoted fields,
with ``-0-`` for empty values. A file with a DTD is refused here already: no list has one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nkcase.screening.parsers.common import ListFormatError

HEAD_BYTES = 64 * 1024
FORMAT_NAMES = {
    "un": "UN Security Council consolidated list (XML)",
    "ofac": "OFAC SDN or consolidated list (advanced or classic XML)",
    "ofac-csv": "OFAC SDN list, legacy CSV (sdn.csv with alt.csv and add.csv)",
    "eu": "EU consolidated financial sanctions list (XML)",
    "ftm": "OpenSanctions FollowTheMoney entities (entities.ftm.json)",
}
_PROLOG = re.compile(rb"\A(?:\s|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)([^>]*)>", re.DOTALL)
_CSV_ROW = re.compile(rb'\A\d+,("[^"]*"|-0- ?),')


def sniff(path: Path) -> str:
    """The format of ``path``: one of :data:`FORMAT_NAMES`, or a one-line error."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as err:
        raise ListFormatError(f"cannot read {path}: {err.strerror or err}") from None
    if not head.strip():
        raise ListFormatError(f"{path.name} is empty")
    text = head.removeprefix(b"\xef\xbb\xbf")
    stripped = text.lstrip()
    if stripped.startswith(b"<"):
        return _xml_format(path, text)
    if stripped.startswith(b"{"):
        return _ftm_format(path, _first_line(path))
    if _CSV_ROW.match(stripped):
        return "ofac-csv"
    raise ListFormatError(
        f"{path.name} is not a sanctions list nkcase reads (UN, OFAC or EU XML, OFAC CSV, "
        "or OpenSanctions FtM entities)"
    )


def check_format(path: Path, claimed: str) -> None:
    """Refuse ``path`` at once when its bytes say it is not ``claimed`` (``--format``)."""
    found = sniff(path)
    if found != claimed:
        raise ListFormatError(
            f"{path.name} is not a {FORMAT_NAMES[claimed]}; "
            f"its content is that of a {FORMAT_NAMES[found]}"
        )


def _xml_format(path: Path, text: bytes) -> str:
    after_prolog = text[_PROLOG.match(text).end() :]  # type: ignore[union-attr]
    if after_prolog.startswith(b"<!DOCTYPE"):
        raise ListFormatError(
            f"{path.name} declares a DTD (<!DOCTYPE …>), which no sanctions list does: refused, "
            "since its entities could expand without bound or read other files"
        )
    match = _ROOT.match(after_prolog)
    if match is None:
        raise ListFormatError(f"{path.name} is XML but its first element cannot be read")
    root = match.group(1).split(b":")[-1].decode("ascii", "replace")
    attributes = match.group(2)
    if root == "CONSOLIDATED_LIST":
        return "un"
    if root in {"Sanctions", "sdnList"}:
        return "ofac"
    if root == "export" and b"eu.europa.ec/fpi/fsd/export" in attributes:
        return "eu"
    raise ListFormatError(
        f"{path.name} is XML but not a sanctions list nkcase reads (its root element is <{root}>)"
    )


def _first_line(path: Path) -> bytes:
    """The first non-blank line, read up to FtM's line limit (never a whole huge file)."""
    from nkcase.screening.parsers.ftm_lines import MAX_LINE_BYTES

    with path.open("rb") as handle:
        while line := handle.readline(MAX_LINE_BYTES):
            if line.strip():
                return line.removeprefix(b"\xef\xbb\xbf")
    return b""


def _ftm_format(path: Path, first_line: bytes) -> str:
    try:
        entity = json.loads(first_line)
    except ValueError:
        raise ListFormatError(
            f"{path.name} starts like JSON but its first line is not one JSON object: "
            "FtM entity files have one entity per line"
        ) from None
    if isinstance(entity, dict) and "schema" in entity and "properties" in entity:
        return "ftm"
    raise ListFormatError(
        f'{path.name} is JSON but not FollowTheMoney entities (no "schema" and "properties")'
    )
