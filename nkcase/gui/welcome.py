"""The welcome view shown when no casebook is open: New, Open, the demo casebook and the
recent casebooks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkcase import __version__


class WelcomeView(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(str)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("nkcase")
        title.setStyleSheet("font-size: 26pt; font-weight: 700;")
        tagline = QLabel(
            "Case files for investigators of sanctions evasion: entities, sources,\n"
            "quotes as evidence, dossiers. Everything stays in one file on this computer."
        )
        tagline.setStyleSheet("color: #444;")
        self.new_button = QPushButton("New casebook…")
        self.open_button = QPushButton("Open casebook…")
        self.demo_button = QPushButton("Open the demo casebook")
        self.demo_button.setToolTip(
            "A small invented investigation (restaurants, a trading company, a tanker) to try "
            "nkcase on; it is built the first time, in your documents folder")
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(34)
            button.setMinimumWidth(160)
        self.new_button.setDefault(True)
        self.demo_status = QLabel()
        self.demo_status.setStyleSheet("color: #555;")
        self.demo_status.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        self.recent_model = QStringListModel()
        self.recent_view = QListView()
        self.recent_view.setModel(self.recent_model)
        self.recent_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.recent_view.setMinimumHeight(160)
        self.empty_recent = QLabel("No casebooks opened yet.")
        self.empty_recent.setStyleSheet("color: #666;")
        version = QLabel(f"nkcase {__version__} · works offline · nothing leaves this computer")
        version.setStyleSheet("color: #777;")

        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(tagline)
        column.addSpacing(18)
        column.addLayout(buttons)
        column.addWidget(self.demo_status)
        column.addSpacing(18)
        column.addWidget(QLabel("<b>Recent casebooks</b> (double-click or Enter to open)"))
        column.addWidget(self.recent_view)
        column.addWidget(self.empty_recent)
        column.addStretch(2)
        column.addWidget(version)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.recent_view.activated.connect(self._open_recent)
        self.recent_view.doubleClicked.connect(self._open_recent)
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.recent_view)

    def set_demo_busy(self, busy: bool) -> None:
        """While the demo casebook is being built the button waits and a line says why."""
        self.demo_button.setEnabled(not busy)
        self.demo_status.setText("Building the demo casebook… (a few seconds, only once)")
        self.demo_status.setVisible(busy)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent_model.setStringList([str(p) for p in paths])
        self.recent_view.setVisible(bool(paths))
        self.empty_recent.setVisible(not paths)
        if paths:
            self.recent_view.setCurrentIndex(self.recent_model.index(0))

    def _open_recent(self, index: QModelIndex) -> None:
        path = index.data(Qt.ItemDataRole.DisplayRole)
        if path:
            self.recent_requested.emit(path)
