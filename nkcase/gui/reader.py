"""The source reader: frozen text with quotes, the original PDF page beside it, mentions,
the repair log and warnings; "Quote and link…" (Ctrl+L) and find in text (Ctrl+F)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from nkcase.gui.encoding_bar import EncodingBar
from nkcase.gui.errors import show_error
from nkcase.gui.keys import tab_chain
from nkcase.gui.name_index import NameIndex
from nkcase.gui.pdf_view import PdfPageView
from nkcase.gui.reader_text import FIND_COLOR, ReaderTextEdit
from nkcase.gui.repair_log import RepairLogPanel
from nkcase.gui.session import CaseSession

# The core (services, store: SQLAlchemy and the ORM model, ~0.7 s) is imported where it is
# used, not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.gui.quote_dialog import QuoteLinkDialog
    from nkcase.services.changes import Change
    from nkcase.services.mentions_service import MentionRecord
    from nkcase.services.quote_records import QuoteRecord
    from nkcase.services.repairs import RepairRecord, TextProvenance
    from nkcase.services.source_records import SourceRecord, SourceText
    from nkcase.store import Casebook

DATA_ROLE = Qt.ItemDataRole.UserRole + 20


@dataclass(frozen=True)
class LoadedSource:
    record: SourceRecord
    text: SourceText
    quotes: list[QuoteRecord]
    original: bytes | None
    repairs: list[RepairRecord] = field(default_factory=list)
    provenance: TextProvenance | None = None


def load_source(casebook: Casebook, source_id: str) -> LoadedSource:
    from nkcase.services.originals import original_bytes
    from nkcase.services.quote_records import quotes_for_source
    from nkcase.services.repairs import repair_records, text_provenance
    from nkcase.services.source_records import source_record, source_text

    record = source_record(casebook, source_id)
    data = original_bytes(casebook, source_id) if record.kind == "pdf" else None
    return LoadedSource(record, source_text(casebook, source_id),
                        quotes_for_source(casebook, source_id), data,
                        repair_records(casebook, source_id),
                        text_provenance(casebook, source_id))


def _around(context: str, name: str, width: int = 56) -> str:
    """A short window of ``context`` centred on ``name``."""
    at = max(0, context.lower().find(name.lower()))
    start = max(0, at + len(name) // 2 - width // 2)
    return context[start : start + width]


class SourceReader(QWidget):
    loaded = Signal(str)  # source id
    closed = Signal()  # the source shown is gone (its import undone)
    status = Signal(str)  # a line for the window's status bar
    review_needed = Signal()  # quotes wait for review after a re-read or a repair change

    def __init__(
        self, session: CaseSession, names: NameIndex, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.names = names
        self.source: LoadedSource | None = None
        self._pending: tuple[str | None, tuple[int, int] | None] = (None, None)
        self._generation = 0

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.meta = QLabel()
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c060; padding: 3px; color: #5c4400;"
        )
        self.text = ReaderTextEdit()
        self.pdf = PdfPageView(session.runner)
        self.find_bar = QLineEdit(
            placeholderText="Find in this text (Enter: next, Shift+Enter: previous)"
        )
        self.find_bar.setClearButtonEnabled(True)
        self.find_bar.hide()
        self.quote_button = QPushButton("Quote and link…")
        self.quote_button.setToolTip("Quote the selected passage and link it (Ctrl+L)")
        self.quote_button.setEnabled(False)
        self.source_button = QPushButton("Source")  # its menu: the window's Source menu
        self.source_button.setToolTip("Properties, re-extraction")

        self.mentions = QStandardItemModel()
        self.mention_view = QListView()
        self.mention_view.setModel(self.mentions)
        self.mention_view.setWordWrap(True)
        self.mention_view.setSpacing(3)
        self.mention_view.setAlternatingRowColors(True)
        self.accept_mention = QPushButton("Quote and link this mention")
        self.accept_mention.setEnabled(False)
        mentions_box = QWidget()
        ml = QVBoxLayout(mentions_box)
        ml.setContentsMargins(2, 2, 2, 2)
        ml.addWidget(QLabel("Names of your entities found here,\nnot yet quoted:"))
        ml.addWidget(self.mention_view, 1)
        ml.addWidget(self.accept_mention)
        self.repair_log = RepairLogPanel(session)
        self.side = QTabWidget()
        self.side.addTab(mentions_box, "Mentions")
        self.side.addTab(self.repair_log, "Repair log")
        self.encoding_bar = EncodingBar(session)

        text_box = QWidget()
        tl = QVBoxLayout(text_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.find_bar)
        tl.addWidget(self.text, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(text_box)
        self.splitter.addWidget(self.pdf)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([460, 400, 210])
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.meta)
        heading.addWidget(self.encoding_bar)
        top.addLayout(heading, 1)
        top.addWidget(self.source_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.quote_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.splitter, 1)

        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(60)
        self._sync_timer.timeout.connect(self._sync_page)
        self.text.verticalScrollBar().valueChanged.connect(lambda _v: self._sync_timer.start())
        self.text.cursorPositionChanged.connect(self._sync_timer.start)
        self.text.selectionChanged.connect(
            lambda: self.quote_button.setEnabled(self.text.selected_range() is not None)
        )
        self.quote_button.clicked.connect(self.quote_selection)
        self.find_bar.returnPressed.connect(lambda: self.find_next(backward=bool(
            QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)))
        self.find_bar.textChanged.connect(self._highlight_find)
        self.mention_view.clicked.connect(self._show_mention)
        self.mention_view.selectionModel().currentChanged.connect(
            lambda cur, _prev: self.accept_mention.setEnabled(cur.isValid()))
        self.accept_mention.clicked.connect(self.accept_current_mention)
        self.mention_view.doubleClicked.connect(lambda _i: self.accept_current_mention())
        self.repair_log.show_span.connect(lambda start, end: self.text.select_range(start, end))
        for panel in (self.repair_log, self.encoding_bar):
            panel.status.connect(self.status)
            panel.review_needed.connect(self.review_needed)
        session.changed.connect(self._on_change)
        session.closed.connect(self.clear)
        tab_chain(self, [self.find_bar, self.text, self.pdf, self.side, self.mention_view,
                         self.accept_mention, self.repair_log.view, self.encoding_bar.button,
                         self.source_button, self.quote_button])

    # -- loading -----------------------------------------------------------------------------
    @property
    def source_id(self) -> str | None:
        return self.source.record.id if self.source else None

    def show_source(self, source_id: str, *, quote_id: str | None = None,
                    span: tuple[int, int] | None = None) -> None:
        """Open a source; then select a quote or a span of its text."""
        self._pending = (quote_id, span)
        if self.source_id == source_id:
            self._go_pending()
            return
        self._generation += 1
        generation = self._generation
        self.title.setText("Loading…")
        self.session.read(lambda cb: load_source(cb, source_id),
                          lambda loaded: self._render(generation, loaded),
                          lambda err: self._load_failed(generation, err))

    def _load_failed(self, generation: int, err: BaseException) -> None:
        """A source removed while loading (undo of its import) closes the reader quietly."""
        from nkcase.errors import NotFoundError

        if generation != self._generation:
            return
        self.clear()
        if isinstance(err, NotFoundError):
            self.closed.emit()
        else:
            show_error(self, err)

    def clear(self) -> None:
        self.source = None
        self.text.set_source_text("", [])
        self.title.clear()

    def _render(self, generation: int, loaded: LoadedSource) -> None:
        if generation != self._generation:
            return
        self.source = loaded
        rec = loaded.record
        self.title.setText(rec.title)
        self._set_meta()
        problems = list(rec.warnings)
        no_layer = [p.index + 1 for p in loaded.text.pages if not p.has_text_layer]
        if no_layer:
            shown = ", ".join(map(str, no_layer[:12])) + ("…" if len(no_layer) > 12 else "")
            problems.append(f"No text layer on page(s) {shown}: nothing there can be quoted.")
        self.warnings.setText("⚠ " + "\n⚠ ".join(problems) if problems else "")
        self.warnings.setVisible(bool(problems))
        self.text.set_source_text(loaded.text.text, loaded.text.pages)
        self.text.set_quotes(loaded.quotes)
        self.repair_log.set_repairs(rec.id, loaded.repairs)
        self.side.setTabText(1, f"Repair log ({len(loaded.repairs)})")
        self.encoding_bar.set_source(rec.id, loaded.provenance)
        self.pdf.setVisible(loaded.original is not None)
        self.pdf.set_document(loaded.original, rec.pages)
        self.pdf.set_rects([r for q in loaded.quotes for r in q.rects])
        self._go_pending()  # selects what was asked for and renders the page in view ...
        self.load_mentions()  # ... before the mention search takes a reader thread
        self.loaded.emit(rec.id)

    def _set_meta(self) -> None:
        if self.source is None:
            return
        rec = self.source.record
        pages = f"{rec.pages} pages · " if rec.pages else ""
        self.meta.setText(
            f"{rec.kind.upper()} · {pages}reliability {rec.reliability_label} · "
            f"{rec.handling} · {len(self.source.quotes)} quotes · {rec.file_name}"
        )

    def load_mentions(self) -> None:
        source_id = self.source_id
        if source_id is None:
            return
        generation = self._generation
        from nkcase.services.mentions_service import mentions_in_source

        self.session.read(lambda cb: mentions_in_source(cb, source_id),
                          lambda found: self._set_mentions(generation, found),
                          lambda _err: self.side.setTabText(0, "Mentions (unavailable)"))

    def _set_mentions(self, generation: int, found: list[MentionRecord]) -> None:
        if generation != self._generation:
            return
        self.mentions.clear()
        fresh = [m for m in found if not m.already_quoted]
        for mention in fresh:
            context = " ".join(mention.context.split())
            item = QStandardItem(f"{mention.caption}\n   …{_around(context, mention.name)}…")
            item.setToolTip(context)
            item.setData(mention, DATA_ROLE)
            item.setEditable(False)
            self.mentions.appendRow(item)
        self.side.setTabText(0, f"Mentions ({len(fresh)})")

    def reload_quotes(self) -> None:
        source_id, generation = self.source_id, self._generation
        if source_id is None:
            return
        from nkcase.services.quote_records import quotes_for_source

        self.session.read(lambda cb: quotes_for_source(cb, source_id),
                          lambda found: self._set_quotes(generation, found))

    def _set_quotes(self, generation: int, found: list[QuoteRecord]) -> None:
        if generation != self._generation or self.source is None:
            return
        self.source = LoadedSource(self.source.record, self.source.text, found,
                                   self.source.original)
        self.text.set_quotes(found, self.text.focus_quote)
        self.pdf.set_rects([r for q in found for r in q.rects])
        self._set_meta()
        self.load_mentions()

    def _on_change(self, change: Change) -> None:
        if self.source is None:
            return
        f = change.flags
        if f.texts and self.source_id in change.source_ids:
            source_id = self.source_id
            self.source = None
            if source_id:
                self.show_source(source_id)
        elif f.quotes or f.evidence or f.entities or f.facts:
            self.reload_quotes()  # quotes' link captions name entities and facts

    # -- navigation --------------------------------------------------------------------------
    def _go_pending(self) -> None:
        quote_id, span = self._pending
        self._pending = (None, None)
        if self.source is None:
            return
        if quote_id is not None:
            quote = next((q for q in self.source.quotes if q.id == quote_id), None)
            if quote is not None:
                self.text.set_quotes(self.source.quotes, focus=quote.id)
                self.text.select_range(quote.start, quote.end)
                self.pdf.set_rects([r for q in self.source.quotes for r in q.rects], quote.rects)
        elif span is not None:
            self.text.select_range(*span)
        self._sync_page()

    def _sync_page(self) -> None:
        """Keep the PDF page in step with the text: the cursor's page, else the top line's."""
        if self.source is None or self.source.original is None:
            return
        cursor = self.text.textCursor()
        offset = self.text.offsets.to_py(cursor.selectionStart()) if cursor.hasSelection() \
            else self.text.top_offset()
        page = self.source.text.page_in_view(offset)
        if page is not None:
            self.pdf.show_page(page)

    # -- actions -----------------------------------------------------------------------------
    def quote_selection(self) -> None:
        from nkcase.gui.quote_dialog import QuoteLinkDialog

        span = self.text.selected_range()
        if self.source is None or span is None:
            return
        start, end = span
        dialog = QuoteLinkDialog(self.session, self.names, self.text.text[start:end], self)
        if dialog.exec():
            self.add_quote(start, end, dialog)
        dialog.deleteLater()

    def add_quote(self, start: int, end: int, dialog: QuoteLinkDialog) -> None:
        from nkcase.gui.quote_dialog import quote_and_link_job

        assert self.source is not None
        self.session.apply(quote_and_link_job(self.source.record.id, start, end, dialog.value()))

    def current_mention(self) -> MentionRecord | None:
        index = self.mention_view.currentIndex()
        return index.data(DATA_ROLE) if index.isValid() else None

    def accept_current_mention(self) -> None:
        mention, source_id = self.current_mention(), self.source_id
        if mention is None or source_id is None:
            return
        from nkcase.services import quotes

        self.session.apply(lambda cb: quotes.add_quote(
            cb, source_id, start=mention.start, end=mention.end, entity_ids=[mention.entity_id]))

    def _show_mention(self, index: QModelIndex) -> None:
        mention = index.data(DATA_ROLE)
        if mention is not None:
            self.text.select_range(mention.start, mention.end)

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_bar.setFocus()
        self.find_bar.selectAll()

    def find_next(self, *, backward: bool = False) -> bool:
        needle = self.find_bar.text()
        if not needle or not self.text.text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.text.find(needle, flags):
            return True
        cursor = self.text.textCursor()  # wrap around
        cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
        self.text.setTextCursor(cursor)
        return self.text.find(needle, flags)

    def _highlight_find(self, needle: str) -> None:
        extra: list[QTextEdit.ExtraSelection] = []
        if len(needle) >= 2:
            folded, haystack = needle.casefold(), self.text.text.casefold()
            at = haystack.find(folded)
            while at >= 0 and len(extra) < 500:
                extra.append(self.text._selection(at, at + len(needle), FIND_COLOR))
                at = haystack.find(folded, at + len(needle))
        self.text.refresh_highlights(extra)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.hide()
            self.text.refresh_highlights()
            return
        super().keyPressEvent(event)

    def report_error(self, err: BaseException) -> None:
        show_error(self, err)
