"""Entities, their facts (names included), relationships, tags and notes."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nkcase.model.base import Base, new_id, utc_now
from nkcase.model.levelled import Released, handling_column, level_checks
from nkcase.model.versioned import Versioned
from nkcase.vocabulary.levels import DEFAULT_NOTE_LEVEL


class Entity(Released, Versioned, Base):
    """A subject with its case file. Names and other properties are :class:`Fact` rows.

    ``caption`` is the display name, kept equal to the first ``name`` fact by the services; it
    is stored so that a navigator over 100,000 entities sorts and pages without joins.
    ``handling`` is the level a person gave it ("protected" for an informant); its effective
    level also follows its evidence (:mod:`nkcase.levels`).
    """

    __tablename__ = "entity"
    __table_args__ = level_checks()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    schema: Mapped[str] = mapped_column(String(40), index=True)
    caption: Mapped[str] = mapped_column(Text, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    handling: Mapped[str] = handling_column()

    facts: Mapped[list[Fact]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Fact.position"
    )
    tags: Mapped[list[EntityTag]] = relationship(cascade="all, delete-orphan")
    notes: Mapped[list[Note]] = relationship(cascade="all, delete-orphan")


class Fact(Released, Versioned, Base):
    """One property value of an entity, by its FollowTheMoney property name.

    Names are facts too (``name``, ``alias``, ``weakAlias``, ``previousName``) with ``lang`` and
    the detected ``script``; so a quote can support an alias exactly as it supports a country.
    ``date`` is an optional partial date the value holds as of (a status since 2019-12).
    """

    __tablename__ = "fact"
    __table_args__ = (
        UniqueConstraint("entity_id", "prop", "value", name="entity_prop_value"),
        Index("ix_fact_prop_value", "prop", "value"),
        *level_checks(),
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
    handling: Mapped[str] = handling_column()

    entity: Mapped[Entity] = relationship(back_populates="facts")


class Relationship(Released, Versioned, Base):
    """A typed, dated link between two entities (FtM edge schema: Ownership, Employment...)."""

    __tablename__ = "relationship"
    __table_args__ = level_checks()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    schema: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    object_id: Mapped[str] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[str | None] = mapped_column(String(10), default=None)
    end_date: Mapped[str | None] = mapped_column(String(10), default=None)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    handling: Mapped[str] = handling_column()


class EntityTag(Base):
    """A free tag on an entity ("restaurant", "priority")."""

    __tablename__ = "entity_tag"

    entity_id: Mapped[str] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(Text, primary_key=True, index=True)


class Note(Released, Versioned, Base):
    """A dated note on an entity, with its own handling level (internal by default).

    Quotes may support a note (evidence links), so a note drawn from a protected debrief is
    protected like any other item learned from it.
    """

    __tablename__ = "note"
    __table_args__ = level_checks()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = handling_column(DEFAULT_NOTE_LEVEL)
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)
