"""Finding the rows a user names: by id, by id prefix, or by an unambiguous name or alias."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from nkcase.errors import AmbiguousError, NotFoundError
from nkcase.model import Entity, Fact, Relationship
from nkcase.vocabulary import NAME_PROPERTIES

MIN_ID_PREFIX = 6


def get_entity(session: Session, entity_id: str) -> Entity:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise NotFoundError(f"no entity {entity_id}")
    return entity


def get_relationship(session: Session, relationship_id: str) -> Relationship:
    rel = session.get(Relationship, relationship_id)
    if rel is None:
        raise NotFoundError(f"no relationship {relationship_id}")
    return rel


def resolve_entity(session: Session, ref: str) -> Entity:
    """The entity ``ref`` names: an id, an id prefix, or a name or alias matching one entity."""
    ref = ref.strip()
    entity = session.get(Entity, ref)
    if entity is not None:
        return entity
    if len(ref) >= MIN_ID_PREFIX and all(c in "0123456789abcdef-" for c in ref.lower()):
        by_prefix = session.scalars(
            select(Entity).where(Entity.id.startswith(ref.lower())).limit(2)
        ).all()
        if len(by_prefix) == 1:
            return by_prefix[0]
    matches = session.scalars(
        select(Entity)
        .join(Fact, Fact.entity_id == Entity.id)
        .where(Fact.prop.in_(NAME_PROPERTIES))
        .where(or_(Fact.value == ref, func.lower(Fact.value) == ref.lower()))
        .distinct()
        .limit(11)
    ).all()
    exact_case = [e for e in matches if any(f.value.casefold() == ref.casefold() for f in e.facts)]
    matches = exact_case or list(matches)
    if not matches:
        raise NotFoundError(f"no entity named “{ref}”")
    if len(matches) > 1:
        listing = "; ".join(f"{e.caption} ({e.schema}, {e.id[:8]})" for e in matches[:10])
        raise AmbiguousError(f"“{ref}” names {len(matches)} entities: {listing}; use an id")
    return matches[0]
