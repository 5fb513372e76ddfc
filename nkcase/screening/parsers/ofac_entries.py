"""The first pass over OFAC's advanced XML: the ``SanctionsEntries``, which say on which list
and programmes a profile is and since when, and come last in the file, after the parties.

Only the head (the lookup tables naming the lists and sanctions types) and the tail are read:
the ``SanctionsEntries`` section, found by its start tag searched backwards from the end of the
file and parsed after the root's own start tag, is a tenth of the file, and parsing the whole
file for it was a third of the parser's time. The second pass (:mod:`ofac_advanced`), which
parses everything anyway, checks that the entries it meets are byte for byte the ones read
here, blank runs between tags aside (:func:`entry_xml`; a start tag inside a comment could
have misled the search) and refuses the file otherwise. A file whose tail cannot be read so
is read whole, as before.
A reading in pieces (:mod:`nkcase.screening.pipeline.ofac_plan`) reads the tail so too
(:func:`read_tail`), once, and sends its entries to the workers that read the parties.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree

from nkcase.screening.parsers.common import ListFormatError, clean_text, single_date
from nkcase.screening.parsers.xmlsafe import (
    LOCAL_NAMES,
    Piece,
    Progress,
    iter_elements,
    local,
    plain_declaration,
    release,
)


@dataclass
class Entry:
    """What the SanctionsEntries say about one profile."""

    lists: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    listed_on: str | None = None


def entry_xml(element: Any) -> bytes:
    """A ``SanctionsEntry`` as the two passes compare it: its XML without the blank runs
    between tags. Both passes leave out the blank text between elements, but libxml2 keeps
    a long blank run or not by where its input buffer ends, which is not at the same place in
    the two passes; a blank text is no content to either (each text read is stripped). In
    the XML written here a ``<`` or ``>`` that is not markup is written as an entity (and
    line ends and tabs in attribute values as character references), so the runs taken out
    are the blank texts and nothing else. An entry with no text beginning with a blank (all
    of them in a file as OFAC writes it) is left as written: nothing would be taken out."""
    data: bytes = etree.tostring(element, with_tail=False)
    if b">\n" in data or b"> " in data or b">\t" in data or b">\r" in data:
        return _BETWEEN_TAGS.sub(b"><", data)
    return data


_BETWEEN_TAGS = re.compile(rb">\s+<")


CHECK_EVERY = 1000
"""Entries read between two calls of a tail reading's ``check`` (a few milliseconds)."""
#: The start tag of the last section, searched for from the end of the file.
_ENTRIES_START = b"<SanctionsEntries"
_SEARCH_BLOCK = 1 << 20
_KEPT = frozenset({"List", "SanctionsType", "ReferenceValueSets", "ProfileRelationship"})
"""The elements the entries' reading does not free: the lists and sanctions types (their names
are read), and the sets and relationships it only notes in the tail (``Tail.others``), whose
freeing inside an entry would change what that entry gives."""
_PROLOG_BYTES = 1024
"""Bytes in which the XML declaration ends (:func:`plain_declaration`)."""


@dataclass
class Tail:
    """The SanctionsEntries read from the tail of the file: from ``offset`` (where their
    section's start tag was found) to the end. ``digest``: the SHA-256 of their XML ("" when
    not asked for: the reading in pieces needs no check, see ``read_tail``);
    ``others``: the names of the other elements met there that a reading of the whole file
    handles (a ``DistinctParty`` there is a record it gives; one it frees inside an entry
    changes that entry's XML when it is compared)."""

    entries: dict[str, Entry]
    digest: str
    offset: int
    others: frozenset[str]


def read_entries(
    path: Path, what: str, progress: Progress | None
) -> tuple[dict[str, Entry], str | None]:
    """First pass: the SanctionsEntries, and the SHA-256 of their XML when they were read from
    the tail alone (None when the whole file was read)."""
    tail = read_tail(path, what, progress)
    if tail is not None:
        return tail.entries, tail.digest
    return _read_entries(path, what, progress, {}, {}, None), None


def read_tail(
    path: Path,
    what: str,
    progress: Progress | None,
    check: Callable[[], None] | None = None,
    *,
    digest: bool = True,
) -> Tail | None:
    """The SanctionsEntries of the tail of the file (see the module docstring); None when the
    tail cannot be read on its own (no such section, another encoding, a damaged tail, a start
    tag inside a comment...): the whole file is read for them then. ``check`` is called every
    :data:`CHECK_EVERY` entries and may raise (Cancel, when the importing process reads the
    tail itself). ``digest=False``: the entries' XML is not hashed (a fifth of the tail's
    reading), for the reading in pieces, where the tail is the file's entries when every part
    parses (:mod:`nkcase.screening.pipeline.ofac_plan`) and the one-process check is never
    made."""
    lists: dict[str, str] = {}
    sanctions_types: dict[str, str] = {}
    start = _head(path, what, lists, sanctions_types)
    offset = _entries_offset(path) if start is not None else None
    if start is None or offset is None:
        return None
    hashed = sha256() if digest else None
    others: set[str] = set()
    try:
        found = _read_entries(
            path,
            what,
            progress,
            lists,
            sanctions_types,
            hashed,
            tail=Piece(start, offset, path.stat().st_size),
            others=others,
            check=check,
        )
    except ListFormatError:
        return None  # not readable from there (a start tag inside a comment?)
    return Tail(found, hashed.hexdigest() if hashed else "", offset, frozenset(others))


