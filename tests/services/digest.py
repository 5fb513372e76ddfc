"""A digest of a casebook's content (every row of the model and the search index)."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select, text

from nkcase.model import Base
from nkcase.services.recorder import UNRECORDED
from nkcase.store import Casebook

INDEX_COLUMNS = "kind, ref_id, owner_id, text_version_id, start_offset, end_offset, page, cjk, body"


def content_digest(casebook: Casebook) -> str:
    """SHA-256 over every recorded table's rows (sorted) and the search index's documents.

    The audit log and the casebook header are left out: undo and redo add audit events.
    """
    digest = hashlib.sha256()
    with casebook.reading() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in UNRECORDED:
                continue
            rows = [dict(r) for r in session.execute(select(table)).mappings()]
            lines = sorted(json.dumps(r, sort_keys=True, default=repr) for r in rows)
            digest.update(f"{table.name}:{len(lines)}\n".encode())
            for line in lines:
                digest.update(line.encode() + b"\n")
        docs = session.execute(text(f"SELECT {INDEX_COLUMNS} FROM search_doc")).all()
        for line in sorted(json.dumps(list(d), default=repr) for d in docs):
            digest.update(line.encode() + b"\n")
    return digest.hexdigest()
