"""What nkcase needs installed, and how a fault of the installation is told to the user.

A module that cannot be imported is never the user's doing: it is a broken or incomplete
install (a dependency that pip did not resolve, a wheel for another platform, a half-upgraded
virtual environment). Such faults are reported as :class:`~nkcase.errors.InstallationError`,
naming the module and how to reinstall, never as a damaged file or an internal error.

:data:`DEPENDENCIES` lists the third-party modules the code imports, with the distribution that
provides each (what pip installs) and what it is for. ``nkcase doctor`` imports every one of
them; a test keeps this list equal to the imports in the code and to ``pyproject.toml``.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from nkcase.errors import InstallationError


@dataclass(frozen=True)
class Dependency:
    """A third-party module nkcase imports: ``module`` (as imported), ``distribution`` (as
    pip installs it), ``purpose`` (what breaks without it)."""

    module: str
    distribution: str
    purpose: str


DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency("sqlalchemy", "SQLAlchemy", "the casebook store"),
    Dependency("alembic", "alembic", "upgrading older casebooks"),
    Dependency("platformdirs", "platformdirs", "where logs and settings go"),
    Dependency("pypdfium2", "pypdfium2", "PDF import, page images and dossier crops"),
    Dependency("trafilatura", "trafilatura", "importing saved web pages"),
    Dependency("lxml", "lxml", "importing web pages and Word files"),
    Dependency("lxml_html_clean", "lxml_html_clean", "importing web pages (trafilatura uses it)"),
    Dependency("docx", "python-docx", "importing Word files"),
    Dependency("charset_normalizer", "charset-normalizer", "importing text in unknown encodings"),
    Dependency("rapidfuzz", "RapidFuzz", "re-anchoring quotes and the quick finder"),
    Dependency("msgspec", "msgspec", "importing sanctions lists (JSON read and written in C)"),
    Dependency("reportlab", "reportlab", "PDF dossiers"),
    Dependency("fontTools", "fonttools", "choosing fonts for dossiers"),
    Dependency("PIL", "Pillow", "page images in dossiers"),
    Dependency("pyaes", "pyaes", "password-protected dossiers (AES-256)"),
    Dependency("igraph", "igraph", "laying out link charts"),
    Dependency("sqlcipher3", "sqlcipher3", "encrypted casebooks (SQLCipher)"),
    Dependency("psycopg", "psycopg", "team casebooks on PostgreSQL"),
    Dependency("keyring", "keyring", "team casebook passwords from the OS keyring"),
    Dependency("PySide6", "PySide6-Essentials", "the desktop app"),
)
"""Every third-party module the package imports (the desktop app's Qt included)."""

QT_MODULE = "PySide6"
"""Imported by the doctor only in a child process: the core never imports Qt."""

_BY_MODULE = {dep.module: dep for dep in DEPENDENCIES}


def dependency_for(module: str) -> Dependency | None:
    """The dependency that provides ``module`` (``"lxml.html"`` → lxml), if it is one of ours."""
    return _BY_MODULE.get(module.split(".")[0])


def missing_module(err: ImportError) -> str | None:
    """The module that is not installed, if that is what ``err`` comes down to.

    Looks through the exceptions ``err`` was raised from: ``lxml.html.clean`` catches the
    ModuleNotFoundError for ``lxml_html_clean`` and raises an ImportError of its own.
    """
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ModuleNotFoundError) and current.name:
            return current.name
        current = current.__cause__ or current.__context__
    return None


def failed_module(err: ImportError) -> str:
    """The module whose import failed: the missing one, or the one that raised while loading.

    ``ModuleNotFoundError`` and "cannot import name" carry the module in ``err.name``; a module
    that refuses to load raises from the innermost frame of the traceback.
    """
    missing = missing_module(err)
    if missing:
        return missing
    if err.name:
        return err.name
    module = None
    tb: TracebackType | None = err.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__") or module
        tb = tb.tb_next
    return module if isinstance(module, str) and module != "__main__" else "(unknown)"


def reinstall_hint(module: str) -> str:
    """What to run so that ``module`` imports again.

    In a source checkout (``pip install -e``), the lock file's exact versions; otherwise the
    package that provides the module, in the range nkcase declares.
    """
    if getattr(sys, "frozen", False):
        return "this build of nkcase is incomplete: install it again"
    python = shlex.quote(sys.executable)
    dep = dependency_for(module)
    checkout = Path(__file__).resolve().parent.parent
    lock = checkout / "packaging" / "lock" / "app.txt"
    if (checkout / "pyproject.toml").is_file() and lock.is_file():
        command = f"{python} -m pip install --require-hashes --no-deps -r {shlex.quote(str(lock))}"
        if dep is None:
            command += f" && {python} -m pip install --no-deps -e {shlex.quote(str(checkout))}"
        return f"reinstall with: {command}"
    if dep is None:
        return "reinstall nkcase with the pip that installed it"
    requirement = shlex.quote(_declared_requirement(dep.distribution))
    return f"reinstall with: {python} -m pip install --force-reinstall {requirement}"


def installation_error(err: ImportError) -> InstallationError:
    """The one-line report of an ImportError: which module, how to reinstall, not whose file."""
    module = failed_module(err)
    if missing_module(err):
        what = f"nkcase is missing the module {module}"
    else:
        reason = " ".join(str(err).split())
        what = f"nkcase cannot load the module {module} ({reason})"
    return InstallationError(
        f"{what}: {reinstall_hint(module)} (nkcase doctor checks every module)",
        details=f"{type(err).__name__}: {err}",
    )


def _declared_requirement(distribution: str) -> str:
    """``distribution`` with the version range nkcase declares for it (from its metadata)."""
    from importlib import metadata  # only on the error path: it costs ~20 ms to import

    wanted = distribution.lower().replace("_", "-")
    try:
        requirements = metadata.requires("nkcase") or []
    except metadata.PackageNotFoundError:
        return distribution
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        spec = requirement.split(";")[0].strip()
        name = spec
        for stop in "<>=!~[ (":
            name = name.split(stop)[0]
        if name.lower().replace("_", "-") == wanted:
            return spec.replace(" ", "")
    return distribution
