"""The merge's decision dialog: what comes across, and one choice per question.

Existing items the other casebook alone changed (they come across without a question) are
listed below the questions, so nothing in the casebook changes unseen.

Each question shows the base (when both casebooks descend from one), here and there side by
side, with a choice (keep here / take there; combine / keep separate for possible duplicates).
Merge is enabled once every question has a choice. The dialog only collects decisions: the
plan and the merge run off the GUI thread (:mod:`nkcase.gui.exchange_actions`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

CHOICE_LABELS = {
    "here": "Keep this casebook's",
    "there": "Take the other's",
    "combine": "Combine into one entity",
    "separate": "Keep both entities",
}


def _values(values: dict[str, Any] | None) -> str:
    if values is None:
        return "—"
    return "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                     for k, v in values.items()) or "(deleted)"


class MergeDialog(QDialog):
    """Shows a :class:`~nkcase.exchange.merge.MergePlan` and collects the decisions."""

    def __init__(self, plan: Any, counts: dict[str, Any], decisions: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge casebook")
        self.plan = plan
        self.choosers: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        other = counts["from"]
        lines = [f"Merge “{other['name']}” ({other['fingerprint']}) into this casebook."]
        for verb, key in (("added", "insert"), ("updated", "update"), ("deleted", "delete"),
                          ("unified", "unified")):
            for table, n in counts[key].items():
                lines.append(f"{n} {table.replace('_', ' ')} {verb}")
        lines.append(
            f"{len(plan.questions)} question(s) for you" if plan.questions
            else "Everything comes across without a question."
        )
        self.summary = QLabel("\n".join(lines))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Question", "Base", "This casebook", "The other", "Choice"])
        self.tree.setRootIsDecorated(False)
        for question in plan.questions:
            item = QTreeWidgetItem([f"{question.title}\n{question.detail}",
                                    _values(question.base), _values(question.here),
                                    _values(question.there), ""])
            self.tree.addTopLevelItem(item)
            chooser = QComboBox()
            chooser.addItem("Choose…", None)
            for choice in question.choices:
                chooser.addItem(CHOICE_LABELS.get(choice, choice), choice)
            if decisions.get(question.id) in question.choices:
                chooser.setCurrentIndex(question.choices.index(decisions[question.id]) + 1)
            chooser.currentIndexChanged.connect(self._update)
            self.tree.setItemWidget(item, 4, chooser)
            self.choosers[question.id] = chooser
        self.tree.setVisible(bool(plan.questions))
        layout.addWidget(self.tree)
        incoming = getattr(plan, "incoming", [])
        self.incoming = QTreeWidget()
        self.incoming.setHeaderLabels(["Changed in the other casebook only (comes across)",
                                       "This casebook", "The other"])
        self.incoming.setRootIsDecorated(False)
        for edit in incoming:
            self.incoming.addTopLevelItem(QTreeWidgetItem(
                [edit.title, _values(edit.here), _values(edit.there)]))
        self.incoming.setVisible(bool(incoming))
        layout.addWidget(self.incoming)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("Merge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900, 400 if plan.questions or incoming else 200)
        self._update()

    def choose(self, question_id: str, choice: str) -> None:
        """Set one decision (what a click in its box does)."""
        chooser = self.choosers[question_id]
        chooser.setCurrentIndex(chooser.findData(choice))

    def decisions(self) -> dict[str, str]:
        return {qid: box.currentData() for qid, box in self.choosers.items()
                if box.currentData() is not None}

    def _update(self) -> None:
        self.merge_button.setEnabled(len(self.decisions()) == len(self.choosers))
