"""Importing files and folders in the background: progress, Cancel, PDF passwords, a summary.

Per file, extraction (``prepare_import``, no database) runs on the read pool and the write
(``store_import``, one transaction) on the writer thread; the next file starts when the
previous one is stored. A PDF that needs a password stops only that file: the user is asked
on the GUI thread and the file is tried again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from nkcase.errors import CancelledError, IngestError, PasswordRequiredError
from nkcase.gui.session import CaseSession
from nkcase.gui.tasks import Task

# The import service (SQLAlchemy and the ORM model, ~0.7 s) is imported when an import starts,
# not here, so the window is shown before it loads (startup); these names are only types.
if TYPE_CHECKING:
    from nkcase.services.changes import Change
    from nkcase.services.sources import (
        ImportOptions,
        ImportOutcome,
        ImportSummary,
        PreparedImport,
    )
    from nkcase.store import Casebook

PROGRESS_INTERVAL = 0.1  # seconds between page progress updates of one file
PasswordPrompt = Callable[[Path, bool], str | None]  # (file, asked before) -> password or None


def ask_password(parent: QWidget | None) -> PasswordPrompt:
    def prompt(path: Path, retry: bool) -> str | None:
        label = ("Wrong password. " if retry else "") + f"{path.name} is encrypted. Password:"
        text, ok = QInputDialog.getText(parent, "PDF password", label, QLineEdit.EchoMode.Password)
        return text if ok else None

    return prompt


def prepare_one(
    casebook: Casebook, path: Path, password: str | None, task: Task
) -> ImportOutcome | PreparedImport:
    """Read and extract one file on a worker: an ImportOutcome when it is already present."""
    from nkcase.services.sources import (
        ImportOutcome,
        find_by_hash,
        prepare_import,
        read_file,
        sha256_of,
    )

    if task.is_cancelled():
        raise CancelledError("import cancelled")
    data = read_file(path)
    existing = find_by_hash(casebook, sha256_of(data))
    if existing is not None:
        return ImportOutcome(str(path), "already present", existing.id, existing.title,
                             f"same bytes as “{existing.title}”")

    reported = [0.0]  # when progress last went to the window

    def on_pages(done: int, total: int) -> None:
        if task.is_cancelled():
            raise CancelledError("import cancelled")
        now = time.monotonic()  # a page takes ~3 ms: ten updates a second are enough to see
        if done in (0, total) or now - reported[0] >= PROGRESS_INTERVAL:
            reported[0] = now
            task.report(done, total, path.name)

    from nkcase.services.repairs import protected_names

    names = protected_names(casebook)
    return prepare_import(path, data, password=password, on_progress=on_pages, protected=names)


class ImportJob(QObject):
    """One run of File > Import (or a drop). Emits ``progress`` and, at the end, ``finished``."""

    progress = Signal(int, int, str)  # files done, files total, what is happening
    finished = Signal(object)  # ImportSummary

    def __init__(self, session: CaseSession, paths: Sequence[Path],
                 options: ImportOptions | None = None,
                 password_prompt: PasswordPrompt | None = None) -> None:
        super().__init__()
        from nkcase.services.sources import (
            ImportOptions,
            ImportOutcome,
            ImportSummary,
            collect_files,
        )

        self.session = session
        self.options = (options or ImportOptions()).validated()
        self.password_prompt = password_prompt
        files, skipped = collect_files([Path(p) for p in paths])
        self.files = files
        self.summary = ImportSummary()
        self.summary.outcomes += [
            ImportOutcome(str(p), "skipped", message="not a supported document type")
            for p in skipped
        ]
        self._index = 0
        self._passwords: dict[Path, str] = {}
        self._cancelled = False
        self._task: Task | None = None
        self.done = False

    def start(self) -> None:
        self._next()

    def cancel(self) -> None:
        self._cancelled = True
        if self._task is not None:
            self._task.cancel()

    def _next(self) -> None:
        if self._cancelled or self._index >= len(self.files) or self.session.casebook is None:
            self._finish()
            return
        path = self.files[self._index]
        self.progress.emit(self._index, len(self.files), f"Reading {path.name}")
        casebook = self.session.casebook
        password = self._passwords.get(path, self.options.password)
        self._task = self.session.runner.read(
            lambda task: prepare_one(casebook, path, password, task),
            lambda result: self._prepared(path, result),
            lambda err: self._prepare_failed(path, err),
            lambda done, total, _name: self.progress.emit(
                self._index, len(self.files), f"{path.name}: page {done} of {total}"),
        )

    def _prepared(self, path: Path, result: PreparedImport | ImportOutcome) -> None:
        from nkcase.services.sources import ImportOptions, ImportOutcome, store_import

        if isinstance(result, ImportOutcome):
            self._record(result)
            return
        if self._cancelled:
            self._finish()
            return
        self.progress.emit(self._index, len(self.files), f"Storing {path.name}")
        casebook = self.session.casebook
        if casebook is None:
            self._finish()
            return
        options = self.options
        if path in self._passwords:
            options = ImportOptions(self._passwords[path], *_rest(options))
        self._task = self.session.runner.write(
            lambda _task: store_import(casebook, result, options),
            lambda stored: self._stored(stored),
            lambda err: self._prepare_failed(path, err),
        )

    def _stored(self, stored: tuple[ImportOutcome, Change | None]) -> None:
        outcome, change = stored
        if change is not None:
            self.summary.changes.append(change)
            self.session.record([change])
        self._record(outcome)

    def _prepare_failed(self, path: Path, err: BaseException) -> None:
        from nkcase.services.sources import ImportOutcome

        if isinstance(err, CancelledError):
            self._cancelled = True
            self._finish()
            return
        if isinstance(err, PasswordRequiredError) and self.password_prompt is not None:
            password = self.password_prompt(path, path in self._passwords)
            if password:
                self._passwords[path] = password
                self._next()  # the same file again
                return
        message = err.message if isinstance(err, IngestError) else f"{type(err).__name__}: {err}"
        if not isinstance(err, IngestError):
            from nkcase.logs import log_unexpected

            log_unexpected(err)
        self._record(ImportOutcome(str(path), "failed", message=message))

    def _record(self, outcome: ImportOutcome) -> None:
        self.summary.outcomes.append(outcome)
        self._index += 1
        self._next()

    def _finish(self) -> None:
        if self.done:
            return
        self.done = True
        self._task = None  # its job held the last file's bytes: nothing needs them now
        self.summary.cancelled = self._cancelled
        self.progress.emit(len(self.files), len(self.files), "Done")
        self.finished.emit(self.summary)


def _rest(options: ImportOptions) -> tuple:
    return (options.title, options.url, options.published, options.retrieved,
            options.reliability, options.handling)


def summary_text(summary: ImportSummary) -> tuple[str, str]:
    """A one-line summary and the details (one line per file that did not import)."""
    lines = []
    for outcome in summary.outcomes:
        if outcome.status == "imported":
            warn = f" ({'; '.join(outcome.warnings)})" if outcome.warnings else ""
            lines.append(f"imported: {Path(outcome.path).name}{warn}")
        else:
            lines.append(f"{outcome.status}: {Path(outcome.path).name} — {outcome.message}")
    return summary.describe(), "\n".join(lines)
