"""``nkcase entity list`` prints the same bytes whether it reads a file through sqlite3 or opens
the casebook through the services; encrypted and team casebooks take the services' path.

The fast path (issue 12: the listing starts without SQLAlchemy) is :func:`cmd_list`'s first
try; the normal path is what it does when that gives up, forced here by making it give up.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nkcase.cli import entity_cmds
from nkcase.cli.main import main
from nkcase.store import create_casebook, open_casebook
from tests.fixtures.entity_list import LIST_OPTIONS, build_list_case

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-list")
    path = folder / "list.nkcase"
    with create_casebook(path, "List case") as casebook:
        build_list_case(casebook, folder)
    return path


def listing(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> bytes:
    code = main(["entity", "list", *argv])
    out, err = capsysbinary.readouterr()
    assert code == 0 and err == b"", err
    return out


def no_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entity_cmds, "_entities_from_file", lambda _args: None)


def fast_path_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any use of the file reader fail the test."""
    from nkcase.store import sqlite_read

    def refuse(_path: Path) -> None:
        raise AssertionError("the sqlite3 path was used")

    monkeypatch.setattr(sqlite_read, "reading_file", refuse)


@pytest.mark.parametrize("json_flag", [(), ("--json",)], ids=["table", "json"])
@pytest.mark.parametrize("options", LIST_OPTIONS, ids=lambda o: " ".join(o) or "all")
def test_both_paths_print_the_same_bytes(
    book: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, ...],
    json_flag: tuple[str, ...],
) -> None:
    fast = listing(capsysbinary, str(book), *options, *json_flag)
    with monkeypatch.context() as patched:
        no_fast_path(patched)
        normal = listing(capsysbinary, str(book), *options, *json_flag)
    assert fast == normal
    if not options:
        for text in ("평양옥류관", "Công ty TNHH Thương mại Đông Á", "Smith & Sons <Shipping>"):
            assert text.encode() in fast


def test_the_listing_reads_the_file_without_sqlalchemy(book: Path) -> None:
    script = (
        "import sys\nfrom nkcase.cli.main import main\n"
        "code = main(['entity', 'list', sys.argv[1], '--json'])\n"
        "print('NKCASE-SQLALCHEMY=' + str(code) + ','"
        " + str(any(m.startswith('sqlalchemy') for m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(book)], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip().endswith("NKCASE-SQLALCHEMY=0,False"), result.stderr[-2000:]


def test_an_encrypted_casebook_is_listed_through_the_services(
    book: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sealed = tmp_path / "sealed.nkcase"
    shutil.copy(book, sealed)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    assert main(["encrypt", str(sealed), "--passphrase-file", str(secret)]) == 0
    capsysbinary.readouterr()
    plain = listing(capsysbinary, str(book), "--json")
    fast_path_refused(monkeypatch)
    assert listing(capsysbinary, str(sealed), "--passphrase-file", str(secret), "--json") == plain


def test_designation_marks_print_alike(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nkcase.services import entities
    from nkcase.services.lists import import_list
    from nkcase.services.screening import review_candidate, screen

    path = tmp_path / "listed.nkcase"
    with create_casebook(path) as casebook:
        listed = str(entities.create_entity(casebook, "Person", "Lee Won-ho").subject_id)
        excerpt = Path(__file__).parent.parent / "data" / "lists" / "un"
        import_list(casebook, excerpt / "consolidated-2026-01-28-excerpt.xml")
        [candidate] = screen(casebook, entity_ids=[listed]).subjects[0].candidates
        review_candidate(casebook, candidate.id, "confirm")
    fast = listing(capsysbinary, str(path), "--json")
    assert b'"designated": "UN' in fast
    no_fast_path(monkeypatch)
    assert listing(capsysbinary, str(path), "--json") == fast


def test_a_team_casebook_is_listed_through_the_services(
    team_url: str, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nkcase.services import entities

    with open_casebook(team_url) as casebook:
        entities.create_entity(casebook, "Company", "Smith & Sons <Shipping> Ltd >")
    fast_path_refused(monkeypatch)
    out = listing(capsysbinary, team_url)
    assert b"Smith & Sons <Shipping> Ltd >" in out


def test_an_older_casebook_gets_the_same_line_on_both_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "desk.nkcase"
    shutil.copy(Path(__file__).parent.parent / "data" / "casebook-rev0008.nkcase", path)
    assert main(["entity", "list", str(path)]) == 2
    fast = capsys.readouterr()
    no_fast_path(monkeypatch)
    assert main(["entity", "list", str(path)]) == 2
    assert capsys.readouterr() == fast
    assert fast.out == "" and len(fast.err.splitlines()) == 1
    assert f"nkcase upgrade {path}" in fast.err
