"""Refusing an edit made on values someone else has changed since they were read.

On a team casebook a dialog can show a relationship or a source as it was when the dialog
opened, while a colleague saves a change to the same row. Applying the dialog's values on top
would replace the colleague's edit without either of them knowing: a lost write. Each edit
service therefore takes the ``version`` its caller read (:mod:`nkcase.model.versioned`: every
write of the row raises it) and refuses, naming who changed the row and when, when the row's
version is no longer that one. Nothing is written; the caller reloads and the person edits
again on the current values. ``None`` (the CLI, which reads and writes in one command) skips
the check.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.errors import ConflictError
from nkcase.model import AuditEvent
from nkcase.model.versioned import Versioned


def require_unchanged(
    session: Session, row: Versioned, seen_version: int | None, what: str
) -> None:
    """Raise :class:`ConflictError` if ``row`` was written since its ``seen_version``.

    ``what`` names the row as the person knows it ("the relationship", "the source “…”").
    """
    if seen_version is None or row.version == seen_version:
        return
    found = session.execute(
        select(AuditEvent.actor, AuditEvent.at).where(AuditEvent.id == row.origin)
    ).first()
    by = f" by {found.actor} at {found.at[:16].replace('T', ' ')} UTC" if found else ""
    raise ConflictError(
        f"{what} was changed{by} after you opened it; nothing was saved. "
        "Look at the current values and edit again."
    )
