"""Stamping the rows an operation wrote with their next version and its origin.

See :mod:`nkcase.model.versioned`: a merge tells which side edited a row from these stamps.
The stamps are written by one UPDATE per table after the operation's own writes, through the
session, so the recorder sees them and undo puts the old stamps back with the old row.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import update
from sqlalchemy.orm import Session

from nkcase.model import VERSIONED_TABLES, Base
from nkcase.services.recorder import Recorder
from nkcase.store.batches import chunked


def stamp_rows(session: Session, recorder: Recorder, origin: str) -> None:
    """Give every row the operation inserted or changed in a versioned table ``version + 1``
    and ``origin`` (the operation's audit event id)."""
    written: dict[str, list[str]] = defaultdict(list)
    for (name, key), row in recorder.rows.items():
        if name in VERSIONED_TABLES and row.after is not None and row.before != row.after:
            written[name].append(str(key[0]))
    for name, ids in written.items():
        table = Base.metadata.tables[name]
        for chunk in chunked(ids):
            session.execute(
                update(table)
                .where(table.c.id.in_(chunk))
                .values(version=table.c.version + 1, origin=origin)
                .execution_options(synchronize_session=False)
            )
