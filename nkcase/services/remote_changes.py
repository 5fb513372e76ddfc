"""Other analysts' changes to a team casebook, as :class:`~nkcase.services.changes.Change`
records read back from the audit log, so that the views refresh from them exactly as from
one's own (their flags, entity and source ids). They are never put on one's undo stack: undo
applies to one's own operations.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from nkcase.model import AuditEvent
from nkcase.services.changes import Change, RowChange
from nkcase.store import Casebook


def changes_since(casebook: Casebook, seq: int) -> list[tuple[int, Change]]:
    """Every operation committed after audit event ``seq``, oldest first, with its number."""
    found: list[tuple[int, Change]] = []
    with casebook.reading() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > seq).order_by(AuditEvent.seq)
        ).all()
        for event in events:
            rows = tuple(
                RowChange(item["table"], tuple(item["key"]), item.get("before"), item.get("after"))
                for item in json.loads(event.changes)
                if isinstance(item, dict) and "table" in item and "key" in item
            )
            found.append((event.seq, Change(event.action, event.summary, rows, event.id)))
    return found


def newest_seq(casebook: Casebook) -> int:
    """The sequence number of the newest audit event (0 for none)."""
    return int(casebook.info().audit_count)
