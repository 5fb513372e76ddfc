"""Passphrase dialogs: opening an encrypted casebook, creating one, changing its passphrase.

The passphrase never leaves these dialogs except to the store, which derives the key from it
and keeps only the key (:mod:`nkcase.store.encryption`). The rules for a new passphrase (its
length) are the core's, so the GUI and the command line refuse the same ones.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PassphrasePrompt = Callable[[Path, "str | None"], "str | None"]
"""(casebook, why asked again or None) -> the passphrase, or None when the user cancelled."""

NOT_RECOVERABLE = (
    "nkcase keeps no copy of the passphrase. If it is forgotten, the casebook cannot be "
    "opened by anyone, nkcase included."
)
ERROR_STYLE = "color: #b00020;"


def _password_field(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit(placeholderText=placeholder)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(320)
    return field


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PassphraseDialog(QDialog):
    """Asks for an encrypted casebook's passphrase; says why when asked again."""

    def __init__(self, path: Path, error: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Encrypted casebook")
        intro = QLabel(f"<b>{html.escape(path.name)}</b> is encrypted. "
                       "Enter its passphrase to open it.")
        intro.setWordWrap(True)
        self.error = QLabel(error or "")
        self.error.setObjectName("passphrase-error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(bool(error))
        self.field = _password_field("passphrase", "Passphrase")
        self.buttons = _buttons(self, "Open")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.field.textChanged.connect(lambda text: ok.setEnabled(bool(text)))
        layout = QVBoxLayout(self)
        for widget in (intro, self.error, self.field, self.buttons):
            layout.addWidget(widget)
        self.field.setFocus()

    def passphrase(self) -> str:
        return self.field.text()


def ask_passphrase(parent: QWidget | None) -> PassphrasePrompt:
    """The app's prompt: a modal :class:`PassphraseDialog` (tests replace it or drive it)."""

    def prompt(path: Path, error: str | None) -> str | None:
        dialog = PassphraseDialog(path, error, parent)
        try:
            return dialog.passphrase() if dialog.exec() else None
        finally:
            dialog.field.clear()
            dialog.deleteLater()

    return prompt


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, with what is wrong with it until it is acceptable."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from nkcase.store.encryption import MIN_PASSPHRASE_CHARS

        self.first = _password_field("new-passphrase", "New passphrase")
        self.second = _password_field("repeat-passphrase", "The same passphrase again")
        self.hint = QLabel(
            f"At least {MIN_PASSPHRASE_CHARS} characters; several unrelated words are both "
            f"strong and easy to type. {NOT_RECOVERABLE}")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.status = QLabel()
        self.status.setObjectName("new-passphrase-problem")
        self.status.setStyleSheet(ERROR_STYLE)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Passphrase", self.first)
        form.addRow("Repeat", self.second)
        form.addRow(self.hint)
        form.addRow(self.status)
        for field in (self.first, self.second):
            field.textChanged.connect(self._update)
        self._update()

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet (None when it can)."""
        from nkcase.errors import NkcaseError
        from nkcase.store.encryption import check_new_passphrase

        text = self.first.text()
        if not text:
            return "Choose a passphrase."
        try:
            check_new_passphrase(text)
        except NkcaseError as err:
            return err.message[:1].upper() + err.message[1:] + "."
        if self.second.text() != text:
            return "The two passphrases differ."
        return None

    def passphrase(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        problem = self.problem()
        # Say what is wrong once the user has started on the second field.
        self.status.setText(problem if problem and self.second.text() else "")
        self.changed.emit()


class NewCasebookDialog(QDialog):
    """Where to create a casebook, and whether to encrypt it with a passphrase."""

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New casebook")
        self.location = QLineEdit(str(suggested))
        self.location.setObjectName("casebook-location")
        self.location.setMinimumWidth(380)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        self.encrypt = QCheckBox("Encrypt with a passphrase")
        self.encrypt.setObjectName("encrypt")
        self.encrypt.setToolTip(
            "The file and everything nkcase writes beside it are unreadable without the "
            "passphrase (SQLCipher, AES-256). See docs/security.md for what this protects.")
        self.fields = NewPassphraseFields()
        self.fields.setEnabled(False)
        self.buttons = _buttons(self, "Create")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("File", where)
        layout.addLayout(form)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.fields)
        layout.addWidget(self.buttons)
        self.encrypt.toggled.connect(self._toggled)
        self.fields.changed.connect(self._update)
        self.location.textChanged.connect(self._update)
        self._update()

    def values(self) -> tuple[Path, str | None]:
        path = Path(self.location.text().strip())
        return path, (self.fields.passphrase() if self.encrypt.isChecked() else None)

    def _toggled(self, checked: bool) -> None:
        self.fields.setEnabled(checked)
        if checked:
            self.fields.first.setFocus()
        self._update()

    def _update(self) -> None:
        ok = bool(self.location.text().strip()) and (
            not self.encrypt.isChecked() or self.fields.problem() is None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _browse(self) -> None:
        from nkcase.store.casebook import SUFFIX

        name, _ = QFileDialog.getSaveFileName(
            self, "New casebook", self.location.text(), f"Casebooks (*{SUFFIX})")
        if name:
            self.location.setText(name)


class ChangePassphraseDialog(QDialog):
    """A new passphrase for the open casebook: the current one first, if it has one."""

    def __init__(self, name: str, *, encrypted: bool,
                 check_current: Callable[[str], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_current = check_current
        self.setWindowTitle("Change passphrase" if encrypted else "Encrypt with a passphrase")
        intro = QLabel(
            f"Choose a new passphrase for <b>{html.escape(name)}</b>. The casebook is rewritten "
            "under the new key; the old passphrase stops working." if encrypted else
            f"Encrypt <b>{html.escape(name)}</b>: the file is rewritten encrypted and the plain "
            "one overwritten where the disk allows. Copies made before (backups, synced "
            "folders) stay readable.")
        intro.setWordWrap(True)
        self.current = _password_field("current-passphrase", "Current passphrase")
        self.current.setVisible(encrypted)
        self.error = QLabel()
        self.error.setObjectName("current-passphrase-error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.fields = NewPassphraseFields()
        self.buttons = _buttons(self, "Change" if encrypted else "Encrypt")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addWidget(self.error)
        layout.addWidget(self.fields)
        layout.addWidget(self.buttons)
        self.fields.changed.connect(self._update)
        self.current.textChanged.connect(self._update)
        self._encrypted = encrypted
        self._update()
        (self.current if encrypted else self.fields.first).setFocus()

    def passphrase(self) -> str:
        return self.fields.passphrase()

    def accept(self) -> None:
        checker = self.check_current if self._encrypted else None
        if checker is not None and not checker(self.current.text()):
            self.error.setText("The current passphrase is not right.")
            self.error.show()
            self.current.selectAll()
            self.current.setFocus()
            return
        super().accept()

    def _update(self) -> None:
        ok = self.fields.problem() is None and (not self._encrypted or bool(self.current.text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

