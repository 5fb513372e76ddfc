"""Screening in the GUI: the Screen… dialog and the results panel with review.

:class:`ScreenDialog` asks what to screen against which list snapshots and from what score;
:class:`ScreeningPanel` runs the screening on the writer thread (progress, Cancel), lists the
candidates best first, explains the selected one feature by feature, and confirms, rejects
(with a reason) or reopens it. Runs and reviews are operations on the undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.errors import show_error
from nkcase.gui.screening_dialog import explanation_html
from nkcase.gui.session import CaseSession

if TYPE_CHECKING:
    from nkcase.gui.tasks import Task
    from nkcase.services.changes import Change
    from nkcase.services.screening import ScreeningReport
    from nkcase.services.screening_records import CandidateRecord
    from nkcase.store import Casebook

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Score", "Screened", "List", "Reference", "Listed name", "Status")
STATUS_COLOURS = {"confirmed": "#9a3412", "rejected": "#6b7280", "open": "#1d4ed8"}


class CandidateModel(QAbstractTableModel):
    """Candidates as rows, best first."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CandidateRecord] = []

    def set_rows(self, rows: list[CandidateRecord]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda c: (c.status == "rejected", -c.score, c.id))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = c.status + (f" ({c.note})" if c.note else "")
            subject = c.subject_name if c.entity_id else f"{c.subject_name} — {c.subject}"
            return (
                f"{c.score:.2f}",
                subject,
                c.list_name,
                c.reference or c.record_key,
                c.matched_name,
                status,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5:
            return QColor(STATUS_COLOURS.get(c.status, "#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.explanation
        return None

    def candidate(self, row: int) -> CandidateRecord | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class ScreeningPanel(QWidget):
    """Runs screenings and shows their candidates with explanations and review buttons."""

    entity_opened = Signal(str)
    source_span_opened = Signal(str, int, int)  # source id, start, end

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task: Task | None = None
        self._scope: dict[str, object] = {}
        self.heading = QLabel(
            "Screen entities or a source against imported sanctions lists (Tools ▸ Screen…)."
        )
        self.heading.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)

        self.model = CandidateModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 48), (1, 150), (2, 110), (3, 80), (5, 120)):
            self.table.setColumnWidth(column, width)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.confirm_button = QPushButton("&Confirm match")
        self.reject_button = QPushButton("&Reject…")
        self.reopen_button = QPushButton("Re&open")
        self.open_button = QPushButton("Open entity")
        buttons = QHBoxLayout()
        for button in (self.confirm_button, self.reject_button, self.reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([560, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_current())
        self.confirm_button.clicked.connect(lambda: self.review("confirm"))
        self.reject_button.clicked.connect(self._reject)
        self.reopen_button.clicked.connect(lambda: self.review("reopen"))
        self.open_button.clicked.connect(self._open_subject)
        self.cancel_button.clicked.connect(self.cancel)
        session.changed.connect(self._on_change)
        session.closed.connect(self.clear)
        self._show_current()

    # -- running -------------------------------------------------------------------------------
    def start(
        self,
        *,
        entity_ids: list[str] | None = None,
        all_entities: bool = False,
        source_id: str | None = None,
        lists: list[str] | None = None,
        threshold: float | None = None,
        what: str = "",
    ) -> None:
        """Screen in the background; the results replace the panel's rows when done."""
        if self.session.casebook is None or self.running:
            return
        from nkcase.screening.matching import DEFAULT_THRESHOLD
        from nkcase.services.screening import screen

        casebook = self.session.casebook
        self._scope = {"entity_ids": entity_ids, "source_id": source_id, "all": all_entities}
        limit = DEFAULT_THRESHOLD if threshold is None else threshold
        self.heading.setText(f"Screening {what}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()

        def job(task: Task) -> ScreeningReport:
            return screen(
                casebook,
                entity_ids=entity_ids,
                all_entities=all_entities,
                source_id=source_id,
                lists=lists,
                threshold=limit,
                progress=lambda done, total: task.report(done, total, ""),
                cancelled=task.is_cancelled,
            )

        self.task = self.session.runner.write(job, self._finished, self._failed, self._progressed)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.finished

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progressed(self, done: int, total: int, _label: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def _finished(self, report: ScreeningReport) -> None:
        self._idle()
        if report.change is not None:
            self.session.record([report.change])
        rows = [c for result in report.subjects for c in result.candidates]
        rows += [c for c in report.delisted if c.id not in {r.id for r in rows}]
        self.model.set_rows(rows)
        screened = len(report.subjects)
        self.heading.setText(
            f"{screened} screened against {', '.join(report.snapshots)} from score "
            f"{report.threshold:.2f}: {len(rows)} candidate{'s' if len(rows) != 1 else ''}, "
            f"{report.new} new, {report.reopened} reopened, {len(report.delisted)} delisted."
        )
        if rows:
            self.table.selectRow(0)
        self._show_current()

    def _failed(self, err: BaseException) -> None:
        from nkcase.services.screening import ScreeningCancelledError

        self._idle()
        if isinstance(err, ScreeningCancelledError):
            self.heading.setText("Screening cancelled: nothing was recorded.")
            return
        self.heading.setText("Screening failed.")
        show_error(self, err)

    # -- review --------------------------------------------------------------------------------
    def current(self) -> CandidateRecord | None:
        index = self.table.currentIndex()
        return self.model.candidate(index.row()) if index.isValid() else None

    def review(self, decision: str, reason: str = "") -> None:
        candidate = self.current()
        if candidate is None:
            return
        from nkcase.services.screening import review_candidate

        self.session.apply(lambda cb: review_candidate(cb, candidate.id, decision, reason))

    def _reject(self) -> None:
        candidate = self.current()
        if candidate is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            "Reject match",
            f"Why is {candidate.subject_name} not {candidate.matched_name} "
            f"({candidate.reference or candidate.record_key})?",
        )
        if ok and reason.strip():
            self.review("reject", reason)

    def _open_subject(self) -> None:
        candidate = self.current()
        if candidate is None:
            return
        if candidate.entity_id:
            self.entity_opened.emit(candidate.entity_id)
        elif candidate.source_id and candidate.start is not None and candidate.end is not None:
            self.source_span_opened.emit(candidate.source_id, candidate.start, candidate.end)

    def _on_change(self, change: Change) -> None:
        if not change.flags.screening or not self.model.rows:
            return
        ids = [c.id for c in self.model.rows]
        current = self.current()
        from nkcase.model import ScreeningCandidate
        from nkcase.services.screening_records import candidate_records

        def load(cb: Casebook) -> list[CandidateRecord]:
            with cb.reading() as session:
                rows = [session.get(ScreeningCandidate, i) for i in ids]
                return candidate_records(session, [r for r in rows if r is not None])

        def show(rows: list[CandidateRecord]) -> None:
            notes = {c.id: c.note for c in self.model.rows}
            from dataclasses import replace

            self.model.set_rows([replace(r, note=notes.get(r.id, "")) for r in rows])
            if current is not None:
                row = next((i for i, c in enumerate(self.model.rows) if c.id == current.id), 0)
                self.table.selectRow(row)
            self._show_current()

        self.session.read(load, show)

    def clear(self) -> None:
        self.model.set_rows([])
        self.heading.setText("Screen entities or a source against imported sanctions lists.")
        self._show_current()

    # -- the explanation -----------------------------------------------------------------------
    def _show_current(self) -> None:
        candidate = self.current()
        for button in (self.confirm_button, self.reject_button, self.reopen_button):
            button.setEnabled(candidate is not None)
        self.open_button.setEnabled(candidate is not None)
        if candidate is None:
            self.details.setHtml(
                "<p style='color:#666'>Choose a candidate to see why it scored what it did.</p>"
            )
            return
        self.confirm_button.setEnabled(candidate.status != "confirmed")
        self.reject_button.setEnabled(candidate.status != "rejected")
        self.reopen_button.setEnabled(candidate.status != "open")
        self.open_button.setText("Open entity" if candidate.entity_id else "Show in source")
        self.details.setHtml(explanation_html(candidate))
