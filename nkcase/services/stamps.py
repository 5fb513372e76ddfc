"""Stamping the rows an operation wrote with their next version and its origin.

See :mod:`nkcase.model.versioned`: a merge tells which side edited a row from these stamps.
The stamps are written by one UPDATE per table after the operation's own writes, and the
recorder takes the stamped rows as their state after, so undo puts the old stamps back with
the old row. The UPDATE returns the rows it wrote (``RETURNING``): the recorder already holds
their state before (it recorded the operation's own writes), and reading them before and after
through it cost three more round trips per table, each made while holding the writer lock on a
team casebook. A database without ``UPDATE … RETURNING`` is stamped through the recorder.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import update
from sqlalchemy.orm import Session

from nkcase.model import VERSIONED_TABLES, Base
from nkcase.services.recorder import Recorder
from nkcase.store.id_sets import id_batches


def stamp_rows(session: Session, recorder: Recorder, origin: str) -> None:
    """Give every row the operation inserted or changed in a versioned table ``version + 1``
    and ``origin`` (the operation's audit event id)."""
    written: dict[str, list[str]] = defaultdict(list)
    for (name, key), row in recorder.rows.items():
        if name in VERSIONED_TABLES and row.after is not None and row.before != row.after:
            written[name].append(str(key[0]))
    returning = session.get_bind().dialect.update_returning
    for name, ids in written.items():
        table = Base.metadata.tables[name]
        for batch in id_batches(session, ids):
            stamp = (
                update(table)
                .where(batch.has(table.c.id))
                .values(version=table.c.version + 1, origin=origin)
                .execution_options(synchronize_session=False)
            )
            if not returning:
                session.execute(stamp)  # the recorder reads the rows before and after
                continue
            # the session's connection: past the recorder, which is handed the rows written
            stamped = session.connection().execute(stamp.returning(*table.columns))
            recorder.record_rewritten(table, [dict(row) for row in stamped.mappings()])
