"""Handling levels as the app shows them: coloured badges, and the release dialog.

The levels themselves come from the core (:mod:`nkcase.levels` through the services' records);
this module only draws them. It imports no core module at import time (startup).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
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

if TYPE_CHECKING:
    from nkcase.services.levels import LevelRecord

# The levels, their words and colours come from nkcase.vocabulary.levels (the dossier's level
# bands use the same colours), read when first needed so that the window starts without it.
_colours: dict[str, str] = {}


def levels() -> tuple[str, ...]:
    """Every handling level, lowest first."""
    from nkcase.vocabulary.levels import HANDLING_LEVELS

    return HANDLING_LEVELS


def level_choices() -> list[tuple[str, str]]:
    """(level, "public — may be shown to anyone") for combo boxes, lowest first."""
    from nkcase.vocabulary.levels import HANDLING_LEVELS, LEVEL_DESCRIPTIONS

    return [(level, f"{level} — {LEVEL_DESCRIPTIONS[level]}") for level in HANDLING_LEVELS]


def level_colour(level: str) -> str:
    if not _colours:
        from nkcase.vocabulary.levels import LEVEL_COLOURS

        _colours.update(LEVEL_COLOURS.items())  # (keyed by any string: level_colour("x"))
    return _colours.get(level, "#5f6670")


def level_brush(level: str) -> QBrush:
    return QBrush(QColor(level_colour(level)))


def badge_html(level: str) -> str:
    """A small coloured label with the level's name, for rich-text QLabels."""
    return (
        f'<span style="background-color:{level_colour(level)}; color:white; '
        f'font-weight:600;">&nbsp;{html.escape(level.upper())}&nbsp;</span>'
    )


def level_line_html(record: LevelRecord) -> str:
    """The badge and, after it, why the item has that level."""
    explanation = record.explanation
    reason = explanation.partition(" — ")[2] if " — " in explanation else ""
    text = badge_html(record.level)
    if reason:
        text += f"&nbsp; <span style='color:#444'>{html.escape(reason)}</span>"
    return text


def cell_text(record: LevelRecord) -> str:
    """The level as a table cell shows it ("protected", "public · released")."""
    return record.level + (" · released" if record.released else "")


class ReleaseDialog(QDialog):
    """Release one item to a lower level, with a reason (required)."""

    def __init__(self, caption: str, record: LevelRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Release to a lower level")
        self.setMinimumWidth(520)
        what = QLabel(f"<b>{html.escape(caption)}</b><br/>{level_line_html(record)}")
        what.setWordWrap(True)
        self.level = QComboBox()
        known = levels()
        current = known.index(record.level) if record.level in known else len(known)
        for value in known[:current]:
            self.level.addItem(value, value)
        self.reason = QLineEdit(placeholderText="Why it may be shown there (kept in the audit log)")
        note = QLabel(
            "The release is recorded with your name, the date and the reason, shown in the case "
            "file, and can be undone or withdrawn."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Release")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Show at level", self.level)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.reason.text().strip()) and self.level.count() > 0
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def value(self) -> tuple[str, str]:
        return str(self.level.currentData()), self.reason.text().strip()
