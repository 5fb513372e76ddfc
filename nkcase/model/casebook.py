"""The one row that describes the casebook itself."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nkcase.model.base import Base


class CasebookInfo(Base):
    """Name, creation time and fingerprint of the casebook, plus the head of the audit chain.

    ``audit_head`` and ``audit_count`` are updated in the same transaction as each audit event,
    so deleting the newest events is detected by :func:`nkcase.services.check.check_casebook`.
    """

    __tablename__ = "casebook"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(32))
    app_version: Mapped[str] = mapped_column(String(32))
    audit_head: Mapped[str] = mapped_column(String(64), default="")
    audit_count: Mapped[int] = mapped_column(default=0)
