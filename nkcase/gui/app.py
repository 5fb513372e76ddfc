"""Starting the desktop app: ``nkcase`` with no arguments, ``nkcase open FILE``, ``nkcase-gui``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from nkcase.gui.errors import install_excepthook
from nkcase.gui.fonts import register_fonts
from nkcase.gui.gui_thread_gc import GuiThreadCollector
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


class AfterFirstPaint(QObject):
    """Calls ``then`` once, on the turn of the event loop after ``window``'s first paint.

    A zero timer set after ``show()`` fires before the window is exposed and painted (the
    expose event comes from the window system later), so work queued that way would keep the
    window blank. If no paint comes within ``timeout_ms`` (a window started minimised), ``then``
    runs anyway.
    """

    def __init__(self, window: QWidget, then: Callable[[], object], timeout_ms: int = 1000) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], object] | None = then  # (what it returns is dropped)
        window.installEventFilter(self)
        QTimer.singleShot(timeout_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # the paint finishes first
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._window.removeEventFilter(self)
            then()


def run_gui(casebook: str | Path | None = None) -> int:
    """Open the main window (and ``casebook`` if given); returns the exit code.

    The window is shown first; the casebook is opened once it has been painted, since opening
    imports the store and the services (SQLAlchemy and the ORM model, ~0.7 s).
    """
    app = make_application()
    install_excepthook()
    GuiThreadCollector(app)  # cycles freed on this thread, never on a worker
    window = create_window()
    window.show()
    if casebook is not None and not Path(casebook).exists():
        from nkcase.store.profiles import casebook_location

        where = casebook_location(str(casebook))
        if isinstance(where, str):  # a team casebook: an address or a profile
            window.statusBar().showMessage("Opening the team casebook…")
            AfterFirstPaint(window, lambda: window.files.open_team(where))
            return int(app.exec())
    if casebook is not None:
        path = Path(casebook)
        window.statusBar().showMessage(f"Opening {path.name}…")  # in the first paint

        def open_casebook() -> None:
            if not window.files.open_casebook(path):
                window.statusBar().clearMessage()

        AfterFirstPaint(window, open_casebook)  # kept alive by its parent, the window
    return int(app.exec())


def main() -> int:
    """The ``nkcase-gui`` entry point: an optional casebook path as the only argument."""
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    return run_gui(args[0] if args else None)


if __name__ == "__main__":
    raise SystemExit(main())
