"""The encrypted casebook in the window: Change passphrase…, Close and lock, auto-lock.

*Close and lock* closes the casebook and drops its key (it is wiped from memory); the
passphrase is needed to open it again. *Auto-lock* does the same after a number of minutes
without keyboard or mouse input (a setting; 0 = never) — but never in the middle of running
work: an import or an export finishes first, then the casebook locks at the next idle minute.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from nkcase.errors import NkcaseError
from nkcase.gui.errors import message_box, show_error
from nkcase.gui.file_actions import FileActions
from nkcase.gui.session import CaseSession
from nkcase.gui.settings import Settings

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class IdleLock(QObject):
    """Calls ``lock`` after ``minutes`` without user input while ``armed()`` and not ``busy()``."""

    def __init__(self, armed: Callable[[], bool], busy: Callable[[], bool],
                 lock: Callable[[], None], minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._armed, self._busy, self._lock = armed, busy, lock
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timeout)
        self.minutes = 0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, minutes)
        self.timer.setInterval(self.minutes * 60_000)
        self.restart()

    def restart(self) -> None:
        """Start counting again (input, a casebook opened); stops when there is nothing to do."""
        if self.minutes and self._armed():
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def _timeout(self) -> None:
        if not self._armed():
            return
        if self._busy():
            self.timer.start(60_000)  # work is running: look again in a minute
            return
        self._lock()


class EncryptionActions(QObject):
    """The actions and the idle lock for the window's open casebook."""

    def __init__(self, window: QWidget, session: CaseSession, files: FileActions,
                 settings: Settings, is_working: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window, self.session, self.files, self.settings = window, session, files, settings
        self._is_working = is_working
        self.passphrase_action = QAction("&Encrypt with a passphrase…", window)
        self.passphrase_action.triggered.connect(self.change_passphrase)
        self.lock_action = QAction("Close and &lock", window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.lock_action.setStatusTip("Close the encrypted casebook and drop its key from memory")
        self.lock_action.triggered.connect(lambda: self.lock())
        self.auto_lock_action = QAction("Auto-&lock when idle…", window)
        self.auto_lock_action.setStatusTip(
            "Lock an encrypted casebook after some minutes without keyboard or mouse input")
        self.auto_lock_action.triggered.connect(self.choose_auto_lock)
        self.idle = IdleLock(self._encrypted_open, self.busy,
                             lambda: self.lock(idle=True), settings.auto_lock_minutes(), self)
        session.opened.connect(lambda _book: self.update())
        session.closed.connect(self.update)
        self.update()

    # -- state ---------------------------------------------------------------------------------
    def _encrypted_open(self) -> bool:
        book = self.session.casebook
        return book is not None and book.encrypted

    def busy(self) -> bool:
        return self.session.runner.busy() or self.session.reencrypting or self._is_working()

    def update(self) -> None:
        book = self.session.casebook
        encrypted = self._encrypted_open()
        self.passphrase_action.setText(
            "Change &passphrase…" if encrypted else "&Encrypt with a passphrase…")
        self.passphrase_action.setEnabled(book is not None and not book.readonly)
        self.lock_action.setEnabled(encrypted)
        self.idle.restart()

    # -- actions -------------------------------------------------------------------------------
    def lock(self, *, idle: bool = False) -> None:
        """Close the encrypted casebook; its key is wiped with it."""
        book = self.session.casebook
        if book is None or not book.encrypted:
            return
        name = book.path.name
        self.files.close_casebook()
        why = f" after {self.idle.minutes} idle minutes" if idle else ""
        self.files.status.emit(f"Locked {name}{why}: its passphrase is needed to open it again")

    def change_passphrase(self) -> None:
        from nkcase.gui.passphrase_dialogs import ChangePassphraseDialog
        from nkcase.store.rekey import passphrase_matches

        book = self.session.casebook
        if book is None:
            return
        if self.session.reencrypting or self._is_working():
            message_box(self.window, "Casebook busy",
                        "Wait for the running work (an import, an export) to finish first.")
            return
        dialog = ChangePassphraseDialog(
            book.path.name, encrypted=book.encrypted,
            check_current=lambda text: passphrase_matches(book, text), parent=self.window)
        try:
            if not dialog.exec():
                return
            passphrase = dialog.passphrase()
        finally:
            dialog.fields.clear()
            dialog.current.clear()
            dialog.deleteLater()
        self.start_reencryption(passphrase)

    def start_reencryption(self, passphrase: str) -> bool:
        """Encrypt the open casebook under ``passphrase`` on the writer (the dialog's work)."""
        book = self.session.casebook
        if book is None:
            return False
        was_encrypted = book.encrypted
        name = book.path.name

        def done() -> None:
            self.update()
            what = "Changed the passphrase of" if was_encrypted else "Encrypted"
            self.files.status.emit(f"{what} {name}")
            message_box(self.window, "Passphrase", f"{what} {name}.",
                        icon=QMessageBox.Icon.Information)

        def failed(err: BaseException) -> None:
            self.update()
            show_error(self.window, err, "Cannot change the passphrase")

        try:
            started = self.session.reencrypt(passphrase, done, failed)
        except NkcaseError as err:  # a passphrase the core refuses
            show_error(self.window, err, "Cannot change the passphrase")
            return False
        if started:
            self.files.status.emit(f"Rewriting {name} under the new key…")
        return started

    def choose_auto_lock(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.window, "Auto-lock",
            "Lock an open encrypted casebook after this many minutes\n"
            "without keyboard or mouse input (0: never):",
            self.idle.minutes, 0, 24 * 60)
        if ok:
            self.set_auto_lock(minutes)

    def set_auto_lock(self, minutes: int) -> None:
        self.settings.set_auto_lock_minutes(minutes)
        self.idle.set_minutes(minutes)
