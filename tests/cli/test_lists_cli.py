"""``nkcase lists …`` as a user meets it: what import prints, show and diff in text and JSON,
remove, and one-line errors with a non-zero exit for files that cannot be imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nkcase.cli.main import main
from tests.screening.lists import OFAC_CSV, UN_2024, UN_2026


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "lists.nkcase")
    assert run(capsys, "new", path)[0] == 0
    return path


def test_import_prints_snapshot_list_date_and_counts(
    book: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "lists", "import", book, str(UN_2026))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("snapshot ") and len(lines[0].split()[1]) == 36
    assert "list: UN Security Council Consolidated List" in out
    assert "date generated: 2026-01-28" in out
    assert "records: 12 records (4 Organization, 8 Person)" in out


def test_import_csv_with_format_and_json(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "lists", "import", book, str(OFAC_CSV), "--format", "ofac-csv", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["snapshot"]["list_code"] == "ofac-sdn"
    assert data["snapshot"]["counts"] == {"Organization": 2, "Person": 4, "Vessel": 2}
    assert [f["role"] for f in data["snapshot"]["files"]] == ["main", "add", "alt"]


def test_show_diff_and_remove(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "lists", "import", book, str(UN_2024))
    code, out, _ = run(capsys, "lists", "import", book, str(UN_2026))
    assert "1 added, 1 removed, 1 amended, 10 unchanged" in out
    code, out, _ = run(capsys, "lists", "show", book, "--json")
    old, new = (s["id"] for s in json.loads(out))
    code, out, _ = run(capsys, "lists", "show", book)
    assert code == 0 and "2024-09-26" in out and new[:8] in out
    code, out, _ = run(capsys, "lists", "show", book, new[:8])
    assert "file (main): consolidated-2026-01-28-excerpt.xml" in out
    code, out, _ = run(capsys, "lists", "diff", book, old[:8], new[:8])
    assert code == 0
    assert "IRe.078" in out and "HTi.005" in out and "birth_places" in out
    code, out, _ = run(capsys, "lists", "diff", book, old, new, "--json")
    diff = json.loads(out)
    assert diff["counts"]["added"] == 1
    assert {c["kind"] for c in diff["changes"]} == {"added", "removed", "amended"}
    code, out, _ = run(capsys, "lists", "remove", book, old[:8])
    assert code == 0 and out.startswith("Removed list snapshot")
    code, out, _ = run(capsys, "check", book)
    assert code == 0


def test_refused_files_give_one_line_and_exit_non_zero(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "consolidated.xml"
    hostile.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    for path, extra in ((hostile, []), (OFAC_CSV, ["--format", "eu"]), (tmp_path / "nope", [])):
        code, out, err = run(capsys, "lists", "import", book, str(path), *extra)
        assert code != 0 and out == ""
        assert err.startswith("nkcase: error: ") and err.count("\n") == 1
    code, out, _ = run(capsys, "lists", "show", book, "--json")
    assert json.loads(out) == []


def test_unknown_snapshot(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "lists", "remove", book, "abcdef")
    assert code == 2 and "no list snapshot abcdef" in err
