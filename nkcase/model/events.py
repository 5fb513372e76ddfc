"""Events (dated happenings with their entities) and saved link charts."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nkcase.model.base import Base, new_id, utc_now
from nkcase.model.levelled import Released, handling_column, level_checks
from nkcase.model.versioned import Versioned

EVENT_ROLES = ("involved", "organizer")
"""FtM Event properties an entity can fill: ``involved`` (the ship, the restaurant) or
``organizer`` (who arranged it)."""


class Event(Released, Versioned, Base):
    """A dated happening — a ship-to-ship transfer, a renaming, a closure (FtM ``Event``).

    ``start_date`` is a partial date ("2019", "2019-06", "2019-06-03"); ``end_date`` makes it a
    span (a transponder dark for nine days). ``summary`` is the one line the timeline shows;
    quotes support an event through :class:`~nkcase.model.Evidence` like any fact. ``handling``
    is the level a person gave it; its effective level also follows its evidence.
    """

    __tablename__ = "event"
    __table_args__ = level_checks()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    summary: Mapped[str] = mapped_column(Text)
    start_date: Mapped[str] = mapped_column(String(10), index=True)
    end_date: Mapped[str | None] = mapped_column(String(10), default=None)
    place: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    handling: Mapped[str] = handling_column()
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)

    entities: Mapped[list[EventEntity]] = relationship(
        cascade="all, delete-orphan", order_by="EventEntity.position"
    )


class EventEntity(Base):
    """An entity taking part in an event, as ``involved`` or ``organizer``."""

    __tablename__ = "event_entity"
    __table_args__ = (CheckConstraint("role IN ('involved','organizer')", name="role"),)

    event_id: Mapped[str] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[str] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(12), default="involved")
    position: Mapped[int] = mapped_column(default=0)


class Chart(Versioned, Base):
    """A saved link chart: which entities it shows, where, and with which filters.

    ``state`` is JSON written and read by :mod:`nkcase.graph.state` (positions, pinned nodes,
    filters, layout); a chart refers to entities by id and simply leaves out those deleted since.
    """

    __tablename__ = "chart"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(Text, unique=True)
    state: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)
