"""Encrypted casebooks on the command line: passphrases from a file, the environment or the
terminal (never an argument), one-line refusals, encrypt/decrypt/rekey, the demo."""

from __future__ import annotations

import argparse
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nkcase.cli.main import main
from nkcase.cli.passphrase import PASSPHRASE_ENV
from nkcase.store.casebook import is_encrypted_casebook
from nkcase.store.encryption import SQLITE_MAGIC

PASSPHRASE = "correct horse battery staple"
NEW = "plaid walrus ninety lanterns"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a script: stdin is not a terminal, and no passphrase is in the environment."""
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    monkeypatch.delenv("NKCASE_NEW_PASSPHRASE", raising=False)


def passphrase_file(folder: Path, text: str, name: str = "pass.txt") -> str:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str], no_terminal: None) -> str:
    path = str(tmp_path / "case.nkcase")
    code, out, _ = run(capsys, "new", path, "--name", "Border case", "--encrypt",
                       "--passphrase-file", passphrase_file(tmp_path, PASSPHRASE))
    assert code == 0 and "encrypted" in out
    code, _, _ = run(capsys, "entity", "add", path, "--schema", "Person", "--name", "Ra Kyong-su",
                     "--alias", "라경수", "--passphrase-file", str(tmp_path / "pass.txt"))
    assert code == 0
    return path


def test_every_command_takes_the_passphrase_from_a_file_or_the_environment(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert is_encrypted_casebook(Path(book))
    code, out, _ = run(capsys, "entity", "list", book, "--passphrase-file",
                       str(tmp_path / "pass.txt"))
    assert code == 0 and "Ra Kyong-su" in out
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    for argv in (("info", book), ("check", book), ("verify", book), ("search", book, "라경수")):
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)
    code, out, _ = run(capsys, "info", book)
    assert "encrypted: True" in out


def test_wrong_passphrase_is_one_line_exit_2_and_writes_nothing(
    book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    wrong = passphrase_file(tmp_path, "a wrong passphrase here", "wrong.txt")
    before["wrong.txt"] = Path(wrong).read_bytes()
    for argv in (("info", book), ("entity", "add", book, "--schema", "Company",
                                  "--name", "Albatross")):
        code, out, err = run(capsys, *argv, "--passphrase-file", wrong)
        assert code == 2 and out == ""
        assert err == "nkcase: error: case.nkcase: wrong passphrase, or not an nkcase casebook\n"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_script_without_a_passphrase_is_told_how_to_give_one(
    book: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "info", book)
    assert code == 2
    assert err.count("\n") == 1 and "--passphrase-file FILE or NKCASE_PASSPHRASE" in err


def test_the_passphrase_is_never_an_argument(
    book: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "info", book, "--passphrase", PASSPHRASE)  # not an abbreviation
    assert code == 2 and "unrecognized arguments" in err
    # Given where its file belongs, it is not repeated back on the screen.
    code, _, err = run(capsys, "info", book, "--passphrase-file", PASSPHRASE)
    assert code == 2 and "never the passphrase itself" in err and PASSPHRASE not in err


def test_new_refuses_a_short_passphrase_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_terminal: None
) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "c.nkcase"), "--encrypt",
                       "--passphrase-file", passphrase_file(tmp_path, "short"))
    assert code == 2 and "too short" in err
    assert not (tmp_path / "c.nkcase").exists()


def test_encrypt_rekey_decrypt_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_terminal: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = str(tmp_path / "case.nkcase")
    assert run(capsys, "new", path)[0] == 0
    assert run(capsys, "entity", "add", path, "--schema", "Company", "--name",
               "Albatross Trading", "--alias", "알바트로스")[0] == 0
    code, out, _ = run(capsys, "encrypt", path, "--passphrase-file",
                       passphrase_file(tmp_path, PASSPHRASE))
    assert code == 0 and "encrypted" in out
    data = Path(path).read_bytes()
    assert data[:16] != SQLITE_MAGIC and "알바트로스".encode() not in data
    code, _, err = run(capsys, "encrypt", path, "--passphrase-file", str(tmp_path / "pass.txt"))
    assert code == 2 and "already encrypted" in err

    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    monkeypatch.setenv("NKCASE_NEW_PASSPHRASE", NEW)
    code, out, err = run(capsys, "rekey", path)
    assert code == 0, err
    code, _, err = run(capsys, "info", path)
    assert code == 2 and "wrong passphrase" in err  # the old one no longer opens it
    monkeypatch.setenv(PASSPHRASE_ENV, NEW)
    plain = tmp_path / "plain.nkcase"
    code, out, err = run(capsys, "decrypt", path, "--out", str(plain))
    assert code == 0 and "NOT encrypted" in out
    assert plain.read_bytes()[:16] == SQLITE_MAGIC
    monkeypatch.delenv(PASSPHRASE_ENV)
    code, out, _ = run(capsys, "entity", "list", str(plain))
    assert code == 0 and "Albatross Trading" in out
    code, _, err = run(capsys, "decrypt", str(plain), "--out", str(tmp_path / "again.nkcase"))
    assert code == 2 and "is not encrypted" in err


def test_demo_encrypt(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                      no_terminal: None) -> None:
    path = tmp_path / "demo.nkcase"
    code, out, _ = run(capsys, "demo", str(path), "--encrypt", "--passphrase-file",
                       passphrase_file(tmp_path, PASSPHRASE))
    assert code == 0 and "encrypted demo casebook" in out
    data = path.read_bytes()
    for name in (b"Rungra", b"Silver Crane", b"KESTREL", b"Blue Lantern"):
        assert name not in data
    code, out, _ = run(capsys, "check", str(path), "--passphrase-file",
                       str(tmp_path / "pass.txt"))
    assert code == 0 and "audit chain ok" in out


def _read_until(fd: int, wanted: bytes, timeout: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_the_terminal_prompt_asks_without_echo(book: str, tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nkcase", "entity", "list", book],
        stdin=terminal, stdout=terminal, stderr=terminal, env=env, start_new_session=True,
    )
    os.close(terminal)
    try:
        prompt = _read_until(controller, b"Passphrase for case.nkcase: ")
        assert prompt.endswith(b"Passphrase for case.nkcase: "), prompt
        os.write(controller, PASSPHRASE.encode() + b"\n")
        output = _read_until(controller, b"Ra Kyong-su")
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(controller)
        if proc.poll() is None:
            proc.kill()
    assert b"Ra Kyong-su" in output
    assert PASSPHRASE.encode() not in output  # not echoed


def _commands_taking_a_casebook() -> list[tuple[str, argparse.ArgumentParser]]:
    from nkcase.cli.main import build_parser

    found: list[tuple[str, argparse.ArgumentParser]] = []

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        for action in parser._actions:  # argparse keeps no public list of its sub-commands
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}".strip())
            elif action.dest == "casebook":
                found.append((name, parser))

    walk(build_parser(), "")
    return found


def test_every_command_on_an_existing_casebook_takes_a_passphrase_file() -> None:
    """A command added later (charts, screening…) gets --passphrase-file with its casebook
    argument from nkcase.cli.passphrase.add_casebook_argument."""
    commands = _commands_taking_a_casebook()
    assert len(commands) > 30
    missing = [
        name for name, parser in commands
        if name != "open"  # the desktop app asks in its own prompt
        and not any("--passphrase-file" in a.option_strings for a in parser._actions)
    ]
    assert missing == []
