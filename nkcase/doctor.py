"""``nkcase doctor``: can this machine run nkcase? One line per check, with what to install.

A first start that fails deep inside Qt or ReportLab leaves a user with a traceback and no idea
what is missing. The doctor checks the few things nkcase needs from the machine — a Qt platform
plugin that loads, every Python module nkcase imports (each dependency, then nkcase's own
modules, which import some of them only when a feature is first used), fonts that draw Hangul
and Chinese characters, SQLite's FTS5 with the trigram tokenizer, writable data and log folders,
the PDF engine — and says for each what to do.

The core never imports Qt: the Qt probe runs in a child process from a script held as text
(:data:`QT_PROBE_SCRIPT`), so a plugin that crashes the process cannot take the doctor with it.
A frozen (PyInstaller) build has no ``python -c``; its entry script runs the probe when the
environment variable :data:`QT_PROBE_ENV` is set.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from nkcase.installation import DEPENDENCIES, QT_MODULE, Dependency, installation_error

APP_NAME = "nkcase"
QT_PROBE_ENV = "NKCASE_QT_PROBE"
QT_PROBE_TIMEOUT = 30.0

QT_PROBE_SCRIPT = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
print("NKCASE-QT-PLATFORM=" + app.platformName())
"""
"""Run in a child process: creating a QGuiApplication loads the platform plugin."""

QT_LIBS = (
    "libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 "
    "libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 "
    "libxcb-render-util0 libxcb-image0"
)

SCRIPT_SAMPLES: dict[str, tuple[str, str]] = {
    # script label: (characters that must all be drawable, the Debian package that provides them)
    "Hangul": ("한국어 평양 옥류관 라경수", "fonts-nanum"),
    "Han (Hanja and Chinese)": ("平壤朝鮮貿易會社 国际贸易公司 丹东", "fonts-wqy-microhei"),
}
"""Sample text per script; names in sanctions cases come in Hangul, Hanja and simplified Chinese."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``detail`` says what was found, ``remedy`` what to do."""

    name: str
    ok: bool
    detail: str
    remedy: str = ""

    def line(self) -> str:
        status = "ok" if self.ok else "MISSING"
        text = f"{status:<8} {self.name}: {self.detail}"
        if not self.ok and self.remedy:
            text += f" — {self.remedy}"
        return text


# -- Qt ---------------------------------------------------------------------------------------


def qt_platform_for(environ: dict[str, str] | os._Environ[str]) -> tuple[str | None, str]:
    """The platform plugin to test and why: the user's choice, or offscreen without a display."""
    chosen = environ.get("QT_QPA_PLATFORM")
    if chosen:
        return chosen, f"QT_QPA_PLATFORM={chosen}"
    if sys.platform.startswith("linux") and not (
        environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")
    ):
        return "offscreen", "no DISPLAY or WAYLAND_DISPLAY, tested offscreen"
    shown = [f"{k}={environ[k]}" for k in ("WAYLAND_DISPLAY", "DISPLAY") if environ.get(k)]
    return None, "default platform" + (f", {', '.join(shown)}" if shown else "")


