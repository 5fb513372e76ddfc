"""Relationships between entities: relate, edit, unrelate."""

from __future__ import annotations

from sqlalchemy import select

from nkcase import vocabulary
from nkcase.errors import ValidationError
from nkcase.model import Entity, Evidence, Relationship
from nkcase.services.changes import Change, operation
from nkcase.services.edit_guard import require_unchanged
from nkcase.services.lookup import get_entity, get_relationship
from nkcase.store import Casebook
from nkcase.vocabulary.levels import DEFAULT_OWN_LEVEL, check_level

_UNSET = object()


def relate(
    casebook: Casebook,
    schema: str,
    subject_id: str,
    object_id: str,
    *,
    role: str = "",
    start: str | None = None,
    end: str | None = None,
    summary: str = "",
    level: str = DEFAULT_OWN_LEVEL,
) -> Change:
    """Link two entities with an FtM relationship schema (Ownership, Employment...).

    ``level`` is the relationship's own handling level; its effective level also follows its
    evidence and both of its ends (a link to a protected informant is protected).
    """
    own_level = check_level(level)
    edge = vocabulary.get_schema(schema)
    if not edge.is_edge:
        raise ValidationError(
            f"{edge.name} is an entity schema; a relationship needs one of: "
            + ", ".join(s.name for s in vocabulary.RELATIONSHIP_SCHEMATA)
        )
    start_clean = vocabulary.clean_value(edge.name, "startDate", start) if start else None
    end_clean = vocabulary.clean_value(edge.name, "endDate", end) if end else None
    _check_order(start_clean, end_clean)
    with operation(casebook, "relationship.create") as op:
        subject = get_entity(op.session, subject_id)
        obj = get_entity(op.session, object_id)
        if subject.id == obj.id:
            raise ValidationError("an entity cannot be related to itself")
        vocabulary.check_edge(edge.name, subject.schema, obj.schema)
        rel = Relationship(
            schema=edge.name,
            subject_id=subject.id,
            object_id=obj.id,
            role=" ".join(role.split()),
            start_date=start_clean,
            end_date=end_clean,
            summary=summary.strip(),
            handling=own_level,
        )
        op.session.add(rel)
        op.session.flush()
        role_text = f" ({rel.role})" if rel.role else ""
        op.summary = f"Relate {subject.caption} → {obj.caption}: {edge.label}{role_text}"
        op.subject_id = rel.id
    assert op.change is not None
    return op.change


def edit_relationship(
    casebook: Casebook,
    relationship_id: str,
    *,
    role: str | None = None,
    start: str | object | None = _UNSET,
    end: str | object | None = _UNSET,
    summary: str | None = None,
    seen_version: int | None = None,
) -> Change:
    """Change role, dates or summary. Pass ``start=None`` to clear a date.

    ``seen_version``: the version the values were read at (a dialog's); refused with a
    :class:`~nkcase.errors.ConflictError` if someone wrote the relationship since
    (:mod:`nkcase.services.edit_guard`).
    """
    with operation(casebook, "relationship.edit") as op:
        rel = get_relationship(op.session, relationship_id)
        require_unchanged(op.session, rel, seen_version, "This relationship")
        if role is not None:
            rel.role = " ".join(role.split())
        if start is not _UNSET:
            rel.start_date = (
                vocabulary.clean_value(rel.schema, "startDate", str(start)) if start else None
            )
        if end is not _UNSET:
            rel.end_date = vocabulary.clean_value(rel.schema, "endDate", str(end)) if end else None
        _check_order(rel.start_date, rel.end_date)
        if summary is not None:
            rel.summary = summary.strip()
        op.summary = f"Edit {vocabulary.get_schema(rel.schema).label} relationship"
        op.subject_id = rel.id
    assert op.change is not None
    return op.change


def unrelate(casebook: Casebook, relationship_id: str) -> Change:
    """Remove a relationship and the evidence links that supported it."""
    with operation(casebook, "relationship.delete") as op:
        rel = get_relationship(op.session, relationship_id)
        for link in op.session.scalars(
            select(Evidence).where(Evidence.relationship_id == rel.id)
        ).all():
            op.session.delete(link)
        op.session.flush()
        op.session.delete(rel)
        subject = op.session.get(Entity, rel.subject_id)
        obj = op.session.get(Entity, rel.object_id)
        names = f"{subject.caption if subject else '?'} → {obj.caption if obj else '?'}"
        op.summary = f"Remove {vocabulary.get_schema(rel.schema).label} {names}"
        op.subject_id = rel.id
    assert op.change is not None
    return op.change


def _check_order(start: str | None, end: str | None) -> None:
    if start and end and end < start[: len(end)]:
        raise ValidationError(f"the relationship ends ({end}) before it starts ({start})")
