"""The Screen… dialog (which snapshots, from which score) and the explanation of a candidate
as the results panel shows it."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.session import CaseSession

if TYPE_CHECKING:
    from nkcase.services.screening_records import CandidateRecord


class ScreenDialog(QDialog):
    """What to screen (given), against which snapshots and from which score."""

    def __init__(self, session: CaseSession, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from nkcase.screening.matching import DEFAULT_THRESHOLD

        self.setWindowTitle("Screen against sanctions lists")
        self.session = session
        self.checks: list[tuple[QCheckBox, str]] = []
        form = QFormLayout(self)
        form.addRow("Screen:", QLabel(what))
        self.lists_box = QVBoxLayout()
        lists_widget = QWidget()
        lists_widget.setLayout(self.lists_box)
        form.addRow("Against:", lists_widget)
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.5, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.setToolTip("Candidates scoring at least this are shown for review")
        form.addRow("From score:", self.threshold)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Screen")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._load_snapshots()

    def _load_snapshots(self) -> None:
        from nkcase.services.list_records import list_snapshots

        self.session.read(list_snapshots, self._show_snapshots)

    def _show_snapshots(self, snapshots: list) -> None:
        newest: dict[str, object] = {}
        for info in snapshots:  # oldest first within a list: the last one is the newest
            newest[info.list_code] = info
        for info in snapshots:
            box = QCheckBox(f"{info.label} ({info.record_count:,} records)")
            box.setChecked(newest[info.list_code] is info)
            self.lists_box.addWidget(box)
            self.checks.append((box, info.id))
        if not snapshots:
            self.lists_box.addWidget(QLabel("No sanctions list yet: import one first."))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(snapshots))

    def chosen_snapshots(self) -> list[str]:
        return [snapshot_id for box, snapshot_id in self.checks if box.isChecked()]


def _e(text: object) -> str:
    return escape(str(text))


def explanation_html(c: CandidateRecord) -> str:
    """The candidate explained: what matched what and how, then the list record and snapshot."""
    rows = []
    for feature in c.features:
        effect = f" <b>{float(str(feature['effect'])):+.2f}</b>" if feature["effect"] else ""
        how = f" <span style='color:#666'>({_e(feature['how'])})</span>" if feature["how"] else ""
        rows.append(
            f"<tr><td style='color:#555'>{_e(feature['label'])}</td>"
            f"<td>{_e(feature['query'])}</td><td><b>{_e(feature['relation'])}</b></td>"
            f"<td>{_e(feature['record'])}{how}{effect}</td></tr>"
        )
    status = c.status + (f": {_e(c.reason)}" if c.reason else "")
    if c.reviewed_by:
        status += f" (by {_e(c.reviewed_by)}, {_e((c.reviewed_at or '')[:10])})"
    delisted = (
        f"<p style='color:#9a3412'><b>Not listed in {_e(c.delisted_in)}.</b></p>"
        if c.delisted_in
        else ""
    )
    return (
        f"<h3>{_e(c.subject_name)} ↔ {_e(c.matched_name)} — {c.score:.2f}</h3>"
        f"<p>{_e(c.list_name)} · {_e(c.reference or c.record_key)}"
        + (f" · listed {_e(c.listed_on)}" if c.listed_on else "")
        + f" · {_e(c.schema)}</p>"
        f"<table cellspacing='4'>{''.join(rows)}</table>"
        f"<p><span style='color:#555'>Names on the list:</span> "
        f"{_e('; '.join(c.record_names))}</p>"
        f"<p><span style='color:#555'>Snapshot:</span> {_e(c.snapshot)}<br>"
        f"<span style='color:#555'>SHA-256:</span> <code>{_e(c.snapshot_sha256)}</code></p>"
        f"{delisted}<p><span style='color:#555'>Review:</span> {status}</p>"
    )
