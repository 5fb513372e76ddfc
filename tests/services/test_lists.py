"""List snapshots in a casebook: import, the storage API screening reads, diff, remove, and the
bulk write path (one audited operation, nothing half-written, not on the undo stack)."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from nkcase.errors import CancelledError, ConflictError, IngestError, UsageError
from nkcase.model import AuditEvent, ListRecordRow
from nkcase.services import audit
from nkcase.services.bulk import collector_paused
from nkcase.services.check import check_casebook
from nkcase.services.list_diff import diff_snapshots
from nkcase.services.list_records import (
    get_snapshot,
    iter_names,
    iter_records,
    list_snapshots,
    record_by_key,
    records_by_id,
    records_with_identifier,
    verify_list_files,
)
from nkcase.services.lists import import_list, remove_snapshot
from nkcase.store import Casebook, create_casebook, open_casebook
from tests.backends import behind_nkcase
from tests.screening.lists import EU, FTM_DPRK, OFAC_ADVANCED, OFAC_CSV, UN_2024, UN_2026


def test_import_un_snapshot(casebook: Casebook) -> None:
    progress: list[tuple[int, int, str]] = []
    result = import_list(casebook, UN_2026, progress=lambda *a: progress.append(a))
    info = result.snapshot
    assert (info.list_code, info.format, info.generated) == ("un-sc", "un", "2026-01-28")
    assert info.record_count == 12 and info.counts == {"Organization": 4, "Person": 8}
    assert info.sha256 == __import__("hashlib").sha256(UN_2026.read_bytes()).hexdigest()
    assert [f.role for f in info.files] == ["main"]
    assert result.since_previous is None
    assert progress and progress[-1][0] == progress[-1][1] == UN_2026.stat().st_size
    assert list_snapshots(casebook) == [info]
    assert get_snapshot(casebook, info.id[:6]) == info


def test_one_summary_event_in_the_audit_chain(casebook: Casebook) -> None:
    result = import_list(casebook, UN_2026)
    with casebook.reading() as session:
        (event,) = audit.list_events(session)
    assert event.action == "lists.import"
    assert "12 records" in event.summary and result.snapshot.sha256[:12] in event.summary
    tables = [c.get("table") for c in event.changes]
    assert tables == ["list_snapshot_file", "list_snapshot", None]  # subjects, then the summary
    summary = event.changes[-1]["bulk"]
    assert summary["scope"] == ["snapshot_id", result.snapshot.id]
    assert summary["inserted"]["list_record"] == 12
    assert summary["inserted"]["list_name"] > 12
    file_row = event.changes[0]["after"]
    assert file_row["data"] == {"sha256": result.snapshot.sha256, "length": UN_2026.stat().st_size}
    assert result.change.audit_id == event.id
    assert result.change.flags.names_set() == {"lists"}
    assert check_casebook(casebook) == []


def test_storage_api_for_screening(casebook: Casebook) -> None:
    un_id = import_list(casebook, UN_2026).snapshot.id
    ofac_id = import_list(casebook, OFAC_CSV).snapshot.id
    with casebook.reading() as session:
        stored = list(iter_records(session, [un_id, ofac_id], batch=5))
        assert len(stored) == 20 and len({s.id for s in stored}) == 20
        ri = record_by_key(session, un_id, "6908555")
        assert ri is not None and ri.record.reference == "KPi.033"
        assert records_by_id(session, [ri.id])[ri.id] == ri
        ri_names = [n for n in iter_names(session, [un_id], batch=7) if n.record_id == ri.id]
        assert [(n.name, n.quality, n.family, n.parts) for n in ri_names] == [
            ("RI WON HO", "name", "RI", ("RI", "WON HO"))
        ]
        (vessel_id,) = records_with_identifier(session, "imo", "IMO8132835")
        assert records_by_id(session, [vessel_id])[vessel_id].record.schema == "Vessel"
        assert records_with_identifier(session, "imo", "IMO8132835", [un_id]) == []


def test_newer_snapshot_shows_what_changed(casebook: Casebook) -> None:
    old = import_list(casebook, UN_2024).snapshot
    result = import_list(casebook, UN_2026)
    since = result.since_previous
    assert since is not None and since.old_id == old.id
    assert (since.added, since.removed, since.amended, since.unchanged) == (1, 1, 1, 10)
    diff = diff_snapshots(casebook, old.id[:8], result.snapshot.id[:8])
    assert [c.reference for c in diff.of_kind("added")] == ["IRe.078"]
    assert [c.reference for c in diff.of_kind("removed")] == ["HTi.005"]
    (amended,) = diff.of_kind("amended")
    assert amended.reference == "TAi.007" and amended.fields == ["birth_places"]


def test_diff_refuses_different_lists(casebook: Casebook) -> None:
    un = import_list(casebook, UN_2026).snapshot.id
    eu = import_list(casebook, EU).snapshot.id
    with pytest.raises(UsageError, match="different lists"):
        diff_snapshots(casebook, un, eu)


def test_same_file_twice_is_refused(casebook: Casebook) -> None:
    import_list(casebook, UN_2026)
    with pytest.raises(IngestError, match="already imported as snapshot"):
        import_list(casebook, UN_2026)


def test_cancel_half_way_leaves_nothing(casebook: Casebook, tmp_path: Path) -> None:
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3  # after the file is stored and a batch or so is written

    with pytest.raises(CancelledError):
        import_list(casebook, OFAC_ADVANCED, cancelled=cancelled)
    assert calls > 3
    assert list_snapshots(casebook) == []
    with casebook.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
        assert session.scalar(select(func.count()).select_from(ListRecordRow)) == 0
    assert check_casebook(casebook) == []


def test_remove_snapshot(casebook: Casebook) -> None:
    keep = import_list(casebook, FTM_DPRK).snapshot
    gone = import_list(casebook, UN_2026).snapshot
    change = remove_snapshot(casebook, gone.id[:8])
    assert "Removed list snapshot" in change.summary
    assert change.deleted["list_record"] == 12 and change.deleted["list_snapshot_file"] == 1
    assert [s.id for s in list_snapshots(casebook)] == [keep.id]
    with casebook.reading() as session:
        events = audit.list_events(session)
    assert [e.action for e in events] == ["lists.import", "lists.import", "lists.remove"]
    assert check_casebook(casebook) == []
    # a removal is its own command, not undoable: importing again brings the list back
    again = import_list(casebook, UN_2026)
    assert again.snapshot.record_count == 12


def test_remove_refused_while_records_are_cited(casebook: Casebook) -> None:
    """Screening's reviewed matches will refer to list records; removing their snapshot then
    fails with one line and removes nothing (a table standing in for theirs)."""
    snapshot = import_list(casebook, UN_2026).snapshot
    with casebook.writing() as session:
        session.execute(
            text(
                "CREATE TABLE cited "
                "(record_id INTEGER REFERENCES list_record(id) ON DELETE RESTRICT)"
            )
        )
        session.execute(text("INSERT INTO cited SELECT id FROM list_record LIMIT 1"))
    with pytest.raises(ConflictError, match="still cited"):
        remove_snapshot(casebook, snapshot.id)
    assert [s.id for s in list_snapshots(casebook)] == [snapshot.id]


def test_check_sees_reference_data_altered_outside_nkcase(casebook: Casebook) -> None:
    import_list(casebook, UN_2026)
    casebook.close()
    behind_nkcase(
        casebook, "DELETE FROM list_name WHERE id IN (SELECT id FROM list_name LIMIT 2)",
        guards=True,
    )
    with open_casebook(casebook.location) as reopened:
        (problem,) = check_casebook(reopened)
    assert "wrote" in problem and "list_name" in problem and "altered outside nkcase" in problem


def test_verify_rehashes_list_files(casebook: Casebook) -> None:
    import_list(casebook, OFAC_CSV)
    assert verify_list_files(casebook) == (3, [])
    casebook.close()
    behind_nkcase(
        casebook, "UPDATE list_snapshot_file SET data = :data WHERE role = 'alt'", data=bytes(10),
        guards=True,
    )
    with open_casebook(casebook.location) as reopened:
        count, problems = verify_list_files(reopened)
    assert count == 3
    assert problems == [
        "list file alt.csv of OFAC SDN List (undated): original does not match its SHA-256"
    ]


def test_read_only_casebook_refuses_an_import(casebook: Casebook) -> None:
    casebook.close()
    with (
        open_casebook(casebook.location, readonly=True) as readonly,
        pytest.raises(Exception, match="read-only"),
    ):
        import_list(readonly, UN_2026)


def test_stored_counts_by_schema(casebook: Casebook) -> None:
    info = import_list(casebook, OFAC_ADVANCED).snapshot
    assert info.counts == {"Organization": 2, "Person": 2, "Vessel": 2}
    with casebook.reading() as session:
        row = session.scalars(
            select(ListRecordRow).where(ListRecordRow.record_key == "17084")
        ).one()
    assert row.countries == "kp" and row.reference == "17084"
    assert json.loads(row.data)["identifiers"] == [["imo", "IMO8132835", None, None]]


def test_snapshots_in_different_formats_are_not_compared(casebook: Casebook) -> None:
    """OFAC's CSV and XML describe the same record differently: their snapshots are not
    diffed record by record (every record would look amended)."""
    csv_snapshot = import_list(casebook, OFAC_CSV)
    xml_snapshot = import_list(casebook, OFAC_ADVANCED)
    assert csv_snapshot.snapshot.format == "ofac-csv"
    assert xml_snapshot.snapshot.format == "ofac-advanced"
    assert xml_snapshot.since_previous is None
    with pytest.raises(UsageError, match="different formats"):
        diff_snapshots(casebook, csv_snapshot.snapshot.id, xml_snapshot.snapshot.id)


@pytest.mark.file_only  # SQLite's own index handling; PostgreSQL keeps its indexes up
def test_list_indexes_are_kept_through_imports_and_a_cancel(casebook: Casebook) -> None:
    """An import larger than what the casebook's lists hold sets the name and identifier
    indexes aside and builds them once after its rows (SQLite): they are all there after it,
    with their own SQL, and after an import cancelled half-way (the drop is rolled back)."""
    assert casebook.provider.name == "sqlite"

    def indexes() -> dict[str, str]:
        with casebook.reading() as session:
            rows = session.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name IN ('list_name', 'list_identifier', 'list_record')"
                )
            ).all()
        return {name: sql for name, sql in rows}

    made = indexes()
    assert {"ix_list_name_record_id", "ix_list_identifier_value"} <= set(made)
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    with pytest.raises(CancelledError):
        import_list(casebook, OFAC_ADVANCED, cancelled=cancelled)
    assert indexes() == made
    import_list(casebook, FTM_DPRK)  # the first import: indexes built after the rows
    assert indexes() == made
    import_list(casebook, UN_2026)
    assert indexes() == made
    with casebook.reading() as session:
        plan = " ".join(
            str(row[-1])
            for row in session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT record_id FROM list_identifier "
                    "WHERE kind = 'imo' AND value = 'IMO1'"
                )
            )
        )
    assert "ix_list_identifier_value" in plan
    assert check_casebook(casebook) == []


def test_a_bulk_import_leaves_the_cycle_collector_as_it_found_it(casebook: Casebook) -> None:
    """The collector is paused for a bulk operation and switched back on only by one that found
    it on: the app keeps automatic collection off (cycles collected on the GUI thread only)."""
    was = gc.isenabled()
    try:
        gc.enable()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()  # as in the app
        import_list(casebook, UN_2026)
        assert not gc.isenabled()
        gc.enable()
        with pytest.raises(IngestError):
            import_list(casebook, UN_2026)  # refused: already imported
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def _dangling_name_refused(casebook: Casebook, snapshot_id: str) -> bool:
    """Whether a name row naming a record that does not exist is refused (foreign keys)."""
    try:
        with casebook.writing() as session:
            session.execute(
                text(
                    "INSERT INTO list_name (record_id, snapshot_id, name, quality, parts) "
                    "VALUES (999999, :s, 'NOBODY', 'name', '[]')"
                ),
                {"s": snapshot_id},
            )
    except IntegrityError:
        return True
    return False


def test_references_are_checked_again_after_an_import(casebook: Casebook) -> None:
    """A list import writes its rows without per-row reference checks (they refer only to
    each other; SQLite): every later transaction has them again, after an import that
    succeeded and after one that was cancelled, and the imported rows' references all hold."""
    snapshot = import_list(casebook, UN_2026).snapshot
    assert _dangling_name_refused(casebook, snapshot.id)
    with pytest.raises(CancelledError):
        import_list(casebook, FTM_DPRK, cancelled=lambda: True)
    assert _dangling_name_refused(casebook, snapshot.id)
    assert check_casebook(casebook) == []  # SQLite's foreign-key check over every row


@pytest.mark.file_only  # SQLCipher: a file's own property
def test_references_are_checked_after_an_import_into_an_encrypted_casebook(
    tmp_path: Path,
) -> None:
    def cache_size(book: Casebook) -> int:
        with book.writing() as session:
            return int(session.execute(text("PRAGMA cache_size")).scalar_one())

    with create_casebook(tmp_path / "secret.nkcase", passphrase="correct horse 7") as book:
        usual = cache_size(book)
        snapshot = import_list(book, FTM_DPRK).snapshot
        assert _dangling_name_refused(book, snapshot.id)
        assert cache_size(book) == usual  # the import's larger page cache given back
        assert check_casebook(book) == []
