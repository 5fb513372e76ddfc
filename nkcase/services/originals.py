"""The original files inside a casebook: reading them back, exporting them, proving them intact."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from nkcase.errors import IngestError, NotFoundError
from nkcase.model import Source, SourceOriginal
from nkcase.services.source_edits import get_source
from nkcase.services.sources import sha256_of
from nkcase.store import Casebook


def original_bytes(casebook: Casebook, source_id: str) -> bytes:
    with casebook.reading() as session:
        original = session.get(SourceOriginal, source_id)
        if original is None:
            raise NotFoundError(f"no source {source_id}")
        return original.data


def export_original(casebook: Casebook, source_id: str, out: Path) -> str:
    """Write the original file back out, byte for byte; returns its SHA-256 (checked)."""
    data = original_bytes(casebook, source_id)
    with casebook.reading() as session:
        expected = get_source(session, source_id).sha256
    actual = sha256_of(data)
    if actual != expected:
        raise IngestError(f"the stored original of {source_id} no longer matches its SHA-256")
    try:
        out.write_bytes(data)
    except OSError as err:
        raise IngestError(f"cannot write {out}: {err.strerror or err}") from None
    return actual


def verify_originals(casebook: Casebook) -> list[str]:
    """Re-hash every stored original; one line per source that no longer matches."""
    problems: list[str] = []
    with casebook.reading() as session:
        sources = session.execute(select(Source.id, Source.title, Source.sha256)).all()
        for source_id, title, sha in sources:
            original = session.get(SourceOriginal, source_id)
            if original is None:
                problems.append(f"source “{title}” ({source_id[:8]}): original file missing")
            elif sha256_of(original.data) != sha:
                problems.append(
                    f"source “{title}” ({source_id[:8]}): original does not match its SHA-256"
                )
            session.expunge_all()
    return problems
