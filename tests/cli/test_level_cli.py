"""Handling levels at the command line: --level on every create, release, mark, --as-level."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from nkcase.cli.main import main
from tests.fixtures.informant import (
    ACCOUNT_FACT,
    DEBRIEF_FILE,
    DEBRIEF_QUOTES,
    DEBRIEF_TEXT,
    DEBRIEF_TITLE,
    INFORMANT,
    NOTE_TEXT,
    REGISTRY_TEXT,
    ROLE,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out.strip()


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The informant case typed as a new user would, at the command line."""
    path = str(tmp_path / "case.nkcase")
    (tmp_path / "registry.txt").write_text(REGISTRY_TEXT, encoding="utf-8")
    (tmp_path / DEBRIEF_FILE).write_text(DEBRIEF_TEXT, encoding="utf-8")
    ok(capsys, "new", path)
    ok(capsys, "import", path, str(tmp_path / "registry.txt"), "--level", "public",
       "--title", "Hanoi registry extract")
    ok(capsys, "import", path, str(tmp_path / DEBRIEF_FILE), "--level", "protected",
       "--title", DEBRIEF_TITLE)
    ok(capsys, "entity", "add", path, "--schema", "Company", "--name", "Albatross Trading")
    ok(capsys, "entity", "add", path, "--schema", "Person", "--name", INFORMANT)
    ok(capsys, "quote", "add", path, "--source", "Hanoi registry extract",
       "--text", "Albatross Trading Co. was registered in Hanoi in 2016",
       "--entity", "Albatross Trading")
    ok(capsys, "quote", "add", path, "--source", DEBRIEF_TITLE, "--text", DEBRIEF_QUOTES[0],
       "--fact", f"Albatross Trading:notes={ACCOUNT_FACT}")
    rel = ok(capsys, "relate", path, INFORMANT, "Albatross Trading", "--schema", "UnknownLink",
             "--role", ROLE)
    ok(capsys, "quote", "add", path, "--source", DEBRIEF_TITLE, "--text", DEBRIEF_QUOTES[1],
       "--relationship", rel)
    note = ok(capsys, "note", path, "Albatross Trading", NOTE_TEXT, "--level", "public")
    ok(capsys, "quote", "add", path, "--source", DEBRIEF_TITLE, "--text", DEBRIEF_QUOTES[2],
       "--note-id", note[:8])
    return path


def test_levels_follow_the_evidence_in_show_list_and_as_level(
    book: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = ok(capsys, "entity", "show", book, "Albatross Trading")
    assert f"[protected — derives from the protected source “{DEBRIEF_TITLE}”]" in shown
    listing = ok(capsys, "entity", "list", book)
    assert any(INFORMANT in line and "protected" in line for line in listing.splitlines())
    public = ok(capsys, "entity", "show", book, "Albatross Trading", "--as-level", "public")
    assert "Notes: withheld" in public
    for secret in (ACCOUNT_FACT, ROLE, INFORMANT, NOTE_TEXT, DEBRIEF_TITLE):
        assert secret not in public, secret
    assert ("withheld at level public: 3 quotes from 1 source, 1 property value, "
            "1 relationship and 1 note") in public
    hidden = ok(capsys, "entity", "show", book, INFORMANT, "--as-level", "public", "--json")
    record = json.loads(hidden)
    assert record["hidden"] and record["caption"] == "(withheld)" and INFORMANT not in hidden
    report = ok(capsys, "levels", book, "--level", "public")
    assert "WITHHELD  entity" in report and "WITHHELD  fact" in report


def test_release_puts_the_value_in_the_public_dossier_and_the_audit_log(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "release", book, f"Albatross Trading:notes={ACCOUNT_FACT}",
                          "--to", "public")
    assert code == 2 and "--reason" in err
    out = ok(capsys, "release", book, f"Albatross Trading:notes={ACCOUNT_FACT}", "--to",
             "public", "--reason", "the bank confirmed it in court filing 117")
    assert "to public: the bank confirmed it in court filing 117" in out
    audit = ok(capsys, "audit", book)
    assert "court filing 117" in audit.splitlines()[-1]
    shown = ok(capsys, "entity", "show", book, "Albatross Trading")
    assert "released to public by test-investigator on " in shown
    if shutil.which("pdftotext"):
        pdf = tmp_path / "public.pdf"
        ok(capsys, "export", "dossier", book, "--all", "--level", "public", "--out", str(pdf))
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                       text=True, check=True).stdout.split())
        assert ACCOUNT_FACT in text
        assert ROLE not in text and INFORMANT not in text and DEBRIEF_TITLE not in text
    # a relationship to a protected informant stays out even when released
    rel_out = ok(capsys, "release", book, json.loads(ok(
        capsys, "entity", "show", book, INFORMANT, "--json"))["relationships"][0]["id"],
        "--to", "public", "--reason", "court record")
    assert f"still not shown at level public: protected — “{INFORMANT}” is protected" in rel_out
    withdrawn = ok(capsys, "release", book, f"Albatross Trading:notes={ACCOUNT_FACT}",
                   "--withdraw")
    assert withdrawn.startswith("Withdraw the release of Albatross Trading")


def test_level_on_every_create_and_mark(
    book: str, capsys: pytest.CaptureFixture[str]
) -> None:
    person = ok(capsys, "entity", "add", book, "--schema", "Person", "--name", "Kim Source",
                "--level", "protected")
    assert json.loads(ok(capsys, "entity", "show", book, person, "--json"))["level"]["level"] \
        == "protected"
    rel = ok(capsys, "relate", book, person, "Albatross Trading", "--schema", "UnknownLink",
             "--level", "internal")
    company = json.loads(ok(capsys, "entity", "show", book, "Albatross Trading", "--json"))
    assert next(r for r in company["relationships"] if r["id"] == rel)["level"]["level"] \
        == "protected"  # its informant end is protected
    note = ok(capsys, "note", book, "Albatross Trading", "ask the landlord")
    company = json.loads(ok(capsys, "entity", "show", book, "Albatross Trading", "--json"))
    assert next(n for n in company["notes"] if n["id"] == note)["level"]["level"] == "internal"
    quote = json.loads(ok(capsys, "quote", "add", book, "--source", "Hanoi registry extract",
                          "--text", "Its office is on Tran Hung Dao street", "--level",
                          "internal", "--entity", "Albatross Trading", "--json"))
    assert quote["handling"] == "internal"
    out = ok(capsys, "mark", book, "Albatross Trading", "internal")
    assert out == "Mark Albatross Trading internal"
    code, _out, err = run(capsys, "mark", book, "Albatross Trading", "secret")
    assert code == 2 and "invalid choice" in err
    code, _out, err = run(capsys, "entity", "show", book, "Albatross Trading", "--as-level", "x")
    assert code == 2
