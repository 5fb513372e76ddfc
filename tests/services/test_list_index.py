"""The blocking index stored with its snapshot: loaded, it screens exactly as one built afresh;
stale, foreign or damaged, it is built again and never used; it goes with its snapshot; a
read-only or busy casebook screens without storing it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from nkcase.model import ListBlocking, ListSnapshot
from nkcase.screening.matching import Subject
from nkcase.screening.matching.index import IndexPart, RecordIndex
from nkcase.screening.records import RecordName
from nkcase.services import list_index
from nkcase.services.list_index import built_from, load_part, snapshot_entries
from nkcase.services.list_records import records_by_id
from nkcase.services.lists import import_list, remove_snapshot
from nkcase.services.screening import screen
from nkcase.services.screening_inputs import forget_indexes, snapshot_index
from nkcase.store import Casebook, open_casebook
from tests.backends import behind_nkcase
from tests.screening.lists import EU, FTM_DPRK, FTM_YENTE, OFAC_ADVANCED, OFAC_CSV, UN_2026
from tests.screening.test_matching import load_pairs

EXCERPTS = [UN_2026, OFAC_ADVANCED, OFAC_CSV, EU, FTM_DPRK, FTM_YENTE]


@pytest.fixture(autouse=True)
def _new_process() -> None:
    """Every test starts as a new process would: no index kept in memory."""
    forget_indexes()


def _subjects() -> list[Subject]:
    """Names to screen: both sides of every labelled pair, and a few spellings."""
    names: dict[str, str] = {}
    for _label, schema, screened, listed, _kind in load_pairs():
        names.setdefault(screened, schema)
        names.setdefault(listed, schema)
    names.update({"리원호": "Person", "Kim Jong Un": "Person", "Chong Chon Gang": "Vessel"})
    return [
        Subject(f"s{number}", schema, (RecordName(name),))
        for number, (name, schema) in enumerate(sorted(names.items()))
    ]


def _results(index: RecordIndex, subjects: Sequence[Subject]) -> list[Any]:
    """Every candidate (not only those above the threshold) with its score and features."""
    out = []
    for subject in subjects:
        hits = index.search(subject, threshold=0.0, limit=1000)
        out.append([
            (h.record_id, h.match.score, h.match.matched_name,
             [f.as_json() for f in h.match.features])
            for h in hits
        ])
        out.append(index.candidate_ids(subject))
    return out


def _fresh(casebook: Casebook, snapshot_ids: Sequence[str]) -> RecordIndex:
    """The index built in memory from the casebook's names, as before anything was stored."""
    def fetch(ids: Sequence[int]) -> dict[int, object]:
        with casebook.reading() as session:
            return {i: s.record for i, s in records_by_id(session, ids).items()}

    with casebook.reading() as session:
        parts = [IndexPart.build(snapshot_entries(session, s)) for s in sorted(snapshot_ids)]
    return RecordIndex(parts, fetch)  # type: ignore[arg-type]


def _snapshots(casebook: Casebook) -> list[str]:
    with casebook.reading() as session:
        return sorted(session.scalars(select(ListSnapshot.id)))


def _stored_rows(casebook: Casebook, snapshot_id: str | None = None) -> int:
    with casebook.reading() as session:
        query = select(func.count()).select_from(ListBlocking)
        if snapshot_id is not None:
            query = query.where(ListBlocking.snapshot_id == snapshot_id)
        return int(session.scalar(query) or 0)


def _stored(casebook: Casebook, snapshot_id: str) -> IndexPart | None:
    with casebook.reading() as session:
        return load_part(session, snapshot_id, built_from(session, snapshot_id))


def test_a_loaded_index_screens_exactly_as_a_fresh_one(casebook: Casebook) -> None:
    for path in EXCERPTS:
        import_list(casebook, path)
    ids = _snapshots(casebook)
    assert _stored_rows(casebook) == 0  # not written at import
    subjects = _subjects()
    fresh = _results(_fresh(casebook, ids), subjects)
    built = snapshot_index(casebook, ids)  # built, and stored
    assert all(_stored(casebook, s) is not None for s in ids)
    assert _results(built, subjects) == fresh
    forget_indexes()
    calls: list[str] = []
    real = list_index.IndexPart.build

    def counting(entries: Any) -> IndexPart:
        calls.append("build")
        return real(entries)

    list_index.IndexPart.build = counting  # type: ignore[method-assign]
    try:
        loaded = snapshot_index(casebook, ids)
    finally:
        list_index.IndexPart.build = real  # type: ignore[method-assign]
    assert calls == []  # every part came from the casebook
    assert _results(loaded, subjects) == fresh
    assert any(h for h in fresh[::2])  # the comparison compares something


