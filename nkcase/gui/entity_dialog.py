"""New entity: a schema and a name (in any script)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from nkcase.gui.entity_picker import ENTITY_SCHEMATA
from nkcase.gui.keys import tab_chain


class NewEntityDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New entity")
        self.schema = QComboBox()
        self.schema.addItems(ENTITY_SCHEMATA)
        self.name = QLineEdit(placeholderText="Name, e.g. Albatross Trading or 라경수")
        self.name.setMinimumWidth(320)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Schema", self.schema)
        form.addRow("Name", self.name)
        form.addRow(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        tab_chain(self, [self.name, self.schema, buttons])
        self.name.setFocus()

    def value(self) -> tuple[str, str]:
        return self.schema.currentText(), self.name.text().strip()
