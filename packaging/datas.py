"""The project's own data files for the PyInstaller build, as ``(source, destination)`` pairs.

PyInstaller collects Python modules by following imports, but not data files, and it never
copies ``.py`` files as data: Alembic, however, loads ``env.py`` and every migration in
``versions/`` from files on disk. So the spec lists them here, file by file, with destinations
that mirror where the code looks for them at run time:

- ``resources/...`` → ``<bundle>/resources/...`` (found by ``nkcase.resources.resource_path``
  beside the ``nkcase`` package, and by the dossier's font search via ``sys._MEIPASS``);
- ``nkcase/store/migrations/...`` → the same relative path (``nkcase.store.migrate`` looks
  beside its own module).

Kept free of PyInstaller imports so ``tests/packaging`` can check it without PyInstaller.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path("nkcase") / "store" / "migrations"
SKIP_DIRS = {"__pycache__"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


def _files_under(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file()
        and not SKIP_DIRS.intersection(p.relative_to(folder).parts)
        and p.suffix not in SKIP_SUFFIXES
    )


def project_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """Every resource file and migration file, as PyInstaller ``datas`` entries."""
    pairs: list[tuple[str, str]] = []
    for folder in (Path("resources"), MIGRATIONS):
        for path in _files_under(root / folder):
            relative = path.relative_to(root)
            pairs.append((str(path), str(relative.parent)))
    return pairs
