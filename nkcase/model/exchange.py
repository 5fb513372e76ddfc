"""Where imported FollowTheMoney entities came from: the FtM id → our row mapping."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nkcase.model.base import Base, new_id, utc_now


class FtmOrigin(Base):
    """One FtM entity line taken into the casebook: its FtM id, dataset and file.

    Exactly one of ``entity_id``, ``relationship_id`` and ``event_id`` names the row it became
    (or last updated): importing a line with the same ``ftm_id`` again updates that row instead
    of making a second one. ``file_sha256`` is the SHA-256 of the file it was read from.
    ``ftm_id`` is not unique: two casebooks that each imported the same FtM entity keep both
    rows when merged (the merge proposes the two entities as duplicates; a later import
    updates the newest).
    """

    __tablename__ = "ftm_origin"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ftm_id: Mapped[str] = mapped_column(String(200), index=True)
    schema: Mapped[str] = mapped_column(String(40))
    dataset: Mapped[str] = mapped_column(Text, default="")
    entity_id: Mapped[str | None] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), index=True, default=None
    )
    relationship_id: Mapped[str | None] = mapped_column(
        ForeignKey("relationship.id", ondelete="CASCADE"), index=True, default=None
    )
    event_id: Mapped[str | None] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True, default=None
    )
    file_name: Mapped[str] = mapped_column(Text, default="")
    file_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[str] = mapped_column(String(32), default=utc_now)
