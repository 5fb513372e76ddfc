"""The reader's Repair log: every repair of the source in its context, and the buttons that
revert one, all of its kind or all of them, and apply them again.

Each action is one undoable step (a new text version; see :mod:`nkcase.services.repairs`)
run on the writer thread; quotes follow their passage. :func:`run_report_job` also serves
"Re-read as…", which re-extracts with another encoding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.errors import show_error
from nkcase.gui.session import CaseSession

if TYPE_CHECKING:  # types only: the services load SQLAlchemy, not wanted at startup
    from nkcase.services.reanchor import ReanchorReport
    from nkcase.services.repairs import RepairRecord
    from nkcase.store import Casebook

RECORD_ROLE = Qt.ItemDataRole.UserRole + 21
KIND_LABELS = {
    "ligature": "lost ligature",
    "ligature-character": "ligature character",
    "hyphenation": "line-end hyphen",
}


def run_report_job(
    session: CaseSession,
    job: Callable[[Casebook], ReanchorReport],
    on_report: Callable[[ReanchorReport], None],
) -> None:
    """Run a service that makes a new text version (and re-anchors quotes) on the writer
    thread; its change becomes one undo step, and ``on_report`` gets the report."""
    casebook = session.casebook
    if casebook is None:
        return

    def done(report: ReanchorReport) -> None:
        if report.change is not None:
            session.record([report.change])
        on_report(report)

    session.runner.write(lambda _task: job(casebook), done,
                         lambda err: show_error(session.parent_widget(), err))


def quotes_text(report: ReanchorReport) -> str:
    """How the quotes fared, for the status bar."""
    parts = [f"{len(report.exact)} in place", f"{len(report.moved)} moved with their text"]
    if report.review:
        parts.append(f"{len(report.review)} to review")
    if report.orphan:
        parts.append(f"{len(report.orphan)} orphaned")
    return "quotes " + ", ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class RepairLogPanel(QWidget):
    """The Repair log tab of the source reader."""

    show_span = Signal(int, int)  # select this range of the text
    status = Signal(str)  # a line for the status bar
    review_needed = Signal()  # quotes wait for review after a change

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id: str | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Put back what extraction gave for the selected repairs")
        self.reapply_button = QPushButton("Re-apply")
        self.reapply_button.setToolTip("Apply the selected reverted repairs again")
        self.kind_button = QPushButton("Revert kind")
        self.kind_button.setToolTip("Revert every repair of the selected one's kind")
        self.all_button = QPushButton("Revert all")
        self.all_button.setToolTip("Revert every repair of this source")
        buttons = QHBoxLayout()
        for button in (self.revert_button, self.reapply_button):
            buttons.addWidget(button)
        more = QHBoxLayout()
        for button in (self.kind_button, self.all_button):
            more.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addLayout(more)

        self.view.clicked.connect(self._clicked)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.revert_button.clicked.connect(lambda: self._toggle_selected(revert=True))
        self.reapply_button.clicked.connect(lambda: self._toggle_selected(revert=False))
        self.kind_button.clicked.connect(self._toggle_kind)
        self.all_button.clicked.connect(self._toggle_all)
        self._update_buttons()

    # -- content -------------------------------------------------------------------------
    def set_repairs(self, source_id: str | None, records: list[RepairRecord],
                    damage_note: str = "") -> None:
        self.source_id = source_id
        self.model.clear()
        for record in records:
            label = KIND_LABELS.get(record.kind, record.kind)
            state = "  (reverted)" if record.reverted else ""
            page = f"p. {record.page + 1} · " if record.page is not None else ""
            item = QStandardItem(
                f"{page}{label}: “{record.before}” → “{record.after}”{state}\n"
                f"   …{_one_line(record.context_before)[-24:]} [{_one_line(record.shown)}] "
                f"{_one_line(record.context_after)[:24]}…"
            )
            item.setData(record, RECORD_ROLE)
            item.setEditable(False)
            item.setToolTip(
                f"Offset {record.start}. Extraction gave “{record.before}”; the repair made it "
                f"“{record.after}”." + (" Reverted: the text shows what extraction gave."
                                       if record.reverted else "")
            )
            if record.reverted:
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
                item.setForeground(QColor(110, 110, 110))
            self.model.appendRow(item)
        reverted = sum(1 for r in records if r.reverted)
        counts = f"{len(records)} repair(s)" + (f", {reverted} reverted" if reverted else "")
        if not records:
            counts = "No repair: the text is exactly as extracted"
        self.summary.setText(counts + (f". {damage_note}" if damage_note else ""))
        self._update_buttons()

    def selected_records(self) -> list[RepairRecord]:
        return [index.data(RECORD_ROLE) for index in self.view.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        chosen = self.selected_records()
        everything = [self.model.item(i).data(RECORD_ROLE) for i in range(self.model.rowCount())]
        self.revert_button.setEnabled(any(not r.reverted for r in chosen))
        self.reapply_button.setEnabled(any(r.reverted for r in chosen))
        self.kind_button.setEnabled(bool(chosen))
        if chosen:
            label = KIND_LABELS.get(chosen[0].kind, chosen[0].kind)
            self.kind_button.setText(f"Revert all: {label}")
        else:
            self.kind_button.setText("Revert kind")
        all_reverted = bool(everything) and all(r.reverted for r in everything)
        self.all_button.setText("Re-apply all" if all_reverted else "Revert all")
        self.all_button.setEnabled(bool(everything))

    def _clicked(self, index: QModelIndex) -> None:
        record = index.data(RECORD_ROLE)
        if record is not None:
            self.show_span.emit(record.start, record.end)

    # -- actions -------------------------------------------------------------------------
    def _toggle_selected(self, *, revert: bool) -> None:
        offsets = [r.start for r in self.selected_records() if r.reverted != revert]
        if offsets:
            self._run(revert, offsets=offsets)

    def _toggle_kind(self) -> None:
        chosen = self.selected_records()
        if chosen:
            self._run(True, kind=chosen[0].kind)

    def _toggle_all(self) -> None:
        self._run(self.all_button.text() == "Revert all", everything=True)

    def _run(
        self,
        revert: bool,
        *,
        offsets: Sequence[int] = (),
        kind: str | None = None,
        everything: bool = False,
    ) -> None:
        """Revert (or apply again) the repairs at ``offsets``, all of ``kind`` or
        ``everything``, as the repairs service takes them."""
        source_id = self.source_id
        if source_id is None:
            return
        from nkcase.services import repairs

        service = repairs.revert_repairs if revert else repairs.reapply_repairs
        self.status.emit("Reverting repairs…" if revert else "Applying repairs again…")
        run_report_job(
            self.session,
            lambda cb: service(cb, source_id, offsets=offsets, kind=kind, everything=everything),
            self._done,
        )

    def _done(self, report: ReanchorReport) -> None:
        if report.change is None:
            self.status.emit("Nothing to change: the repairs are already so")
            return
        self.status.emit(f"{report.change.summary}: {quotes_text(report)}")
        if report.review:
            self.review_needed.emit()