def test_a_loaded_index_screens_one_snapshot_and_a_set_alike(casebook: Casebook) -> None:
    """Screening UN alone stores its part; screening UN with the EU list then loads it and
    builds only the EU part, with the results of an index built over both."""
    import_list(casebook, UN_2026)
    import_list(casebook, EU)
    ids = _snapshots(casebook)
    with casebook.reading() as session:
        un = session.scalars(select(ListSnapshot.id).where(ListSnapshot.list_code == "un-sc")).one()
    snapshot_index(casebook, [un])
    assert _stored_rows(casebook, un) > 0 and _stored_rows(casebook) == _stored_rows(casebook, un)
    forget_indexes()
    subjects = _subjects()
    assert _results(snapshot_index(casebook, ids), subjects) == _results(
        _fresh(casebook, ids), subjects
    )
    assert all(_stored_rows(casebook, s) > 0 for s in ids)


def test_the_cli_screening_of_a_new_process_uses_the_stored_index(casebook: Casebook) -> None:
    """screen() end to end: the first run stores the index, the second (a new process, as far
    as the index goes) finds the same candidates from the stored one."""
    from nkcase.services import entities

    import_list(casebook, UN_2026)
    person = entities.create_entity(casebook, "Person", "Won Ho Ri").subject_id
    assert person is not None
    first = screen(casebook, entity_ids=[person])
    [snapshot_id] = _snapshots(casebook)
    assert _stored(casebook, snapshot_id) is not None
    forget_indexes()
    again = screen(casebook, entity_ids=[person])
    assert [(c.reference, c.score, c.explanation) for c in again.subjects[0].candidates] == [
        (c.reference, c.score, c.explanation) for c in first.subjects[0].candidates
    ]
    assert again.subjects[0].candidates


def _store_then_forget(casebook: Casebook) -> str:
    import_list(casebook, UN_2026)
    [snapshot_id] = _snapshots(casebook)
    snapshot_index(casebook, [snapshot_id])
    assert _stored(casebook, snapshot_id) is not None
    forget_indexes()
    return snapshot_id


