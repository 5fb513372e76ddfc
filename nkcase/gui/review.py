"""Re-anchoring review: quotes whose text moved after re-extraction, and the orphans.

For each quote waiting for review the old text and a candidate's new text are shown side by
side; Accept points the quote at the candidate, Reject leaves it an orphan with its stored text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.keys import tab_chain
from nkcase.gui.session import CaseSession

# The core (services: SQLAlchemy and the ORM model, ~0.7 s) is imported in the methods that use
# it, not here, so the window is shown before it loads (startup).
if TYPE_CHECKING:
    from nkcase.services.changes import Change
    from nkcase.services.reanchor import CandidateRecord, ReviewItem

ITEM_ROLE = Qt.ItemDataRole.UserRole + 40


class ReviewDialog(QDialog):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Review re-anchored quotes")
        self.resize(900, 560)
        self.items = QStandardItemModel()
        self.item_view = QListView()
        self.item_view.setModel(self.items)
        self.item_view.setWordWrap(True)
        self.item_view.setSpacing(2)
        self.item_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.candidates = QStandardItemModel()
        self.candidate_view = QListView()
        self.candidate_view.setModel(self.candidates)
        self.old_text = QPlainTextEdit(readOnly=True)
        self.new_text = QPlainTextEdit(readOnly=True)
        self.accept_button = QPushButton("&Accept candidate")
        self.accept_button.setToolTip("Point the quote at the chosen candidate (Alt+A)")
        self.reject_button = QPushButton("&Reject all (keep as orphan)")
        self.reject_button.setToolTip("Keep the quote as an orphan with its stored text (Alt+R)")
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.accept_button, self.reject_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the lists must not accept by accident
        self.info = QLabel()
        self.info.setWordWrap(True)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.info)
        rl.addWidget(QLabel("Candidates in the new text (best first):"))
        rl.addWidget(self.candidate_view, 1)
        sides = QHBoxLayout()
        old_box, new_box = QVBoxLayout(), QVBoxLayout()
        old_box.addWidget(QLabel("<b>Old text</b> (as quoted)"))
        old_box.addWidget(self.old_text)
        new_box.addWidget(QLabel("<b>New text</b> (candidate)"))
        new_box.addWidget(self.new_text)
        sides.addLayout(old_box)
        sides.addLayout(new_box)
        rl.addLayout(sides, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.close_button)
        rl.addLayout(buttons)
        splitter = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel("Quotes to review, then orphans:"))
        ll.addWidget(self.item_view, 1)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([300, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.item_view.selectionModel().currentChanged.connect(lambda cur, _p: self._show(cur))
        self.candidate_view.selectionModel().currentChanged.connect(
            lambda cur, _p: self._show_candidate(cur))
        self.accept_button.clicked.connect(self.accept_current)
        self.reject_button.clicked.connect(self.reject_current)
        session.changed.connect(self._on_change)
        tab_chain(self, [self.item_view, self.candidate_view, self.old_text, self.new_text,
                         self.reject_button, self.accept_button, self.close_button])
        self.item_view.setFocus()
        self.reload()

    def reload(self) -> None:
        from nkcase.services import reanchor

        self.session.read(reanchor.review_items, self._fill)

    def _fill(self, found: list[ReviewItem]) -> None:
        self.items.clear()
        ordered = sorted(found, key=lambda i: (i.status != "review", i.source_title))
        for item in ordered:
            label = "needs review" if item.status == "review" else "orphan"
            row = QStandardItem(f"[{label}] {item.source_title}: “{item.old_text[:60]}”")
            row.setData(item, ITEM_ROLE)
            row.setEditable(False)
            self.items.appendRow(row)
        self.setWindowTitle(f"Review re-anchored quotes ({len(found)})")
        if ordered:
            self.item_view.setCurrentIndex(self.items.index(0, 0))
        else:
            self._show(QModelIndex())

    def current_item(self) -> ReviewItem | None:
        index = self.item_view.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def current_candidate(self) -> CandidateRecord | None:
        index = self.candidate_view.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def _show(self, index: QModelIndex) -> None:
        item: ReviewItem | None = index.data(ITEM_ROLE) if index.isValid() else None
        self.candidates.clear()
        old_text = item.old_text if item else ""
        self.old_text.setPlainText(old_text)
        self.new_text.clear()
        if item is None:
            self.info.setText("Nothing to review.")
        elif item.status == "orphan":
            self.info.setText(f"Orphan in “{item.source_title}”: its text was not found in the "
                              "current version; it keeps its stored text.")
        else:
            self.info.setText(f"In “{item.source_title}” the quoted text changed; "
                              "confirm where it is now, or reject.")
        for cand in item.candidates if item else []:
            # Floor, not round: a candidate that differs must never read "100%".
            score = min(int(cand.score), 99) if cand.text != old_text else 100
            row = QStandardItem(f"{score}%  “{cand.text[:80]}”")
            row.setData(cand, ITEM_ROLE)
            row.setEditable(False)
            self.candidates.appendRow(row)
        has = bool(item and item.candidates)
        self.accept_button.setEnabled(has)
        self.reject_button.setEnabled(bool(item and item.status == "review"))
        if has:
            self.candidate_view.setCurrentIndex(self.candidates.index(0, 0))

    def _show_candidate(self, index: QModelIndex) -> None:
        cand = index.data(ITEM_ROLE) if index.isValid() else None
        self.new_text.setPlainText(cand.text if cand else "")

    def accept_current(self) -> None:
        from nkcase.services import reanchor

        cand = self.current_candidate()
        if cand is not None:
            self.session.apply(lambda cb: reanchor.accept_candidate(cb, cand.id))

    def reject_current(self) -> None:
        from nkcase.services import reanchor

        item = self.current_item()
        if item is not None:
            self.session.apply(lambda cb: reanchor.reject_quote_candidates(cb, item.quote_id))

    def _on_change(self, change: Change) -> None:
        if change.flags.quotes or change.flags.anchors:
            self.reload()
