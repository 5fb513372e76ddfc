"""Quotes (anchored passages of a source's frozen text) and the evidence links they carry."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nkcase.model.base import Base, new_id, utc_now
from nkcase.model.versioned import Versioned
from nkcase.vocabulary.levels import DEFAULT_SOURCE_LEVEL, sql_check

#: The columns of :class:`Evidence` that name what a quote supports, one of which is set.
EVIDENCE_TARGETS = ("entity_id", "fact_id", "relationship_id", "note_id", "event_id")


class Quote(Versioned, Base):
    """An exact passage of a text version, stored with three selectors.

    Position (``start``/``end`` into ``text_version_id``'s text), exact text with ``prefix`` and
    ``suffix`` (32+ characters each where the text allows), and for PDFs the pages and
    ``rects`` (JSON ``[[page, x0, y0, x1, y1], ...]`` in PDF points). ``status`` is ``anchored``,
    ``review`` (fuzzy candidates wait for a person) or ``orphan`` (kept with its stored text).
    """

    __tablename__ = "quote"
    __table_args__ = (
        CheckConstraint("credibility IS NULL OR credibility BETWEEN 1 AND 6", name="credibility"),
        CheckConstraint(sql_check("handling"), name="handling"),
        CheckConstraint("status IN ('anchored','review','orphan')", name="status"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="span"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    text_version_id: Mapped[str] = mapped_column(ForeignKey("text_version.id"), index=True)
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    first_page: Mapped[int | None] = mapped_column(default=None)
    last_page: Mapped[int | None] = mapped_column(default=None)
    rects: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str] = mapped_column(Text, default="")
    credibility: Mapped[int | None] = mapped_column(default=None)
    handling: Mapped[str] = mapped_column(String(10), default=DEFAULT_SOURCE_LEVEL)
    status: Mapped[str] = mapped_column(String(10), default="anchored")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class Evidence(Base):
    """A link from a quote to exactly one of: an entity, a fact, a relationship, a note, an
    event (:data:`EVIDENCE_TARGETS` lists the columns)."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(
            " + ".join(f"({column} IS NOT NULL)" for column in EVIDENCE_TARGETS) + " = 1",
            name="one_target",
        ),
        Index("ix_evidence_unique", "quote_id", "entity_id", "fact_id", "relationship_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    quote_id: Mapped[str] = mapped_column(ForeignKey("quote.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[str | None] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), index=True, default=None
    )
    fact_id: Mapped[str | None] = mapped_column(
        ForeignKey("fact.id", ondelete="CASCADE"), index=True, default=None
    )
    relationship_id: Mapped[str | None] = mapped_column(
        ForeignKey("relationship.id", ondelete="CASCADE"), index=True, default=None
    )
    note_id: Mapped[str | None] = mapped_column(
        ForeignKey("note.id", ondelete="CASCADE"), index=True, default=None
    )
    event_id: Mapped[str | None] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True, default=None
    )
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class ReanchorCandidate(Base):
    """A fuzzy match for a quote in a newer text version, waiting for a person's decision."""

    __tablename__ = "reanchor_candidate"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    quote_id: Mapped[str] = mapped_column(ForeignKey("quote.id", ondelete="CASCADE"), index=True)
    text_version_id: Mapped[str] = mapped_column(ForeignKey("text_version.id", ondelete="CASCADE"))
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float]
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
