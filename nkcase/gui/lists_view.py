"""The Lists view: sanctions list snapshots in the casebook, their counts, and what changed
between two of the same list; Lists > Import… runs on the writer thread with progress and
Cancel (a cancelled or failed import leaves nothing behind).

Lists are reference data written by bulk operations: they never go on the undo stack, so this
view refreshes itself after an import or a removal and tells others with
:attr:`ListsView.snapshots_changed`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.errors import show_error
from nkcase.gui.list_models import DiffModel, SnapshotModel, schema_counts
from nkcase.gui.session import CaseSession
from nkcase.gui.tasks import Task

if TYPE_CHECKING:
    from nkcase.services.list_diff import SnapshotDiff
    from nkcase.services.list_records import SnapshotInfo
    from nkcase.services.lists import ListImport

FILE_FILTER = "Sanctions lists (*.xml *.csv *.json);;All files (*)"


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ListsView(QWidget):
    snapshots_changed = Signal()
    imported = Signal(object)  # ListImport

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.import_task: Task | None = None
        self._generation = 0
        self.snapshots = SnapshotModel()
        self.diff = DiffModel()

        title = QLabel("<b>Sanctions lists</b> — snapshots kept in this casebook as reference data")
        title.setWordWrap(True)  # never widens the window's minimum size
        self.import_button = QPushButton("&Import list…")
        self.import_button.setToolTip("Import a UN, OFAC, EU or OpenSanctions list file")
        self.import_button.clicked.connect(self.import_dialog)
        self.remove_button = QPushButton("&Remove snapshot…")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.remove_button)

        self.table = _table(self.snapshots)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.compare_box = QComboBox()
        self.compare_box.setMinimumContentsLength(12)
        self.compare_box.currentIndexChanged.connect(lambda _i: self._compare())
        self.diff_summary = QLabel()
        self.diff_summary.setWordWrap(True)
        self.diff_table = _table(self.diff)
        self.diff_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.ResizeToContents
        )
        compare_row = QHBoxLayout()
        compare_row.addWidget(QLabel("Changes since:"))
        compare_row.addWidget(self.compare_box, 1)
        compare_row.addWidget(self.diff_summary, 2)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details)
        lower_layout.addLayout(compare_row)
        lower_layout.addWidget(self.diff_table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(1, 2)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_import)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label, 1)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.status = QLabel()
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        self._show_progress(False)
        session.opened.connect(lambda _cb: self.reload())
        session.closed.connect(self.reload)
        self._update_buttons()

    # -- reading -------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        self._generation += 1
        generation = self._generation
        if not self.session.is_open:
            self._loaded(generation, [], None)
            return
        from nkcase.services.list_records import list_snapshots

        self.session.read(list_snapshots, lambda rows: self._loaded(generation, rows, select))

    def _loaded(self, generation: int, rows: list[SnapshotInfo], select: str | None) -> None:
        if generation != self._generation:
            return
        current = select or self.selected_id()
        self.snapshots.replace(rows)
        row = self.snapshots.row_of(current) if current else None
        if row is None and rows:
            row = len(rows) - 1
        if row is not None:
            self.table.selectRow(row)
        self._selected()

    def selected(self) -> SnapshotInfo | None:
        index = self.table.currentIndex()
        return self.snapshots.snapshot(index.row()) if index.isValid() else None

    def selected_id(self) -> str | None:
        info = self.selected()
        return info.id if info else None

    def _selected(self) -> None:
        info = self.selected()
        self._update_buttons()
        self.compare_box.blockSignals(True)
        self.compare_box.clear()
        if info is None:
            self.details.setText(
                "No list snapshot yet. Import the UN, OFAC, EU or OpenSanctions list file you "
                "downloaded (Lists ▸ Import list…)." if self.session.is_open else ""
            )
            self.diff.replace([])
            self.diff_summary.clear()
            self.compare_box.blockSignals(False)
            return
        self.details.setText(_describe(info))
        older = [
            s for s in self.snapshots.snapshots
            if s.list_code == info.list_code and s.format == info.format and s.id != info.id
        ]
        for other in older:
            self.compare_box.addItem(f"{other.generated or other.imported_at[:10]} "
                                     f"({other.record_count:,} records)", other.id)
        self.compare_box.setEnabled(bool(older))
        if older:
            earlier = [s for s in older if (s.generated or "") <= (info.generated or "")]
            target = (earlier or older)[-1]
            self.compare_box.setCurrentIndex(older.index(target))
        self.compare_box.blockSignals(False)
        self._compare()

    def _compare(self) -> None:
        info = self.selected()
        other_id = self.compare_box.currentData()
        if info is None or other_id is None:
            self.diff.replace([])
            self.diff_summary.setText("no other snapshot of this list to compare with")
            return
        from nkcase.services.list_diff import diff_snapshots

        self.session.read(
            lambda casebook: diff_snapshots(casebook, other_id, info.id), self._show_diff
        )

    def _show_diff(self, diff: SnapshotDiff) -> None:
        if diff.new.id != self.selected_id():
            return  # the selection moved on while this was read
        self.diff.replace(diff.changes)
        self.diff_summary.setText(diff.counts.describe())
        self.diff_table.resizeColumnToContents(0)

    # -- import ------------------------------------------------------------------------------
    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import a sanctions list", "", FILE_FILTER
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, list_format: str | None = None) -> Task | None:
        """Import ``path`` on the writer thread; progress and Cancel show below the tables."""
        casebook = self.session.casebook
        if casebook is None or self.import_task is not None:
            return None
        from nkcase.services.lists import import_list

        def job(task: Task) -> ListImport:
            return import_list(
                casebook, path, format=list_format, progress=task.report,
                cancelled=task.is_cancelled,
            )

        self.status.setText(f"Importing {path.name}…")
        self.progress.setValue(0)
        self.progress_label.setText(f"Reading {path.name}")
        self._show_progress(True)
        task = self.session.runner.write(
            job, self._import_done, self._import_failed, self._import_progress
        )
        # A synchronous runner has already finished (and forgotten) the task by now.
        self.import_task = None if task.finished else task
        self._update_buttons()
        return task

    def cancel_import(self) -> None:
        if self.import_task is not None:
            self.import_task.cancel()
            self.progress_label.setText("Cancelling…")

    def _import_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setValue(int(1000 * done / total) if total else 0)
        self.progress_label.setText(label)

    def _import_done(self, result: ListImport) -> None:
        self._finish_import()
        info = result.snapshot
        text = f"Imported {info.label}: {info.record_count:,} records ({schema_counts(info)})."
        if result.since_previous is not None:
            text += f" Since the previous snapshot: {result.since_previous.describe()}."
        self.status.setText(text)
        self.reload(select=info.id)
        self.imported.emit(result)
        self.snapshots_changed.emit()

    def _import_failed(self, err: BaseException) -> None:
        from nkcase.errors import CancelledError

        self._finish_import()
        if isinstance(err, CancelledError):
            self.status.setText("Import cancelled: nothing was imported.")
            return
        self.status.setText("The list was not imported (nothing was written).")
        show_error(self, err, "Cannot import the list")

    def _finish_import(self) -> None:
        self.import_task = None
        self._show_progress(False)
        self._update_buttons()

    # -- removal -----------------------------------------------------------------------------
    def remove_selected(self, ask: bool = True) -> Task | None:
        info = self.selected()
        if info is None or self.session.casebook is None:
            return None
        if ask:
            answer = QMessageBox.question(
                self,
                "Remove list snapshot",
                f"Remove {info.label} and its {info.record_count:,} records from this casebook? "
                "This is recorded in the audit log and cannot be undone; you can import the "
                "file again.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        casebook = self.session.casebook  # read here: the job runs on the writer thread
        if casebook is None:  # closed while the question was open (the idle lock)
            return None
        from nkcase.services.lists import remove_snapshot

        snapshot_id = info.id

        def removed(change: object) -> None:
            self.status.setText(getattr(change, "summary", "Removed."))
            self.reload()
            self.snapshots_changed.emit()

        return self.session.runner.write(
            lambda _task: remove_snapshot(casebook, snapshot_id),
            removed,
            lambda err: show_error(self, err, "Cannot remove the snapshot"),
        )

    # -- state -------------------------------------------------------------------------------
    def _show_progress(self, visible: bool) -> None:
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(visible)

    def _update_buttons(self) -> None:
        is_open = self.session.is_open
        self.import_button.setEnabled(is_open and self.import_task is None)
        self.remove_button.setEnabled(
            is_open and self.import_task is None and self.selected() is not None
        )


def _describe(info: SnapshotInfo) -> str:
    from html import escape

    lines = [
        f"<b>{escape(info.title)}</b> — {escape(info.publisher)}",
        f"Generated {escape(info.generated or 'on a date the file does not give')}; "
        f"{info.record_count:,} records ({escape(schema_counts(info))}); imported "
        f"{escape(info.imported_at[:16].replace('T', ' '))} UTC by {escape(info.imported_by)}.",
    ]
    for f in info.files:
        lines.append(
            f"{escape(f.file_name)} ({f.size:,} bytes), SHA-256 <tt>{escape(f.sha256)}</tt>"
        )
    lines += [f"⚠ {escape(w)}" for w in info.warnings]
    return "<br>".join(lines)
