"""A list file read by worker processes stores what one process stores, and fails the same way.

``import_list(..., workers=N, chunk_bytes=...)`` forces the parallel reading on files far
smaller than the size where it starts by itself, cut into many small pieces, so that records,
Sanction entities, repeats and errors fall in different pieces than their neighbours.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nkcase.errors import CancelledError
from nkcase.model import ListIdentifier, ListName, ListRecordRow, ListSnapshot
from nkcase.screening.parsers import ListFormatError
from nkcase.services.lists import import_list
from nkcase.store import Casebook
from tests.fixtures.list_digest import import_digest, snapshot_digest
from tests.screening.lists import (
    EU,
    FTM_DPRK,
    FTM_YENTE,
    OFAC_ADVANCED,
    OFAC_CLASSIC,
    OFAC_CSV,
    UN_2024,
    UN_2026,
)
from tests.screening.test_list_import_output import EXPECTED

PARALLEL = {"workers": 2, "chunk_bytes": 700}
WORKER_NAME = "nkcase-list-reader"


@pytest.mark.parametrize(
    ("path", "records", "digest"),
    [
        e
        for e in EXPECTED
        if e[0] in (FTM_DPRK, FTM_YENTE, OFAC_CSV, UN_2024, UN_2026, EU, OFAC_ADVANCED)
    ],
    ids=lambda v: getattr(v, "name", ""),
)
def test_excerpts_read_by_workers_store_the_pinned_rows(
    path: Path, records: int, digest: str, tmp_path: Path
) -> None:
    assert import_digest(path, tmp_path, **PARALLEL) == (records, digest)


def ftm_file(folder: Path, count: int = 150) -> Path:
    """Targets with their Sanction entities before and after them (in other pieces), Address
    entities at the end, blank lines, a key repeated far apart (the first is kept), an
    unnamed record whose key a named one uses later (kept: it was never read as a record)."""
    lines: list[str] = []
    late: list[str] = []
    for i in range(count):
        person = {
            "id": f"p-{i}",
            "schema": "Person" if i % 5 else "Vessel",
            "properties": {
                "name": [f"KIM JONG {i}"],
                "alias": [f"김정{i}"] if i % 3 == 0 else [],
                "lastName": ["KIM"],
                "birthDate": [f"19{50 + i % 40}-01-02"],
                "passportNumber": [str(100000 + i)],
                "addressEntity": [f"addr-{i % 7}"],
            },
            "target": True,
        }
        sanction = {
            "id": f"s-{i}",
            "schema": "Sanction",
            "properties": {"entity": [f"p-{i}"], "programId": [f"P{i % 4}"]},
        }
        (late if i % 2 else lines).append(json.dumps(sanction, ensure_ascii=False))
        lines.append(json.dumps(person, ensure_ascii=False))
        if i % 17 == 0:
            lines.append("")
    lines.insert(10, json.dumps({"id": "p-90", "schema": "Person", "properties": {}}))
    lines.append(json.dumps({"id": "p-3", "schema": "Person", "properties": {"name": ["RI"]}}))
    for a in range(7):
        address = {"id": f"addr-{a}", "schema": "Address", "properties": {"full": [f"{a} St"]}}
        late.append(json.dumps(address))
    folder.mkdir(exist_ok=True)
    path = folder / "entities.ftm.json"
    path.write_text("\n".join(lines + late) + "\n", encoding="utf-8")
    return path


def csv_set(folder: Path, count: int = 150) -> Path:
    """An OFAC CSV set with aliases, addresses, a remark across two lines, and a repeat."""
    folder.mkdir(exist_ok=True)
    sdn, alt, add = [], [], []
    for i in range(count):
        uid = 1000 + (5 if i == count - 1 else i)  # the last repeats an earlier ent_num
        remark = f'"DOB {1 + i % 28} Jun 1964; POB Kaesong;\nPassport {900000 + i}."'
        kind = '"individual"' if i % 4 else "-0- "
        sdn.append(
            f'{uid},"KIM, Chol {i}",{kind},"DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{remark}'
        )
        alt.append(f'{uid},{i},"aka","KIM, Cheol {i}",-0- ')
        add.append(f'{uid},{i},-0- ,"Pyongyang","Korea, North",-0- ')
    (folder / "alt.csv").write_text("\r\n".join(alt) + "\r\n", encoding="utf-8")
    (folder / "add.csv").write_text("\r\n".join(add) + "\r\n", encoding="utf-8")
    (folder / "sdn.csv").write_text("\r\n".join(sdn) + "\r\n\x1a", encoding="utf-8")
    return folder / "sdn.csv"


def un_file(folder: Path, copies: int = 12) -> Path:
    """The UN excerpt with each individual and entity repeated ``copies`` times under new
    DATAIDs (and a blank line between): both containers are cut into many pieces."""

    def repeated(match: re.Match[bytes]) -> bytes:
        return b"\n".join(
            re.sub(rb"<DATAID>(\d+)<", b"<DATAID>%d<" % (int(found[1]) * 100 + copy), match[0])
            for copy in range(copies)
            if (found := re.search(rb"<DATAID>(\d+)<", match[0]))
        )

    data = re.sub(rb"<(INDIVIDUAL|ENTITY)>.*?</\1>", repeated, UN_2026.read_bytes(), flags=re.S)
    folder.mkdir(exist_ok=True)
    path = folder / UN_2026.name
    path.write_bytes(data)
    return path


def eu_file(folder: Path) -> Path:
    """The EU excerpt's entities (with the records' own logicalId), twelve of each."""
    data = EU.read_bytes()
    head, *records = data.split(b"<sanctionEntity ")
    tail = records[-1].split(b"</sanctionEntity>")[-1]
    records[-1] = records[-1][: len(records[-1]) - len(tail)]
    out = [head]
    for copy in range(12):
        for record in records:
            out += [
                b"<sanctionEntity ",
                record.replace(b' logicalId="', b' logicalId="%d' % copy, 1),
            ]
    out.append(tail)
    folder.mkdir(exist_ok=True)
    path = folder / EU.name
    path.write_bytes(b"".join(out))
    return path


def ofac_file(folder: Path, copies: int = 12) -> Path:
    """The OFAC advanced excerpt with each party repeated ``copies`` times under new numbers
    (its FixedRef and profile ID), each with its entries: the parties are cut into many
    pieces, the tables and entries read once."""
    data = OFAC_ADVANCED.read_bytes()

    def renumbered(block: bytes, number: bytes, copy: int, name: bytes = b"") -> bytes:
        new = b'%s"%d"' % (name, int(number) * 100 + copy)
        return block.replace(b'%s"%s"' % (name, number), new)

    def parties(match: re.Match[bytes]) -> bytes:
        return b"\n".join(renumbered(match[0], match[1], copy) for copy in range(copies))

    def entries(match: re.Match[bytes]) -> bytes:
        return b"\n".join(renumbered(match[0], match[1], c, b"ProfileID=") for c in range(copies))

    party = rb'<DistinctParty FixedRef="(\d+)">.*?</DistinctParty>'
    entry = rb'<SanctionsEntry ID="\d+" ProfileID="(\d+)".*?</SanctionsEntry>'
    data = re.sub(party, parties, data, flags=re.S)
    data = re.sub(entry, entries, data, flags=re.S)
    folder.mkdir(exist_ok=True)
    path = folder / "sdn_advanced.xml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "make",
    [ftm_file, csv_set, un_file, eu_file, ofac_file],
    ids=["ftm", "ofac-csv", "un", "eu", "ofac-advanced"],
)
def test_split_files_store_the_same_rows_and_warnings(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "list")
    for name in ("one", "many"):
        (tmp_path / name).mkdir()
    one = import_digest(path, tmp_path / "one", workers=0)
    assert import_digest(path, tmp_path / "many", workers=2, chunk_bytes=512) == one


def test_rows_many_per_statement_keep_the_file_order(casebook: Casebook, tmp_path: Path) -> None:
    """Rows go in many per statement (``store/blobs.py``): a file of more records, names and
    identifiers than fit in one statement stores them in file order, each name and identifier
    with its own record, the last ones (fewer than a statement holds) too."""
    count = 450
    import_list(casebook, ftm_file(tmp_path / "list", count), workers=0)
    with casebook.reading() as session:
        keys = session.scalars(select(ListRecordRow.record_key).order_by(ListRecordRow.id))
        assert list(keys) == [f"p-{i}" for i in range(count)]
        for table, column in ((ListName, ListName.name), (ListIdentifier, ListIdentifier.value)):
            owned = session.execute(
                select(ListRecordRow.record_key, column)
                .join(table, table.record_id == ListRecordRow.id)
                .order_by(table.id)
            ).all()
            numbers = [int(key[2:]) for key, _value in owned]
            assert numbers == sorted(numbers)
            assert len(owned) >= count
            for key, value in owned:
                number = int(key[2:])
                assert re.findall(r"\d+", value) in ([str(number)], [str(100000 + number)])


def list_rows(casebook: Casebook) -> tuple[int, ...]:
    with casebook.reading() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (ListSnapshot, ListRecordRow, ListName)
        )


def error_of(casebook: Casebook, path: Path, format: str = "ftm", **options: int) -> str:
    with pytest.raises(ListFormatError) as caught:
        import_list(casebook, path, format=format, **options)
    return str(caught.value)


def assert_same_error_through_the_workers(
    casebook: Casebook,
    damaged: Path,
    format: str,
    cases: dict[str, bytes],
    good: bytes,
    record_end: bytes,
) -> None:
    """Each damaged file gets the one-process error, with its line, through a worker, and
    nothing is written; a file damaged late (a stray ``<`` before a ``record_end`` two thirds
    in, so that pieces fail and the file is read again from its start) never moves the
    progress bar back."""
    for label, data in cases.items():
        damaged.write_bytes(data)
        alone = error_of(casebook, damaged, format, workers=0)
        assert " (line " in alone, label
        assert error_of(casebook, damaged, format, workers=1, chunk_bytes=900) == alone, label
    assert list_rows(casebook) == (0, 0, 0)
    late = good.index(record_end, len(good) * 2 // 3)
    damaged.write_bytes(good[:late] + b"<" + good[late:])
    reported: list[int] = []
    with pytest.raises(ListFormatError):  # read again from the start: the bar stays
        import_list(
            casebook,
            damaged,
            workers=1,
            chunk_bytes=900,
            progress=lambda done, total, label: reported.append(done),
        )
    assert len(reported) > 10 and reported == sorted(reported)


def test_damaged_files_get_the_same_line_and_nothing_is_written(
    casebook: Casebook, tmp_path: Path
) -> None:
    good = ftm_file(tmp_path).read_bytes()
    lines = good.split(b"\n")
    damaged = tmp_path / "damaged.ftm.json"
    cases = [good[: len(good) * k // 5] for k in (2, 4)]  # truncated in a line, at two places
    broken = list(lines)
    broken[len(lines) // 3] = b'{"id": "x", "schema": "Person", "properties": {"name": ['
    cases.append(b"\n".join(broken))  # one damaged target line
    sanction = max(i for i, line in enumerate(lines) if b'"Sanction"' in line)
    broken[sanction] = b'{"id": "s", "schema": "Sanction", '
    cases.append(b"\n".join(broken))  # ...and a later Sanction line: read in the first pass
    for data in cases:
        damaged.write_bytes(data)
        alone = error_of(casebook, damaged, workers=0)
        assert " line " in alone
        assert error_of(casebook, damaged, workers=1, chunk_bytes=600) == alone
    assert list_rows(casebook) == (0, 0, 0)


def test_damaged_xml_gets_the_same_line_and_nothing_is_written(
    casebook: Casebook, tmp_path: Path
) -> None:
    """A damaged piece is read again in one process, from the start, for the error."""
    good = un_file(tmp_path / "list").read_bytes()
    at = good.index(b"</ENTITY>", len(good) // 2)
    cases = {
        "truncated": good[: len(good) * 3 // 5],
        "a stray <": good[:at] + b"<" + good[at:],
        "an end tag lost": good[:at] + good[at + len(b"</ENTITY>") :],
        "an entity": good.replace(b"</COMMENTS1>", b"&nbsp;</COMMENTS1>", 30),
    }
    assert_same_error_through_the_workers(
        casebook, tmp_path / "damaged.xml", "un", cases, good, b"</INDIVIDUAL>"
    )


def test_damaged_ofac_xml_gets_the_same_line_and_nothing_is_written(
    casebook: Casebook, tmp_path: Path
) -> None:
    """Damage in the tables, among the parties or in the entries: the first round or a piece
    fails, and the file is read again in one process, from the start, for the error."""
    good = ofac_file(tmp_path / "list").read_bytes()
    parties = good.index(b"</DistinctParty>", len(good) // 2)
    location = good.index(b"</Location>")
    entry = good.index(b"</SanctionsEntry>", good.index(b"<SanctionsEntries>"))
    cases = {
        "truncated among the parties": good[: len(good) // 2],
        "truncated in the entries": good[: len(good) - 900],
        "a stray < among the parties": good[:parties] + b"<" + good[parties:],
        "a stray < in the tables": good[:location] + b"<" + good[location:],
        "an end tag lost": good[:entry] + good[entry + len(b"</SanctionsEntry>") :],
        "an entity": good.replace(b"<Comment/>", b"<Comment>&nbsp;</Comment>", 30),
        # the tail is read as a document of its own: in the file's encoding, not UTF-8
        "not US-ASCII in the entries": good.replace(
            b"encoding='UTF-8'", b"encoding='US-ASCII'", 1
        ).replace(b"<Comment>NS-PLC</Comment>", "<Comment>NS-PLC é</Comment>".encode(), 1),
    }
    assert_same_error_through_the_workers(
        casebook, tmp_path / "sdn_advanced.xml", "ofac", cases, good, b"</DistinctParty>"
    )


def ofac_refusal(casebook: Casebook, path: Path) -> str:
    """The one-process refusal of the OFAC file at ``path``, which the reading through a
    worker, in small pieces, gives too; nothing is written either way."""
    alone = error_of(casebook, path, "ofac", workers=0)
    assert error_of(casebook, path, "ofac", workers=1, chunk_bytes=900) == alone
    assert list_rows(casebook) == (0, 0, 0)
    return alone


def test_ofac_entries_not_those_of_the_file_are_refused_through_the_workers(
    casebook: Casebook, tmp_path: Path
) -> None:
    """Entries inside a comment after the real ones: the tail read on its own is not what the
    file holds. One process refuses the file; so does the reading in pieces (whose parties'
    last piece, ending inside that comment, fails)."""
    good = ofac_file(tmp_path / "list").read_bytes()
    fake = (
        b'<!-- <SanctionsEntries><SanctionsEntry ID="1" ProfileID="963900" ListID="91243">'
        b"</SanctionsEntry></SanctionsEntries> -->"
    )
    damaged = tmp_path / "sdn_advanced.xml"
    damaged.write_bytes(good.replace(b"</SanctionsEntries>", b"</SanctionsEntries>" + fake))
    assert "are not the entries the file holds" in ofac_refusal(casebook, damaged)


@pytest.mark.parametrize("inside", [b"<ProfileRelationship/>", b"<ReferenceValueSets/>"])
def test_ofac_entries_holding_what_the_whole_reading_frees_are_refused_through_the_workers(
    inside: bytes, casebook: Casebook, tmp_path: Path
) -> None:
    """An element of the tables or relationships inside an entry: the reading in one process
    frees it (and the entry's children before it) before it compares the entry with the tail's,
    and refuses the file; so must the reading in pieces, which never compares them."""
    good = ofac_file(tmp_path / "list").read_bytes()
    damaged = tmp_path / "sdn_advanced.xml"
    damaged.write_bytes(good.replace(b"</SanctionsEntry>", inside + b"</SanctionsEntry>", 1))
    assert "are not the entries the file holds" in ofac_refusal(casebook, damaged)


@pytest.mark.parametrize("empty", [b"<DistinctParties></DistinctParties>", b"<DistinctParties/>"])
def test_an_ofac_file_without_parties_is_refused_through_the_workers(
    empty: bytes, casebook: Casebook, tmp_path: Path
) -> None:
    good = ofac_file(tmp_path / "list").read_bytes()
    start, end = good.index(b"<DistinctParties>"), good.index(b"</DistinctParties>")
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(good[:start] + empty + good[end + len(b"</DistinctParties>") :])
    assert "has no <DistinctParty>" in ofac_refusal(casebook, path)


def ofac_pieces_read(path: Path, chunk_bytes: int = 2000) -> tuple[int, list[int]]:
    """(records given by the workers, the records after which this process read the rest)."""
    from nkcase.screening.list_rows import ChunkRows
    from nkcase.screening.parsers import open_list
    from nkcase.screening.pipeline.ofac_plan import OfacScan, ofac_chunks
    from nkcase.screening.pipeline.pool import OrderedPool

    asked: list[int] = []

    def rest(given: int) -> list[ChunkRows]:
        asked.append(given)
        return []

    with OrderedPool(1) as pool:
        scan = OfacScan(pool, path)
        scan.run(lambda: None)
        chunks = ofac_chunks(pool, open_list(path), chunk_bytes, None, lambda: None, rest, scan)
        return sum(len(chunk.keys) for chunk in chunks), asked


def test_ofac_parties_are_read_by_the_workers_unless_something_is_unusual(
    tmp_path: Path,
) -> None:
    """The parties are read in pieces with the tables and entries of the first round; a table
    or an entry among the parties, a party among the tables or entries (which the reading in
    one process handles in file order), a damaged piece: this process reads the file again,
    from the record after the last one given."""
    path = ofac_file(tmp_path / "list")
    good = path.read_bytes()
    assert ofac_pieces_read(path) == (72, [])
    location = re.search(rb"<Location .*?</Location>", good, re.S)
    party = re.search(rb"<DistinctParty .*?</DistinctParty>", good, re.S)
    entry = re.search(rb"<SanctionsEntry .*?</SanctionsEntry>", good, re.S)
    assert location and party and entry
    middle = good.index(b"</DistinctParty>", len(good) // 2) + len(b"</DistinctParty>")
    for inserted in (location[0], entry[0]):  # among the parties
        path.write_bytes(good[:middle] + inserted + good[middle:])
        given, asked = ofac_pieces_read(path)
        assert asked == [given] and 0 < given < 72
    path.write_bytes(good[:middle] + b"<" + good[middle:])
    given, asked = ofac_pieces_read(path)
    assert asked == [given] and 0 < given < 72
    first_round = (
        good.replace(b"</IDRegDocuments>", b"</IDRegDocuments>" + party[0]),  # among the tables
        good.replace(b"</SanctionsEntries>", b"</SanctionsEntries>" + party[0]),  # after entries
        good.replace(b"<DistinctParties>", b'<DistinctParties kind="x">'),  # not cut
        good.replace(b"<Locations>", b"<Locations><!-- <DistinctParties> -->"),
    )
    for data in first_round:
        path.write_bytes(data)
        assert ofac_pieces_read(path) == (0, [0])


@pytest.mark.parametrize(
    ("share", "free"), [(False, True), (True, True), (True, False)], ids=["two", "here", "busy"]
)
def test_ofac_first_round_gives_the_same_tables_and_entries(
    share: bool, free: bool, tmp_path: Path
) -> None:
    """Both halves read by the workers, or with one worker the tail read here once this
    process is free, or by the worker after the head while this process stays busy. The
    round's progress (``done``, bytes of the file) is that of the tail read here: the whole
    file once it is read, nothing when the workers read it."""
    import pickle

    from nkcase.screening.parsers import ofac_advanced, ofac_entries
    from nkcase.screening.pipeline.ofac_plan import OfacScan
    from nkcase.screening.pipeline.pool import OrderedPool

    path = ofac_file(tmp_path / "list")
    with OrderedPool(2 if not share else 1) as pool:
        scan = OfacScan(pool, path, share=share)
        scan.run(lambda: None, helping=lambda: free)
    tail = ofac_entries.read_tail(path, ofac_advanced.WHAT, None)
    assert tail is not None and scan.usable
    assert scan.span == (path.read_bytes().index(b"<DistinctParties>"), tail.offset)
    assert pickle.loads(scan.entries) == tail.entries
    assert len(pickle.loads(scan.tables).locations) == 7
    assert scan.done == (path.stat().st_size if share and free else 0)


@pytest.mark.parametrize("share", [False, True], ids=["two", "here"])
def test_ofac_first_round_with_its_worker_killed_is_read_here(share: bool, tmp_path: Path) -> None:
    """A worker dead before it answers the first round: its halves are read in this process,
    with the same tables and entries."""
    import pickle

    from nkcase.screening.parsers import ofac_advanced, ofac_entries
    from nkcase.screening.pipeline.ofac_plan import OfacScan
    from nkcase.screening.pipeline.pool import OrderedPool

    path = ofac_file(tmp_path / "list")
    with OrderedPool(1 if share else 2) as pool:
        kill_a_reader()
        scan = OfacScan(pool, path, share=share)
        scan.run(lambda: None, helping=False)
        assert pool.broken
    tail = ofac_entries.read_tail(path, ofac_advanced.WHAT, None)
    assert tail is not None and scan.usable and pickle.loads(scan.entries) == tail.entries
    assert len(pickle.loads(scan.tables).locations) == 7


@pytest.mark.parametrize("share", [False, True], ids=["two", "here"])
def test_cancel_is_asked_while_this_process_reads_the_first_round_of_dead_workers(
    share: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers gone before the first round answers: its halves are read here, and
    Cancel is asked as they are (a third of the file), not only once they are read."""
    from nkcase.screening.parsers import ofac_entries, ofac_tables
    from nkcase.screening.pipeline.ofac_plan import OfacScan
    from nkcase.screening.pipeline.pool import OrderedPool

    monkeypatch.setattr(ofac_entries, "CHECK_EVERY", 1)
    monkeypatch.setattr(ofac_tables, "CHECK_EVERY", 1)
    path = ofac_file(tmp_path / "list")
    with OrderedPool(1 if share else 2) as pool:
        kill_a_reader()

        def check() -> None:  # Cancel pressed once the workers are gone
            if pool.broken:
                raise CancelledError("cancelled")

        with pytest.raises(CancelledError):
            OfacScan(pool, path, share=share).run(check, helping=False)


def test_cancel_is_asked_while_this_process_reads_the_ofac_tail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkcase.screening.parsers import ofac_entries
    from nkcase.screening.pipeline.ofac_plan import OfacScan
    from nkcase.screening.pipeline.pool import OrderedPool

    monkeypatch.setattr(ofac_entries, "CHECK_EVERY", 10)
    path = ofac_file(tmp_path / "list")
    here = threading.current_thread()
    asked: list[int] = []

    def check() -> None:  # the worker's result is awaited on another thread
        if threading.current_thread() is here:
            asked.append(1)
            raise CancelledError("cancelled")

    with pytest.raises(CancelledError), OrderedPool(1) as pool:
        OfacScan(pool, path, share=True).run(check, helping=True)
    assert asked == [1]


def test_the_work_left_to_the_workers_of_an_ofac_file_counts_its_entries(tmp_path: Path) -> None:
    """The last party piece ends where the entries begin: the importer builds its indexes
    once the workers hold the last pieces, known only after the first round."""
    from nkcase.screening.parsers import open_list
    from nkcase.screening.pipeline import RowStream
    from nkcase.screening.pipeline.pool import tasks_ahead

    path = ofac_file(tmp_path / "list")
    entries = path.read_bytes().rindex(b"<SanctionsEntries")
    with RowStream(open_list(path), workers=1, chunk_bytes=900) as stream:
        assert stream.tail_bytes == tasks_ahead(1) * 900
        ends = [chunk.end for chunk in stream.chunks()]
        assert stream.tail_bytes == tasks_ahead(1) * 900 + path.stat().st_size - entries
    assert len(ends) > 50 and ends == sorted(ends) and ends[-1] == entries


def test_xml_is_read_by_the_workers_until_a_piece_fails(tmp_path: Path) -> None:
    """The pieces are read by the workers (this process reads the file again only after a
    piece that fails, from the record after the last one given)."""
    from nkcase.screening.list_rows import ChunkRows
    from nkcase.screening.parsers import open_list
    from nkcase.screening.pipeline.plans import XmlPieces, xml_chunks
    from nkcase.screening.pipeline.pool import OrderedPool

    path = un_file(tmp_path / "list")
    asked: list[int] = []

    def rest(given: int) -> list[ChunkRows]:
        asked.append(given)
        return []

    def read(path: Path) -> int:
        source = open_list(path, "un")
        assert source.layout is not None
        with OrderedPool(1) as pool:
            pieces = XmlPieces(pool, source, source.layout, 2000, lambda: None)
            chunks = xml_chunks(pieces, path, None, rest)
            return sum(len(chunk.keys) for chunk in chunks)

    assert (read(path), asked) == (144, [])
    data = path.read_bytes()
    at = data.index(b"</INDIVIDUAL>", len(data) // 3)
    path.write_bytes(data[:at] + data[at + 1 :])  # the piece around there fails
    given = read(path)
    assert asked == [given] and 0 < given < 100


def test_the_rows_read_ahead_are_a_few_pieces(tmp_path: Path) -> None:
    """While the importing process keeps the file, the rows taken from the workers are held
    up to a bound (memory), and the reading goes on from there."""
    from nkcase.screening.parsers import open_list
    from nkcase.screening.pipeline.plans import XmlPieces
    from nkcase.screening.pipeline.pool import OrderedPool

    path = un_file(tmp_path / "list")
    source = open_list(path, "un")
    assert source.layout is not None
    with OrderedPool(1) as pool:
        pieces = XmlPieces(pool, source, source.layout, 600, lambda: None, helping=False)
        pieces.run(lambda: True, 3)  # busy all along: stops when three are held
        assert not pieces.cutter.complete
        assert sum(len(chunk.keys) for chunk in pieces.results()) == 144
        assert pieces.cutter.complete


def reader_pids() -> set[int]:
    return {p.pid for p in multiprocessing.active_children() if p.name == WORKER_NAME and p.pid}


def kill_a_reader() -> None:
    """SIGKILL one worker of the pool just made, once started (on a thread)."""
    pids: set[int] = set()
    while not pids:
        time.sleep(0.05)
        pids = reader_pids()
    os.kill(min(pids), signal.SIGKILL)


def gone(pid: int) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def large_file(kind: str, folder: Path, copies: int) -> Path:
    if kind == "ftm":
        return ftm_file(folder, copies * 10)
    return (un_file if kind == "un" else ofac_file)(folder / "list", copies)


@pytest.mark.parametrize("kind", ["ftm", "un", "ofac-advanced"])
def test_cancel_ends_the_workers_and_writes_nothing(
    kind: str, casebook: Casebook, tmp_path: Path
) -> None:
    path = large_file(kind, tmp_path, 40)
    seen: set[int] = set()

    def progress(done: int, total: int, label: str) -> None:
        seen.update(reader_pids())

    with pytest.raises(CancelledError):
        import_list(
            casebook,
            path,
            workers=2,
            chunk_bytes=512,
            progress=progress,
            cancelled=lambda: bool(seen),
        )
    assert len(seen) == 2
    assert all(gone(pid) for pid in seen)
    assert list_rows(casebook) == (0, 0, 0)


@pytest.mark.parametrize("kind", ["ftm", "un", "ofac-advanced"])
def test_a_killed_worker_leaves_its_work_to_the_importer(
    kind: str, casebook: Casebook, tmp_path: Path
) -> None:
    path = large_file(kind, tmp_path, 15 if kind == "ftm" else 20)
    killed: list[int] = []

    def progress(done: int, total: int, label: str) -> None:
        if not killed and (pids := reader_pids()):
            killed.append(min(pids))
            os.kill(killed[0], signal.SIGKILL)

    snapshot = import_list(casebook, path, workers=2, chunk_bytes=512, progress=progress).snapshot
    assert killed and gone(killed[0])
    (tmp_path / "one").mkdir()
    assert (snapshot.record_count, snapshot_digest(casebook, snapshot.id)) == import_digest(
        path, tmp_path / "one", workers=0
    )
    assert not reader_pids()


def test_an_import_on_another_thread_uses_the_workers(casebook: Casebook, tmp_path: Path) -> None:
    """As the app's task runner runs it: the workers start from a thread that is not main."""
    path = csv_set(tmp_path / "list")
    found: list[object] = []
    seen: set[int] = set()
    thread = threading.Thread(
        target=lambda: found.append(
            import_list(casebook, path, workers=1, progress=lambda *_: seen.update(reader_pids()))
        )
    )
    thread.start()
    thread.join(120)
    assert found and seen
    (tmp_path / "one").mkdir()
    snapshot = found[0].snapshot  # type: ignore[attr-defined]
    assert (snapshot.record_count, snapshot_digest(casebook, snapshot.id)) == import_digest(
        path, tmp_path / "one", workers=0
    )


def test_which_files_are_read_in_parallel_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large FtM, UN, EU and OFAC advanced XML files and OFAC CSV sets from two cores (a
    worker per core but one: the importing process reads pieces too), small files and OFAC's
    classic XML never; a number asked for is taken as it is (tests, benchmarks)."""
    import shutil

    from nkcase.screening import pipeline
    from nkcase.screening.parsers import open_list

    big = tmp_path / "big.ftm.json"
    line = FTM_DPRK.read_bytes().splitlines(keepends=True)[0]
    big.write_bytes(line * (pipeline.PARALLEL_MIN_BYTES // len(line) + 1))
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    for name in ("alt.csv", "add.csv"):
        shutil.copy(OFAC_CSV.with_name(name), csv_dir / name)
    rows = OFAC_CSV.read_bytes()
    (csv_dir / "sdn.csv").write_bytes(rows * (pipeline.PARALLEL_MIN_BYTES // len(rows) + 1))
    small = open_list(FTM_DPRK)
    big_un = tmp_path / "consolidated.xml"
    head, _, rest = UN_2026.read_bytes().partition(b"<INDIVIDUAL>")
    body, _, tail = rest.partition(b"</INDIVIDUALS>")
    record = b"<INDIVIDUAL>" + body
    big_un.write_bytes(
        head + record * (pipeline.PARALLEL_MIN_BYTES // len(record) + 1) + b"</INDIVIDUALS>" + tail
    )
    big_ofac = tmp_path / "sdn_advanced.xml"
    head, _, rest = OFAC_ADVANCED.read_bytes().partition(b"<DistinctParty ")
    body, _, tail = rest.partition(b"</DistinctParties>")
    parties = (b"<DistinctParty " + body) * (pipeline.PARALLEL_MIN_BYTES // len(body) + 1)
    big_ofac.write_bytes(head + parties + b"</DistinctParties>" + tail)
    ofac = open_list(OFAC_ADVANCED)
    classic = open_list(OFAC_CLASSIC)
    for cpus, ftm, csv in ((1, 0, 0), (2, 1, 1), (3, 2, 2), (4, 3, 3), (8, 4, 4)):
        monkeypatch.setattr(pipeline, "available_cpus", lambda cpus=cpus: cpus)
        assert pipeline.worker_count(open_list(big)) == ftm
        assert pipeline.worker_count(open_list(big_un)) == ftm
        assert pipeline.worker_count(open_list(csv_dir / "sdn.csv")) == csv
        assert pipeline.worker_count(small) == 0
        assert pipeline.worker_count(open_list(UN_2026)) == 0
        assert pipeline.worker_count(open_list(big_ofac)) == ftm
        assert pipeline.worker_count(ofac) == 0
        assert pipeline.worker_count(classic) == 0
        assert pipeline.worker_count(ofac, 2) == 2
        assert pipeline.worker_count(classic, 2) == 0  # no plan for OFAC's classic XML
    assert pipeline.worker_count(small, 2) == 2
