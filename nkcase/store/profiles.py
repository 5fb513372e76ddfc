"""Named connection profiles: ``desk`` for ``postgresql://anna@db.example/desk``.

Wherever a casebook file is expected, a ``postgresql://`` address or the name of a profile may
stand instead (:func:`casebook_location`). Profiles live in one JSON file in the user's
configuration folder (``$NKCASE_PROFILES`` overrides it) and hold addresses only: a profile
with a password is refused, because passwords come from the OS keyring
(:mod:`nkcase.store.passwords`) or the pgpass file (``~/.pgpass``, ``$PGPASSFILE``) which libpq
reads itself, never from nkcase's settings.

SQLAlchemy is imported only to save a profile: a command that reads a casebook file asks
:func:`casebook_location` first and must not pay for it (:mod:`nkcase.store.sqlite_read`).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from nkcase.errors import UsageError

PROFILES_ENV = "NKCASE_PROFILES"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


def is_server_url(location: str) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a casebook file."""
    return location.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def profiles_file() -> Path:
    if os.environ.get(PROFILES_ENV):
        return Path(os.environ[PROFILES_ENV])
    import platformdirs

    return Path(platformdirs.user_config_dir("nkcase", appauthor=False)) / "profiles.json"


def load_profiles() -> dict[str, str]:
    """Profile name → address (without password)."""
    path = profiles_file()
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def save_profile(name: str, location: str) -> None:
    """Add or replace profile ``name``; refuses a bad name, a non-PostgreSQL address and any
    address carrying a password."""
    from nkcase.store.postgres import display_url

    check_profile(name, location)
    profiles = load_profiles()
    profiles[name] = display_url(location)
    path = profiles_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(profiles, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def check_profile(name: str, location: str) -> None:
    """Refuse what :func:`save_profile` would refuse, saving nothing (checked before a password
    goes into the keyring for it)."""
    from sqlalchemy.engine import make_url

    if not _NAME.match(name):
        raise UsageError(f"a profile name is a letter then letters, digits, - or _: “{name}”")
    if not is_server_url(location):
        raise UsageError(f"a profile names a postgresql:// address, not “{location}”")
    if make_url(location).password is not None:
        raise UsageError(
            "a profile never stores a password: remove it from the address and put it in "
            "your pgpass file (~/.pgpass) or the OS keyring (nkcase server profile add "
            "NAME ADDRESS --keyring)"
        )


def remove_profile(name: str) -> None:
    profiles = load_profiles()
    if profiles.pop(name, None) is None:
        raise UsageError(f"no profile named “{name}”")
    profiles_file().write_text(json.dumps(profiles, indent=2, sort_keys=True) + "\n")


def casebook_location(argument: str) -> Path | str:
    """What a casebook argument names: a PostgreSQL address (given, or a profile's) as text,
    else a file path. A file of that name wins over a profile of the same name."""
    if is_server_url(argument):
        return argument
    if _NAME.match(argument) and not Path(argument).exists():
        found = load_profiles().get(argument)
        if found is not None:
            return found
    return Path(argument)
