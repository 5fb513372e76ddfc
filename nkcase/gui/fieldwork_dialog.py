"""Check out for fieldwork…: which entities (chosen in the navigator), at which level, into
which file, encrypted or not.

What the copy holds is decided by the service (:func:`nkcase.exchange.copy.copy_at_level` with
``entity_ids``, the same as ``nkcase checkout --entity``): this dialog only collects the
choices. An encrypted copy's passphrase is a new one, asked twice, with the rules of a new
encrypted casebook (:class:`~nkcase.gui.passphrase_dialogs.NewPassphraseFields`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from nkcase.gui.exchange_actions import LEVELS
from nkcase.gui.passphrase_dialogs import ERROR_STYLE, NewPassphraseFields

#: Names listed by caption before "and N more".
LISTED = 4


def entities_line(captions: list[str]) -> str:
    """ "Albatross Trading, Sea Star and 3 more" """
    shown = ", ".join(captions[:LISTED])
    more = len(captions) - LISTED
    return f"{shown} and {more} more" if more > 0 else shown


class CheckoutDialog(QDialog):
    """The checkout's choices; :meth:`values` when accepted."""

    def __init__(self, captions: list[str], suggested: Path, level: str = "protected",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check out for fieldwork")
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        count = len(captions)
        heading = QLabel(
            f"A casebook file with {'this entity' if count == 1 else f'these {count} entities'}"
            ", their names, facts, notes, relationships and events, and the quotes and sources "
            "that are their evidence — only what the level shows. Bring it back with File > "
            "Check in fieldwork copy.")
        heading.setWordWrap(True)
        form.addRow(heading)
        self.entities = QLabel(entities_line(captions))
        self.entities.setWordWrap(True)
        form.addRow("Entities", self.entities)
        self.level = QComboBox()
        self.level.addItems(LEVELS)
        self.level.setCurrentText(level)
        form.addRow("Holds nothing above", self.level)
        self.path = QLineEdit(str(suggested))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form.addRow("Fieldwork copy", where)
        self.encrypt = QCheckBox("Encrypt the copy with a passphrase")
        form.addRow(self.encrypt)
        self.fields = NewPassphraseFields()
        self.fields.setEnabled(False)
        self.encrypt.toggled.connect(self.fields.setEnabled)
        self.fields.changed.connect(self._update)
        form.addRow(self.fields)
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Check out")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.encrypt.toggled.connect(self._update)
        self.path.textChanged.connect(self._update)
        self._update()

    def values(self) -> tuple[Path, str, str | None]:
        """(the file to write, the level, the passphrase or None)."""
        passphrase = self.fields.passphrase() if self.encrypt.isChecked() else None
        return Path(self.path.text().strip()), self.level.currentText(), passphrase

    def clear_secrets(self) -> None:
        self.fields.clear()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Fieldwork copy", self.path.text(),
                                              "Casebooks (*.nkcase)")
        if name:
            self.path.setText(name)

    def _update(self) -> None:
        problem = ""
        text = self.path.text().strip()
        if not text:
            problem = "Name the file to write."
        elif Path(text).exists():
            problem = "That file exists: the copy is always a new file."
        self.problem.setText(problem)
        self.ok_button.setEnabled(
            not problem and (not self.encrypt.isChecked() or self.fields.problem() is None))
