"""Source properties: title, publisher, dates, URL, reliability grade and handling level.

OK runs only the services whose fields changed (``edit_source``, ``grade_source``,
``set_source_handling``) as one write job; together they are one undo step. Dates and the URL
are checked as they are typed, with the reason beside the field; a refusal from a service is
shown in the dialog, which stays open.

:func:`reextract` runs "Re-extract and re-anchor" in the background and opens the re-anchoring
review when some quote needs a person's decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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

from nkcase.errors import NkcaseError
from nkcase.gui.errors import show_error
from nkcase.gui.keys import tab_chain
from nkcase.gui.levels import level_choices
from nkcase.gui.session import CaseSession

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.changes import Change
    from nkcase.services.reanchor import ReanchorReport
    from nkcase.services.source_records import SourceRecord
    from nkcase.store import Casebook

ERROR_STYLE = "color: #b3261e"
RELIABILITY = (
    (None, "ungraded"),
    ("A", "A — completely reliable"),
    ("B", "B — usually reliable"),
    ("C", "C — fairly reliable"),
    ("D", "D — not usually reliable"),
    ("E", "E — unreliable"),
    ("F", "F — reliability cannot be judged"),
)
TEXT_FIELDS = ("title", "publisher", "published", "retrieved", "url")


def _check_date(text: str) -> str | None:
    if text.strip():
        from nkcase import vocabulary

        vocabulary.clean_date(text)
    return None


def _check_url(text: str) -> str | None:
    if text.strip():
        from nkcase import vocabulary

        vocabulary.clean_url(text)
    return None


CHECKS: dict[str, Callable[[str], object]] = {
    "published": _check_date, "retrieved": _check_date, "url": _check_url,
}


class SourcePropertiesDialog(QDialog):
    def __init__(self, session: CaseSession, source_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.source_id = source_id
        self.record: SourceRecord | None = None
        self.setWindowTitle("Source properties")
        self.setMinimumWidth(560)
        self.fields: dict[str, QLineEdit] = {
            "title": QLineEdit(),
            "publisher": QLineEdit(placeholderText="e.g. UN Panel of Experts"),
            "published": QLineEdit(placeholderText="YYYY, YYYY-MM or YYYY-MM-DD"),
            "retrieved": QLineEdit(placeholderText="YYYY, YYYY-MM or YYYY-MM-DD"),
            "url": QLineEdit(placeholderText="https://…"),
        }
        self.field_problems = {name: QLabel() for name in CHECKS}
        for label in self.field_problems.values():
            label.setStyleSheet(ERROR_STYLE)
            label.hide()
        self.reliability = QComboBox()
        for value, text in RELIABILITY:
            self.reliability.addItem(text, value)
        self.handling = QComboBox()
        for value, text in level_choices():
            self.handling.addItem(text, value)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #555;")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)  # until the record has loaded

        form = QFormLayout()
        labels = {"title": "Title", "publisher": "Publisher", "published": "Published",
                  "retrieved": "Retrieved", "url": "URL"}
        for name, edit in self.fields.items():
            form.addRow(labels[name], edit)
            if name in self.field_problems:
                form.addRow("", self.field_problems[name])
        form.addRow("Reliability", self.reliability)
        form.addRow("Handling", self.handling)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        for name, edit in self.fields.items():
            if name in CHECKS:
                edit.textChanged.connect(lambda _t, n=name: self.check_field(n))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        chain = [*self.fields.values(), self.reliability, self.handling, self.buttons]
        tab_chain(self, chain)
        self.fields["title"].setFocus()
        from nkcase.services.source_records import source_record

        session.read(lambda cb: source_record(cb, source_id), self._fill)

    def _fill(self, record: SourceRecord) -> None:
        self.record = record
        for name, edit in self.fields.items():
            edit.setText(getattr(record, name) or "")
        self.reliability.setCurrentIndex(max(0, self.reliability.findData(record.reliability)))
        self.handling.setCurrentIndex(max(0, self.handling.findData(record.handling)))
        pages = f" · {record.pages} pages" if record.pages else ""
        self.info.setText(
            f"{record.kind.upper()}{pages} · {record.file_name}\n"
            f"SHA-256 {record.sha256}\nImported {record.imported_at[:16]} by {record.imported_by}"
            f" · text version {record.text_version} ({record.extractor} "
            f"{record.extractor_version})")
        self.ok_button.setEnabled(True)

    # -- validation --------------------------------------------------------------------------
    def check_field(self, name: str) -> bool:
        label = self.field_problems[name]
        try:
            CHECKS[name](self.fields[name].text())
        except NkcaseError as err:
            label.setText(err.message)
            label.show()
            return False
        label.clear()
        label.hide()
        return True

    def edits(self) -> dict[str, str]:
        """The text fields that differ from the stored record."""
        if self.record is None:
            return {}
        out = {}
        for name, edit in self.fields.items():
            value = edit.text().strip()
            if value != (getattr(self.record, name) or ""):
                out[name] = value
        return out

    def job(self) -> Callable[[Casebook], list[Change]] | None:
        """The write job for what changed, or None when nothing did."""
        record = self.record
        if record is None:
            return None
        edits = self.edits()
        grade = self.reliability.currentData()
        handling = self.handling.currentData()
        grade_changed = grade != record.reliability
        handling_changed = handling != record.handling
        if not (edits or grade_changed or handling_changed):
            return None
        source_id = record.id
        from nkcase.services import history, source_edits

        seen = record.row_version

        def run(casebook: Casebook) -> list[Change]:
            done: list[Change] = []
            # The first write checks the row is as the dialog read it; the later ones follow it.
            try:
                if edits:
                    done.append(source_edits.edit_source(
                        casebook, source_id, **edits, seen_version=seen))
                if grade_changed:
                    done.append(source_edits.grade_source(
                        casebook, source_id, grade, seen_version=None if done else seen))
                if handling_changed:
                    done.append(source_edits.set_source_handling(
                        casebook, source_id, handling, seen_version=None if done else seen))
            except Exception:
                for change in reversed(done):  # all or nothing: one undo step
                    history.undo(casebook, change)
                raise
            return done

        return run

    def save(self) -> None:
        self.problem.clear()
        if "title" in self.edits() and not self.fields["title"].text().strip():
            self.problem.setText("A source needs a title.")
            self.fields["title"].setFocus()
            return
        bad = [name for name in CHECKS if not self.check_field(name)]
        if bad:
            self.fields[bad[0]].setFocus()
            return
        job = self.job()
        if job is None:
            self.accept()
            return
        self.ok_button.setEnabled(False)
        self.session.apply(job, lambda _changes: self.accept(), self._failed)

    def _failed(self, err: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(err, NkcaseError):
            self.problem.setText(err.message)
        else:
            show_error(self, err)


def reextract(
    session: CaseSession,
    source_id: str,
    on_report: Callable[[ReanchorReport], None],
) -> None:
    """Extract a source's original again in the background and re-anchor its quotes.

    The new text version is one undo step; ``on_report`` gets the report on the GUI thread.
    """
    from nkcase.gui.repair_log import run_report_job
    from nkcase.services import reanchor

    run_report_job(session, lambda cb: reanchor.reextract_source(cb, source_id), on_report)


def report_text(report: ReanchorReport) -> str:
    """A status-bar line for a re-extraction."""
    if report.unchanged:
        return "Re-extracted: the text is unchanged; every quote stays where it was"
    parts = [f"{len(report.exact)} in place", f"{len(report.moved)} moved"]
    if report.review:
        parts.append(f"{len(report.review)} to review")
    if report.orphan:
        parts.append(f"{len(report.orphan)} orphaned")
    return f"Re-extracted (text version {report.new_version}): quotes " + ", ".join(parts)
