"""The schema revisions this nkcase knows, and what opening a file at another one says.

Kept apart from :mod:`nkcase.store.migrate` (SQLAlchemy, Alembic) so that the read-only path
of :mod:`nkcase.store.sqlite_read` checks a casebook's revision with the same list and refuses
it with the same one-line messages as :func:`nkcase.store.casebook.open_casebook`, without
importing SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

from nkcase import __version__
from nkcase.errors import CasebookError, CasebookTooNewError

#: Every schema revision, oldest first; the last is the head. Add each new migration here
#: (and regenerate the head schema: ``python -m nkcase.store.migrate``).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010",
             "0011", "0012")
HEAD_REVISION = REVISIONS[-1]


def refuse_if_too_new(revision: str | None, path: Path) -> None:
    """A revision this nkcase does not know was written by a newer one: refused."""
    if revision is not None and revision not in REVISIONS:
        raise CasebookTooNewError(
            f"{path.name} was written by a newer nkcase (schema revision {revision}); "
            f"this nkcase {__version__} knows revisions up to {HEAD_REVISION}: update nkcase"
        )


def damaged(path: Path, reason: object) -> CasebookError:
    """The file could not be read as SQLite (``reason``: the database's own words)."""
    return CasebookError(f"{path.name} is damaged or not a casebook: {reason}")


def not_a_casebook(path: Path) -> CasebookError:
    """An SQLite file without a schema revision."""
    return CasebookError(f"{path.name} is an SQLite file but not an nkcase casebook")


def older_schema_for_reading(path: Path, revision: str) -> CasebookError:
    """A file at an older revision opened to read: reading writes nothing, so it is not
    upgraded; the message names how to upgrade it."""
    return CasebookError(
        f"{path.name} uses an older schema (revision {revision}); upgrade it "
        f"with `nkcase upgrade {path}` (a backup of the file is kept) or by opening "
        "it in the app"
    )
