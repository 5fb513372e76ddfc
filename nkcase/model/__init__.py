"""The domain model: SQLAlchemy 2 typed ORM classes, one module per area.

Keys are UUID strings so that casebooks from two laptops can be merged later; times are UTC
ISO-8601 strings; partial dates ("2019", "2019-12") are stored as the text the user gave.
"""

from nkcase.model.audit import AuditEvent
from nkcase.model.base import Base, new_id, utc_now
from nkcase.model.casebook import CasebookInfo
from nkcase.model.entities import Entity, EntityTag, Fact, Note, Relationship
from nkcase.model.events import Chart, Event, EventEntity
from nkcase.model.evidence import Evidence, Quote, ReanchorCandidate
from nkcase.model.exchange import FtmOrigin
from nkcase.model.lists import (
    ListBlocking,
    ListIdentifier,
    ListName,
    ListRecordRow,
    ListSnapshot,
    ListSnapshotFile,
)
from nkcase.model.merges import MergedAuditEvent, MergedChain
from nkcase.model.screening import ScreeningCandidate
from nkcase.model.sources import Source, SourceOriginal, TextVersion
from nkcase.model.versioned import STAMP_COLUMNS, VERSIONED_TABLES, Versioned

__all__ = [
    "STAMP_COLUMNS",
    "VERSIONED_TABLES",
    "AuditEvent",
    "Base",
    "CasebookInfo",
    "Chart",
    "Entity",
    "EntityTag",
    "Event",
    "EventEntity",
    "Evidence",
    "Fact",
    "FtmOrigin",
    "ListBlocking",
    "ListIdentifier",
    "ListName",
    "ListRecordRow",
    "ListSnapshot",
    "ListSnapshotFile",
    "MergedAuditEvent",
    "MergedChain",
    "Note",
    "Quote",
    "ReanchorCandidate",
    "Relationship",
    "ScreeningCandidate",
    "Source",
    "SourceOriginal",
    "TextVersion",
    "Versioned",
    "new_id",
    "utc_now",
]
