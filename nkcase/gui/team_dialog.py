"""File > Open team casebook…: pick a named connection profile or type a postgresql:// address.

The profiles are the ones ``nkcase server profile add`` writes (addresses only, no passwords:
those come from the OS keyring, ``nkcase server password``, or the pgpass file). An address
typed here is opened as given; a password typed into it is never kept in settings or shown in
messages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

ADDRESS_HINT = "postgresql://role@host:5432/database"


class TeamCasebookDialog(QDialog):
    """A list of profiles above an address field; choosing a profile fills the field."""

    def __init__(self, profiles: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open team casebook")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Connection profiles:" if profiles else
                                "No connection profiles yet (nkcase server profile add NAME "
                                "ADDRESS makes one)."))
        self.profiles = QListWidget()
        for name, address in sorted(profiles.items()):
            item = QListWidgetItem(f"{name} — {address}")
            item.setData(Qt.ItemDataRole.UserRole, address)
            self.profiles.addItem(item)
        self.profiles.setVisible(bool(profiles))
        self.profiles.currentItemChanged.connect(self._chosen)
        self.profiles.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.profiles)
        layout.addWidget(QLabel(
            "Address (the password comes from the OS keyring or your pgpass file):"
        ))
        self.address = QLineEdit()
        self.address.setPlaceholderText(ADDRESS_HINT)
        self.address.textChanged.connect(self._update)
        layout.addWidget(self.address)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        if profiles:
            self.profiles.setCurrentRow(0)
        self._update()

    def location(self) -> str:
        """The address to open, as typed or taken from the chosen profile."""
        return self.address.text().strip()

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.address.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def _update(self) -> None:
        from nkcase.store.profiles import is_server_url

        self.open_button.setEnabled(is_server_url(self.location()))
