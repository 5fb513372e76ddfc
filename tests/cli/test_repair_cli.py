"""``nkcase source repairs|revert-repairs|reapply-repairs|re-extract`` as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nkcase.cli.main import main

DAMAGED_NOTE = (
    "Field note. The Na onal Commi ee reported new sanc ons on the firm. A er the mee ng, "
    "the inves ga on of the ship's rela ons con nued.\n"
)
FIELD_NOTE = (
    "Ri Won Ho and Ko Chol Man met Pak Un Il … Le Van Thanh, director of Thanh Ha Co, "
    "signed for Ri Song Chol.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "case.nkcase")
    (tmp_path / "damaged.txt").write_text(DAMAGED_NOTE, encoding="utf-8")
    (tmp_path / "field-note.txt").write_text(FIELD_NOTE, encoding="utf-8")
    assert run(capsys, "new", path, "--name", "Fidelity")[0] == 0
    code, out, _ = run(
        capsys, "import", path, str(tmp_path / "damaged.txt"), str(tmp_path / "field-note.txt")
    )
    assert code == 0 and "2 imported" in out
    return path


def test_the_field_note_has_no_repair(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "source", "repairs", book, "field-note")
    assert code == 0 and out.strip() == "0 repair(s) in “field-note”"
    code, out, _ = run(capsys, "source", "text", book, "field-note")
    assert out == FIELD_NOTE


def test_repairs_are_listed_with_context(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "source", "repairs", book, "damaged")
    assert code == 0
    line = next(line for line in out.splitlines() if "'Na onal'" in line)
    assert "-> 'National'" in line and "The [National] Committee" in line
    code, out, _ = run(capsys, "source", "repairs", book, "damaged", "--json")
    listed = json.loads(out)
    assert {r["after"] for r in listed} >= {"National", "Committee", "sanctions", "After"}
    assert all(not r["reverted"] for r in listed)


def test_revert_and_reapply(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "quote", "add", book, "--source", "damaged", "--text",
                       "National Committee reported new sanctions")
    assert code == 0
    listed = json.loads(run(capsys, "source", "repairs", book, "damaged", "--json")[1])
    offset = next(r["start"] for r in listed if r["after"] == "National")

    code, out, _ = run(capsys, "source", "revert-repairs", book, "damaged", "--offset", str(offset))
    assert code == 0
    assert out.startswith("Revert repair “National” → “Na onal” in damaged (text version 2)")
    assert "1 moved" in out and "0 to review" in out
    code, out, _ = run(capsys, "source", "text", book, "damaged")
    assert "The Na onal Committee" in out
    code, out, _ = run(capsys, "quote", "list", book, "--source", "damaged", "--json")
    (quote,) = json.loads(out)
    assert quote["status"] == "anchored"
    assert quote["exact"] == "Na onal Committee reported new sanctions"

    code, out, _ = run(capsys, "source", "revert-repairs", book, "damaged", "--kind", "ligature")
    assert code == 0 and "Revert" in out and "text version 3" in out
    code, out, _ = run(capsys, "source", "text", book, "damaged")
    assert out == DAMAGED_NOTE
    code, out, _ = run(capsys, "source", "revert-repairs", book, "damaged", "--all")
    assert code == 0 and "nothing to revert" in out

    code, out, _ = run(capsys, "source", "reapply-repairs", book, "damaged", "--all")
    assert code == 0 and "text version 4" in out
    code, out, _ = run(capsys, "source", "text", book, "damaged")
    assert "The National Committee reported new sanctions" in out
    code, out, _ = run(capsys, "quote", "list", book, "--source", "damaged", "--json")
    assert json.loads(out)[0]["exact"] == "National Committee reported new sanctions"


def test_revert_errors_are_one_line(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "source", "revert-repairs", book, "damaged", "--offset", "1")
    assert code == 2 and err.strip().startswith("nkcase: error: no repair at offset 1")
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "source", "revert-repairs", book, "damaged")
    assert code == 2 and "one of the arguments --offset --kind --all is required" in err


def test_reextract_all_and_named(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "source", "re-extract", book, "--all")
    assert code == 0
    assert "unchanged  “damaged”" in out and "unchanged  “field-note”" in out
    assert out.strip().endswith("2 source(s): 0 re-extracted, 2 unchanged")
    code, out, _ = run(capsys, "source", "re-extract", book, "damaged", "--json")
    assert code == 0 and json.loads(out)[0]["new_version"] is None
    code, _, err = run(capsys, "source", "re-extract", book)
    assert code == 2 and "name the sources to re-extract, or give --all" in err
