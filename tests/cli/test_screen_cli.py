"""``nkcase screen`` and ``nkcase screen review`` as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nkcase.cli.main import main
from tests.screening.lists import OFAC_ADVANCED, UN_2024


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "x.nkcase")
    assert run(capsys, "new", path, "--name", "screening")[0] == 0
    assert run(capsys, "lists", "import", path, str(UN_2024))[0] == 0
    assert run(capsys, "lists", "import", path, str(OFAC_ADVANCED))[0] == 0
    for schema, name, extra in (
        ("Person", "리원호", []),
        ("Person", "Ri Won Chol", []),
        ("Vessel", "OCEAN BREEZE", ["--imo", "7937317"]),
    ):
        assert (
            run(capsys, "entity", "add", path, "--schema", schema, "--name", name, *extra)[0] == 0
        )
    return path


def test_screen_all_as_json_then_confirm(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "screen", book, "--all", "--json")
    assert code == 0, err
    data = json.loads(out)
    by_name = {r["names"][0]: r["candidates"] for r in data["results"]}
    assert by_name["Ri Won Chol"] == []
    [person] = by_name["리원호"]
    assert {"score", "list", "reference", "matched_name", "record_names", "features"} <= set(person)
    assert (person["list"], person["reference"], person["matched_name"]) == (
        "UN 1718",
        "KPi.033",
        "RI WON HO",
    )
    assert person["features"][0]["text"] == "family name 리 ≈ RI (Hangul: ri)"
    [ship] = by_name["OCEAN BREEZE"]
    assert ship["matched_name"] == "CHONG CHON GANG" and ship["features"][0]["label"] == "IMO"

    code, out, _ = run(capsys, "screen", "review", book, person["candidate"][:8], "--confirm")
    assert code == 0 and "now confirmed" in out
    code, out, _ = run(capsys, "entity", "show", book, "리원호")
    assert "Designated: UN 1718 · KPi.033 · listed 2016-11-30" in out


def test_screen_text_output_and_list_choice(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "screen", book, "--entity", "리원호", "--list", "un-sc")
    assert code == 0
    assert "UN 1718 KPi.033  RI WON HO  (open) [new]" in out
    assert "given name 원호 ≈ WON HO (Hangul: RR wonho, MR wŏnho)" in out


def test_entity_and_list_options_add_up(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    """ "--entity A --entity B" screens both, as "--entity A B" does (the second option used to
    replace the first: the vessel was left out without a word)."""
    for argv in (
        ["--entity", "OCEAN BREEZE", "--entity", "리원호", "--list", "un-sc", "--list", "ofac-sdn"],
        ["--entity", "OCEAN BREEZE", "리원호", "--list", "un-sc", "ofac-sdn"],
    ):
        code, out, err = run(capsys, "screen", book, *argv, "--json")
        assert code == 0, err
        data = json.loads(out)
        assert len(data["snapshots"]) == 2
        found = {
            r["names"][0]: [c["matched_name"] for c in r["candidates"]] for r in data["results"]
        }
        assert found == {"OCEAN BREEZE": ["CHONG CHON GANG"], "리원호": ["RI WON HO"]}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--all", "--entity", "x"], "screen one of"),
        ([], "screen one of"),
        (["--all", "--threshold", "2"], "not between 0 and 1"),
        (["--all", "--list", "nosuch"], "snapshot"),
    ],
)
def test_screen_errors_are_one_line(
    book: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "screen", book, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_review_errors(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "screen", "review", book, "nosuchcandidate", "--confirm")
    assert code == 2 and "no screening candidate" in err
    code, _, err = run(capsys, "screen", "review", book, "abcd")
    assert code == 2 and "one of --confirm" in err


def test_screen_the_names_in_a_source(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "panel-report.txt"
    report.write_text(
        "The Panel notes that 리원호는 travelled with Kim Song-chol. Ri Won Chol was not seen.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import", book, str(report), "--json")
    assert code == 0, err
    code, out, err = run(capsys, "screen", book, "--source", "panel-report", "--json")
    assert code == 0, err
    found = {c["reference"]: c for r in json.loads(out)["results"] for c in r["candidates"]}
    assert set(found) == {"KPi.033", "KPi.030"}
    text = report.read_text(encoding="utf-8")
    hangul = found["KPi.033"]
    assert text[hangul["start"] : hangul["end"]] == "리원호"


def test_screen_as_a_level(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "screen", book, "--all", "--as-level", "public", "--json")
    assert code == 0, err
    names = {r["names"][0] for r in json.loads(out)["results"]}
    assert "리원호" in names  # nothing here is above public: every subject is shown
    code, _out, err = run(capsys, "screen", book, "--all", "--as-level", "secret")
    assert code == 2 and err.count("\n") == 1
