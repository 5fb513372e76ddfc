"""The export dialog's "At this level" panel: what the dossier will withhold and what it shows
only because someone released it — read from the core's one rule before anything is written,
so that the investigator can release deliberately (in the case file) or choose another level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from nkcase.gui.session import CaseSession

if TYPE_CHECKING:
    from nkcase.services.level_views import LevelReport

KINDS = {"entity": "case file", "name": "name", "fact": "fact", "relationship": "relationship",
         "note": "note"}


class LevelReportPanel(QGroupBox):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__("At this level", parent)
        self.session = session
        self.summary = QLabel("…")
        self.summary.setWordWrap(True)
        self.listing = QPlainTextEdit(readOnly=True)
        self.listing.setMinimumHeight(90)
        self.listing.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.listing)
        self.report: LevelReport | None = None
        self._generation = 0

    def refresh(self, entity_ids: tuple[str, ...] | None, level: str) -> None:
        """Read the report for these entities (None: all) at ``level`` on the read pool."""
        from nkcase.services.level_views import level_report

        self._generation += 1
        generation = self._generation
        ids = list(entity_ids) if entity_ids is not None else None
        if ids == []:
            self._show(None)
            return
        self.summary.setText("Checking what this level withholds…")
        self.session.read(
            lambda cb: level_report(cb, ids, level),
            lambda report: self._shown(generation, report),
            lambda err: self._failed(generation, err),
        )

    def _shown(self, generation: int, report: LevelReport) -> None:
        if generation == self._generation:
            self._show(report)

    def _failed(self, generation: int, err: BaseException) -> None:
        if generation == self._generation:
            self.summary.setText(f"Could not check the levels: {err}")

    def _show(self, report: LevelReport | None) -> None:
        self.report = report
        if report is None:
            self.summary.setText("")
            self.listing.setPlainText("")
            return
        lines = [
            f"WITHHELD  {KINDS.get(x.kind, x.kind)}: {x.caption}  [{x.level.explanation}]"
            for x in report.withheld
        ]
        lines += [
            f"RELEASED  {KINDS.get(x.kind, x.kind)}: {x.caption}  [{x.level.explanation}]"
            for x in report.released
        ]
        self.listing.setPlainText("\n".join(lines))
        self.listing.setVisible(bool(lines))
        parts = []
        if report.withheld:
            parts.append(f"{len(report.withheld)} item(s) will be withheld (only their count is "
                         f"in the dossier)")
        if report.released:
            parts.append(f"{len(report.released)} item(s) are shown only because they were "
                         "released")
        quotes = report.counts.quotes
        if quotes:
            parts.append(f"{quotes} quote(s) stay out")
        self.summary.setText(
            ("; ".join(parts) + ".") if parts
            else f"Nothing is withheld at level {report.level}."
        )
