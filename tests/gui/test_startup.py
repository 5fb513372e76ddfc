"""Startup: the window is shown before the core (services, store, SQLAlchemy) is imported.

Each check runs in a fresh interpreter, so what earlier tests imported does not count. These
test the design (what is imported when), not a timing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "nkcase.store", "nkcase.services", "nkcase.model")


def loaded_after(code: str) -> list[str]:
    """The heavy modules in ``sys.modules`` once ``code`` has run in a fresh interpreter."""
    probe = (
        f"{code}\nimport sys\n"
        f"print(*sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' "
        f"or m.startswith({HEAVY[1:]!r})))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_main_window_module_does_not_import_sqlalchemy():
    loaded = loaded_after("import nkcase.gui.app, nkcase.gui.mainwindow")
    assert "sqlalchemy" not in loaded, loaded
    assert not [m for m in loaded if m.startswith(HEAVY)], loaded


def test_main_window_shown_without_the_core(tmp_path: Path):
    loaded = loaded_after(
        "from pathlib import Path\n"
        "from nkcase.gui.app import create_window, make_application\n"
        "from nkcase.gui.settings import Settings\n"
        "app = make_application(['nkcase'])\n"
        f"w = create_window(Settings.at(Path({str(tmp_path / 's.ini')!r})))\n"
        "w.show(); app.processEvents()\n"
        "assert w.isVisible() and w.pages.currentWidget() is w.welcome"
    )
    assert not [m for m in loaded if m.startswith(HEAVY)], loaded


def test_nkcase_open_reaches_the_gui_without_the_core(tmp_path: Path):
    book = tmp_path / "case.nkcase"
    book.write_bytes(b"")  # only its existence is checked before the GUI starts
    loaded = loaded_after(
        "import nkcase.gui.app as app\n"
        "app.run_gui = lambda casebook: 0  # stop where the window would be made\n"
        "from nkcase.cli.main import main\n"
        f"assert main(['open', {str(book)!r}]) == 0"
    )
    assert not [m for m in loaded if m.startswith(HEAVY)], loaded


def test_casebook_opens_after_the_first_paint(qtbot):
    """run_gui's order: the window is painted, then the casebook is opened (once)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    from nkcase.gui.app import AfterFirstPaint

    events: list[str] = []

    class Painted(QObject):
        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and "paint" not in events:
                events.append("paint")
            return False

    window = QWidget()
    qtbot.addWidget(window)
    painted = Painted()
    window.installEventFilter(painted)
    window.show()
    AfterFirstPaint(window, lambda: events.append("open"))
    qtbot.waitUntil(lambda: "open" in events, timeout=3000)
    assert events.index("paint") < events.index("open")
    assert events.count("open") == 1