def qt_probe_command() -> list[str]:
    """How to start the probe: ``python -c`` normally, the app itself when frozen."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-c", QT_PROBE_SCRIPT]


def check_qt(timeout: float = QT_PROBE_TIMEOUT) -> CheckResult:
    """Create a QGuiApplication in a child process and report the platform it loaded."""
    env = dict(os.environ)
    platform, why = qt_platform_for(env)
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    env[QT_PROBE_ENV] = "1"
    name = "Qt platform plugin"
    try:
        proc = subprocess.run(
            qt_probe_command(), env=env, capture_output=True, text=True, timeout=timeout,
            check=False, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return CheckResult(name, False, f"the Qt probe did not finish in {timeout:.0f} s ({why})",
                           "try QT_QPA_PLATFORM=offscreen nkcase doctor to isolate the display")
    except OSError as err:
        return CheckResult(name, False, f"cannot start the Qt probe: {err}")
    for out_line in proc.stdout.splitlines():
        if out_line.startswith("NKCASE-QT-PLATFORM="):
            loaded = out_line.split("=", 1)[1]
            return CheckResult(name, True, f"platform “{loaded}” loads ({why})")
    message = _last_meaningful_line(proc.stderr) or f"exit status {proc.returncode}"
    if "No module named 'PySide6'" in proc.stderr:
        return CheckResult(name, False, "PySide6 is not installed",
                           "pip install PySide6-Essentials (or reinstall nkcase)")
    if "could not connect to display" in proc.stderr:
        remedy = ("is that display running? Start nkcase from a desktop session, or test with "
                  "QT_QPA_PLATFORM=offscreen")
    else:
        remedy = f"sudo apt-get install {QT_LIBS}"
    return CheckResult(name, False, f"Qt could not start ({why}): {message}", remedy)


def _last_meaningful_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "Could not load the Qt platform plugin" in line or "could not connect" in line:
            return line
    return lines[-1] if lines else ""


# -- Python modules ---------------------------------------------------------------------------


def check_module(dep: Dependency) -> CheckResult:
    """Import one dependency's module; say its version, or why it does not load."""
    name = f"module {dep.module}"
    problem = _import_problem(dep.module)
    if problem:
        return CheckResult(name, False, f"needed for {dep.purpose}: {problem}")
    from importlib import metadata

    try:
        version = metadata.version(dep.distribution)
    except metadata.PackageNotFoundError:  # a frozen build has no distribution metadata
        version = "bundled"
    return CheckResult(name, True, f"{dep.distribution} {version}, for {dep.purpose}")


def check_modules() -> list[CheckResult]:
    """Every dependency (Qt's is tried by the Qt probe, in a child process), then nkcase's own
    modules outside the GUI: some import a dependency only when their feature is first used."""
    results = [check_module(dep) for dep in DEPENDENCIES if dep.module != QT_MODULE]
    import nkcase

    failures = []
    count = 0
    for info in pkgutil.walk_packages(nkcase.__path__, "nkcase."):
        if info.name == "nkcase.__main__" or info.name.startswith(
            ("nkcase.gui", "nkcase.store.migrations")
        ):
            continue  # __main__ runs the CLI; the GUI imports Qt; Alembic loads migrations
        count += 1
        problem = _import_problem(info.name)
        if problem:
            failures.append(f"{info.name}: {problem}")
    name = "nkcase's own modules"
    if failures:
        results.append(CheckResult(name, False, f"{len(failures)} do not load: {failures[0]}"))
    else:
        results.append(CheckResult(name, True, f"all {count} load"))
    return results


def _import_problem(module: str) -> str | None:
    try:
        importlib.import_module(module)
    except ImportError as err:
        return installation_error(err).message
    except Exception as err:  # a native library that fails to load raises all sorts
        return f"{type(err).__name__}: {err}"
    return None


# -- fonts ------------------------------------------------------------------------------------


def check_fonts(font_dirs: Sequence[Path] | None = None) -> list[CheckResult]:
    """Can dossiers draw Hangul and Han characters? (TrueType fonts that ReportLab embeds).

    ``font_dirs`` replaces the bundled and system font folders, so a test can show what the
    doctor says on a machine without a Korean font.
    """
    from nkcase.dossier.fonts import FontLibrary

    library = FontLibrary(list(font_dirs) if font_dirs is not None else None)
    results = []
    for script, (sample, package) in SCRIPT_SAMPLES.items():
        chars = [c for c in dict.fromkeys(sample) if not c.isspace()]
        faces: dict[str, None] = {}
        missing: list[str] = []
        for char in chars:
            font = library.font_for(ord(char), "regular")
            if font is None:
                missing.append(char)
            else:
                faces[font.removeprefix("nk-")] = None
        name = f"fonts for {script}"
        if missing:
            results.append(CheckResult(
                name, False, f"no font draws {''.join(missing)}",
                f"sudo apt-get install {package}",
            ))
        else:
            results.append(CheckResult(name, True, ", ".join(faces)))
    return results


# -- SQLite, folders, PDF engine --------------------------------------------------------------


