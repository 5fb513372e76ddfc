"""Pieces of a list XML file read as the whole file reads (nkcase.screening.pipeline.xml_pieces).

What the parallel reading relies on: when every piece the cutter gives parses, the records of
the pieces, in order, are the records of the whole file; when a piece fails or the cutter
stops, the records of the pieces before are the first records of the whole file (the rest is
then read in one process). Checked on UN and EU documents with the traps a cutter that only
searches bytes could fall into: record and container tags inside comments, CDATA sections and
processing instructions, container tags with attributes or a prefix, the names in text, and
damaged files (cut short, a stray ``<``, a tag not closed).
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nkcase.screening.parsers import (
    ListFormatError,
    eu,
    ofac_advanced,
    piece_records,
    un,
)
from nkcase.screening.parsers.xmlsafe import Piece, XmlLayout
from nkcase.screening.pipeline.ofac_plan import read_round_part
from nkcase.screening.pipeline.xml_pieces import XmlCutter, head_before, prolog
from nkcase.screening.records import ListRecord
from tests.screening.lists import EU, OFAC_ADVANCED, UN_2026

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
UN_ROOT = b'<CONSOLIDATED_LIST dateGenerated="2026-01-28T00:00:11.197Z">'
UN_ROOT_NAME = b"<CONSOLIDATED_LIST>"
NAMES = ["RI WON HO", "KIM JONG SIK", "PAK CHOL SU", "리원호", "Nguyễn Văn Ánh", "O'Brien & Sons"]

TRAPS = [
    b"<!-- </INDIVIDUAL></INDIVIDUALS><ENTITIES> -->",
    b"<!-- <INDIVIDUALS> </ENTITIES> -->",
    b"<?note </ENTITY> <ENTITIES>?>",
    b"\n\n   ",
    b"<!-- a comment -->",
    b'<!-- </INDIVIDUALS><INDIVIDUALS xmlns="urn:elsewhere"> -->',
    b"<INDIVIDUAL><DATAID>9001</DATAID><FIRST_NAME>INNER</FIRST_NAME></INDIVIDUAL>",
    b"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>123456</NUMBER>"
    + b"<ISSUING_COUNTRY>"
    + b" " * 400
    + b"<X/></ISSUING_COUNTRY>"
    + b"<COUNTRY_OF_ISSUE>France</COUNTRY_OF_ISSUE><NOTE>"
    + b" " * 500
    + b"</NOTE>"
    + b"</INDIVIDUAL_DOCUMENT>",
]
"""Things that may stand between two records (or two fields of one): a record nested in
another, and runs of blanks long enough that libxml2 keeps or drops them depending on where
its input buffer ends."""
TEXT_TRAPS = [
    b"<![CDATA[</INDIVIDUAL></INDIVIDUALS><ENTITIES>]]>",
    b"<![CDATA[</ENTITY>]]>",
    b"INDIVIDUALS &amp; ENTITIES",
    b"a &lt;/ENTITY&gt; b",
]
"""Comments (the COMMENTS1 field) that look like tags to a byte search."""


def un_individual(number: int, name: str, comment: str, trap: bytes) -> bytes:
    family, _, given_name = name.partition(" ")
    return (
        f"<INDIVIDUAL><DATAID>{number}</DATAID>"
        f"<FIRST_NAME>{family.replace('&', '&amp;')}</FIRST_NAME>".encode()
        + trap
        + f"<SECOND_NAME>{given_name.replace('&', '&amp;')}</SECOND_NAME>"
        f"<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.{number:03}</REFERENCE_NUMBER>"
        f"<LISTED_ON>2016-11-30</LISTED_ON><COMMENTS1>{comment}</COMMENTS1>"
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Ri Won-ho</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
        "<FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
        "</INDIVIDUAL>".encode()
    )


def un_entity(number: int, name: str, comment: str) -> bytes:
    return (
        f"<ENTITY><DATAID>{number}</DATAID><FIRST_NAME>{name.replace('&', '&amp;')} TRADING"
        f"</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.{number:03}"
        f"</REFERENCE_NUMBER><COMMENTS1>IMO 9120906. {comment}</COMMENTS1></ENTITY>".encode()
    )


def maybe(draw: st.DrawFn, things: list[bytes], one_in: int) -> bytes:
    """One of ``things`` about once in ``one_in`` draws, else white space: documents with a
    trap or two, most of them still cut to the end."""
    return draw(st.sampled_from(things)) if draw(st.integers(1, one_in)) == 1 else b"\n  "


@st.composite
def un_documents(draw: st.DrawFn) -> bytes:
    one_in = draw(st.sampled_from([3, 12, 1000]))
    people = [
        un_individual(
            i,
            draw(st.sampled_from(NAMES)),
            maybe(draw, TEXT_TRAPS, one_in).decode().strip() or "plain",
            maybe(draw, TRAPS, one_in),
        )
        for i in range(draw(st.integers(0, 12)))
    ]
    companies = [
        un_entity(
            100 + i,
            draw(st.sampled_from(NAMES)),
            maybe(draw, TEXT_TRAPS, one_in).decode().strip() or "plain",
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    people_tag = (
        maybe(draw, [b'<INDIVIDUALS kind="p">', b'<INDIVIDUALS xmlns="urn:elsewhere">'], one_in)
    ).strip() or b"<INDIVIDUALS>"
    parts = [DECLARATION, UN_ROOT, people_tag]
    for record in people:
        parts += [record, maybe(draw, TRAPS, one_in)]
    parts += [b"</INDIVIDUALS>", maybe(draw, TRAPS, one_in), b"<ENTITIES>"]
    for record in companies:
        parts += [record, maybe(draw, TRAPS, one_in)]
    parts += [b"</ENTITIES>", b"</CONSOLIDATED_LIST>\n"]
    return damaged(draw, b"".join(parts))


def damaged(draw: st.DrawFn, document: bytes) -> bytes:
    """The document as it is, most often, or damaged at a drawn place."""
    how = draw(st.sampled_from(["none"] * 5 + ["cut", "stray", "unclosed"]))
    if how == "none":
        return document
    at = draw(st.integers(len(DECLARATION) + 1, len(document) - 1))
    if how == "cut":
        return document[:at]
    if how == "stray":
        return document[:at] + b"<" + document[at:]
    end = document.find(b"</", at)
    if end < 0:
        return document[:at]
    return document[:end] + document[document.index(b">", end) + 1 :]


def records_or_error(read: object) -> tuple[list[ListRecord], bool]:
    """The records a reading gives before it fails, and whether it failed."""
    found: list[ListRecord] = []
    try:
        for record in read:  # type: ignore[attr-defined]
            found.append(record)
    except ListFormatError:
        return found, True
    return found, False


def check_pieces(path: Path, format: str, layout: XmlLayout, size: int) -> str:
    """Assert the rule of the module docstring for ``path``; say which way it was read."""
    whole, whole_failed = records_or_error(un.records(path) if format == "un" else eu.records(path))
    cutter = XmlCutter(path, layout, size)
    given_records: list[ListRecord] = []
    failed = False
    for piece in cutter.pieces(lambda: None):
        try:
            given_records += list(piece_records(format, path, piece))
        except ListFormatError:
            failed = True  # the plan reads the file again in one process from here
            break
    if cutter.complete and not failed and given_records:  # else read in one process
        assert not whole_failed
        assert given_records == whole
        return "read in pieces"
    assert given_records == whole[: len(given_records)]
    return f"read in one process after {'some' if given_records else 'no'} records"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=un_documents(), size=st.integers(1, 900))
def test_un_pieces_read_as_the_whole_file(document: bytes, size: int, tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(document)
    event(check_pieces(path, "un", un.LAYOUT, size))


EU_RECORD = EU.read_bytes().split(b"<sanctionEntity ", 2)[1].rsplit(b"</sanctionEntity>", 1)[0]


@st.composite
def eu_documents(draw: st.DrawFn) -> bytes:
    head = EU.read_bytes().split(b"<sanctionEntity ", 1)[0]
    parts = [head]
    for number in range(draw(st.integers(0, 8))):
        record = EU_RECORD.replace(b'logicalId="1"', f'logicalId="{number}"'.encode(), 1)
        if draw(st.booleans()):
            record = record.replace(
                b"<regulation ", draw(st.sampled_from(TRAPS)) + b"<regulation ", 1
            )
        parts += [b"<sanctionEntity ", record, b"</sanctionEntity>", draw(st.sampled_from(TRAPS))]
    parts.append(b"</export>\n")
    return damaged(draw, b"".join(parts))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=eu_documents(), size=st.integers(1, 6000))
def test_eu_pieces_read_as_the_whole_file(document: bytes, size: int, tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_bytes(document)
    event(check_pieces(path, "eu", eu.LAYOUT, size))


@pytest.mark.parametrize(("path", "format"), [(UN_2026, "un"), (EU, "eu")], ids=["un", "eu"])
def test_the_real_excerpts_are_cut_into_pieces(path: Path, format: str) -> None:
    layout = un.LAYOUT if format == "un" else eu.LAYOUT
    cutter = XmlCutter(path, layout, 1000)
    pieces = list(cutter.pieces(lambda: None))
    assert cutter.complete and len(pieces) > 4
    assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
    assert pieces[-1].end == path.stat().st_size
    assert [r for p in pieces for r in piece_records(format, path, p)] == list(
        un.records(path) if format == "un" else eu.records(path)
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<?xml version="1.0"?>\n<R a="1">rest', (b'<?xml version="1.0"?>\n<R a="1">', b"</R>")),
        (b"\xef\xbb\xbf<R>x", (b"\xef\xbb\xbf<R>", b"</R>")),
        (b"<R a='x>y' b=\"'\">x", (b"<R a='x>y' b=\"'\">", b"</R>")),
        (
            b'<?xml version="1.0" encoding="utf-8"?><ns:R xmlns:ns="u">',
            (b'<?xml version="1.0" encoding="utf-8"?><ns:R xmlns:ns="u">', b"</ns:R>"),
        ),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><R>', None),  # not cut: another encoding
        (b'<?xml version="1.0"?><!DOCTYPE R [<!ENTITY a "b">]><R>', None),  # refused whole
        (b"<!-- before --><R>", None),
        (b"\xff\xfe<\x00R\x00>\x00", None),  # UTF-16
        (b"<R/>", None),
        (b"<R a='1", None),
        (b"", None),
    ],
)
def test_the_prolog_of_a_file_that_can_be_cut(
    head: bytes, expected: tuple[bytes, bytes] | None
) -> None:
    assert prolog(head) == expected


def un_record(number: int, inside: bytes = b"") -> bytes:
    return (
        (
            f"<INDIVIDUAL><DATAID>{number}</DATAID><FIRST_NAME>P{number}</FIRST_NAME>"
            f"<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.{number}</REFERENCE_NUMBER>"
        ).encode()
        + inside
        + b"</INDIVIDUAL>\n"
    )


def un_of(body: bytes) -> bytes:
    return DECLARATION + UN_ROOT + b"<INDIVIDUALS>" + body + b"</INDIVIDUALS></CONSOLIDATED_LIST>\n"


def test_a_record_inside_a_record_reads_the_same_in_pieces(tmp_path: Path) -> None:
    """A record nested in another (the 64th of the file): what each gives must not depend on
    where the reading began, nor on how many records came before."""
    inner = un_record(9002).strip()
    path = tmp_path / "nested.xml"
    path.write_bytes(
        un_of(
            b"".join(un_record(n) for n in range(1, 64))
            + un_record(9001, inner)
            + b"".join(un_record(n) for n in range(100, 200))
        )
    )
    for size in (1500, 4000):
        assert check_pieces(path, "un", un.LAYOUT, size) == "read in pieces"


@pytest.mark.parametrize("root", [b"<OTHER>", b"<CONSOLIDATED_LIST>"])
def test_records_inside_records_read_the_same_at_once_whatever_the_root(
    root: bytes, tmp_path: Path
) -> None:
    """A piece parsed whole leaves a record at the top unreleased (its tree is freed with the
    piece's); one inside another record, or under a root that is not the list's, must be
    released as the streaming reading releases it: the record around it reads what is left
    (its fields before the inner record are gone). The whole file as one piece, then (the
    list's root only: under another, a piece without the ``<CONSOLIDATED_LIST>`` fails) as
    the cutter cuts it."""
    deep = un_record(9003).strip()
    inner = un_record(9002, deep).strip()
    path = tmp_path / "nested.xml"
    path.write_bytes(
        DECLARATION
        + root
        + b"<INDIVIDUALS><CONSOLIDATED_LIST/>"
        + b"".join(un_record(n) for n in range(1, 30))
        + un_record(9001, inner)
        + b"".join(un_record(n) for n in range(100, 130))
        + b"</INDIVIDUALS>"
        + root.replace(b"<", b"</")
        + b"\n"
    )
    whole = list(un.records(path))
    assert [r.record_key for r in whole][28:32] == ["29", "9003", "", ""]  # DATAIDs gone
    assert list(piece_records("un", path, Piece(b"", 0, path.stat().st_size))) == whole
    for size in (1500, 4000) if root == UN_ROOT_NAME else ():
        assert check_pieces(path, "un", un.LAYOUT, size) == "read in pieces"


def test_long_blank_runs_read_the_same_in_pieces(tmp_path: Path) -> None:
    """libxml2 keeps or drops a long blank run before a tag depending on where its input
    buffer ends (the UN reading drops blank text): a document whose issuing country is such a
    run, beside a country of issue, at many places relative to the buffers."""
    document = (
        b"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>123456</NUMBER>"
        + b"<ISSUING_COUNTRY>"
        + b" " * 400
        + b"<X/></ISSUING_COUNTRY><COUNTRY_OF_ISSUE>France</COUNTRY_OF_ISSUE>"
        + b"</INDIVIDUAL_DOCUMENT>"
    )
    path = tmp_path / "blank.xml"
    for pad in range(0, 33000, 53):
        filler = b"<COMMENTS1>" + b"y" * (pad + 20000) + b"</COMMENTS1>"
        path.write_bytes(
            un_of(
                b"".join(un_record(n) for n in range(1, 120))
                + un_record(500, filler + document)
                + b"".join(un_record(n) for n in range(600, 640))
            )
        )
        assert check_pieces(path, "un", un.LAYOUT, 10000) == "read in pieces"


OFAC = OFAC_ADVANCED.read_bytes()
OFAC_HEAD = OFAC[: OFAC.index(b"<DistinctParties>")]
OFAC_PARTIES = [
    m[0] for m in re.finditer(rb"<DistinctParty FixedRef.*?</DistinctParty>", OFAC, re.S)
]
OFAC_TAIL = OFAC[OFAC.index(b"</DistinctParties>") + len(b"</DistinctParties>") :]
OFAC_ENTRY = re.search(rb"<SanctionsEntry .*?</SanctionsEntry>", OFAC, re.S)[0]  # type: ignore[index]
OFAC_TRAPS = [
    b"<!-- </DistinctParty></DistinctParties><DistinctParties> -->",
    b"<!-- <SanctionsEntries> <DistinctParties> -->",
    b"<?note </DistinctParty> <DistinctParties>?>",
    b"<![CDATA[</DistinctParty>]]>",
    b"\n\n   ",
    b'<Location ID="917069"><LocationCountry CountryID="11033"/></Location>',
    b'<IDRegDocument ID="1" IDRegDocTypeID="1571" IdentityID="917069">'
    b"<IDRegistrationNo>PP 12345</IDRegistrationNo></IDRegDocument>",
    b"<ProfileRelationship ID='1' From-ProfileID='9639' To-ProfileID='17069'/>",
    OFAC_ENTRY,
]
"""Things that may stand between two parties, or among the tables, or after the entries:
tags a byte search would take for the sections' own, and elements that are not where the
reading in pieces expects them (a location and a document that later parties refer to, among
the parties; an entry before the end)."""
OFAC_TAIL_TRAPS = [
    b'<!-- <SanctionsEntries><SanctionsEntry ID="1" ProfileID="9639" ListID="91243">'
    b"</SanctionsEntry></SanctionsEntries> -->",
    b"<!-- <SanctionsEntries -->",
    OFAC_PARTIES[-1].replace(b'FixedRef="', b'FixedRef="7'),
]
"""After the entries: entries in a comment (not those of the file: refused), a section start
tag in one (the tail cannot be read on its own), a party (a record of a reading in one
process)."""
OFAC_ENTRY_TRAPS = [
    b"<ProfileRelationship ID='2' From-ProfileID='9639' To-ProfileID='17069'/>",
    b"<ReferenceValueSets/>",
    b'<Location ID="917070"/>',
]
"""Inside an entry: elements the reading in one process handles, and frees, wherever they
stand (the entry it then compares with the tail's lacks its children before them: refused)."""


@st.composite
def ofac_documents(draw: st.DrawFn) -> bytes:
    one_in = draw(st.sampled_from([3, 12, 1000]))
    head = OFAC_HEAD.replace(
        b"</Locations>", maybe(draw, OFAC_TRAPS, one_in) + b"</Locations>"
    ) + maybe(draw, OFAC_TRAPS, one_in)
    parts = [head, b"<DistinctParties>"]
    for number in range(draw(st.integers(0, 10))):
        party = draw(st.sampled_from(OFAC_PARTIES))
        parts += [party.replace(b'FixedRef="', b'FixedRef="%d' % number, 1)]
        parts.append(maybe(draw, OFAC_TRAPS, one_in))
    tail = OFAC_TAIL.replace(
        b"</SanctionsEntries>", b"</SanctionsEntries>" + maybe(draw, OFAC_TAIL_TRAPS, one_in)
    ).replace(b"</SanctionsEntry>", maybe(draw, OFAC_ENTRY_TRAPS, one_in) + b"</SanctionsEntry>", 1)
    parts += [b"</DistinctParties>", maybe(draw, OFAC_TRAPS, one_in), tail]
    return damaged(draw, b"".join(parts))


def ofac_in_pieces(path: Path, size: int) -> tuple[list[ListRecord], bool]:
    """The records the plan gives before it reads the rest in one process, and whether it
    read them all in pieces (as :func:`~nkcase.screening.pipeline.ofac_plan.ofac_chunks`)."""
    head, tail = read_round_part(path, "head"), read_round_part(path, "tail")
    if head is None or tail is None or head[1] >= tail[1]:  # as OfacScan.run decides
        return [], False
    tables, entries = pickle.loads(head[0]), pickle.loads(tail[0])
    cutter = XmlCutter(path, ofac_advanced.PARTIES, size, (head[1], tail[1]))
    given: list[ListRecord] = []
    for piece in cutter.pieces(lambda: None):
        try:
            given += list(ofac_advanced.piece_records(path, piece, tables, entries))
        except ListFormatError:
            return given, False
    return given, cutter.complete and bool(given)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=ofac_documents(), size=st.integers(1, 9000))
def test_ofac_parties_read_as_the_whole_file(document: bytes, size: int, tmp_path: Path) -> None:
    """When the first round and every piece read, the records are the whole file's and the
    whole file is not refused (its entries are the tail's); else the records given before
    are its first records (the rest is read in one process, with its error if any)."""
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(document)
    whole, whole_failed = records_or_error(ofac_advanced.records(path))
    given, in_pieces = ofac_in_pieces(path, size)
    if in_pieces:
        assert not whole_failed
        assert given == whole
        event("read in pieces")
    else:
        assert given == whole[: len(given)]
        event(f"read in one process after {'some' if given else 'no'} records")


def test_the_ofac_excerpt_is_read_in_pieces(tmp_path: Path) -> None:
    for size in (1, 700, 5000, 10**6):
        given, in_pieces = ofac_in_pieces(OFAC_ADVANCED, size)
        assert in_pieces and given == list(ofac_advanced.records(OFAC_ADVANCED))


def test_the_head_ends_at_the_first_section_start_tag_whatever_the_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start tag is found when the blocks read cut it anywhere (names that merely begin
    like it are passed over)."""
    from nkcase.screening.pipeline import xml_pieces

    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(
        OFAC_HEAD + b"<DistinctPartiesX/><DistinctParties\n>" + OFAC[len(OFAC_HEAD) + 17 :]
    )
    expected = len(OFAC_HEAD) + len(b"<DistinctPartiesX/>")
    for block in (*range(1, 40), 1000, 2**20):
        monkeypatch.setattr(xml_pieces, "SEARCH_BLOCK_BYTES", block)
        head = head_before(path, b"DistinctParties")
        assert head is not None and (head.prefix, head.start, head.end) == (b"", 0, expected)
        assert head.suffix == b"</Sanctions>"
    assert head_before(path, b"Nowhere") is None


def test_a_span_is_cut_to_its_end_and_must_close_what_it_opened(tmp_path: Path) -> None:
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(
        DECLARATION + b"<Sanctions><A/><DistinctParties><DistinctParty>1</DistinctParty>"
        b"<DistinctParty>2</DistinctParty>\n</DistinctParties><Z/></Sanctions>\n"
    )
    data = path.read_bytes()
    start, inside = data.index(b"<DistinctParties>"), data.index(b"</DistinctParties>")
    after = inside + len(b"</DistinctParties>")
    for size in (1, 10, 1000):
        cutter = XmlCutter(path, ofac_advanced.PARTIES, size, (start, after))
        pieces = list(cutter.pieces(lambda: None))
        assert cutter.complete and (len(pieces) > 1 or size == 1)
        assert pieces[0].start == start and pieces[-1].end == after
        assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
        assert all(p.suffix.endswith(b"</Sanctions>") for p in pieces)
        assert pieces[-1].suffix == b"</Sanctions>"
        for stop in (inside, len(data) + 5):  # the container left open; past the file's end
            cutter = XmlCutter(path, ofac_advanced.PARTIES, size, (start, stop))
            list(cutter.pieces(lambda: None))
            assert not cutter.complete
