"""Errors as the user sees them: a dialog with a one-line reason and expandable details.

Errors nkcase raises on purpose (:class:`~nkcase.errors.NkcaseError`) show their message as it
is. Anything else is a bug: it is logged with its traceback (:func:`nkcase.logs.log_unexpected`)
and shown once, never crashing the app to the desktop.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from nkcase.errors import NkcaseError

_shown_unexpected: set[str] = set()
# Tests set this to collect messages instead of opening modal dialogs.
dialogs_enabled = True
shown_messages: list[tuple[str, str]] = []


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    details: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """A modal message (or, with dialogs disabled for tests, a recorded one)."""
    shown_messages.append((title, text))
    if not dialogs_enabled:
        return
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_error(parent: QWidget | None, err: BaseException, title: str = "nkcase") -> None:
    """Show ``err``: its one-line message for user errors, a logged report for bugs."""
    if isinstance(err, ImportError):  # a fault of the installation, named as such
        from nkcase.installation import installation_error

        err = installation_error(err)
    if isinstance(err, NkcaseError):
        message_box(parent, title, err.message, details=err.details)
    else:
        report_unexpected(err, parent)


def report_unexpected(err: BaseException, parent: QWidget | None = None) -> None:
    """Log a bug and tell the user once per kind of failure."""
    from nkcase.logs import log_unexpected  # logging: not needed at startup

    log_path = log_unexpected(err)
    key = f"{type(err).__name__}:{err}"
    if key in _shown_unexpected:
        return
    _shown_unexpected.add(key)
    if parent is None:
        app = QApplication.instance()
        parent = app.activeWindow() if isinstance(app, QApplication) else None
    message_box(
        parent,
        "nkcase: unexpected error",
        f"Something went wrong: {type(err).__name__}: {err}\n"
        f"The details were written to {log_path}.",
        details="".join(traceback.format_exception(err)),
        icon=QMessageBox.Icon.Critical,
    )


def install_excepthook() -> None:
    """Route exceptions escaping Qt slots to the log and one dialog instead of aborting."""

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        show_error(None, exc.with_traceback(tb))

    sys.excepthook = hook
