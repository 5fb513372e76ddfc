"""Every module imports, every import is a declared dependency, the lock files pin them all.

A dependency missing from pyproject.toml (lxml_html_clean was) installs fine on a developer's
machine that happens to have it and breaks a user's fresh install: importing every module here
makes CI, which installs only what the lock file lists, fail instead.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import pkgutil
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import nkcase
from nkcase.installation import DEPENDENCIES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "nkcase"
LOCK_DIR = ROOT / "packaging" / "lock"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

DEV_ONLY_MODULES = {"wordfreq"}
"""Imported only by development tools inside the package (build_wordlist), declared in [dev]."""


def all_module_names() -> list[str]:
    """Every module of the package but ``nkcase.__main__`` (importing it runs the CLI)."""
    names = (info.name for info in pkgutil.walk_packages(nkcase.__path__, "nkcase."))
    return sorted(name for name in names if name != "nkcase.__main__")


@pytest.mark.parametrize("name", all_module_names())
def test_every_module_of_the_package_imports(name: str) -> None:
    # Qt modules too (offscreen, set by conftest): the GUI's dependencies are checked as well.
    importlib.import_module(name)


def imported_top_level_modules() -> dict[str, set[str]]:
    """Each third-party top-level module imported anywhere in nkcase/ → the files importing it."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("nkcase", "__future__"):
                    continue
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def declared(requirements: list[str]) -> dict[str, Requirement]:
    parsed = (Requirement(r) for r in requirements)
    return {canonicalize_name(r.name): r for r in parsed}


def test_every_imported_module_is_a_declared_dependency() -> None:
    ours = {dep.module for dep in DEPENDENCIES}
    undeclared = {
        module: files
        for module, files in imported_top_level_modules().items()
        if module not in ours and module not in DEV_ONLY_MODULES
    }
    assert not undeclared, (
        f"imported but not in nkcase.installation.DEPENDENCIES / pyproject.toml: {undeclared}"
    )
    runtime = declared(PYPROJECT["project"]["dependencies"])
    listed = {canonicalize_name(dep.distribution) for dep in DEPENDENCIES}
    assert listed == set(runtime), (
        "nkcase.installation.DEPENDENCIES and [project].dependencies differ: "
        f"only in DEPENDENCIES {listed - set(runtime)}, only in pyproject {set(runtime) - listed}"
    )


def test_each_dependency_names_the_distribution_that_installs_its_module() -> None:
    providers = importlib.metadata.packages_distributions()
    for dep in DEPENDENCIES:
        found = {canonicalize_name(d) for d in providers.get(dep.module, [])}
        assert canonicalize_name(dep.distribution) in found, (dep.module, found)


def lock_pins(name: str) -> dict[str, tuple[str, int]]:
    """``packaging/lock/NAME``: each package → (pinned version, number of hashes)."""
    text = (LOCK_DIR / name).read_text(encoding="utf-8")
    pins: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", block)
        if match:
            pins[canonicalize_name(match[1])] = (match[2], block.count("--hash=sha256:"))
    return pins


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("app.txt", ()), ("dev.txt", ("test", "lint"))],
)
def test_lock_file_pins_every_declared_dependency_with_hashes(
    lock: str, groups: tuple[str, ...]
) -> None:
    pins = lock_pins(lock)
    wanted = dict(declared(PYPROJECT["project"]["dependencies"]))
    for group in groups:
        wanted.update(declared(PYPROJECT["project"]["optional-dependencies"][group]))
    for name, requirement in wanted.items():
        assert name in pins, f"{name} is not in packaging/lock/{lock}: run bash packaging/lock.sh"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"packaging/lock/{lock} pins {name}=={version}, outside {requirement}: "
            "run bash packaging/lock.sh"
        )
    assert all(hashes for _, hashes in pins.values()), "every pin needs its hashes"


def test_the_app_lock_pins_the_same_versions_as_the_dev_lock() -> None:
    app, dev = lock_pins("app.txt"), lock_pins("dev.txt")
    assert {n: v for n, (v, _) in app.items()} == {n: dev[n][0] for n in app}
