"""Keep a table's main column readable when its pane gets narrow.

A stretched section in a QHeaderView only gets what the other sections leave: in a narrow
pane (the navigator beside the link chart on a 1280-pixel laptop screen) the entity names
shrank to three letters while Schema, Quotes and Level kept their widths. Here the other
columns give way first, in proportion to the widths they would have, down to a floor; when
the pane is wide again they get back those widths, including any the user set by dragging.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

SECTION_FLOOR = 24
"""The narrowest the other columns become (a few characters, then the elision mark)."""


class KeepColumnWide(QObject):
    """Watches ``view``'s viewport and fits the other visible columns around ``column``."""

    def __init__(self, view: QTableView, column: int, minimum: int) -> None:
        super().__init__(view)
        self.view = view
        self.column = column
        self.minimum = minimum
        header = view.horizontalHeader()
        self.wanted = {c: header.sectionSize(c) for c in range(header.count())}
        self._fitting = False
        header.sectionResized.connect(self._resized_by_user)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Give the other visible columns their wanted widths, scaled down when the main
        column would otherwise get less than its minimum."""
        header = self.view.horizontalHeader()
        others = [c for c in range(header.count())
                  if c != self.column and not header.isSectionHidden(c)]
        wanted = {c: self.wanted.get(c, header.defaultSectionSize()) for c in others}
        room = self.view.viewport().width() - self.minimum
        total = sum(wanted.values())
        scale = 1.0 if total <= room or total == 0 else max(room, 0) / total
        self._fitting = True
        try:
            for c in others:
                header.resizeSection(c, max(SECTION_FLOOR, int(wanted[c] * scale)))
        finally:
            self._fitting = False

    def _resized_by_user(self, column: int, _old: int, new: int) -> None:
        if not self._fitting and column != self.column:
            self.wanted[column] = new