def test_an_index_of_another_format_is_built_again(
    casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot_id = _store_then_forget(casebook)
    monkeypatch.setattr(list_index, "INDEX_FORMAT", list_index.INDEX_FORMAT + 1)
    assert _stored(casebook, snapshot_id) is None  # stale: not used
    snapshot_index(casebook, [snapshot_id])
    assert _stored(casebook, snapshot_id) is not None  # stored again, in the new format
    monkeypatch.undo()
    assert _stored(casebook, snapshot_id) is None  # ...which the old format does not use


@pytest.mark.parametrize(
    "behind",
    [
        # a name added to the snapshot
        "INSERT INTO list_name (record_id, snapshot_id, name, quality, parts) "
        "SELECT record_id, snapshot_id, 'Albatross Seafaring Zyx', 'alias', '[]' "
        "FROM list_name WHERE id = (SELECT min(id) FROM list_name)",
        # the names under other row ids, as another casebook's copy of the list holds them
        "UPDATE list_name SET id = id + 100000",
    ],
    ids=["name-added", "rows-rekeyed"],
)
def test_an_index_of_names_changed_since_is_built_again(casebook: Casebook, behind: str) -> None:
    """The snapshot's names changed behind nkcase's back: the stored index no longer fits
    them, so it is not used; the index built instead is that of the names as they are now."""
    snapshot_id = _store_then_forget(casebook)
    location = casebook.location
    casebook.close()
    behind_nkcase(casebook, behind)
    reopened = open_casebook(location)
    try:
        assert _stored(reopened, snapshot_id) is None
        index = snapshot_index(reopened, [snapshot_id])
        assert _results(index, _subjects()) == _results(
            _fresh(reopened, [snapshot_id]), _subjects()
        )
        if "INSERT" in behind:  # found under the name the stored index did not have
            subject = Subject("q", "LegalEntity", (RecordName("Albatross Seafaring Zyx"),))
            assert index.candidate_ids(subject)
        assert _stored(reopened, snapshot_id) is not None  # and stored again
    finally:
        reopened.close()


def test_a_damaged_or_foreign_index_is_built_again(casebook: Casebook) -> None:
    snapshot_id = _store_then_forget(casebook)
    with casebook.reading() as session:
        header = built_from(session, snapshot_id)
    other = dict(header, names=[10_000, 20_000])
    part = _fresh(casebook, [snapshot_id]).parts[0]
    pieces = list_index.part_pieces(part, header)
    stored_header = pieces[0][2]
    body = [(name, data) for name, _seq, data in pieces[1:]]
    assert list_index.part_from_pieces(header, stored_header, body) is not None
    # built from names under other row ids (another casebook's copy of the list): not used
    assert list_index.part_from_pieces(other, stored_header, body) is None
    # an array cut short, a piece missing, a piece of an unknown array: not used
    short = [(n, d[:-8] if n == "ids" else d) for n, d in body]
    assert list_index.part_from_pieces(header, stored_header, short) is None
    assert list_index.part_from_pieces(header, stored_header, body[1:]) is None
    assert list_index.part_from_pieces(header, stored_header, [*body, ("extra", b"")]) is None
    assert list_index.part_from_pieces(header, b"not json", body) is None


def test_removing_the_snapshot_removes_its_index(casebook: Casebook) -> None:
    snapshot_id = _store_then_forget(casebook)
    assert _stored_rows(casebook, snapshot_id) > 0
    remove_snapshot(casebook, snapshot_id)
    assert _stored_rows(casebook) == 0


@pytest.mark.file_only
def test_a_read_only_casebook_screens_without_storing(casebook: Casebook) -> None:
    import_list(casebook, UN_2026)
    [snapshot_id] = _snapshots(casebook)
    subjects = _subjects()
    expected = _results(_fresh(casebook, [snapshot_id]), subjects)
    path = casebook.path
    casebook.close()
    with open_casebook(path, readonly=True) as reader:
        assert _results(snapshot_index(reader, [snapshot_id]), subjects) == expected
        assert _stored_rows(reader) == 0


@pytest.mark.file_only
def test_a_busy_casebook_screens_without_storing(casebook: Casebook, tmp_path: Path) -> None:
    """Another connection holds the write lock: storing gives up after a moment and the
    screening goes on with the index built in memory; the next screening stores it."""
    import sqlite3

    import_list(casebook, UN_2026)
    [snapshot_id] = _snapshots(casebook)
    other = sqlite3.connect(casebook.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        index = snapshot_index(casebook, [snapshot_id])
        assert index.search(Subject("q", "Person", (RecordName("Lee Won-ho"),)))
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert _stored_rows(casebook) == 0
    forget_indexes()
    snapshot_index(casebook, [snapshot_id])
    assert _stored(casebook, snapshot_id) is not None


@pytest.mark.file_only
def test_an_encrypted_casebook_stores_its_index_encrypted(tmp_path: Path) -> None:
    """The index's pages are encrypted like every other: the file holds neither its header
    nor its arrays as written (a plain casebook, the control, holds both), and it loads."""
    from nkcase.store import create_casebook

    for name, passphrase in (("plain.nkcase", None), ("secret.nkcase", "correct horse battery")):
        path = tmp_path / name
        with create_casebook(path, passphrase=passphrase) as book:
            import_list(book, UN_2026)
            [snapshot_id] = _snapshots(book)
            part = snapshot_index(book, [snapshot_id]).parts[0]
            with book.reading() as session:
                header = built_from(session, snapshot_id)
            pieces = list_index.part_pieces(part, header)
        forget_indexes()
        raw = path.read_bytes()
        hashes = next(data for what, _seq, data in pieces if what == "hashes")
        written = (b'"byteorder"' in raw, hashes[:64] in raw)
        assert written == ((True, True) if passphrase is None else (False, False))
        with open_casebook(path, passphrase=passphrase) as book:
            assert _stored(book, snapshot_id) is not None


@pytest.mark.file_only
def test_copies_and_merges_leave_the_index_out_and_build_their_own(
    casebook: Casebook, tmp_path: Path
) -> None:
    """A copy at a level and a merge bring the snapshot across, never its stored index (its
    list rows may carry other integer keys there): the copy's or the merged casebook's first
    screening builds and stores its own, which screens as a fresh one."""
    from nkcase.exchange.copy import copy_at_level
    from nkcase.exchange.merge import merge_casebooks
    from nkcase.store import create_casebook

    snapshot_id = _store_then_forget(casebook)
    out = tmp_path / "copy.nkcase"
    result = copy_at_level(casebook, out, "public")
    assert "list_blocking" not in result.copied and result.copied["list_name"] > 0
    with create_casebook(tmp_path / "other.nkcase") as other:
        merge_casebooks(other, casebook)
        merged = other.path
    subjects = _subjects()
    for path in (out, merged):
        with open_casebook(path) as book:
            assert _snapshots(book) == [snapshot_id] and _stored_rows(book) == 0
            expected = _results(_fresh(book, [snapshot_id]), subjects)
            assert _results(snapshot_index(book, [snapshot_id]), subjects) == expected
            assert _stored(book, snapshot_id) is not None
        forget_indexes()
