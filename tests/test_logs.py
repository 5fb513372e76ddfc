"""The log keeps tracebacks, and no exception messages once an encrypted casebook was opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase import logs
from nkcase.store import create_casebook

NAME = "Ra Kyong-su (라경수)"


def failure() -> BaseException:
    try:
        try:
            raise KeyError(NAME)
        except KeyError as err:
            raise RuntimeError(f"cannot store {NAME}") from err
    except RuntimeError as err:
        return err


def test_messages_are_logged_while_no_encrypted_casebook_was_opened(tmp_path: Path) -> None:
    create_casebook(tmp_path / "plain.nkcase").close()
    assert not logs.withholding_case_details()
    assert NAME in logs.format_for_log(failure())


def test_an_encrypted_casebook_withholds_every_message_from_then_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    create_casebook(tmp_path / "secret.nkcase", passphrase="correct horse battery staple").close()
    assert logs.withholding_case_details()  # still, after closing: names may be in memory
    path = logs.log_unexpected(failure())
    logged = path.read_text(encoding="utf-8")
    assert path.is_relative_to(tmp_path)
    assert NAME not in logged and "Kyong" not in logged
    assert "builtins.KeyError: (message withheld" in logged
    assert "builtins.RuntimeError: (message withheld" in logged
    assert logged.index("KeyError") < logged.index("RuntimeError")  # the chain, in order
    assert "test_logs.py" in logged and "in failure" in logged  # where it happened
