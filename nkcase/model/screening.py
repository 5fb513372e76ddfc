"""Screening candidates: a possible match between a subject and a list record, and its review.

A subject is an entity of the casebook or a name found in a source's text. ``subject_key`` is
what makes a pair unique across screenings: the entity id, or ``source:<id>:<folded name>``;
with ``list_code`` and ``record_key`` (both stable across snapshots of a list) it names one
pair, so a newer snapshot updates the pair's row rather than adding another, and a rejected
pair stays rejected unless the record's ``content_hash`` changed.

``status`` is "open", "confirmed" or "rejected" (with ``reason``); reviews run as operations
(audited, undoable). ``delisted_in`` is the snapshot in which a confirmed record was no longer
listed. ``features`` is JSON: the named features behind ``score``.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nkcase.model.base import Base, new_id, utc_now
from nkcase.model.versioned import Versioned

CANDIDATE_STATUSES = ("open", "confirmed", "rejected")


class ScreeningCandidate(Versioned, Base):
    """One subject ↔ list record pair found by screening, with its score and review."""

    __tablename__ = "screening_candidate"
    __table_args__ = (
        UniqueConstraint("subject_key", "list_code", "record_key", name="pair"),
        CheckConstraint("status IN ('open','confirmed','rejected')", name="status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    subject_key: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[str | None] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), index=True, default=None
    )
    source_id: Mapped[str | None] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), index=True, default=None
    )
    subject_name: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int | None] = mapped_column(Integer, default=None)
    end_offset: Mapped[int | None] = mapped_column(Integer, default=None)
    list_code: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(100))
    snapshot_id: Mapped[str] = mapped_column(
        ForeignKey("list_snapshot.id", ondelete="CASCADE"), index=True
    )
    list_record_id: Mapped[int] = mapped_column(
        ForeignKey("list_record.id", ondelete="CASCADE"), index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(Text, default=None)
    matched_name: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    features: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(10), default="open")
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str | None] = mapped_column(Text, default=None)
    reviewed_at: Mapped[str | None] = mapped_column(String(32), default=None)
    delisted_in: Mapped[str | None] = mapped_column(
        ForeignKey("list_snapshot.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    screened_at: Mapped[str] = mapped_column(String(32), default=utc_now)
