"""The entity list read from a plain file through sqlite3 equals the list read through SQLAlchemy.

``list_entities_in_file`` (the start-up path of ``nkcase entity list``, issue 12) shares the
level rule, its loading and the rows' assembly with ``list_entities``; only the queries differ.
These tests compare both on a casebook with protected evidence, releases, events, names in
Hangul, Vietnamese and with ``& < >``, for every option, and check that a file the fast path
cannot read is refused with the same one-line message as the normal open.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from nkcase.errors import NkcaseError
from nkcase.services.casefiles import list_entities
from nkcase.services.entity_summaries import list_entities_in_file
from nkcase.store import create_casebook, open_casebook
from nkcase.store.revisions import HEAD_REVISION
from tests.fixtures.entity_list import ListCase, build_list_case

REPO_DATA = Path(__file__).parent.parent / "data"

FILTERS: list[dict[str, str]] = [
    {},
    {"schema": "Person"},
    {"schema": "company"},
    {"schema": "Vessel"},
    {"status": "operating"},
    {"status": "closed"},
    {"tag": "FRONT"},
    {"tag": "restaurant"},
    {"schema": "Company", "status": "operating", "tag": "Front"},
    {"status": "no-such-status"},
]


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ListCase]:
    folder = tmp_path_factory.mktemp("list")
    path = folder / "list.nkcase"
    with create_casebook(path, "List case") as casebook:
        case = build_list_case(casebook, folder)
    return path, case


@pytest.mark.parametrize("options", FILTERS, ids=lambda o: " ".join(o.values()) or "all")
def test_the_file_path_lists_what_the_services_list(
    listed: tuple[Path, ListCase], options: dict[str, str]
) -> None:
    path, _case = listed
    with open_casebook(path, readonly=True) as casebook:
        expected = list_entities(casebook, **options)  # type: ignore[arg-type]
    assert list_entities_in_file(path, **options) == expected  # type: ignore[arg-type]


def test_the_list_case_exercises_what_the_rule_decides(listed: tuple[Path, ListCase]) -> None:
    """The comparison above is only worth something if the list holds every kind of level."""
    path, case = listed
    rows = {r.id: r for r in list_entities_in_file(path) or []}
    assert rows[case.ids["secret"]].level.explanation == "protected — marked protected"
    informant = rows[case.informant.informant].level
    assert informant.released and informant.level == "internal"
    assert rows[case.ids["vessel"]].level.derived_from == ("Field note <Hanoi> & more",)
    assert rows[case.informant.company].quote_count == 4  # direct, fact, relationship, note
    assert rows[case.ids["smith"]].countries == ["hk", "vn"]
    assert rows[case.ids["kim_2"]].aliases == ["김철"]
    captions = [r.caption for r in list_entities_in_file(path) or []]
    assert captions[:2] == ["albatross holdings", "Albatross Trading"]  # sorted as lower case
    assert captions[-2:] == ["ánh dương", "평양옥류관"]  # after z: SQLite's lower() is ASCII


def test_an_encrypted_file_is_left_to_the_services(tmp_path: Path) -> None:
    path = tmp_path / "sealed.nkcase"
    create_casebook(path, passphrase="correct horse battery staple").close()
    assert list_entities_in_file(path) is None


def test_designation_marks_are_the_services_marks(tmp_path: Path) -> None:
    """A confirmed candidate still listed, and one delisted by a newer snapshot."""
    from nkcase.services import entities
    from nkcase.services.lists import import_list
    from nkcase.services.screening import review_candidate, screen

    lists = REPO_DATA / "lists" / "un"
    path = tmp_path / "listed.nkcase"
    with create_casebook(path) as casebook:
        import_list(casebook, lists / "consolidated-2024-09-26-excerpt.xml")
        for name in ("Innocent Vitelhomme", "Lee Won-ho"):
            listed = str(entities.create_entity(casebook, "Person", name).subject_id)
            for candidate in screen(casebook, entity_ids=[listed]).subjects[0].candidates:
                review_candidate(casebook, candidate.id, "confirm")
        entities.create_entity(casebook, "Company", "Albatross Trading")
        import_list(casebook, lists / "consolidated-2026-01-28-excerpt.xml")
        screen(casebook, all_entities=True)  # the Haitian record is gone: delisted
        expected = list_entities(casebook)
    marks = {r.caption: r.designated for r in expected}
    assert marks["Albatross Trading"] == ""
    assert marks["Innocent Vitelhomme"].endswith("(delisted)")
    assert marks["Lee Won-ho"].startswith("UN 1718") and "delisted" not in marks["Lee Won-ho"]
    assert list_entities_in_file(path) == expected


def _message(call: object) -> str:
    with pytest.raises(NkcaseError) as caught:
        call()  # type: ignore[operator]
    return caught.value.message


def _both_refuse_alike(path: Path) -> str:
    normal = _message(lambda: open_casebook(path, readonly=True))
    assert _message(lambda: list_entities_in_file(path)) == normal
    return normal


def test_an_older_schema_is_refused_with_the_upgrade_command(tmp_path: Path) -> None:
    path = tmp_path / "desk.nkcase"
    shutil.copy(REPO_DATA / "casebook-rev0008.nkcase", path)
    before = path.read_bytes()
    message = _both_refuse_alike(path)
    assert f"nkcase upgrade {path}" in message and "revision 0008" in message
    assert path.read_bytes() == before  # reading never upgrades


def test_a_newer_schema_is_refused_alike(tmp_path: Path) -> None:
    path = tmp_path / "future.nkcase"
    create_casebook(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.close()
    assert "newer nkcase" in _both_refuse_alike(path)


def test_sqlite_that_is_no_casebook_and_a_damaged_file_are_refused_alike(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.nkcase"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    assert "not an nkcase casebook" in _both_refuse_alike(other)

    damaged = tmp_path / "damaged.nkcase"
    create_casebook(damaged).close()
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's schema, overwritten
    damaged.write_bytes(bytes(data))
    assert "damaged or not a casebook" in _both_refuse_alike(damaged)

    assert "no casebook at" in _both_refuse_alike(tmp_path / "missing.nkcase")


def test_the_file_path_reads_the_head_revision_without_writing(
    listed: tuple[Path, ListCase],
) -> None:
    path, _case = listed
    before = path.read_bytes()
    assert list_entities_in_file(path)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".lock").exists()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    db.close()
