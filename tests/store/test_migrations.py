"""Every released schema revision has a fixture casebook that must open, upgrade and keep all."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from nkcase.services.casefiles import case_file, list_entities
from nkcase.services.check import check_casebook
from nkcase.services.list_records import list_snapshots
from nkcase.store import open_casebook
from nkcase.store.migrate import head_revision, known_revisions

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = sorted(DATA.glob("casebook-rev*.nkcase"))
UN_TITLE = "UN Security Council Consolidated List"


def test_a_fixture_exists_for_every_revision() -> None:
    revisions = {p.name.removeprefix("casebook-rev").removesuffix(".nkcase") for p in FIXTURES}
    assert revisions == known_revisions()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_opens_upgrades_and_keeps_everything(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    revision = (
        sqlite3.connect(path).execute("select version_num from alembic_version").fetchone()[0]
    )
    with open_casebook(path) as casebook:
        if revision == head_revision():
            assert casebook.upgraded is None
        else:
            assert casebook.upgraded is not None
            assert casebook.upgraded.from_revision == revision
            assert casebook.upgraded.backup_path.exists()
        assert check_casebook(casebook) == []
        names = {e.caption: e for e in list_entities(casebook)}
        # What every fixture was made with (see tests/data/make_fixture.py).
        assert {"Albatross Trading", "평양옥류관 Bangkok", 'AT&T <Ltd> "Co"', "Sea Star"} <= set(
            names
        )
        albatross = case_file(casebook, names["Albatross Trading"].id)
        assert [f.value for f in albatross.facts if f.prop == "country"] == ["vn"]
        assert any(n.value == "알바트로스" for n in albatross.names)
        assert len(albatross.relationships) == 1
        if revision >= "0004":  # fixtures made since list snapshots exist hold one
            (snapshot,) = list_snapshots(casebook)
            assert (snapshot.title, snapshot.record_count) == (UN_TITLE, 12)
        else:
            assert list_snapshots(casebook) == []
        if revision >= "0005":  # fixtures made since screening exists hold a designation
            listed = names["Lee Won-ho"].id
            [designation] = case_file(casebook, listed).designations
            assert designation.text == "Designated: UN 1718 · KPi.033 · listed 2016-11-30"


def test_revision_constants_match_the_migration_scripts() -> None:
    from nkcase.store.migrate import REVISIONS, script_revisions

    assert list(REVISIONS) == script_revisions()


def test_upgrade_gives_items_the_levels_of_their_evidence(tmp_path: Path) -> None:
    """A revision-0002 casebook with evidence (tests/data/make_evidence_fixture.py): after the
    upgrade to 0003, what only a protected source supports is protected."""
    from nkcase.services.level_views import case_file_at
    from nkcase.services.quote_records import list_quotes

    path = tmp_path / "evidence.nkcase"
    shutil.copy(DATA / "evidence-rev0002.nkcase", path)
    with open_casebook(path) as casebook:
        assert casebook.upgraded is not None and casebook.upgraded.from_revision == "0002"
        backup = casebook.upgraded.backup_path
        assert backup.exists()
        assert sqlite3.connect(backup).execute(
            "select version_num from alembic_version").fetchone()[0] == "0002"
        assert check_casebook(casebook) == []
        found = {e.caption: e for e in list_entities(casebook)}
        assert {c: e.level.level for c, e in found.items()} == {
            "Albatross Trading": "public", "KESTREL": "protected", "Sea Star": "protected"}
        company = case_file(casebook, found["Albatross Trading"].id)
        account = next(f for f in company.facts if f.prop == "notes")
        assert account.level.level == "protected" and account.level.derived_from == ("Debrief",)
        assert company.relationships[0].level.level == "protected"
        # the quote of the source raised after quoting is raised with it
        assert {q.exact: q.handling for q in list_quotes(casebook)}[
            "The tanker Sea Star called at Nampo"] == "protected"
        public = case_file_at(casebook, found["Albatross Trading"].id, "public")
        assert next(f for f in public.facts if f.prop == "notes").withheld
        assert public.relationships == []


@pytest.mark.parametrize(
    "fixture", [p for p in FIXTURES if p.name >= "casebook-rev0003"], ids=lambda p: p.name
)
def test_levels_and_releases_survive_every_later_revision(fixture: Path, tmp_path: Path) -> None:
    """What make_fixture.py adds since revision 0003: levels, a release, note evidence."""
    from nkcase.services.level_views import case_file_at

    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with open_casebook(path) as casebook:
        names = {e.caption: e for e in list_entities(casebook)}
        assert names["KESTREL"].level.level == "protected"
        assert names["Marked Protected"].level.explanation == "protected — marked protected"
        holdings = case_file(casebook, names["Heron Holdings"].id)
        account = next(f for f in holdings.facts if f.prop == "notes")
        assert account.level.released and account.level.release is not None
        assert account.level.release.reason == "confirmed by the bank"
        note = next(n for n in holdings.notes if n.evidence)
        assert note.level.level == "protected"
        assert holdings.relationships[0].level.level == "protected"
        public = case_file_at(casebook, names["Heron Holdings"].id, "public")
        assert next(f for f in public.facts if f.prop == "notes").value == "account 0071-4432-19"


def test_the_models_match_the_migrations(tmp_path: Path) -> None:
    """A casebook made by the migrations has exactly the tables and columns of the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from nkcase.model import Base
    from nkcase.store import create_casebook

    with create_casebook(tmp_path / "fresh.nkcase") as casebook, casebook.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the search index (FTS5) is SQL of the store, not of the models
    assert [d for d in diff if "search_" not in repr(d)] == []



