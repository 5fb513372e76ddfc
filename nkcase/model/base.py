"""Declarative base and the small conventions every table shares."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Explicit constraint names keep Alembic's batch migrations on SQLite deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Column info flag: the audit log and undo snapshots keep a digest of this column's value
#: rather than the value itself (original files, frozen texts, packed boxes are large).
DIGEST_IN_AUDIT = {"audit": "digest"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> str:
    """A new random key (UUID4 as 36-character text)."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """The current time in UTC as ISO-8601 text with seconds and a ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
