"""Revision 0012: stored list records and screening candidates move to content hash version 2.

A casebook upgraded from 0011 holds version 1 hashes (``repr`` of the sorted content). After
the upgrade, a newer snapshot of the same list, hashed in version 2 at its import, must show
the same records unchanged and the same ones amended as before, and a rejected pair must stay
rejected unless its record changed. The state of an 0011 casebook with a rejected pair is made
by winding a casebook back: its hashes rewritten in version 1 (the frozen copy in
tests/fixtures/content_hash_v1.py) and its revision set to 0011 (0012 changes no table, so the
schema is the same), on a plain file, an encrypted one and a PostgreSQL team casebook. The
released 0011 fixture, made by the 0011 nkcase, is upgraded too.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from nkcase.model import ScreeningCandidate
from nkcase.screening.codec import record_from_json
from nkcase.screening.parsers.content_hash import content_hash
from nkcase.services import entities
from nkcase.services.check import check_casebook
from nkcase.services.list_diff import diff_counts
from nkcase.services.lists import import_list
from nkcase.services.screening import review_candidate, screen
from nkcase.store import Casebook, create_casebook, open_casebook
from nkcase.store.migrate import head_revision
from tests.fixtures.content_hash_v1 import v1_hash
from tests.screening.lists import UN_2024, UN_2026

DATA = Path(__file__).resolve().parent.parent / "data"
PASSPHRASE = "correct horse battery staple"
KPI_033, TAI_007 = "6908555", "110554"  # the UN's DATAID of the two records screened here


def test_version_1_is_what_the_0011_fixture_holds(tmp_path: Path) -> None:
    """The frozen version 1 (tests/fixtures/content_hash_v1.py) is the form an 0011 casebook's
    hashes are in (and version 2 differs from it, so the migration has something to do)."""
    with sqlite3.connect(DATA / "casebook-rev0011.nkcase") as conn:
        rows = conn.execute("SELECT content_hash, data FROM list_record").fetchall()
    assert len(rows) == 12
    for stored, data in rows:
        record = record_from_json(data)
        assert v1_hash(record) == stored == json.loads(data)["hash"]
        assert content_hash(record) != stored


# -- an 0011 casebook with a rejected pair, on each store ------------------------------------


@dataclass
class Store:
    """Where the casebook lives and how it opens (a file, an encrypted file, a team store)."""

    location: str
    passphrase: str | None = None

    def create(self) -> Casebook:
        if self.location.startswith("postgresql"):
            return open_casebook(self.location)
        return create_casebook(Path(self.location), "Case", passphrase=self.passphrase)

    def open(self) -> Casebook:
        if self.location.startswith("postgresql"):
            return open_casebook(self.location)
        return open_casebook(Path(self.location), passphrase=self.passphrase)


@pytest.fixture(params=["sqlite", "sqlcipher", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        yield Store(request.getfixturevalue("team_url"))
    else:
        phrase = PASSPHRASE if request.param == "sqlcipher" else None
        yield Store(str(tmp_path / "case.nkcase"), phrase)


def _wind_back_to_version_1(conn: Connection, revision: str) -> None:
    """Rewrite every stored hash in version 1, as the 0011 nkcase wrote them, and stamp the
    casebook with ``revision``."""
    old_of = {}
    for record_id, data in conn.execute(text("SELECT id, data FROM list_record")).all():
        record = record_from_json(data)
        old = v1_hash(record)
        old_of[record.content_hash] = old
        stored = json.loads(data)
        stored["hash"] = old
        conn.execute(
            text("UPDATE list_record SET content_hash = :h, data = :d WHERE id = :i"),
            {
                "h": old,
                "d": json.dumps(stored, ensure_ascii=False, separators=(",", ":")),
                "i": record_id,
            },
        )
    for candidate_id, current in conn.execute(
        text("SELECT id, content_hash FROM screening_candidate")
    ).all():
        conn.execute(
            text("UPDATE screening_candidate SET content_hash = :h WHERE id = :i"),
            {"h": old_of[current], "i": candidate_id},
        )
    conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def _person(casebook: Casebook, name: str) -> str:
    subject = entities.create_entity(casebook, "Person", name).subject_id
    assert subject is not None
    return subject


def _rejected_pairs(store: Store, revision: str) -> tuple[str, str]:
    """A casebook holding the 2024 UN excerpt and two rejected pairs, wound back to version 1
    hashes at ``revision``: KPi.033 (unchanged in the 2026 excerpt) and TAi.007 (amended
    there: it gained a place of birth). Returns the two subjects."""
    with store.create() as casebook:
        import_list(casebook, UN_2024)
        unchanged, amended = _person(casebook, "Ri Won Ho"), _person(casebook, "Abdul Latif Mansur")
        report = screen(casebook, entity_ids=[unchanged, amended])
        references = {}
        for subject in report.subjects:
            [candidate] = subject.candidates
            references[subject.entity_id] = candidate.reference
            review_candidate(casebook, candidate.id, "reject", "another person")
        assert references == {unchanged: "KPi.033", amended: "TAi.007"}
        with casebook.session() as session, session.begin():
            _wind_back_to_version_1(session.connection(), revision)
    return unchanged, amended


def _candidate_hashes(casebook: Casebook) -> dict[str, str]:
    with casebook.reading() as session:
        rows = session.query(ScreeningCandidate.record_key, ScreeningCandidate.content_hash)
        return dict(rows.all())


def test_after_the_upgrade_a_newer_snapshot_amends_and_reopens_only_what_changed(
    store: Store,
) -> None:
    unchanged, amended = _rejected_pairs(store, "0011")
    with store.open() as casebook:
        assert casebook.upgraded is None or casebook.upgraded.from_revision == "0011"
        with casebook.reading() as session:
            rows = session.execute(text("SELECT content_hash, data FROM list_record")).all()
        for stored, data in rows:  # every record in version 2, column and JSON alike
            assert content_hash(record_from_json(data)) == stored == json.loads(data)["hash"]
        records = {json.loads(d)["key"]: h for h, d in rows}
        held = _candidate_hashes(casebook)  # each candidate its record's new hash
        assert held == {KPI_033: records[KPI_033], TAI_007: records[TAI_007]}
        assert check_casebook(casebook) == []
        newer = import_list(casebook, UN_2026)
        assert newer.since_previous is not None
        counts = newer.since_previous
        assert (counts.amended, counts.unchanged) == (1, 10)  # TAi.007 only
        report = screen(casebook, entity_ids=[unchanged, amended])
        found = {s.entity_id: s.candidates for s in report.subjects}
        assert found[unchanged] == []  # rejected, and the list says nothing new about it
        [reopened] = found[amended]
        assert (reopened.reference, reopened.status) == ("TAi.007", "open")
        assert reopened.note == "reopened"
        assert report.reopened == 1


def test_without_the_upgrade_every_record_would_look_amended(tmp_path: Path) -> None:
    """What revision 0012 prevents: version 1 hashes left in place (the casebook stamped at
    the head, so nothing runs) make the same records look amended and reopen the pairs."""
    store = Store(str(tmp_path / "case.nkcase"))
    unchanged, amended = _rejected_pairs(store, head_revision())
    with store.open() as casebook:
        assert casebook.upgraded is None
        counts = import_list(casebook, UN_2026).since_previous
        assert counts is not None and (counts.amended, counts.unchanged) == (11, 0)
        report = screen(casebook, entity_ids=[unchanged, amended])
        assert report.reopened == 2


def test_the_0011_fixture_upgrades_to_version_2_hashes(tmp_path: Path) -> None:
    """The released 0011 fixture (made by the 0011 nkcase): its records' JSON changes in the
    hash alone, its confirmed candidate follows its record, its stamps and audit log stay."""
    path = tmp_path / "rev11.nkcase"
    shutil.copy(DATA / "casebook-rev0011.nkcase", path)
    with sqlite3.connect(path) as conn:
        before = dict(conn.execute("SELECT id, data FROM list_record").fetchall())
        stamps = conn.execute(
            "SELECT version, origin, content_hash FROM screening_candidate"
        ).fetchall()
        audit = conn.execute("SELECT seq, hash FROM audit_event").fetchall()
    with open_casebook(path) as casebook:
        assert casebook.upgraded is not None and casebook.upgraded.from_revision == "0011"
        assert check_casebook(casebook) == []
        with casebook.reading() as session:
            after = {
                int(i): str(d) for i, d in session.execute(text("SELECT id, data FROM list_record"))
            }
            [(version, origin, new)] = session.execute(
                text(
                    "SELECT c.version, c.origin, r.content_hash FROM screening_candidate c "
                    "JOIN list_record r ON r.id = c.list_record_id"
                )
            ).all()
            logged = session.execute(text("SELECT seq, hash FROM audit_event")).all()
        for record_id, data in before.items():
            old, current = json.loads(data)["hash"], json.loads(after[record_id])["hash"]
            assert current == content_hash(record_from_json(data)) != old
            assert after[record_id] == data.replace(f'"hash":"{old}"', f'"hash":"{current}"')
        [(old_version, old_origin, old_hash)] = stamps
        assert (version, origin) == (old_version, old_origin) and old_hash != new
        assert _candidate_hashes(casebook) == {KPI_033: new}
        assert [tuple(r) for r in logged] == audit  # the upgrade is no user's operation
        with casebook.reading() as session:
            snapshot_2026 = session.execute(text("SELECT id FROM list_snapshot")).scalar_one()
        snapshot_2024 = import_list(casebook, UN_2024).snapshot.id  # the older excerpt
        with casebook.reading() as session:
            counts = diff_counts(session, snapshot_2024, snapshot_2026)
        assert (counts.amended, counts.unchanged) == (1, 10)


def test_a_candidate_whose_hash_differs_from_its_record_keeps_the_difference(
    tmp_path: Path,
) -> None:
    """A candidate whose hash is not its record's (something other than a screening wrote
    one of them) takes the new hash of a stored record that had its hash, else keeps its own:
    either way it still differs from its record's, and the pair reopens as it would have."""
    store = Store(str(tmp_path / "case.nkcase"))
    unchanged, amended = _rejected_pairs(store, "0011")
    with sqlite3.connect(store.location) as conn:
        old = dict(conn.execute("SELECT record_key, content_hash FROM list_record").fetchall())
        conn.execute(
            "UPDATE screening_candidate SET content_hash = ? WHERE record_key = ?",
            (old[TAI_007], KPI_033),
        )
        conn.execute(
            "UPDATE screening_candidate SET content_hash = 'an older version' WHERE record_key = ?",
            (TAI_007,),
        )
    with store.open() as casebook:
        with casebook.reading() as session:
            query = text("SELECT record_key, content_hash FROM list_record")
            new = {str(k): str(h) for k, h in session.execute(query)}
        assert _candidate_hashes(casebook) == {KPI_033: new[TAI_007], TAI_007: "an older version"}
        report = screen(casebook, entity_ids=[unchanged, amended])
        assert report.reopened == 2
