"""A casebook copy at a level holds nothing above it: not in its rows, its pages, its dump."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from nkcase.exchange.copy import COPY_ACTION, COPY_RULES, copy_at_level
from nkcase.model import AuditEvent, Base, Entity, Quote, Source
from nkcase.services.audit import list_events
from nkcase.services.check import check_casebook
from nkcase.services.search_service import search
from nkcase.store import Casebook, open_casebook
from nkcase.textfold import fold_text
from tests.fixtures.informant import INFORMANT, InformantCase, build_informant_case


def forms_of(secret: str) -> set[bytes]:
    """The forms a text could take in an SQLite file: as given, folded, cased, UTF-8/16."""
    texts = {secret, secret.lower(), secret.upper(), fold_text(secret),
             unicodedata.normalize("NFD", secret)}
    return {t.encode(codec) for t in texts for codec in ("utf-8", "utf-16-le", "utf-16-be")}


def dump_of(path: Path) -> str:
    """``sqlite3 .dump`` of the file (Python's iterdump where the shell is not installed)."""
    if shutil.which("sqlite3"):
        return subprocess.run(["sqlite3", str(path), ".dump"], capture_output=True, text=True,
                              check=True).stdout
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())


@pytest.fixture
def informant(casebook: Casebook, tmp_path: Path) -> InformantCase:
    return build_informant_case(casebook, tmp_path)


def test_every_table_has_a_copy_rule() -> None:
    assert set(COPY_RULES) == set(Base.metadata.tables)


def test_a_public_copy_holds_no_byte_of_the_protected_material(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "public.nkcase"
    result = copy_at_level(casebook, out, "public")
    assert result.copied["entity"] == 1 and result.left_out["entity"] == 1
    assert result.left_out["source"] == 1 and result.left_out["quote"] == 4
    assert not out.with_name(out.name + "-wal").exists()
    raw = out.read_bytes()
    dump = dump_of(out)
    assert b"Albatross Trading" in raw and "Hanoi registry extract" in dump  # the check can fail
    for secret in informant.secrets():
        assert secret not in dump, f"{secret!r} in the dump"
        for form in forms_of(secret):
            assert form not in raw, f"{secret!r} in the copy's bytes"

    with open_casebook(out) as copy:
        assert check_casebook(copy) == []
        with copy.reading() as session:
            assert session.scalars(select(Entity.caption)).all() == ["Albatross Trading"]
            assert [s.title for s in session.scalars(select(Source))] == [
                "Hanoi registry extract"
            ]
            assert len(session.scalars(select(Quote)).all()) == 1
            [first] = list_events(session)
        assert search(copy, "Albatross").hits  # the copy's search index was built
        assert not search(copy, "Dandong").hits
    original = casebook.info()
    assert first.seq == 1 and first.action == COPY_ACTION
    cited = first.changes[0]["copied_from"]
    assert cited["fingerprint"] == original.fingerprint
    assert cited["audit_head"] == original.audit_head and cited["level"] == "public"


def test_a_protected_copy_holds_everything(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "protected.nkcase"
    result = copy_at_level(casebook, out, "protected")
    assert not any(result.left_out.values())
    raw = out.read_bytes()
    assert INFORMANT.encode() in raw and informant.debrief_sha256.encode() in raw


def test_an_encrypted_copy_opens_with_its_passphrase_only(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "public-encrypted.nkcase"
    result = copy_at_level(casebook, out, "public", passphrase="copy passphrase 1234")
    assert result.encrypted
    assert b"Albatross" not in out.read_bytes()
    with open_casebook(out, passphrase="copy passphrase 1234") as copy:
        assert check_casebook(copy) == []
        with copy.reading() as session:
            assert session.scalars(select(Entity.caption)).all() == ["Albatross Trading"]


def test_a_failed_copy_leaves_no_file(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "cancelled.nkcase"
    from nkcase.errors import CancelledError

    with pytest.raises(CancelledError):
        copy_at_level(casebook, out, "public", cancelled=lambda: True)
    assert not out.exists() and not out.with_name(out.name + "-wal").exists()


def test_the_copy_event_is_in_the_audit_chain(
    casebook: Casebook, informant: InformantCase, tmp_path: Path
) -> None:
    out = tmp_path / "internal.nkcase"
    copy_at_level(casebook, out, "internal")
    with open_casebook(out, readonly=True) as copy, copy.reading() as session:
        events = session.scalars(select(AuditEvent)).all()
    assert len(events) == 1
    assert json.loads(events[0].changes)[0]["copied_from"]["casebook_id"] == casebook.info().id
