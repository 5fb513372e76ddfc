"""Sources: imported documents, their unchanged original bytes and their frozen text versions."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from nkcase.model.base import DIGEST_IN_AUDIT, Base, new_id, utc_now
from nkcase.model.versioned import Versioned
from nkcase.vocabulary.levels import DEFAULT_SOURCE_LEVEL, sql_check


class Source(Versioned, Base):
    """An imported document and what is known about it.

    ``reliability`` is the Admiralty source grade A–F, ``None`` while ungraded. The original
    bytes live in :class:`SourceOriginal` so that listing sources never loads them.
    """

    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(sql_check("handling"), name="handling"),
        CheckConstraint(
            "reliability IS NULL OR reliability IN ('A','B','C','D','E','F')", name="reliability"
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text, default=None)
    publisher: Mapped[str | None] = mapped_column(Text, default=None)
    published: Mapped[str | None] = mapped_column(String(10), default=None)
    url: Mapped[str | None] = mapped_column(Text, default=None)
    retrieved: Mapped[str | None] = mapped_column(String(10), default=None)
    page_count: Mapped[int] = mapped_column(default=0)
    reliability: Mapped[str | None] = mapped_column(String(1), default=None)
    handling: Mapped[str] = mapped_column(String(10), default=DEFAULT_SOURCE_LEVEL)
    encrypted: Mapped[bool] = mapped_column(default=False)
    imported_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    imported_by: Mapped[str] = mapped_column(Text, default="")


class SourceOriginal(Base):
    """The original file's bytes, exactly as imported. Never updated."""

    __tablename__ = "source_original"

    source_id: Mapped[str] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, info=DIGEST_IN_AUDIT))


class TextVersion(Base):
    """One extraction of a source: the frozen text quotes point into, with its page map.

    A re-extraction (new extractor or repair rules) adds version ``number + 1``; the newest is
    current. ``page_map`` is JSON ``[[start, end, width, height, has_text], ...]``;
    ``repairs`` JSON ``[[kind, start, end, before, after], ...]``; ``char_boxes`` the packed boxes
    of :mod:`nkcase.ingest.boxes`.
    """

    __tablename__ = "text_version"
    __table_args__ = (UniqueConstraint("source_id", "number", name="source_number"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = deferred(mapped_column(Text, info=DIGEST_IN_AUDIT))
    text_sha256: Mapped[str] = mapped_column(String(64))
    page_map: Mapped[str] = mapped_column(Text, default="[]")
    char_boxes: Mapped[bytes | None] = deferred(
        mapped_column(LargeBinary, default=None, info=DIGEST_IN_AUDIT)
    )
    repairs: Mapped[str] = mapped_column(Text, default="[]", info=DIGEST_IN_AUDIT)
    warnings: Mapped[str] = mapped_column(Text, default="[]")
    metadata_json: Mapped[str] = mapped_column(Text, default="{}")
    extractor: Mapped[str] = mapped_column(String(40))
    extractor_version: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
