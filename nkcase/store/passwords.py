"""Team casebook passwords kept in the OS keyring (the alternative to the pgpass file).

A password never enters nkcase's settings, profiles or logs. It lives either in the pgpass file,
which libpq reads itself, or in the operating system's keyring (macOS Keychain, Windows
Credential Locker, the Secret Service of GNOME Keyring or KWallet on Linux) through the
``keyring`` package: service :data:`SERVICE`, username :func:`keyring_username` of the address
(``role@host:port/db``). When opening a team casebook nkcase asks the keyring first and hands
what it finds to libpq as the ``password`` connection parameter, in memory; when the keyring has
none (or there is no usable keyring) libpq falls back on pgpass as before.

A machine without a usable keyring (a headless Linux with no Secret Service running: keyring's
``fail`` backend) is a fact of the environment, not a mistake of the user: reading the keyring
then finds nothing, and storing into it raises :class:`KeyringUnavailableError`, one line
pointing to pgpass.
"""

from __future__ import annotations

import getpass
import logging
import os
from typing import Any

from sqlalchemy.engine import URL, make_url

from nkcase.errors import CasebookError, InstallationError

SERVICE = "nkcase"
"""The keyring service name every nkcase password is stored under."""

NO_KEYRING = (
    "no OS keyring is usable on this machine (on Linux, the Secret Service of GNOME Keyring or "
    "KWallet is not running): put the password in your pgpass file (~/.pgpass, mode 0600) instead"
)

log = logging.getLogger(__name__)


class KeyringUnavailableError(InstallationError):
    """There is no usable OS keyring here: the environment's doing, not the user's."""


def _query(url: URL, key: str) -> str | None:
    value = url.query.get(key)
    if isinstance(value, tuple):
        value = value[0] if value else None
    return value or None


def keyring_username(location: str) -> str:
    """The keyring username of a ``postgresql://`` address: ``role@host:port/db``, each part
    as libpq would take it (the address, else ``PGUSER``/``PGHOST``/``PGPORT``/``PGDATABASE``,
    else libpq's defaults: the OS user, ``localhost``, 5432, the role's name)."""
    url = make_url(location)
    role = url.username or os.environ.get("PGUSER") or getpass.getuser()
    host = url.host or _query(url, "host") or os.environ.get("PGHOST") or "localhost"
    port = url.port or _query(url, "port") or os.environ.get("PGPORT") or 5432
    database = url.database or _query(url, "dbname") or os.environ.get("PGDATABASE") or role
    return f"{role}@{host}:{port}/{database}"


def _keyring() -> Any:
    """The ``keyring`` module (imported late: only team casebooks need it)."""
    try:
        import keyring
    except ImportError as err:
        from nkcase.installation import installation_error

        raise installation_error(err) from None
    return keyring


def keyring_usable() -> bool:
    """Whether a keyring backend other than keyring's ``fail`` placeholder is in use."""
    keyring = _keyring()
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def stored_password(location: str) -> str | None:
    """The keyring's password for ``location``; None when it holds none or no keyring is usable
    (libpq then reads the pgpass file). Never raises for the keyring's sake: a keyring that
    fails (locked, gone) must not stop the pgpass route."""
    keyring = _keyring()
    from keyring.errors import NoKeyringError

    try:
        found = keyring.get_password(SERVICE, keyring_username(location))
    except NoKeyringError:
        return None
    except Exception as err:  # a backend's own failure: noted, then pgpass as before
        log.warning("the OS keyring could not be read (%s); using the pgpass file",
                    type(err).__name__)
        return None
    return str(found) if found is not None else None


def store_password(location: str, password: str) -> str:
    """Keep ``password`` for ``location`` in the OS keyring; returns the keyring username.

    Raises :class:`KeyringUnavailableError` where there is no usable keyring and
    :class:`~nkcase.errors.CasebookError` when the keyring refuses (locked, the user said no).
    """
    if not password:
        raise CasebookError("an empty password is not stored")
    keyring = _keyring()
    from keyring.errors import KeyringError, NoKeyringError

    username = keyring_username(location)
    try:
        keyring.set_password(SERVICE, username, password)
    except NoKeyringError:
        raise KeyringUnavailableError(NO_KEYRING) from None
    except KeyringError as err:
        raise CasebookError(
            f"the OS keyring did not store the password for {username}: "
            f"{_reason(err)}; nothing was stored"
        ) from None
    return username


def forget_password(location: str) -> bool:
    """Remove ``location``'s password from the keyring; False when it held none."""
    keyring = _keyring()
    from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

    username = keyring_username(location)
    try:
        if keyring.get_password(SERVICE, username) is None:
            return False
        keyring.delete_password(SERVICE, username)
    except NoKeyringError:
        raise KeyringUnavailableError(NO_KEYRING) from None
    except PasswordDeleteError:
        return False
    except KeyringError as err:
        raise CasebookError(
            f"the OS keyring did not remove the password for {username}: {_reason(err)}"
        ) from None
    return True


def _reason(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
