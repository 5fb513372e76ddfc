"""The navigator keeps entity names and source titles readable in a narrow pane: the other
columns give way first, and get their widths back when the pane is wide again."""

from __future__ import annotations

from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.navigator import MAIN_COLUMN_MINIMUM


def _widths(window: MainWindow) -> list[int]:
    view = window.navigator.entity_view
    header = view.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count()) if not view.isColumnHidden(c)]


def test_names_keep_their_room_when_the_pane_narrows(opened: MainWindow, qtbot) -> None:
    window = opened
    window.show()
    qtbot.waitExposed(window)
    view = window.navigator.entity_view
    window.navigator.resize(480, 500)
    qtbot.waitUntil(lambda: view.viewport().width() > 400)
    wide = _widths(window)
    assert wide[0] > MAIN_COLUMN_MINIMUM

    window.navigator.setMinimumWidth(0)
    window.navigator.setFixedWidth(300)
    qtbot.waitUntil(lambda: view.viewport().width() < 310)
    narrow = _widths(window)
    assert narrow[0] >= MAIN_COLUMN_MINIMUM - 2  # the name column: its minimum
    assert all(n < w for n, w in zip(narrow[1:], wide[1:], strict=True))  # the others gave way

    window.navigator.setFixedWidth(480)
    qtbot.waitUntil(lambda: view.viewport().width() > 400)
    assert _widths(window)[1:] == wide[1:]  # back to the widths they had
