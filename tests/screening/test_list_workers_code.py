"""The processes that read a list file in parts run the nkcase of the program that imports it,
whatever folder the import is started in (a folder holding another nkcase, such as an older
checkout, must not lend its code to the workers: their rows would come from it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.screening.test_list_import_output import EXPECTED, UN_2024

REPOSITORY = Path(__file__).resolve().parents[2]

#: A program of its own (the fork server is started once per program): run as a file, so that
#: its own folder, not the current one, comes first on its path, as for the ``nkcase`` command.
PROGRAM = """
import sys
sys.path.insert(0, sys.argv[1])  # this repository: its nkcase and its test fixtures
from pathlib import Path
from tests.fixtures.list_digest import import_digest

if __name__ == "__main__":
    path, folder = Path(sys.argv[2]), Path(sys.argv[3])
    print(*import_digest(path, folder, workers=1, chunk_bytes=512))
"""


def test_list_workers_run_this_nkcase_not_one_in_the_current_folder(tmp_path: Path) -> None:
    imported = tmp_path / "imported"
    folder = tmp_path / "folder"  # the current folder of the import, holding another nkcase
    (folder / "nkcase").mkdir(parents=True)
    (folder / "nkcase" / "__init__.py").write_text(f"open({str(imported)!r}, 'w').close()\n")
    program = tmp_path / "program" / "import_un.py"
    program.parent.mkdir()
    program.write_text(PROGRAM)
    books = tmp_path / "books"
    books.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(program), str(REPOSITORY), str(UN_2024), str(books)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = next((records, digest) for path, records, digest in EXPECTED if path == UN_2024)
    assert done.stdout.split() == [str(expected[0]), expected[1]]
    assert not imported.exists(), "a process of the import ran the nkcase of the current folder"
