"""New, Open, Close and Import: the file side of the window, with its dialogs and refusals.

Opening an older casebook says that it was upgraded and where the backup is; a casebook held
open by another nkcase is refused with the reason. An encrypted casebook asks for its
passphrase, again after a wrong one, until it opens or the user cancels; New can encrypt.
Imports (menu or drop) run as an :class:`~nkcase.gui.import_flow.ImportJob` with a progress
bar and Cancel in the status bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nkcase.errors import CasebookLockedError, NkcaseError, WrongPassphraseError
from nkcase.gui.errors import message_box, show_error
from nkcase.gui.import_flow import ImportJob, PasswordPrompt, ask_password, summary_text
from nkcase.gui.passphrase_dialogs import PassphrasePrompt, ask_passphrase
from nkcase.gui.session import CaseSession
from nkcase.gui.settings import Settings

# The store (SQLAlchemy and the ORM model, ~0.7 s) is imported when a casebook is created or
# opened, not here, so the window is shown before it loads (startup).
if TYPE_CHECKING:
    from nkcase.gui.team_dialog import TeamCasebookDialog
    from nkcase.gui.team_open import TeamOpen
    from nkcase.services.sources import ImportSummary
    from nkcase.store import Casebook


def dropped_paths(mime: QMimeData) -> list[Path]:
    """Local files and folders in a drag (URLs of other kinds are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileActions(QObject):
    status = Signal(str)
    recent_changed = Signal()
    import_started = Signal(object)  # ImportJob
    import_finished = Signal(object)  # ImportSummary
    demo_busy = Signal(bool)  # the demo casebook is being built

    def __init__(self, session: CaseSession, settings: Settings, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.settings = settings
        self.window = window
        self.job: ImportJob | None = None
        self.password_prompt: PasswordPrompt = ask_password(window)
        self.passphrase_prompt: PassphrasePrompt = ask_passphrase(window)
        self.demo_path: Path | None = None  # None: default_demo_path() (tests set a folder)
        self._building_demo = False
        self.team_dialog: TeamCasebookDialog | None = None  # File > Open team casebook…, open
        self.team_open: TeamOpen | None = None  # the latest attempt to open a team casebook

    # -- casebooks -------------------------------------------------------------------------------
    def new_dialog(self) -> None:
        from nkcase.gui.passphrase_dialogs import NewCasebookDialog
        from nkcase.store.casebook import SUFFIX

        dialog = NewCasebookDialog(self.settings.last_folder() / f"case{SUFFIX}", self.window)
        try:
            if dialog.exec():
                self.new_casebook(*dialog.values())
        finally:
            dialog.fields.clear()
            dialog.deleteLater()

    def new_casebook(self, path: Path, passphrase: str | None = None) -> bool:
        """Create a casebook at ``path`` (encrypted with ``passphrase`` if given) and open it."""
        from nkcase.store import create_casebook
        from nkcase.store.casebook import SUFFIX

        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        try:
            casebook = create_casebook(path, passphrase=passphrase)
        except NkcaseError as err:
            show_error(self.window, err, "Cannot create the casebook")
            return False
        self._attached(casebook, path)
        self.status.emit(f"Created {path.name}")
        return True

    def open_dialog(self) -> None:
        from nkcase.store.casebook import SUFFIX

        name, _ = QFileDialog.getOpenFileName(
            self.window, "Open casebook", str(self.settings.last_folder()),
            f"Casebooks (*{SUFFIX});;All files (*)",
        )
        if name:
            self.open_casebook(Path(name))

    def open_casebook(self, path: Path) -> bool:
        from nkcase.store import open_casebook
        from nkcase.store.casebook import is_encrypted_casebook

        path = Path(path)
        if self.session.casebook is not None and self.session.casebook.path == path.resolve():
            return True
        try:
            if is_encrypted_casebook(path):
                unlocked = self._unlock(path)
                if unlocked is None:
                    self.status.emit(f"Did not open {path.name}")
                    return False
                casebook = unlocked
            else:
                casebook = open_casebook(path)
        except CasebookLockedError as err:
            message_box(self.window, "Casebook in use",
                        f"{path.name} cannot be opened: it is open elsewhere.\n{err.message}",
                        details=err.details)
            return False
        except NkcaseError as err:
            if not path.exists():
                self.settings.remove_recent(path)
                self.recent_changed.emit()
            show_error(self.window, err, "Cannot open the casebook")
            return False
        self._attached(casebook, path)
        if casebook.upgraded is not None:
            up = casebook.upgraded
            text = (f"{path.name} was made by an older nkcase and has been upgraded "
                    f"(schema {up.from_revision} → {up.to_revision}).\n"
                    f"A backup of the file as it was is at:\n{up.backup_path}")
            message_box(self.window, "Casebook upgraded", text, icon=QMessageBox.Icon.Information)
            self.status.emit(f"Upgraded {path.name}; backup at {up.backup_path}")
        else:
            self.status.emit(f"Opened {path.name}")
        return True

    def open_team_dialog(self) -> None:
        """File > Open team casebook…: a profile or an address, then :meth:`open_team`."""
        from nkcase.gui.team_dialog import TeamCasebookDialog
        from nkcase.store.profiles import load_profiles, profiles_file

        try:
            profiles = load_profiles()
        except (OSError, ValueError) as err:
            profiles = {}
            self.status.emit(f"Cannot read the connection profiles in {profiles_file()}: {err}")
        dialog = TeamCasebookDialog(profiles, self.window)
        dialog.accepted.connect(lambda: self.open_team(dialog.location()))
        dialog.finished.connect(dialog.deleteLater)
        self.team_dialog = dialog
        dialog.open()

    def open_team(self, location: str) -> TeamOpen:
        """Open the team casebook at ``location`` (a postgresql:// address) on the runner,
        with progress and Cancel (:class:`~nkcase.gui.team_open.TeamOpen`). The password comes
        from the OS keyring (``nkcase server password``) or else the pgpass file, as on the
        command line (:func:`nkcase.store.open_casebook`), never from nkcase's settings."""
        from nkcase.gui.team_open import TeamOpen

        if self.team_open is not None:  # the previous attempt, over (its dialog was modal)
            self.team_open.deleteLater()
        attempt = TeamOpen(self.session.runner, location, self.window)
        self.team_open = attempt
        attempt.opened.connect(self._team_opened)
        attempt.cancelled.connect(lambda: self.status.emit(f"Did not open {attempt.where}"))
        attempt.failed.connect(lambda _err: self.status.emit(f"Did not open {attempt.where}"))
        return attempt.start()

    def _team_opened(self, casebook: Casebook) -> None:
        self.session.attach(casebook)
        self.status.emit(f"Opened team casebook {casebook.location}")

    def _unlock(self, path: Path) -> Casebook | None:
        """Open the encrypted casebook at ``path`` with the passphrase the user gives; asks
        again after a wrong one. None when the user cancelled."""
        from nkcase.store import open_casebook
        from nkcase.store.encryption import WRONG_PASSPHRASE

        error = None
        while True:
            passphrase = self.passphrase_prompt(path, error)
            if passphrase is None:
                return None
            try:
                return open_casebook(path, passphrase=passphrase)
            except WrongPassphraseError:
                error = f"{WRONG_PASSPHRASE[:1].upper()}{WRONG_PASSPHRASE[1:]}. Try again."

    def open_demo(self) -> None:
        """Open the demo casebook, building it first (on a worker: ~1 s) if it is not there."""
        if self._building_demo:
            return
        from nkcase.demo.builder import build_demo, default_demo_path  # reportlab: load late

        path = self.demo_path or default_demo_path()
        if path.exists():
            self.open_casebook(path)
            return
        self._building_demo = True
        self.demo_busy.emit(True)
        self.status.emit(f"Building the demo casebook at {path}…")

        def done(built: Path) -> None:
            self._building_demo = False
            self.demo_busy.emit(False)
            self.open_casebook(built)

        def failed(err: BaseException) -> None:
            self._building_demo = False
            self.demo_busy.emit(False)
            show_error(self.window, err, "Cannot build the demo casebook")

        # The read pool, not the writer: it writes a new file, not the open casebook.
        self.session.runner.read(lambda _task: build_demo(path), done, failed)

    def _attached(self, casebook: Casebook, path: Path) -> None:
        self.session.attach(casebook)
        self.settings.add_recent(path)
        self.settings.set_last_folder(path.resolve().parent)
        self.recent_changed.emit()

    def close_casebook(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self.session.detach()
        self.status.emit("Casebook closed")

    # -- import ----------------------------------------------------------------------------------
    def import_dialog(self) -> None:
        if not self.session.is_open:
            return
        from nkcase.ingest import SUPPORTED_EXTENSIONS

        patterns = " ".join(f"*{ext}" for ext in sorted(SUPPORTED_EXTENSIONS))
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import documents", str(self.settings.last_folder()),
            f"Documents ({patterns});;All files (*)",
        )
        if names:
            self.settings.set_last_folder(Path(names[0]).parent)
            self.import_paths([Path(n) for n in names])

    def handle_drop(self, mime: QMimeData) -> bool:
        from nkcase.store.casebook import SUFFIX

        paths = dropped_paths(mime)
        if not paths:
            return False
        casebooks = [p for p in paths if p.suffix == SUFFIX]
        if casebooks and len(paths) == 1:
            return self.open_casebook(casebooks[0])
        if not self.session.is_open:
            self.status.emit("Open or create a casebook first, then drop documents on it")
            return False
        return self.import_paths(paths) is not None

    def import_paths(self, paths: Sequence[Path]) -> ImportJob | None:
        if not self.session.is_open:
            return None
        if self.job is not None and not self.job.done:
            self.status.emit("An import is already running; wait for it or cancel it")
            return None
        if self.session.reencrypting:
            self.status.emit("The casebook is being rewritten under its new key; import then")
            return None
        job = ImportJob(self.session, paths, password_prompt=self.password_prompt)
        self.job = job
        job.finished.connect(self._import_done)
        self.import_started.emit(job)
        job.start()
        return job

    def cancel_import(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _import_done(self, summary: ImportSummary) -> None:
        line, details = summary_text(summary)
        self.status.emit(f"Import: {line}")
        self.import_finished.emit(summary)
        icon = QMessageBox.Icon.Warning if summary.failed else QMessageBox.Icon.Information
        message_box(self.window, "Import finished", f"Import: {line}.", details=details, icon=icon)
