"""Changing what is known about a source: reliability grade, handling level, metadata.

The original bytes and the frozen text never change; these operations touch only the
source's description, one transaction and one audit event each.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.errors import NotFoundError, ValidationError
from nkcase.model import Source
from nkcase.services.changes import Change, operation
from nkcase.services.edit_guard import require_unchanged
from nkcase.services.sources import RELIABILITY_GRADES, clean_date
from nkcase.store import Casebook
from nkcase.vocabulary.levels import check_level


def grade_source(
    casebook: Casebook, source_id: str, reliability: str | None, *,
    seen_version: int | None = None,
) -> Change:
    """Set the Admiralty reliability grade A–F (None = ungraded); ``seen_version`` as in
    :func:`edit_source`."""
    grade = reliability.upper() if reliability else None
    if grade is not None and grade not in RELIABILITY_GRADES:
        raise ValidationError(f"reliability must be one of A–F, not “{reliability}”")
    with operation(casebook, "source.grade") as op:
        source = get_source(op.session, source_id)
        require_unchanged(op.session, source, seen_version, f"The source “{source.title}”")
        source.reliability = grade
        op.summary = f"Grade {source.title} {grade or 'ungraded'}"
        op.subject_id = source.id
    assert op.change is not None
    return op.change


def set_source_handling(
    casebook: Casebook, source_id: str, handling: str, *, seen_version: int | None = None
) -> Change:
    """Set a source's level; its quotes and what they alone support follow (nkcase.levels).
    ``seen_version`` as in :func:`edit_source`."""
    handling = check_level(handling)
    with operation(casebook, "source.handling") as op:
        source = get_source(op.session, source_id)
        require_unchanged(op.session, source, seen_version, f"The source “{source.title}”")
        source.handling = handling
        op.summary = f"Mark {source.title} {handling}"
        op.subject_id = source.id
    assert op.change is not None
    return op.change


def edit_source(
    casebook: Casebook,
    source_id: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    url: str | None = None,
    retrieved: str | None = None,
    seen_version: int | None = None,
) -> Change:
    """Change the description of a source (never its file or text).

    ``seen_version``: the version the values were read at (a dialog's); refused with a
    :class:`~nkcase.errors.ConflictError` if someone wrote the source since
    (:mod:`nkcase.services.edit_guard`).
    """
    with operation(casebook, "source.edit") as op:
        source = get_source(op.session, source_id)
        require_unchanged(op.session, source, seen_version, f"The source “{source.title}”")
        if title is not None and title.strip():
            source.title = title.strip()
        if publisher is not None:
            source.publisher = publisher.strip() or None
        if published is not None:
            source.published = clean_date(published)
        if retrieved is not None:
            source.retrieved = clean_date(retrieved)
        if url is not None:
            source.url = vocabulary.clean_url(url) if url else None
        op.summary = f"Edit source {source.title}"
        op.subject_id = source.id
    assert op.change is not None
    return op.change


def get_source(session: Session, source_id: str) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source {source_id}")
    return source
