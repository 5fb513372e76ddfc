"""A throwaway PostgreSQL cluster in a temporary folder, for the tests and the benchmarks.

``initdb`` and ``pg_ctl`` from the machine's PostgreSQL (``$NKCASE_PG_BIN``, else the newest
``/usr/lib/postgresql/N/bin``, else ``pg_ctl`` on the PATH) make a cluster that listens on a
Unix socket in its own folder only (no TCP port, no service, nothing outside the folder), with
``fsync`` off: it lives as long as a test session. PostgreSQL refuses to run as root; under root
(a CI container) the cluster runs as the ``postgres`` user the Debian packages create.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from nkcase.errors import InstallationError

BIN_ENV = "NKCASE_PG_BIN"
SUPERUSER = "postgres"


def find_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``; None when absent."""
    candidates: list[Path] = []
    if os.environ.get(BIN_ENV):
        candidates.append(Path(os.environ[BIN_ENV]))
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if p.name.isdigit()]
        candidates += [v / "bin" for v in sorted(versions, key=lambda p: -int(p.name))]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if all((folder / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


class LocalCluster:
    """One cluster: :meth:`start`, :meth:`url` for a database, :meth:`stop` (removes it all)."""

    def __init__(self, binaries: Path, folder: Path | None = None) -> None:
        self.binaries = binaries
        self.folder = folder or Path(tempfile.mkdtemp(prefix="nkcase-pg-"))
        self.data = self.folder / "data"
        self.socket_dir = self.folder
        self._run_as: list[str] = []
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            shutil.chown(self.folder, user=SUPERUSER)
            self._run_as = ["runuser", "-u", SUPERUSER, "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._run_as, *args], capture_output=True, text=True, cwd=self.folder, check=False
        )
        if done.returncode != 0:
            raise InstallationError(
                f"PostgreSQL's {Path(args[0]).name} failed: {done.stderr.strip() or done.stdout}"
            )

    def start(self) -> LocalCluster:
        self._run(
            str(self.binaries / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.binaries / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "server.log"), "-w", "start",
        )
        return self

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def sql(self, statement: str, database: str | None = "postgres") -> None:
        """Run one statement outside a transaction as the superuser (CREATE DATABASE...)."""
        import psycopg

        with psycopg.connect(
            dbname=database or "postgres", user=SUPERUSER, host=str(self.socket_dir),
            autocommit=True,
        ) as conn:
            conn.execute(statement)
