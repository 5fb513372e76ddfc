"""Keep a table's main column readable when its pane gets narrow.

A stretched section in a QHeaderView only gets what the other sections leave: in a narrow
pane (the navigator beside the link chart on a 1280-pixel laptop screen) the entity names
shrank to three letters while Schema, Quotes and Level kept their widths. Here the other
columns give way first, in proportion to the widths they would have; when that would leave
them too narrow to read ("i…" for a level), whole columns step aside instead, the least
needed first, and come back when the pane is wide again, with the widths they had, including
any the user set by dragging. No column is made narrower than its header's title (a 44-pixel
"Listed" read "Listec"): when the titles do not fit, a column steps aside. Columns stepped
aside are not the user's choice: the header's saved state and its show/hide menu still show
them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QTableView

SECTION_FLOOR = 24
"""The narrowest the other columns become (a few characters, then the elision mark)."""

READABLE_SHARE = 0.7
"""Squeezed below this share of their wanted widths, columns elide most of what they show:
then the least needed one steps aside rather than all of them becoming unreadable."""


def squeeze(wanted: dict[int, int], floors: dict[int, int], room: int
            ) -> tuple[dict[int, int], float]:
    """Widths for columns that want ``wanted`` in ``room`` pixels: all scaled by one factor
    (returned), none below its floor (a column held at its floor leaves the others the rest)."""
    scale = 1.0
    for _ in range(len(wanted) + 1):
        held = {c for c in wanted if wanted[c] * scale < floors[c]}
        rest = sum(w for c, w in wanted.items() if c not in held)
        free = room - sum(floors[c] for c in held)
        new = 1.0 if rest <= free else max(free, 0) / rest if rest else 0.0
        if new == scale:
            break
        scale = new
    return {c: max(floors[c], int(w * scale)) for c, w in wanted.items()}, scale


class KeepColumnWide(QObject):
    """Watches ``view``'s viewport and fits the other visible columns around ``column``;
    ``step_aside`` lists the columns that may be hidden for room, the least needed first."""

    def __init__(
        self, view: QTableView, column: int, minimum: int, step_aside: Sequence[int] = ()
    ) -> None:
        super().__init__(view)
        self.view = view
        self.column = column
        self.minimum = minimum
        self.step_aside = tuple(step_aside)
        header = view.horizontalHeader()
        self.wanted = {c: header.sectionSize(c) for c in range(header.count())}
        self.stepped_aside: set[int] = set()
        self._fitting = False
        header.sectionResized.connect(self._resized_by_user)
        header.sortIndicatorChanged.connect(self.fit)  # (the indicator widens its title)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Give the other visible columns their wanted widths, scaled down when the main
        column would otherwise get less than its minimum, and step columns aside when the
        scale would leave them unreadable."""
        header = self.view.horizontalHeader()
        self._fitting = True
        try:
            for c in self.stepped_aside:
                header.setSectionHidden(c, False)
            self.stepped_aside.clear()
            room = self.view.viewport().width() - self.minimum
            while True:
                others = [c for c in range(header.count())
                          if c != self.column and not header.isSectionHidden(c)]
                floors = {c: max(SECTION_FLOOR, header.sectionSizeHint(c)) for c in others}
                wanted = {c: max(floors[c], self.wanted.get(c, header.defaultSectionSize()))
                          for c in others}
                widths, scale = squeeze(wanted, floors, room)
                candidates = [c for c in self.step_aside if c in others]
                if (scale >= READABLE_SHARE and sum(widths.values()) <= room) or not candidates:
                    break
                header.setSectionHidden(candidates[0], True)
                self.stepped_aside.add(candidates[0])
            for c in others:
                header.resizeSection(c, widths[c])
        finally:
            self._fitting = False

    def shown_by_choice(self, column: int) -> bool:
        """Whether the user shows ``column`` (it may have stepped aside for room)."""
        return column in self.stepped_aside or not self.view.isColumnHidden(column)

    def set_shown(self, column: int, shown: bool) -> None:
        """The user shows or hides ``column`` (the header's menu), then the columns refit."""
        self.stepped_aside.discard(column)
        self.view.setColumnHidden(column, not shown)
        self.fit()

    def header_state(self) -> QByteArray:
        """The header's state as the user chose it: columns stepped aside count as shown."""
        header = self.view.horizontalHeader()
        self._fitting = True
        try:
            for c in self.stepped_aside:
                header.setSectionHidden(c, False)
            state = header.saveState()
            for c in self.stepped_aside:
                header.setSectionHidden(c, True)
        finally:
            self._fitting = False
        return state

    def _resized_by_user(self, column: int, _old: int, new: int) -> None:
        if not self._fitting and column != self.column and new > 0:
            self.wanted[column] = new
