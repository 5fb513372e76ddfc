"""Typed access to what the desktop app remembers between runs (QSettings).

Everything the app persists goes through :class:`Settings`, so keys and types live in one place
and tests can point it at a temporary INI file instead of the user's real settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class Settings:
    """Window geometry, splitter states, recent casebooks, the last folder used, auto-lock."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings if qsettings is not None else QSettings("nkcase", "nkcase")

    @classmethod
    def at(cls, path: Path) -> Settings:
        """Settings kept in an INI file at ``path`` (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    # -- recent casebooks -----------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        raw = self._s.value("recent/files", [])
        if isinstance(raw, str):  # QSettings returns a lone string for one-item lists
            raw = [raw]
        if not isinstance(raw, list):  # anything else (a hand-edited file): none
            return []
        return [Path(p) for p in raw if isinstance(p, str) and p]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        files = [p for p in self.recent_files() if p != path]
        files.insert(0, path)
        self._s.setValue("recent/files", [str(p) for p in files[:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        self._s.setValue("recent/files", [str(p) for p in self.recent_files() if p != path])

    def clear_recent(self) -> None:
        self._s.setValue("recent/files", [])

    # -- window layout ----------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter(self, name: str, value: QByteArray) -> None:
        self._s.setValue(f"splitters/{name}", value)

    def header(self, name: str) -> QByteArray | None:
        """A table header's saved state: column widths, order and which are hidden."""
        return self._bytes(f"headers/{name}")

    def set_header(self, name: str, value: QByteArray) -> None:
        self._s.setValue(f"headers/{name}", value)

    # -- folders --------------------------------------------------------------------------
    def last_folder(self) -> Path:
        value = self._s.value("folders/last", "")
        return Path(str(value)) if value else Path.home()

    def set_last_folder(self, path: Path) -> None:
        self._s.setValue("folders/last", str(path))

    def export_path(self) -> Path | None:
        """The last dossier written (a PDF, or a folder for one PDF per entity)."""
        value = self._s.value("export/last", "")
        return Path(str(value)) if value else None

    def set_export_path(self, path: Path) -> None:
        self._s.setValue("export/last", str(path))

    # -- encrypted casebooks ----------------------------------------------------------------
    def auto_lock_minutes(self) -> int:
        """Minutes without input after which an open encrypted casebook is locked (0: never)."""
        try:
            minutes = int(str(self._s.value("security/auto_lock_minutes", 0)))
        except ValueError:
            return 0
        return max(0, minutes)

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self._s.setValue("security/auto_lock_minutes", max(0, int(minutes)))

    def sync(self) -> None:
        self._s.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None
