"""Starting the desktop app: ``nkcase`` with no arguments, ``nkcase open FILE``, ``nkcase-gui``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from nkcase.gui.errors import install_excepthook
from nkcase.gui.fonts import register_fonts
from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.settings import Settings
from nkcase.gui.tasks import TaskRunner


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, configured once (high-DPI, names for QSettings, fonts)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setOrganizationName("nkcase")
    QCoreApplication.setApplicationName("nkcase")
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("nkcase")
    register_fonts(app)
    return app


def create_window(settings: Settings | None = None) -> MainWindow:
    return MainWindow(settings or Settings(), TaskRunner())


def run_gui(casebook: str | Path | None = None) -> int:
    """Open the main window (and ``casebook`` if given); returns the exit code."""
    app = make_application()
    install_excepthook()
    window = create_window()
    window.show()
    if casebook is not None:
        path = Path(casebook)
        QTimer.singleShot(0, lambda: window.files.open_casebook(path))
    return int(app.exec())


def main() -> int:
    """The ``nkcase-gui`` entry point: an optional casebook path as the only argument."""
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    return run_gui(args[0] if args else None)


if __name__ == "__main__":
    raise SystemExit(main())