def _head(
    path: Path, what: str, lists: dict[str, str], sanctions_types: dict[str, str]
) -> bytes | None:
    """Read the lookup tables up to the end of ``ReferenceValueSets``, filling ``lists`` and
    ``sanctions_types``; return the XML declaration and root start tag that let the tail be
    parsed on its own, in the file's own encoding (None when that is not one the tail can
    follow in, :func:`plain_declaration`): read as UTF-8, an ISO-8859-1 tail could hold other
    entries than the file (refused then as markup in a comment), a US-ASCII one other bytes
    than the reading of the whole file accepts."""
    with path.open("rb") as handle:
        plain = plain_declaration(handle.read(_PROLOG_BYTES))
    if plain is None:
        return None
    encoding = plain[0]
    wanted = ("{*}List", "{*}SanctionsType", "{*}ReferenceValueSets")
    for _event, element in iter_elements(path, what=what, events=("end",), tags=wanted):
        name = local(element.tag)
        if name == "List":
            lists[element.get("ID", "")] = clean_text(element.text)
        elif name == "SanctionsType":
            sanctions_types[element.get("ID", "")] = clean_text(element.text)
        else:
            root = element.getroottree().getroot()
            declarations = "".join(
                f" xmlns{':' + prefix if prefix else ''}={quoteattr(uri)}"
                for prefix, uri in root.nsmap.items()
            )
            tag = f"{root.prefix}:{local(root.tag)}" if root.prefix else local(root.tag)
            return f'<?xml version="1.0" encoding="{encoding}"?>\n<{tag}{declarations}>'.encode()
    return None


def _entries_offset(path: Path) -> int | None:
    """Where the last ``<SanctionsEntries`` start tag begins, searched from the end of the file
    block by block (a fast byte search); None when there is none."""
    size = path.stat().st_size
    width = len(_ENTRIES_START)
    with path.open("rb") as handle:
        end = size
        while end > 0:
            begin = max(0, end - _SEARCH_BLOCK)
            handle.seek(begin)
            block = handle.read(end - begin + width)  # overlaps the next block by a tag
            at = block.rfind(_ENTRIES_START)
            while at >= 0:
                after = block[at + width : at + width + 1]
                if after and after in b" \t\r\n>/":
                    return begin + at
                at = block.rfind(_ENTRIES_START, 0, at)
            end = begin
    return None


def _read_entries(
    path: Path,
    what: str,
    progress: Progress | None,
    lists: dict[str, str],
    sanctions_types: dict[str, str],
    digest: Any,
    tail: Piece | None = None,
    others: set[str] | None = None,
    check: Callable[[], None] | None = None,
) -> dict[str, Entry]:
    """The SanctionsEntries of the file, or of its tail (parties are skipped and freed as they
    are read); each entry's XML added to ``digest`` when there is one, the names of the
    parties, tables and relationships met to ``others`` (the tables and relationships are
    not freed here, so the entries read are those they always were)."""
    found: dict[str, Entry] = {}
    counted = 0
    wanted = (
        "{*}List",
        "{*}SanctionsType",
        "{*}SanctionsEntry",
        "{*}DistinctParty",
        "{*}Location",
        "{*}IDRegDocument",
        "{*}ReferenceValueSets",
        "{*}ProfileRelationship",
    )
    for _event, element in iter_elements(  # blank texts left out, as the second pass does
        path,
        what=what,
        progress=progress,
        events=("end",),
        tags=wanted,
        piece=tail,
        drop_blank_text=True,
    ):
        name = local(element.tag)
        if name == "List":
            lists[element.get("ID", "")] = clean_text(element.text)
        elif name == "SanctionsType":
            sanctions_types[element.get("ID", "")] = clean_text(element.text)
        elif name == "SanctionsEntry":
            counted += 1
            if check is not None and counted % CHECK_EVERY == 0:
                check()
            if digest is not None:
                digest.update(entry_xml(element))
            entry = found.setdefault(element.get("ProfileID", ""), Entry())
            entry.lists.append(lists.get(element.get("ListID", ""), ""))
            for child in element:
                kind = LOCAL_NAMES[child.tag]
                if kind == "EntryEvent":
                    dated = _event_date(child)
                    if dated and (entry.listed_on is None or dated < entry.listed_on):
                        entry.listed_on = dated
                elif kind == "SanctionsMeasure":
                    measure = sanctions_types.get(child.get("SanctionsTypeID", ""), "")
                    if measure.lower() == "program":  # the comment names the programme
                        comment = next(child.iterchildren("{*}Comment"), None)
                        programme = clean_text(comment.text) if comment is not None else ""
                        if programme:
                            entry.programmes.append(programme)
        elif others is not None:
            others.add(name)
        if name not in _KEPT:
            release(element)
    return found


def _event_date(event: Any) -> str | None:
    """The day of the event's first ``Date``: each part the text of its first child of that
    name, stripped (as :func:`~.xmlsafe.text_of` reads them, in one loop)."""
    date = next(event.iterchildren("{*}Date"), None)
    if date is None:
        return None
    texts: dict[str, str | None] = {}
    for part in date:
        texts.setdefault(LOCAL_NAMES[part.tag], part.text)
    return single_date(
        (texts.get("Year") or "").strip(),
        (texts.get("Month") or "").strip(),
        (texts.get("Day") or "").strip(),
    )
