"""Sanctions list snapshots: read-only reference data, kept apart from the investigator's
entities.

A :class:`ListSnapshot` is one imported list file (UN, OFAC, EU, OpenSanctions) with its
publisher, date generated and SHA-256; its original bytes are kept in :class:`ListSnapshotFile`
like a source's (cited by dossiers, re-hashed by ``nkcase verify``). Its records are written in
bulk (``services.bulk``), never edited, and removed only with their snapshot.

Records are stored whole as JSON (:mod:`nkcase.screening.codec`) plus what matching and blocking
look up without decoding it: names (:class:`ListName`) and identifiers (:class:`ListIdentifier`),
each carrying its snapshot so lookups need no join. Integer keys keep these tables compact: a
large list has hundreds of thousands of rows, and they never leave this casebook on their own.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from nkcase.model.base import DIGEST_IN_AUDIT, Base, new_id, utc_now


class ListSnapshot(Base):
    """One imported file of a sanctions list.

    ``list_code`` names the list across snapshots ("un-sc", "ofac-sdn", "eu-fsf"…), so a newer
    snapshot is compared with an older one of the same list. ``generated`` is the date the
    publisher generated the file (None when the format does not say). ``counts`` is JSON
    ``{"Person": n, "Organization": n, "Vessel": n…}``; ``warnings`` JSON ``["…"]``.
    """

    __tablename__ = "list_snapshot"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    list_code: Mapped[str] = mapped_column(String(40), index=True)
    format: Mapped[str] = mapped_column(String(16))
    publisher: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    generated: Mapped[str | None] = mapped_column(String(32), default=None)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int]
    record_count: Mapped[int] = mapped_column(default=0)
    counts: Mapped[str] = mapped_column(Text, default="{}")
    warnings: Mapped[str] = mapped_column(Text, default="[]")
    imported_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    imported_by: Mapped[str] = mapped_column(Text, default="")


class ListSnapshotFile(Base):
    """An original file of a snapshot, byte for byte: ``role`` "main", or "alt" and "add" for
    OFAC's CSV set. Never updated."""

    __tablename__ = "list_snapshot_file"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    snapshot_id: Mapped[str] = mapped_column(
        ForeignKey("list_snapshot.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, info=DIGEST_IN_AUDIT))


class ListRecordRow(Base):
    """One designated person, entity or vessel of a snapshot.

    ``data`` is the whole :class:`~nkcase.screening.records.ListRecord` as JSON; ``record_key``
    is stable across snapshots of a list and ``content_hash`` changes when the record is amended.
    ``countries`` is space-separated ISO codes, ``caption`` the primary name.
    """

    __tablename__ = "list_record"
    __table_args__ = (UniqueConstraint("snapshot_id", "record_key", name="snapshot_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[str] = mapped_column(ForeignKey("list_snapshot.id", ondelete="CASCADE"))
    record_key: Mapped[str] = mapped_column(String(100))
    schema: Mapped[str] = mapped_column(String(40))
    caption: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(Text, default=None)
    listed_on: Mapped[str | None] = mapped_column(String(10), default=None)
    countries: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)


class ListName(Base):
    """A name of a list record, for matching and blocking: ``quality`` is FtM's name property
    ("name", "alias", "weakAlias", "previousName"), ``parts`` JSON of the list's own parts."""

    __tablename__ = "list_name"
    __table_args__ = (Index("ix_list_name_snapshot", "snapshot_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("list_record.id", ondelete="CASCADE"), index=True
    )
    snapshot_id: Mapped[str] = mapped_column(ForeignKey("list_snapshot.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    quality: Mapped[str] = mapped_column(String(16))
    script: Mapped[str | None] = mapped_column(String(8), default=None)
    lang: Mapped[str | None] = mapped_column(String(16), default=None)
    family: Mapped[str | None] = mapped_column(Text, default=None)
    parts: Mapped[str] = mapped_column(Text, default="[]")


class ListIdentifier(Base):
    """An identifier of a list record (IMO, passport, registration…), looked up exactly:
    ``value`` in :class:`~nkcase.screening.records.Identifier`'s normal form."""

    __tablename__ = "list_identifier"
    __table_args__ = (Index("ix_list_identifier_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("list_record.id", ondelete="CASCADE"), index=True
    )
    snapshot_id: Mapped[str] = mapped_column(ForeignKey("list_snapshot.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2), default=None)


class ListBlocking(Base):
    """A piece of a snapshot's stored blocking index: derived data, made again whenever it is
    missing or does not fit (``services/list_index.py``), removed with its snapshot.

    ``part`` "header" (``seq`` 0: JSON naming the index format and the names it was built
    from) or one of the arrays ("hashes", "offsets", "ids", "owners"), cut into pieces of at
    most 16 MiB numbered by ``seq``. Written outside operations (never undone, never in the
    audit log), never copied or merged: a casebook that lacks it builds it at its next
    screening.
    """

    __tablename__ = "list_blocking"

    snapshot_id: Mapped[str] = mapped_column(
        ForeignKey("list_snapshot.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, info=DIGEST_IN_AUDIT)