def _normal(sql: str) -> tuple[str, ...]:
    """A statement's lines in sorted order without their commas: Alembic's table rebuilds
    write a table's constraints in a different order from run to run."""
    return tuple(sorted(line.strip().rstrip(",").strip() for line in sql.splitlines()))


def _schema(path: Path) -> set[tuple[str, str, str, tuple[str, ...]]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name, table, _normal(sql or "")) for kind, name, table, sql in rows}


def test_head_schema_file_is_what_the_migrations_make(tmp_path: Path) -> None:
    """New casebooks get their schema from head_schema.sql, not by running the migrations;
    after adding a migration, regenerate it (`python -m nkcase.store.migrate`)."""
    from nkcase.store.migrate import HEAD_SCHEMA, write_head_schema

    fresh = write_head_schema(tmp_path / "head_schema.sql").read_text(encoding="utf-8")
    kept = HEAD_SCHEMA.read_text(encoding="utf-8")
    assert kept.splitlines()[0] == fresh.splitlines()[0]
    assert {_normal(s) for s in kept.split("\n;\n")} == {
        _normal(s) for s in fresh.split("\n;\n")
    }, "nkcase/store/migrations/head_schema.sql is out of date: python -m nkcase.store.migrate"


def test_a_new_casebook_has_the_schema_the_migrations_make(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from nkcase.store import create_casebook
    from nkcase.store.migrate import upgrade

    created = tmp_path / "created.nkcase"
    create_casebook(created).close()
    migrated = tmp_path / "migrated.sqlite"
    engine = create_engine(f"sqlite:///{migrated}")
    upgrade(engine)
    engine.dispose()
    assert _schema(created) == _schema(migrated)
    with sqlite3.connect(created) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]


@pytest.mark.parametrize(
    "fixture", [p for p in FIXTURES if p.name >= "casebook-rev0004"], ids=lambda p: p.name
)
def test_the_blocking_index_is_stored_since_revision_0011(fixture: Path, tmp_path: Path) -> None:
    """A fixture made since revision 0011 holds its list's blocking index (stored by the
    screening make_fixture.py runs) and it is used as it is; an older one, upgraded, gains the
    empty table, and its first screening stores the index."""
    from sqlalchemy import select

    from nkcase.model import ListSnapshot
    from nkcase.services.list_index import built_from, load_part, snapshot_part

    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with open_casebook(path) as casebook:
        with casebook.reading() as session:
            snapshot_id = session.scalars(select(ListSnapshot.id)).one()
            stored = load_part(session, snapshot_id, built_from(session, snapshot_id))
        assert (stored is not None) == (fixture.name >= "casebook-rev0011")
        part = snapshot_part(casebook, snapshot_id)
        with casebook.reading() as session:
            again = load_part(session, snapshot_id, built_from(session, snapshot_id))
        assert again is not None
        assert again.blocking.arrays() == part.blocking.arrays()
        assert again.owners == part.owners
        assert check_casebook(casebook) == []
