"""Record an event: its date (or span), what happened, where, and the entities involved."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.entity_picker import EntityPicker
from nkcase.gui.keys import tab_chain
from nkcase.gui.name_index import NameIndex


@dataclass(frozen=True)
class EventInput:
    date: str
    end: str | None
    summary: str
    place: str
    entity_ids: list[str]


class EventDialog(QDialog):
    """The entity in the case file is involved; another one may be picked (optional)."""

    def __init__(
        self, index: NameIndex, entity_id: str, caption: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.entity_id = entity_id
        self.setWindowTitle(f"Add an event of {caption}")
        self.resize(520, 480)
        self.date = QLineEdit(placeholderText="2019, 2019-06, 2019-06-03 or 3 June 2019")
        self.end = QLineEdit(placeholderText="(optional) the last day of a span")
        self.summary = QLineEdit(placeholderText="What happened, e.g. Renamed Blue Lantern")
        self.place = QLineEdit(placeholderText="(optional) e.g. Gulf of Tonkin")
        self.picker = EntityPicker(index)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Date:", self.date)
        form.addRow("&Until:", self.end)
        form.addRow("&What happened:", self.summary)
        form.addRow("&Place:", self.place)
        form.addRow(QLabel(f"Involves {caption}; also (optional):"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.also = False
        tab_chain(self, [self.date, self.end, self.summary, self.place, self.picker])

    def _accept(self) -> None:
        if not self.date.text().strip() or not self.summary.text().strip():
            self.problem.setText("An event needs a date and a line saying what happened.")
            return
        self.accept()

    def value(self) -> EventInput:
        others = []
        other = self.picker.current_id() if self.picker.search.text().strip() else None
        if other and other != self.entity_id:
            others.append(other)
        return EventInput(
            self.date.text().strip(),
            self.end.text().strip() or None,
            self.summary.text().strip(),
            self.place.text().strip(),
            [self.entity_id, *others],
        )
