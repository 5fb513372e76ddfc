"""The reader's encoding line for text files and web pages: which encoding the bytes were
read in and how it was chosen, and "Re-read as…" another (a re-extraction, one undo step,
quotes re-anchored as after any re-extraction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from nkcase.gui.repair_log import quotes_text, run_report_job
from nkcase.gui.session import CaseSession

if TYPE_CHECKING:  # types only: the services load SQLAlchemy, not wanted at startup
    from nkcase.services.reanchor import ReanchorReport
    from nkcase.services.repairs import TextProvenance

DECODED_KINDS = ("text", "html", "mhtml")
ENCODINGS = [
    "utf-8", "windows-1250 (Central European)", "windows-1251 (Cyrillic)",
    "windows-1252 (Western)", "windows-1254 (Turkish)", "windows-1258 (Vietnamese)",
    "iso-8859-2 (Central European)", "iso-8859-5 (Cyrillic)", "koi8-r (Russian)",
    "cp949 (Korean)", "euc-kr (Korean)", "shift_jis (Japanese)", "gb18030 (Chinese)",
    "big5 (Chinese)", "utf-16-le", "utf-16-be",
]


class EncodingBar(QWidget):
    status = Signal(str)  # a line for the status bar
    review_needed = Signal()  # quotes wait for review after a re-read

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id: str | None = None
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton("Re-read as…")
        self.button.setToolTip(
            "Decode the original file again with another text encoding (quotes follow)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.button.clicked.connect(self.reread_as)

    def set_source(self, source_id: str | None, provenance: TextProvenance | None) -> None:
        """"Encoding: UTF-8 (declared by the file)"; hidden for PDF and Word files."""
        self.source_id = source_id
        decoded = provenance is not None and provenance.kind in DECODED_KINDS
        self.setVisible(decoded)
        if not decoded or provenance is None:
            return
        from nkcase.ingest.encoding import describe_encoding

        self.label.setText("Encoding: " + (describe_encoding(
            provenance.encoding, provenance.encoding_how, provenance.encoding_guessed)
            if provenance.encoding else "unknown"))

    def reread_as(self) -> None:
        """Ask for another encoding and re-extract the source with it."""
        source_id = self.source_id
        if source_id is None:
            return
        choice, ok = QInputDialog.getItem(
            self, "Re-read as", "Read the original file again as:", ENCODINGS, 0, True)
        if not ok or not choice.strip():
            return
        from nkcase.services import reanchor

        encoding = choice.split(" ")[0]

        def done(report: ReanchorReport) -> None:
            if report.unchanged:
                self.status.emit(f"Read as {choice}: the text is the same")
                return
            self.status.emit(f"Read as {choice}: {quotes_text(report)}")
            if report.review:
                self.review_needed.emit()

        run_report_job(self.session,
                       lambda cb: reanchor.reextract_source(cb, source_id, encoding=encoding),
                       done)
