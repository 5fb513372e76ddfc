"""A writer killed with SIGKILL at random moments never leaves a damaged or half-done casebook,
plain or encrypted (SQLCipher: its WAL is encrypted page by page the same way)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nkcase.model import AuditEvent, Entity, Fact
from nkcase.services.check import check_casebook
from nkcase.store import create_casebook, open_casebook

PASSPHRASE = "correct horse battery staple"
WRITER = """
import os, sys
from nkcase.services import entities
from nkcase.store import open_casebook
book = open_casebook(sys.argv[1], passphrase=os.environ.get("TEST_PASSPHRASE"))
i = 0
while True:
    change = entities.create_entity(
        book, "Company", f"Company {i}", aliases=[f"회사 {i}"], props=[("country", "kp")]
    )
    print(change.subject_id, flush=True)  # acknowledged only after the commit returned
    i += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
@pytest.mark.parametrize("run", range(4))
def test_sigkill_during_writes_loses_nothing_acknowledged(
    tmp_path: Path, run: int, encrypted: bool
) -> None:
    path = tmp_path / "crash.nkcase"
    passphrase = PASSPHRASE if encrypted else None
    create_casebook(path, passphrase=passphrase).close()
    rng = random.Random(run)
    env = {**os.environ, "TEST_PASSPHRASE": PASSPHRASE} if encrypted else None
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    acknowledged: list[str] = []
    # Wait for the first write, then let it run a random while before killing it.
    acknowledged.append(proc.stdout.readline().strip())
    time.sleep(rng.uniform(0.05, 0.8))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    acknowledged += [line.strip() for line in proc.stdout if line.strip()]
    assert acknowledged and acknowledged[0]

    if encrypted:  # what the writer left on disk is ciphertext, its WAL included
        for leftover in (path, path.with_name(path.name + "-wal")):
            if leftover.exists():
                assert b"Company" not in leftover.read_bytes()
    with open_casebook(path, passphrase=passphrase) as book:
        assert book.encrypted == encrypted
        assert check_casebook(book) == []
        with book.reading() as session:
            ids = set(session.scalars(select(Entity.id)))
            events = session.scalar(select(func.count()).select_from(AuditEvent))
            facts = session.scalar(select(func.count()).select_from(Fact))
        assert set(acknowledged) <= ids  # every acknowledged write survived
        # No half-written action: each entity came with its audit event and its three facts.
        assert events == len(ids)
        assert facts == 3 * len(ids)
