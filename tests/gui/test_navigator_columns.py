"""The navigator keeps entity names and source titles readable in a narrow pane: the other
columns give way first, step aside (the least needed first) rather than becoming unreadable,
and come back with their widths when the pane is wide again."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from nkcase.gui.column_fit import READABLE_SHARE
from nkcase.gui.entity_model import COLUMNS
from nkcase.gui.mainwindow import MainWindow
from nkcase.gui.navigator import MAIN_COLUMN_MINIMUM


def _widths(window: MainWindow) -> dict[str, int]:
    view = window.navigator.entity_view
    header = view.horizontalHeader()
    return {COLUMNS[c]: header.sectionSize(c) for c in range(header.count())
            if not view.isColumnHidden(c)}


def _narrow_to(window: MainWindow, qtbot, width: int) -> None:
    view = window.navigator.entity_view
    window.navigator.setMinimumWidth(0)
    window.navigator.setFixedWidth(width)
    qtbot.waitUntil(lambda: view.viewport().width() < width + 10)


def test_names_keep_their_room_and_other_columns_stay_readable(opened: MainWindow, qtbot):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    view = window.navigator.entity_view
    window.navigator.setFixedWidth(480)
    qtbot.waitUntil(lambda: view.viewport().width() > 400)
    wide = _widths(window)
    assert list(wide) == ["Name", "Schema", "Quotes", "Level", "Listed"]
    assert wide["Name"] > MAIN_COLUMN_MINIMUM

    _narrow_to(window, qtbot, 340)
    narrow = _widths(window)
    assert narrow["Name"] >= MAIN_COLUMN_MINIMUM - 2  # the name column: its minimum
    assert "Quotes" not in narrow  # stepped aside, the least needed shown column
    assert {"Level", "Listed"} <= set(narrow)
    assert narrow["Schema"] < wide["Schema"]
    for name, width in narrow.items():  # what is left is squeezed, but readable
        if name != "Name":
            assert width <= wide[name]
            assert width >= int(wide[name] * READABLE_SHARE) - 1
    # Not the user's choice: the header's menu and its saved state still show it.
    quotes = COLUMNS.index("Quotes")
    assert window.navigator.entity_columns.shown_by_choice(quotes)

    _narrow_to(window, qtbot, 300)
    assert list(_widths(window)) == ["Name", "Level", "Listed"]
    _narrow_to(window, qtbot, 230)  # two titles no longer fit beside the names
    assert list(_widths(window)) == ["Name", "Listed"]

    window.navigator.setFixedWidth(480)
    qtbot.waitUntil(lambda: view.viewport().width() > 400)
    assert _widths(window) == wide  # back, with the widths they had


def test_no_column_title_is_cut_at_any_width(opened: MainWindow, qtbot):
    """A column is never narrower than its title ("Listed" was cut to "Listec" in a narrow
    pane): it steps aside instead; the designation mark ("Listed") stays longest."""
    window = opened
    window.show()
    qtbot.waitExposed(window)
    view = window.navigator.entity_view
    header = view.horizontalHeader()
    listed = COLUMNS.index("Listed")
    for width in range(520, 190, -10):
        _narrow_to(window, qtbot, width)
        shown = [c for c in range(header.count()) if not view.isColumnHidden(c)]
        assert listed in shown, width
        for c in shown[1:]:
            title = header.model().headerData(c, header.orientation())
            assert header.sectionSize(c) >= header.sectionSizeHint(c), (width, title)
            text_width = header.fontMetrics().horizontalAdvance(title)
            assert header.sectionSize(c) > text_width, (width, title)


def test_columns_stepped_aside_are_saved_as_shown(opened: MainWindow, qtbot, settings):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    _narrow_to(window, qtbot, 230)
    quotes = COLUMNS.index("Quotes")
    assert window.navigator.entity_view.isColumnHidden(quotes)
    window.save_layout()

    saved = settings.header("entities")
    assert saved is not None
    fresh = QTableView()  # as the next start restores it
    fresh.setModel(window.navigator.entity_view.model())
    assert fresh.horizontalHeader().restoreState(saved)
    assert not fresh.isColumnHidden(quotes)
    assert fresh.isColumnHidden(COLUMNS.index("Countries"))  # hidden by default: stays so


def test_hiding_a_stepped_aside_column_is_the_users_choice(opened: MainWindow, qtbot):
    window = opened
    window.show()
    qtbot.waitExposed(window)
    _narrow_to(window, qtbot, 300)
    quotes = COLUMNS.index("Quotes")
    columns = window.navigator.entity_columns
    assert window.navigator.entity_view.isColumnHidden(quotes) and columns.shown_by_choice(quotes)
    columns.set_shown(quotes, False)
    window.navigator.setFixedWidth(480)
    qtbot.waitUntil(lambda: window.navigator.entity_view.viewport().width() > 400)
    assert window.navigator.entity_view.isColumnHidden(quotes)
    assert not columns.shown_by_choice(quotes)
