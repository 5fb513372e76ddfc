"""Shared test fixtures: a fresh casebook per test, the seed articles, offscreen Qt."""

from __future__ import annotations

import faulthandler
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Hypothesis's per-example deadline (200 ms) is a timed assert: on a loaded 2-core CI machine
# it fails tests whose behaviour is right. Speed is measured in benchmarks/, never here.
settings.register_profile("nkcase", deadline=None)
settings.load_profile("nkcase")

# Qt must never try to reach a display in tests (CI has none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must not write into the real user's log or settings folders.
os.environ.setdefault("NKCASE_INVESTIGATOR", "test-investigator")
# Nor read the real user's OS keyring (opening a team casebook asks it for a password; a
# locked desktop keyring would prompt): keyring's own switch to its null backend. The keyring
# tests set an in-memory one (tests/keyrings.py).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

REPO_ROOT = Path(__file__).resolve().parent.parent
# ../shared/seeds beside the repository; a git worktree in ../wt/NAME finds it one level up.
SEEDS_DIR = next(
    (
        root / "shared" / "seeds"
        for root in (REPO_ROOT.parent, REPO_ROOT.parent.parent)
        if (root / "shared" / "seeds").is_dir()
    ),
    REPO_ROOT.parent / "shared" / "seeds",
)
SEED_000 = "000_8248db68c031826c.txt"
SEED_001 = "001_22f799ec620b1025.txt"


# A test still running after this long is hung (a deadlock), not slow: the longest test takes
# well under a minute on a loaded CI machine.
HANG_SECONDS = 300


@pytest.fixture(autouse=True)
def _hang_watchdog() -> Iterator[None]:
    """A deadlocked test prints every thread's stack and ends the run, rather than leaving CI
    waiting for its own time limit with nothing to show. faulthandler's watchdog is a C thread
    that needs no GIL: a deadlock that holds the GIL (where pytest-timeout's thread cannot run)
    is reported too."""
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=sys.__stderr__)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _logs_as_in_a_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test logs as a fresh process does: messages are withheld only once an encrypted
    casebook has been opened in it (nkcase.logs), not because an earlier test opened one."""
    import nkcase.logs

    monkeypatch.setattr(nkcase.logs, "_withhold_details", False)


@pytest.fixture
def casebook_path(tmp_path: Path) -> Path:
    return tmp_path / "case.nkcase"


#: Test folders whose ``casebook`` runs on both backends (a casebook file and a PostgreSQL
#: team casebook): the services, search included. Everything else runs on a casebook file
#: only (the store's file-specific tests); tests/store/test_team*.py use a team casebook.
BOTH_BACKENDS = ("tests/services/",)
#: Modules of those folders that test a file's own properties (encryption, file contents).
FILE_ONLY = ("test_no_plaintext_left.py",)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the service, store and search suites' ``casebook`` tests on both backends."""
    if "backend" not in metafunc.fixturenames:
        return
    where = Path(str(metafunc.definition.fspath)).relative_to(REPO_ROOT).as_posix()
    file_only = where.endswith(FILE_ONLY) or metafunc.definition.get_closest_marker("file_only")
    if where.startswith(BOTH_BACKENDS) and not file_only:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which store the test's casebook is on: ``sqlite`` (a file) or ``postgresql``."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """A throwaway PostgreSQL cluster for the session (skipped without PostgreSQL's binaries,
    except on CI, where their absence fails)."""
    from nkcase.store.pg_cluster import LocalCluster, find_binaries

    binaries = find_binaries()
    if binaries is None:
        reason = (
            "PostgreSQL's initdb/pg_ctl not found (install postgresql, or set NKCASE_PG_BIN)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    cluster = LocalCluster(binaries).start()
    try:
        # One migrated casebook to copy: CREATE DATABASE ... TEMPLATE is much faster than
        # running the migrations for every test.
        from nkcase.store.team import init_team_casebook

        cluster.sql("CREATE DATABASE nk_template")
        init_team_casebook(cluster.url("nk_template"), "Test case").close()
        yield cluster
    finally:
        cluster.stop()


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def team_url(pg_cluster: object) -> Iterator[str]:
    """The address of a fresh team casebook (a copy of the migrated template), dropped after."""
    cluster: Any = pg_cluster
    name = f"nk_test_{next(_databases)}"
    cluster.sql(f"CREATE DATABASE {name} TEMPLATE nk_template")
    try:
        yield cluster.url(name)
    finally:
        cluster.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def casebook(backend: str, request: pytest.FixtureRequest, casebook_path: Path) -> Iterator[object]:
    """A new, empty casebook open for writing, closed after the test (a file, or a team
    casebook on PostgreSQL for the suites that run on both backends)."""
    from nkcase.store import create_casebook, open_casebook

    if backend == "postgresql":
        book = open_casebook(request.getfixturevalue("team_url"))
    else:
        book = create_casebook(casebook_path, "Test case")
    try:
        yield book
    finally:
        book.close()


def seed_path(name: str) -> Path:
    """A seed article from ../shared/seeds, or skip the test saying why."""
    path = SEEDS_DIR / name
    if not path.exists():
        pytest.skip(f"seed article {name} not found: ../shared/seeds is absent beside the repo")
    return path


@pytest.fixture
def seed_000() -> Path:
    return seed_path(SEED_000)


@pytest.fixture
def seed_001() -> Path:
    return seed_path(SEED_001)
