"""The errors nkcase raises on purpose.

Every error a user can cause derives from :class:`NkcaseError` and carries a one-line message
fit to show as it is: the CLI prints it on stderr and exits non-zero, the GUI shows it in a
dialog. Anything else that escapes is a bug and is logged with its traceback.
"""

from __future__ import annotations


class NkcaseError(Exception):
    """Base of the errors meant for the user. ``str(err)`` is a one-line message."""

    exit_code = 2

    def __init__(self, message: str, *, details: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class UsageError(NkcaseError):
    """The request itself is wrong (bad arguments, unknown names)."""


class ValidationError(NkcaseError):
    """A value does not fit its type (a bad IMO check digit, an unknown country...)."""


class NotFoundError(NkcaseError):
    """The entity, source or quote named does not exist in this casebook."""


class AmbiguousError(NkcaseError):
    """A name, alias or text matches more than one thing; the message lists them."""


class CasebookError(NkcaseError):
    """The casebook cannot be opened or written (missing, locked, too new, damaged)."""


class CasebookLockedError(CasebookError):
    """Another nkcase process holds the casebook open for writing."""


class CasebookBusyError(CasebookError):
    """Another writer kept the casebook locked longer than we wait; nothing was written."""


class CasebookTooNewError(CasebookError):
    """The casebook was written by a newer nkcase whose schema this one does not know."""


class PassphraseNeededError(CasebookError):
    """The casebook is encrypted and no passphrase was given (a script without one)."""


class WrongPassphraseError(CasebookError):
    """The passphrase does not open the casebook, or the file is not a casebook at all.

    An encrypted casebook cannot be told from random bytes without its key, so the message says
    both (nothing was written).
    """


class ServerUnreachableError(CasebookError):
    """No PostgreSQL server answered at a team casebook's address (wrong host or port, server
    down, no network): nothing about the casebook is known."""


class ServerLoginError(CasebookError):
    """The server answered and refused the login: a wrong or missing password, an unknown
    role, or no entry for it in the server's pg_hba.conf."""


class NotACasebookError(CasebookError):
    """The address reaches a server, but no nkcase casebook is there (no such database, or a
    database nkcase never made a casebook of)."""


class ConflictError(NkcaseError):
    """An undo, a redo or an edit found the data changed since it was read; nothing was
    applied."""


class IngestError(NkcaseError):
    """A file could not be imported (corrupt, encrypted, empty, unsupported...)."""

    exit_code = 1


class PasswordRequiredError(IngestError):
    """An encrypted PDF needs a password, or the password given is wrong."""


class InstallationError(NkcaseError):
    """nkcase's own installation is incomplete: a module it needs is missing or will not load.

    Not the user's file nor the user's doing: the message names the module and how to reinstall
    (see :mod:`nkcase.installation`).
    """

    exit_code = 3


class ExtractorUnavailableError(InstallationError, IngestError):
    """A file cannot be imported because the code that reads its kind cannot load.

    An :class:`IngestError` too, so an import batch reports it per file like any other failure.
    """


class CancelledError(NkcaseError):
    """Long work stopped because the user asked it to."""

    exit_code = 1
