"""Per-row versions and origins, so a merge can tell one side's edit from both sides' edits.

Every row of a :data:`VERSIONED_TABLES` table carries ``version`` (how many times it was
written: 1 when created) and ``origin`` (the id of the audit event of the operation that wrote
it last). :func:`nkcase.services.changes.operation` stamps them after its flush; undo and redo
write the stamps back with the rest of the row, so an undone edit is as if it never happened.

A merge (:mod:`nkcase.exchange.merge`) compares the two sides' stamps: the same origin is the
same state; an origin found in the other casebook's history of that row (its audit events'
before and after states) means that side is older, and the newer one comes across without a
question; otherwise both were edited since they diverged, and the base (the newest origin both
histories share) is shown beside them — three-way.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

#: The tables whose rows people edit in place (an update, not only an insert or a delete).
VERSIONED_TABLES = (
    "entity",
    "fact",
    "relationship",
    "note",
    "quote",
    "source",
    "event",
    "chart",
    "screening_candidate",
)

#: The stamp columns: a merge compares rows without them.
STAMP_COLUMNS = ("version", "origin")


class Versioned:
    """Mixin: ``version`` and ``origin`` (see the module docstring)."""

    version: Mapped[int] = mapped_column(default=0, server_default="0")
    origin: Mapped[str] = mapped_column(String(36), default="", server_default="")
