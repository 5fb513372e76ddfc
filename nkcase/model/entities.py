"""Entities, their facts (names included), relationships, tags and notes."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nkcase.model.base import Base, new_id, utc_now

HANDLING_LEVELS = ("public", "internal", "protected")


class Entity(Base):
    """A subject with its case file. Names and other properties are :class:`Fact` rows.

    ``caption`` is the display name, kept equal to the first ``name`` fact by the services; it
    is stored so that a navigator over 100,000 entities sorts and pages without joins.
    """

    __tablename__ = "entity"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    schema: Mapped[str] = mapped_column(String(40), index=True)
    caption: Mapped[str] = mapped_column(Text, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)

    facts: Mapped[list[Fact]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Fact.position"
    )
    tags: Mapped[list[EntityTag]] = relationship(cascade="all, delete-orphan")
    notes: Mapped[list[Note]] = relationship(cascade="all, delete-orphan")


class Fact(Base):
    """One property value of an entity, by its FollowTheMoney property name.

    Names are facts too (``name``, ``alias``, ``weakAlias``, ``previousName``) with ``lang`` and
    the detected ``script``; so a quote can support an alias exactly as it supports a country.
    ``date`` is an optional partial date the value holds as of (a status since 2019-12).
    """

    __tablename__ = "fact"
    __table_args__ = (
        UniqueConstraint("entity_id", "prop", "value", name="entity_prop_value"),
        Index("ix_fact_prop_value", "prop", "value"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    prop: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(16), default=None)
    script: Mapped[str | None] = mapped_column(String(8), default=None)
    date: Mapped[str | None] = mapped_column(String(10), default=None)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)

    entity: Mapped[Entity] = relationship(back_populates="facts")


class Relationship(Base):
    """A typed, dated link between two entities (FtM edge schema: Ownership, Employment...)."""

    __tablename__ = "relationship"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    schema: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    object_id: Mapped[str] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[str | None] = mapped_column(String(10), default=None)
    end_date: Mapped[str | None] = mapped_column(String(10), default=None)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)


class EntityTag(Base):
    """A free tag on an entity ("restaurant", "priority")."""

    __tablename__ = "entity_tag"

    entity_id: Mapped[str] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(Text, primary_key=True, index=True)


class Note(Base):
    """A dated note on an entity, with its own handling level (internal by default)."""

    __tablename__ = "note"
    __table_args__ = (
        CheckConstraint("handling IN ('public','internal','protected')", name="handling"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = mapped_column(String(10), default="internal")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)
