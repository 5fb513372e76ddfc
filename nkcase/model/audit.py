"""The append-only, hash-chained audit log."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nkcase.model.base import Base


class AuditEvent(Base):
    """One user action: who, when, what, and the rows before and after (JSON).

    ``hash`` = SHA-256 over the canonical JSON of this event's fields and ``prev_hash``; the
    store's triggers refuse UPDATE and DELETE, and :mod:`nkcase.services.audit` verifies the chain.
    """

    __tablename__ = "audit_event"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
