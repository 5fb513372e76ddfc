"""A command loads only what it uses: reading commands never load ReportLab, Qt or pdfium.

Each command runs in a fresh interpreter (the way a user starts it), which then reports which
heavy libraries ended up in ``sys.modules``. Start-up time itself is measured by
benchmarks/cli_start.py, not here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nkcase.cli.main import COMMAND_MODULES, COMMANDS, modules_for

HEAVY = ("reportlab", "PySide6", "pypdfium2")

PROBE = """
import json, sys
from nkcase.cli.main import main
code = main(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(HEAVY)))
print("NKCASE-LOADED=" + json.dumps({"code": code, "loaded": loaded}))
"""


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from nkcase.demo.builder import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.nkcase")


def loaded_by(*argv: str) -> list[str]:
    """Run ``nkcase ARGV`` in a new interpreter; the heavy libraries it imported."""
    script = PROBE.replace("json.loads(HEAVY)", repr(list(HEAVY)))
    result = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    line = next(
        (ln for ln in result.stdout.splitlines() if ln.startswith("NKCASE-LOADED=")), None
    )
    assert line is not None, f"nkcase {' '.join(argv)} did not finish: {result.stderr[-2000:]}"
    report = json.loads(line.split("=", 1)[1])
    assert report["code"] == 0, f"nkcase {' '.join(argv)} failed: {result.stderr[-2000:]}"
    return list(report["loaded"])


@pytest.mark.parametrize(
    "argv",
    [
        ("entity", "list", "{book}"),
        ("entity", "show", "{book}", "Blue Lantern"),
        ("source", "list", "{book}"),
        ("search", "{book}", "Lantern"),
        ("check", "{book}"),
        ("audit", "{book}"),
        ("info", "{book}"),
    ],
    ids=lambda argv: " ".join(a for a in argv if a != "{book}"),
)
def test_reading_commands_load_no_pdf_or_gui_library(
    demo_book: Path, argv: tuple[str, ...]
) -> None:
    args = [str(demo_book) if a == "{book}" else a for a in argv]
    assert loaded_by(*args) == [], f"nkcase {' '.join(argv)} imported a heavy library"


def test_version_loads_no_command_module() -> None:
    script = (
        "import sys\nfrom nkcase.cli.main import main\ncode = main(['--version'])\n"
        "print('NKCASE-MODULES=' + ','.join(sorted(m for m in sys.modules "
        "if m.startswith(('nkcase.cli.', 'sqlalchemy')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    modules = result.stdout.split("NKCASE-MODULES=", 1)[1].strip().split(",")
    assert modules == ["nkcase.cli.main"]


def test_command_table_names_the_module_that_registers_each_command() -> None:
    registered: dict[str, str] = {}
    for module in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(f"nkcase.cli.{module}").register(commands)
        for name in commands.choices:
            registered[name] = module
    assert registered == COMMANDS


def test_a_command_registers_only_its_own_module() -> None:
    assert modules_for(["entity", "list", "x.nkcase"]) == ("entity_cmds",)
    assert modules_for([]) == ("gui_cmds",)  # `nkcase` alone starts the desktop app
    assert modules_for(["--version"]) == ()
    assert set(modules_for(["--help"])) == set(COMMAND_MODULES)
    assert set(modules_for(["no-such-command"])) == set(COMMAND_MODULES)
