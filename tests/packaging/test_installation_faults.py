"""A module that will not import is reported as a fault of the installation, naming the module.

Each test runs nkcase in a fresh interpreter in which a meta-path finder makes some modules
unimportable, as on a machine where pip left them out (pip 23.2 did not install
lxml_html_clean for lxml 6.1, and HTML imports then said the file was damaged).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nkcase.errors import InstallationError
from nkcase.installation import installation_error

BLOCKING_RUNNER = """
import importlib.abc, sys

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Blocked())
from nkcase.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


def nkcase_without(modules: list[str], *argv: str) -> subprocess.CompletedProcess[str]:
    script = BLOCKING_RUNNER.replace("BLOCKED", repr(set(modules)), 1)
    return subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def html_page(tmp_path: Path) -> Path:
    page = tmp_path / "report.html"
    page.write_text(
        "<html><head><title>Restaurant report</title></head><body><article>"
        "<p>평양옥류관 opened a branch in Bangkok in 2016, staffed from Pyongyang.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    return page


def test_html_import_without_lxml_html_clean_names_the_module_not_the_file(
    tmp_path: Path, html_page: Path
) -> None:
    book = tmp_path / "case.nkcase"
    assert nkcase_without([], "new", str(book)).returncode == 0
    result = nkcase_without(["lxml_html_clean"], "import", str(book), str(html_page))
    assert result.returncode == 1
    assert "nkcase is missing the module lxml_html_clean: reinstall with" in result.stderr
    assert "pip install --require-hashes --no-deps -r" in result.stderr  # this checkout's lock file
    assert "packaging/lock/app.txt" in result.stderr
    assert "damaged" not in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing was half-imported; with the module back, the same file imports.
    result = nkcase_without([], "import", str(book), str(html_page))
    assert result.returncode == 0, result.stderr


def test_a_command_whose_library_is_missing_says_so_in_one_line(tmp_path: Path) -> None:
    book = tmp_path / "case.nkcase"
    assert nkcase_without([], "new", str(book)).returncode == 0
    result = nkcase_without(
        ["reportlab"], "export", "dossier", str(book), "--all", "--out", str(tmp_path / "d.pdf")
    )
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("nkcase: error: nkcase is missing the module reportlab")
    assert "internal error" not in result.stderr


def test_doctor_imports_each_module_and_reports_the_missing_one() -> None:
    result = nkcase_without(["lxml_html_clean"], "doctor")
    assert result.returncode != 0
    lines = result.stdout.splitlines()
    missing = [line for line in lines if line.startswith("MISSING")]
    assert any(line.startswith("MISSING  module lxml_html_clean:") for line in missing), lines
    assert any("module trafilatura" in line for line in missing)  # it needs it
    assert any(line.startswith("ok       module reportlab:") for line in lines)


def test_a_module_that_refuses_to_load_is_named_with_what_it_asks_for() -> None:
    # lxml >= 5.2 without lxml_html_clean: lxml.html.clean catches the ModuleNotFoundError and
    # raises an ImportError of its own; the missing module is found through the chain.
    try:
        try:
            raise ModuleNotFoundError("No module named 'lxml_html_clean'", name="lxml_html_clean")
        except ImportError:
            raise ImportError("lxml.html.clean module is now a separate project") from None
    except ImportError as err:
        chained = err
    problem = installation_error(chained)
    assert isinstance(problem, InstallationError)
    assert problem.message.startswith(
        "nkcase is missing the module lxml_html_clean: reinstall with"
    )
    # A module that raises for another reason is named by where it raised, with its reason.
    try:
        raise ImportError("this build needs a newer glibc")
    except ImportError as err:
        plain = err
    message = installation_error(plain).message
    assert message.startswith(f"nkcase cannot load the module {__name__} (this build needs")


def test_outside_a_checkout_the_hint_names_the_package_and_its_declared_range(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from nkcase import installation

    monkeypatch.setattr(installation, "__file__", str(tmp_path / "nkcase" / "installation.py"))
    hint = installation.reinstall_hint("lxml_html_clean")
    assert re.search(r"-m pip install --force-reinstall 'lxml[-_]html[-_]clean>=0\.4'", hint)
    assert installation.reinstall_hint("nkcase_plugin_x").startswith("reinstall nkcase with")
