"""The quotes behind a chart line or a timeline item: a short list, opened in the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from nkcase.services.casefiles import EvidenceRef

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1


class EvidenceList(QWidget):
    """A title and the quotes: "[B2] “…” — source, p. 3"; activating one opens it."""

    quote_opened = Signal(str, str)  # source id, quote id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Click a line or an item to see the quotes behind it.")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)

    def show_refs(self, title: str, refs: list[EvidenceRef], *, empty: str = "") -> None:
        self.title.setText(title)
        self.list.clear()
        for ref in refs:
            pages = f", {ref.pages}" if ref.pages else ""
            text = " ".join(ref.text.split())
            item = QListWidgetItem(f"[{ref.grade}] “{text}” — {ref.source_title}{pages}")
            item.setData(QUOTE_ROLE, (ref.source_id, ref.quote_id))
            item.setToolTip("Double-click or press Enter to open the quote in its source")
            self.list.addItem(item)
        if not refs:
            item = QListWidgetItem(empty or "No quote supports this yet (unsupported).")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def clear(self) -> None:
        self.title.setText("Click a line or an item to see the quotes behind it.")
        self.list.clear()

    def _open(self, item: QListWidgetItem) -> None:
        found = item.data(QUOTE_ROLE)
        if found:
            self.quote_opened.emit(*found)
