"""Add or edit a relationship: its type, direction, the other entity (fuzzy picker), role, dates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
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
from nkcase.gui.vocab import relationship_schemata

if TYPE_CHECKING:  # a type only: the services load SQLAlchemy, not wanted at startup
    from nkcase.services.casefiles import RelationshipRecord


@dataclass(frozen=True)
class RelationshipInput:
    schema: str
    subject_id: str
    object_id: str
    role: str
    start: str | None
    end: str | None
    summary: str


class RelationshipDialog(QDialog):
    """In "add" mode everything is chosen; in "edit" mode only role, dates and summary change."""

    def __init__(
        self,
        index: NameIndex,
        entity_id: str,
        caption: str,
        existing: RelationshipRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.entity_id = entity_id
        self.existing = existing
        self.setWindowTitle("Edit relationship" if existing else f"Relate {caption} to…")
        self.resize(560, 520)
        self.schema = QComboBox()
        self.schema.addItems(relationship_schemata())
        self.direction = QComboBox()
        self.direction.addItem(f"{caption} → the other (e.g. owner, director)", "out")
        self.direction.addItem(f"the other → {caption}", "in")
        self.picker = EntityPicker(index)
        self.role = QLineEdit(placeholderText="e.g. operator, supplier, director")
        self.start = QLineEdit(placeholderText="YYYY, YYYY-MM or YYYY-MM-DD")
        self.end = QLineEdit(placeholderText="YYYY, YYYY-MM or YYYY-MM-DD")
        self.summary = QLineEdit()
        form = QFormLayout()
        if existing is None:
            form.addRow("Type", self.schema)
            form.addRow("Direction", self.direction)
            form.addRow("Other entity", self.picker)
        else:
            form.addRow("Type", QLabel(existing.label))
            form.addRow(
                "Between", QLabel(f"{existing.subject_caption} → {existing.object_caption}")
            )
            self.role.setText(existing.role)
            self.start.setText(existing.start or "")
            self.end.setText(existing.end or "")
            self.summary.setText(existing.summary)
        form.addRow("Role", self.role)
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        form.addRow("Summary", self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.picker.picked.connect(lambda _id: self._accept())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        first = [self.schema, self.direction, self.picker.search, self.picker.list] \
            if existing is None else []
        tab_chain(self, [*first, self.role, self.start, self.end, self.summary, self.buttons])
        (self.picker.search if existing is None else self.role).setFocus()

    def _accept(self) -> None:
        if self.existing is None and self.picker.current_id() is None:
            self.problem.setText("Choose the other entity.")
            return
        self.accept()

    def value(self) -> RelationshipInput:
        other = self.picker.current_id() or ""
        if self.existing is not None:
            subject, obj = self.existing.subject_id, self.existing.object_id
            schema = self.existing.schema
        else:
            out = self.direction.currentData() == "out"
            subject, obj = (self.entity_id, other) if out else (other, self.entity_id)
            schema = self.schema.currentText()
        return RelationshipInput(
            schema, subject, obj, self.role.text().strip(), self.start.text().strip() or None,
            self.end.text().strip() or None, self.summary.text().strip(),
        )
