"""``nkcase export ftm`` and ``nkcase import-ftm`` as a user types them: files, one-line errors,
exit codes, a public export grepped for the protected debrief."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nkcase.cli.main import main
from nkcase.store import create_casebook
from tests.fixtures.informant import build_informant_case


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(tmp_path: Path) -> tuple[str, list[str]]:
    path = tmp_path / "case.nkcase"
    with create_casebook(path, "Informant") as casebook:
        case = build_informant_case(casebook, tmp_path)
    return str(path), case.secrets()


def test_export_at_public_then_import(
    book: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, secrets = book
    out = tmp_path / "public.ftm.json"
    code, stdout, err = run(capsys, "export", "ftm", path, "--out", str(out), "--level", "public")
    assert code == 0, err
    assert f"wrote {out}" in stdout and "withheld at level public" in stdout
    data = out.read_bytes()
    for secret in secrets:
        assert secret.encode() not in data, secret
    assert all(json.loads(line)["id"].startswith("nkcase-") for line in data.splitlines())
    target = str(tmp_path / "new.nkcase")
    assert run(capsys, "new", target)[0] == 0
    code, stdout, err = run(capsys, "import-ftm", target, str(out))
    assert code == 0, err
    assert ": 1 new, 0 updated, of 3 line(s)" in stdout  # the company; its Document and quote
    assert "Document line(s) not imported" in err
    code, stdout, _err = run(capsys, "import-ftm", target, str(out))
    assert code == 0 and " 0 new" in stdout


def test_one_line_errors_and_exit_codes(
    book: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _secrets = book
    code, _out, err = run(capsys, "export", "ftm", path, "--out", str(tmp_path / "no" / "x"))
    assert code == 2 and err.count("\n") == 1 and "does not exist" in err
    code, _out, err = run(capsys, "export", "ftm", path, "--out", "x.json", "--level", "secret")
    assert code == 2 and err.count("\n") == 1
    code, _out, err = run(capsys, "export", "ftm", path, "--out", str(tmp_path / "x.json"),
                          "--entity", "Nobody At All")
    assert code == 2 and err.count("\n") == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json\n[]\n", encoding="utf-8")
    code, _out, err = run(capsys, "import-ftm", path, str(bad))
    assert code == 2 and err.count("\n") == 1 and "nothing imported from bad.json" in err
    code, _out, err = run(capsys, "import-ftm", path, str(tmp_path / "missing.json"))
    assert code == 2 and err.count("\n") == 1 and "cannot read" in err


def test_an_import_reports_each_refused_line_on_one_line(
    book: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _secrets = book
    mixed = tmp_path / "mixed.json"
    mixed.write_text(
        '{"id": "a", "schema": "Person", "properties": {"name": ["Ri Ok"]}}\n'
        "garbage\n"
        '{"id": "b_c", "schema": "Person", "properties": {"name": ["X"]}}\n',
        encoding="utf-8",
    )
    code, stdout, err = run(capsys, "import-ftm", path, str(mixed))
    assert code == 0 and "1 new" in stdout
    lines = err.splitlines()
    assert lines[0].startswith("nkcase: not imported: line 2: not JSON")
    assert lines[1].startswith("nkcase: not imported: line 3: b_c: the id 'b_c' breaks")