def check_sqlite() -> CheckResult:
    """The search index needs FTS5 and its trigram tokenizer (SQLite 3.34 or newer)."""
    name = "SQLite full-text search"
    version = sqlite3.sqlite_version
    try:
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE VIRTUAL TABLE words USING fts5(body)")
            conn.execute("CREATE VIRTUAL TABLE grams USING fts5(body, tokenize='trigram')")
            conn.execute("INSERT INTO grams VALUES ('Pyongyang Okryu')")
            hits = conn.execute("SELECT count(*) FROM grams WHERE grams MATCH 'ongya'").fetchone()
        conn.close()
    except sqlite3.OperationalError as err:
        return CheckResult(
            name, False, f"SQLite {version}: {err}",
            "use a Python built with SQLite 3.34 or newer with FTS5 (python3.12 from Debian 12 "
            "or Ubuntu 24.04 has it)",
        )
    if not hits or hits[0] != 1:
        return CheckResult(name, False, f"SQLite {version}: the trigram tokenizer finds nothing")
    return CheckResult(name, True, f"SQLite {version} with FTS5 and trigram")


def check_sqlcipher() -> CheckResult:
    """Encrypted casebooks need SQLCipher 4 with FTS5 and trigram (sqlcipher3's SQLite)."""
    name = "encrypted casebooks (SQLCipher)"
    try:
        from nkcase.store.encryption import sqlcipher

        conn = sqlcipher().connect(":memory:")
        try:
            version = str(conn.execute("PRAGMA cipher_version").fetchone()[0])
            conn.execute("CREATE VIRTUAL TABLE grams USING fts5(body, tokenize='trigram')")
            conn.execute("INSERT INTO grams VALUES ('평양옥류관')")
            hits = conn.execute("SELECT count(*) FROM grams WHERE grams MATCH '양옥류'").fetchone()
        finally:
            conn.close()
    except ImportError as err:
        return CheckResult(name, False, installation_error(err).message)
    except Exception as err:  # a native library that fails to load raises all sorts
        return CheckResult(name, False, f"{type(err).__name__}: {err}",
                           "pip install --force-reinstall sqlcipher3")
    if not version.startswith("4.") or hits[0] != 1:
        return CheckResult(name, False, f"SQLCipher {version}: not SQLCipher 4 with trigram search")
    return CheckResult(name, True, f"SQLCipher {version} with FTS5 and trigram")


def check_writable(label: str, folder_of: Callable[[], Path]) -> CheckResult:
    """Create the folder if needed and write, then delete, a small file in it."""
    name = f"{label} folder"
    try:
        folder = folder_of()
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".nkcase-doctor-", delete=True) as f:
            f.write(b"ok")
            f.flush()
    except OSError as err:
        where = getattr(err, "filename", None) or label
        return CheckResult(name, False, f"cannot write {where}: {err.strerror or err}",
                           "check the folder's owner and permissions, or free disk space")
    return CheckResult(name, True, f"{folder} is writable")


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _log_dir() -> Path:
    from nkcase.logs import log_dir

    return log_dir()


def check_pdfium() -> CheckResult:
    """pypdfium2 renders PDF pages for the source reader and dossier crops."""
    name = "PDF engine (pypdfium2)"
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument.new()
        page = document.new_page(200, 100)
        bitmap = page.render(scale=0.5)
        size = (bitmap.width, bitmap.height)
        page.close()
        document.close()
    except Exception as err:  # a native library that fails to load raises all sorts
        return CheckResult(name, False, f"{type(err).__name__}: {err}",
                           "pip install --force-reinstall pypdfium2")
    version = str(getattr(pdfium, "PDFIUM_INFO", "")).split("@")[0]
    return CheckResult(name, True, f"pdfium {version} renders ({size[0]}×{size[1]} test page)")


def run_checks(
    *, font_dirs: Sequence[Path] | None = None, qt: bool = True
) -> list[CheckResult]:
    """Every check, in the order the doctor prints them."""
    results = [check_qt()] if qt else []
    results += check_modules()
    results += check_fonts(font_dirs)
    results.append(check_sqlite())
    results.append(check_sqlcipher())
    results.append(check_writable("data", data_dir))
    results.append(check_writable("log", _log_dir))
    results.append(check_pdfium())
    return results


def run_qt_probe() -> None:
    """Run the Qt probe in this process (the frozen app's entry script calls this)."""
    exec(compile(QT_PROBE_SCRIPT, "<nkcase-qt-probe>", "exec"), {"__name__": "__probe__"})
