"""Every released schema revision has a fixture casebook that must open, upgrade and keep all."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from nkcase.services.casefiles import case_file, list_entities
from nkcase.services.check import check_casebook
from nkcase.store import open_casebook
from nkcase.store.migrate import head_revision, known_revisions

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = sorted(DATA.glob("casebook-rev*.nkcase"))


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


def test_revision_constants_match_the_migration_scripts() -> None:
    from nkcase.store.migrate import REVISIONS, script_revisions

    assert list(REVISIONS) == script_revisions()
