"""The PyInstaller build ships every resource and every migration where the code looks for them."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import nkcase
from nkcase.store import migrate

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_datas_helper() -> ModuleType:
    # packaging/ is not a Python package (its name would shadow PyPI's "packaging").
    spec = importlib.util.spec_from_file_location("nkcase_packaging_datas", PACKAGING / "datas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bundled_paths() -> set[Path]:
    """Where each data file lands in the bundle, relative to the bundle's root."""
    pairs = load_datas_helper().project_datas(ROOT)
    return {Path(dest) / Path(src).name for src, dest in pairs}


def test_every_resource_file_is_bundled_under_resources() -> None:
    resources = [
        p.relative_to(ROOT) for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert resources, "resources/ is empty"
    missing = set(resources) - bundled_paths()
    assert not missing, f"not in the build: {sorted(map(str, missing))}"


def test_every_migration_file_is_bundled_where_migrate_looks() -> None:
    package_root = Path(nkcase.__file__).resolve().parent.parent
    migrations = migrate.MIGRATIONS_DIR.resolve()
    wanted = {
        p.relative_to(package_root) for p in migrations.rglob("*")
        if p.is_file() and p.suffix in {".py", ".mako"} and "__pycache__" not in p.parts
    }
    assert Path("nkcase/store/migrations/env.py") in wanted
    assert Path("nkcase/store/migrations/script.py.mako") in wanted
    assert any(p.parent.name == "versions" for p in wanted)
    missing = wanted - bundled_paths()
    assert not missing, f"migrations not in the build: {sorted(map(str, missing))}"


def test_no_bytecode_caches_are_bundled() -> None:
    assert not any(
        "__pycache__" in p.parts or p.suffix == ".pyc" for p in bundled_paths()
    )


def test_spec_uses_the_helper_and_collects_dependency_data() -> None:
    tree = ast.parse((PACKAGING / "nkcase.spec").read_text(encoding="utf-8"))
    calls = {
        node.func.id for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"project_datas", "collect_data_files", "Analysis", "COLLECT"} <= calls
    collected = {
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    # trafilatura reads settings.cfg at import; python-docx needs its default template.
    assert {"trafilatura", "docx", "justext"} <= collected
    entry = next(
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Analysis"
    )
    assert "nkcase_entry.py" in ast.unparse(entry.args[0])
    assert (PACKAGING / "nkcase_entry.py").is_file()


def test_desktop_file_and_icons_agree() -> None:
    desktop = (PACKAGING / "io.github.nkcase.desktop").read_text(encoding="utf-8")
    keys = dict(
        line.split("=", 1) for line in desktop.splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert keys["Type"] == "Application"
    assert keys["Exec"].split()[0] == "nkcase"
    assert keys["Icon"] == "io.github.nkcase"
    from PIL import Image

    for size in (48, 128, 256):
        with Image.open(ROOT / "resources" / "icons" / f"nkcase-{size}.png") as image:
            assert image.size == (size, size)
    assert (ROOT / "resources" / "icons" / "nkcase.svg").is_file()
