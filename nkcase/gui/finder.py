"""The quick finder (Ctrl+K): jump to any entity by a fuzzy name or alias."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from nkcase.gui.entity_picker import EntityPicker
from nkcase.gui.name_index import NameIndex


class QuickFinder(QDialog):
    entity_chosen = Signal(str)

    def __init__(self, index: NameIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to entity")
        self.resize(520, 380)
        self.picker = EntityPicker(index)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        self.picker.picked.connect(self._picked)
        self.setTabOrder(self.picker.search, self.picker.list)  # Escape closes (QDialog)

    def open_fresh(self) -> None:
        self.picker.search.clear()
        self.picker.refresh()
        self.show()
        self.raise_()
        self.picker.search.setFocus()

    def _picked(self, entity_id: str) -> None:
        self.entity_chosen.emit(entity_id)
        self.accept()
