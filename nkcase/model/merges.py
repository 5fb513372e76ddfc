"""The audit chains of casebooks merged into this one, kept so they can still be verified.

A merge brings another casebook's rows in as one operation, whose audit event embeds the other
casebook's head hash. Its audit events come along too, as :class:`MergedAuditEvent` rows keyed
by their own hash (an event's hash covers its content and the hash before it, so two copies of
one casebook share the events before they diverged, stored once). :class:`MergedChain` names
each chain merged in by its head; ``nkcase check`` walks every chain back from its head to the
start, recomputing each hash (:mod:`nkcase.exchange.merge.chains`).
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nkcase.model.base import DIGEST_IN_AUDIT, Base, new_id, utc_now


class MergedChain(Base):
    """One audit chain merged in: the other casebook's identity and its head at the merge."""

    __tablename__ = "merged_chain"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    casebook_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(32))
    audit_head: Mapped[str] = mapped_column(String(64), unique=True)
    audit_count: Mapped[int]
    merged_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    merged_by: Mapped[str] = mapped_column(Text, default="")


class MergedAuditEvent(Base):
    """An audit event of a merged casebook, exactly as it was there (its hash recomputes)."""

    __tablename__ = "merged_audit_event"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int]
    id: Mapped[str] = mapped_column(String(36))
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text, info=DIGEST_IN_AUDIT)
    prev_hash: Mapped[str] = mapped_column(String(64), index=True)
