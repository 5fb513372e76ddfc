"""The CLI as a user meets it: the issue's own examples, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nkcase import __version__
from nkcase.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_in_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nkcase", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"nkcase {__version__}"


def test_new_add_list_with_hangul_alias_and_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = str(tmp_path / "x.nkcase")
    code, out, _ = run(capsys, "new", book, "--name", "SEA restaurants")
    assert code == 0 and "SEA restaurants" in out
    code, out, _ = run(
        capsys,
        "entity",
        "add",
        book,
        "--schema",
        "Organization",
        "--name",
        "Pyongyang Okryu Restaurant",
        "--alias",
        "평양옥류관",
        "--country",
        "Thailand",
    )
    assert code == 0
    entity_id = out.strip()
    code, out, _ = run(capsys, "entity", "list", book, "--json")
    listed = json.loads(out)
    assert listed[0]["id"] == entity_id
    assert listed[0]["aliases"] == ["평양옥류관"]
    assert listed[0]["countries"] == ["th"]
    code, out, _ = run(capsys, "entity", "show", book, "평양옥류관", "--json")
    assert code == 0 and json.loads(out)["id"] == entity_id


def test_imo_check_digit_refused_with_one_line_and_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = str(tmp_path / "x.nkcase")
    run(capsys, "new", book)
    code, out, _ = run(
        capsys,
        "entity",
        "add",
        book,
        "--schema",
        "Vessel",
        "--name",
        "Wise Honest",
        "--imo",
        "8905490",
    )
    assert code == 0
    before = run(capsys, "info", book, "--json")[1]
    code, out, err = run(
        capsys,
        "entity",
        "add",
        book,
        "--schema",
        "Vessel",
        "--name",
        "Wise Honest",
        "--imo",
        "8905491",
    )
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("nkcase: error:")
    assert "8905491" in err
    assert run(capsys, "info", book, "--json")[1] == before


def test_edit_relate_show_audit_delete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = str(tmp_path / "x.nkcase")
    run(capsys, "new", book)
    run(capsys, "entity", "add", book, "--schema", "Company", "--name", "Albatross")
    run(capsys, "entity", "add", book, "--schema", "Person", "--name", "Ra Kyong-su")
    code, _, err = run(
        capsys,
        "entity",
        "edit",
        book,
        "Albatross",
        "--alias",
        "알바트로스",
        "--status",
        "closed",
        "--prop",
        "country=Vietnam",
        "--tag",
        "front",
        "--note",
        "AT&T <Ltd> note",
    )
    assert code == 0, err
    code, out, err = run(
        capsys,
        "relate",
        book,
        "Ra Kyong-su",
        "Albatross",
        "--schema",
        "Directorship",
        "--role",
        "director",
        "--start",
        "2017-05",
    )
    assert code == 0, err
    shown = json.loads(run(capsys, "entity", "show", book, "albatross", "--json")[1])
    assert shown["tags"] == ["front"]
    assert shown["notes"][0]["text"] == "AT&T <Ltd> note"
    assert shown["relationships"][0]["role"] == "director"
    assert {f["value"] for f in shown["facts"]} >= {"vn", "closed"}
    code, out, _ = run(capsys, "entity", "edit", book, "Albatross", "--remove-prop", "country=vn")
    assert code == 0 and "country" not in out.split("facts:")[-1].split("relationships")[0]
    events = json.loads(run(capsys, "audit", book, "--json")[1])
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    code, out, _ = run(capsys, "entity", "delete", book, "Ra Kyong-su")
    assert code == 0 and "Delete" in out
    assert (
        json.loads(run(capsys, "entity", "show", book, "Albatross", "--json")[1])["relationships"]
        == []
    )
    assert run(capsys, "check", book)[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["entity", "add", "{book}", "--schema", "Shipp", "--name", "X"],
        ["entity", "show", "{book}", "nobody"],
        ["entity", "add", "{book}", "--schema", "Company"],
        ["entity", "edit", "{book}", "X Co", "--prop", "novalue"],
        ["relate", "{book}", "X Co", "X Co", "--schema", "Ownership"],
        ["info", "{missing}"],
        ["nonsense-command"],
    ],
)
def test_user_errors_are_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    book = str(tmp_path / "x.nkcase")
    run(capsys, "new", book)
    run(capsys, "entity", "add", book, "--schema", "Company", "--name", "X Co")
    argv = [a.format(book=book, missing=str(tmp_path / "none.nkcase")) for a in argv]
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_gui_without_display_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run(capsys)
    assert code == 2 and "no display" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "open", str(tmp_path / "missing.nkcase"))
    assert code == 2 and "no casebook" in err


def test_quote_add_with_fact_specs_and_source_by_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = str(tmp_path / "x.nkcase")
    note = tmp_path / "harbour-note.txt"
    note.write_text(
        "The Haedang office in Vientiane listed https://example.org/a:b as its site.\n",
        encoding="utf-8",
    )
    run(capsys, "new", book)
    run(capsys, "import", book, str(note))
    run(capsys, "entity", "add", book, "--schema", "Company", "--name", "Haedang")
    code, _out, err = run(
        capsys,
        "quote",
        "add",
        book,
        "--source",
        "harbour-note",
        "--text",
        "Haedang office",
        "--fact",
        "Haedang:country=Laos",
        "--credibility",
        "3",
    )
    assert code == 0, err
    code, _out, err = run(
        capsys,
        "quote",
        "add",
        book,
        "--source",
        "harbour-note.txt",
        "--text",
        "https://example.org/a:b",
        "--entity",
        "Haedang",
        "--fact",
        "website=https://example.org/a:b",
    )
    assert code == 0, err
    shown = json.loads(run(capsys, "entity", "show", book, "Haedang", "--json")[1])
    facts = {f["prop"]: f for f in shown["facts"]}
    assert facts["country"]["value"] == "la" and facts["country"]["supported"]
    assert facts["website"]["value"] == "https://example.org/a:b" and facts["website"]["supported"]
    assert facts["country"]["evidence"][0]["grade"] == "X3"  # ungraded source, credibility 3
    assert [e["text"] for e in shown["evidence"]] == ["https://example.org/a:b"]


def test_a_read_on_an_older_casebook_names_the_upgrade_command_which_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After nkcase itself is upgraded, read commands (which write nothing) meet casebooks of
    the previous schema: they say how to upgrade, and `nkcase upgrade` does, keeping a backup."""
    import shutil

    book = tmp_path / "desk.nkcase"
    shutil.copy(Path(__file__).parent.parent / "data" / "casebook-rev0008.nkcase", book)
    code, out, err = run(capsys, "entity", "list", str(book))
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"nkcase upgrade {book}" in err and "revision 0008" in err

    code, out, err = run(capsys, "upgrade", str(book))
    assert code == 0, err
    assert "from revision 0008 to" in out
    backups = list(tmp_path.glob("desk.rev0008-*.backup.nkcase"))
    assert len(backups) == 1 and str(backups[0]) in out

    code, out, _err = run(capsys, "entity", "list", str(book))
    assert code == 0
    code, out, _err = run(capsys, "upgrade", str(book))
    assert code == 0 and "already at revision" in out
