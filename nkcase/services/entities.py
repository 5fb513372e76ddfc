"""Operations on entities and their case files: create, edit, delete, names, facts, tags, notes.

Each function is one user action: one transaction, one audit event, and a returned
:class:`~nkcase.services.changes.Change` (see :mod:`nkcase.services.changes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.errors import NotFoundError, ValidationError
from nkcase.model import (
    Entity,
    EntityTag,
    EventEntity,
    Evidence,
    Fact,
    Note,
    Relationship,
    utc_now,
)
from nkcase.services.changes import Change, operation
from nkcase.services.edit_guard import require_unchanged
from nkcase.services.lookup import get_entity
from nkcase.store import Casebook
from nkcase.vocabulary.levels import DEFAULT_NOTE_LEVEL, DEFAULT_OWN_LEVEL, check_level


def create_entity(
    casebook: Casebook,
    schema: str,
    name: str,
    *,
    aliases: Sequence[str] = (),
    props: Iterable[tuple[str, str]] = (),
    summary: str = "",
    level: str = DEFAULT_OWN_LEVEL,
) -> Change:
    """A new entity with its name, aliases and properties; ``change.subject_id`` is its id.

    ``level`` is the entity's own handling level ("protected" for an informant); whatever it
    is, the entity's effective level also follows its evidence (see :mod:`nkcase.levels`).
    """
    own_level = check_level(level)
    schema_obj = vocabulary.get_schema(schema)
    if schema_obj.is_edge:
        raise ValidationError(f"{schema_obj.name} is a relationship, not an entity: use relate")
    clean_name = vocabulary.clean_value(schema_obj.name, "name", name)
    values = [("name", clean_name)]
    values += [("alias", vocabulary.clean_value(schema_obj.name, "alias", a)) for a in aliases]
    values += [(p, vocabulary.clean_value(schema_obj.name, p, v)) for p, v in props]
    with operation(casebook, "entity.create") as op:
        entity = Entity(
            schema=schema_obj.name, caption=clean_name, summary=summary.strip(), handling=own_level,
            facts=[],  # known empty: adding its names reads no collection back
        )
        op.session.add(entity)
        op.session.flush()
        for prop, value in values:
            _add_fact(op.session, entity, prop, value)
        op.summary = f"Create {schema_obj.label} {clean_name}"
        op.subject_id = entity.id
    assert op.change is not None
    return op.change


def edit_entity(
    casebook: Casebook,
    entity_id: str,
    *,
    name: str | None = None,
    summary: str | None = None,
    add_props: Iterable[tuple[str, str]] = (),
    remove_props: Iterable[tuple[str, str]] = (),
    seen_name_version: int | None = None,
) -> Change:
    """Rename, change the summary, add and remove property values, as one action.

    ``seen_name_version``: the version of the name the person renamed (a case file's); a
    rename over a colleague's since is refused (:mod:`nkcase.services.edit_guard`).
    """
    with operation(casebook, "entity.edit") as op:
        entity = get_entity(op.session, entity_id)
        if name is not None:
            clean = vocabulary.clean_value(entity.schema, "name", name)
            current = _primary_name(entity)
            if current is not None:
                require_unchanged(op.session, current, seen_name_version,
                                  f"The name (now “{current.value}”)")
            if current is not None and current.value != clean:
                existing = _find_fact(entity, "name", clean)
                if existing is not None:
                    op.session.delete(existing)
                    op.session.flush()
                current.value = clean
            elif current is None:
                _add_fact(op.session, entity, "name", clean)
            entity.caption = clean
        if summary is not None:
            entity.summary = summary.strip()
        for prop, raw in remove_props:
            value = vocabulary.clean_value(entity.schema, prop, raw)
            fact = _find_fact(entity, prop, value)
            if fact is None:
                raise NotFoundError(f"{entity.caption} has no {prop} “{raw}”")
            _delete_fact(op.session, entity, fact)
        for prop, raw in add_props:
            _add_fact(op.session, entity, prop, vocabulary.clean_value(entity.schema, prop, raw))
        entity.updated_at = utc_now()
        op.summary = f"Edit {entity.caption}"
        op.subject_id = entity.id
    assert op.change is not None
    return op.change


def delete_entity(casebook: Casebook, entity_id: str) -> Change:
    """Delete an entity with its facts, relationships, tags, notes and evidence links."""
    with operation(casebook, "entity.delete") as op:
        entity = get_entity(op.session, entity_id)
        fact_ids = [f.id for f in entity.facts]
        relationships = op.session.scalars(
            select(Relationship).where(
                or_(Relationship.subject_id == entity.id, Relationship.object_id == entity.id)
            )
        ).all()
        rel_ids = [r.id for r in relationships]
        note_ids = [n.id for n in entity.notes]
        links = op.session.scalars(
            select(Evidence).where(
                or_(
                    Evidence.entity_id == entity.id,
                    Evidence.fact_id.in_(fact_ids),
                    Evidence.relationship_id.in_(rel_ids),
                    Evidence.note_id.in_(note_ids),
                )
            )
        ).all()
        for link in links:
            op.session.delete(link)
        op.session.flush()  # the links first: a relationship's delete would cascade to them
        for rel in relationships:
            op.session.delete(rel)
        # its part in events (the events stay: they may involve others)
        for party in op.session.scalars(
            select(EventEntity).where(EventEntity.entity_id == entity.id)
        ).all():
            op.session.delete(party)
        op.session.flush()
        op.session.delete(entity)
        op.summary = f"Delete {entity.caption}"
        op.subject_id = entity.id
    assert op.change is not None
    return op.change


def add_name(
    casebook: Casebook, entity_id: str, value: str, *, kind: str = "alias", lang: str | None = None
) -> Change:
    """Add a name of ``kind`` alias, weakAlias or previousName (any script)."""
    if kind not in vocabulary.NAME_PROPERTIES or kind == "name":
        raise ValidationError(f"unknown name kind “{kind}”; use alias, weakAlias or previousName")
    return set_fact(casebook, entity_id, kind, value, lang=lang)


def set_fact(
    casebook: Casebook,
    entity_id: str,
    prop: str,
    value: str,
    *,
    date: str | None = None,
    lang: str | None = None,
) -> Change:
    """Add a property value (replacing the old one for single-valued properties)."""
    with operation(casebook, "fact.set") as op:
        entity = get_entity(op.session, entity_id)
        clean = vocabulary.clean_value(entity.schema, prop, value)
        clean_date = vocabulary.clean_date(date) if date else None
        fact = _add_fact(op.session, entity, prop, clean, date=clean_date, lang=lang)
        entity.updated_at = utc_now()
        op.summary = f"Set {vocabulary.property_label(entity.schema, prop)} of {entity.caption}"
        op.subject_id = fact.id
    assert op.change is not None
    return op.change


def ensure_fact(
    casebook: Casebook, entity_id: str, prop: str, value: str
) -> tuple[str, Change | None]:
    """The id of the entity's fact ``prop`` = ``value``, set first when the entity lacks it.

    For quoting: "this passage supports country=Vietnam" must link to the existing value, not
    add a duplicate. Returns the fact's id and the change (``None`` when it already existed).
    """
    with casebook.reading() as session:
        entity = get_entity(session, entity_id)
        clean = vocabulary.clean_value(entity.schema, prop, value)
        existing = session.scalar(
            select(Fact.id).where(Fact.entity_id == entity_id, Fact.prop == prop,
                                  Fact.value == clean).limit(1))
    if existing is not None:
        return existing, None
    change = set_fact(casebook, entity_id, prop, value)
    assert change.subject_id is not None
    return change.subject_id, change


def remove_fact(casebook: Casebook, fact_id: str) -> Change:
    """Remove one property value and the evidence links that supported it."""
    with operation(casebook, "fact.remove") as op:
        fact = op.session.get(Fact, fact_id)
        if fact is None:
            raise NotFoundError(f"no fact {fact_id}")
        entity = fact.entity
        if fact.prop == "name" and sum(1 for f in entity.facts if f.prop == "name") == 1:
            raise ValidationError(f"{entity.caption} needs a name: rename it instead")
        _delete_fact(op.session, entity, fact)
        entity.updated_at = utc_now()
        op.summary = f"Remove {fact.prop} “{fact.value}” of {entity.caption}"
        op.subject_id = entity.id
    assert op.change is not None
    return op.change


def tag_entity(casebook: Casebook, entity_id: str, tag: str) -> Change:
    clean = " ".join(tag.split()).lower()
    if not clean:
        raise ValidationError("a tag cannot be empty")
    with operation(casebook, "entity.tag") as op:
        entity = get_entity(op.session, entity_id)
        if all(t.tag != clean for t in entity.tags):
            entity.tags.append(EntityTag(entity_id=entity.id, tag=clean))
        op.summary = f"Tag {entity.caption} “{clean}”"
        op.subject_id = entity.id
    assert op.change is not None
    return op.change


def untag_entity(casebook: Casebook, entity_id: str, tag: str) -> Change:
    clean = " ".join(tag.split()).lower()
    with operation(casebook, "entity.untag") as op:
        entity = get_entity(op.session, entity_id)
        for existing in list(entity.tags):
            if existing.tag == clean:
                entity.tags.remove(existing)
                op.session.delete(existing)
        op.summary = f"Remove tag “{clean}” from {entity.caption}"
        op.subject_id = entity.id
    assert op.change is not None
    return op.change


def add_note(
    casebook: Casebook, entity_id: str, text: str, *, handling: str = DEFAULT_NOTE_LEVEL
) -> Change:
    """A note on an entity at its own handling level (internal unless said otherwise)."""
    body = text.strip()
    if not body:
        raise ValidationError("a note cannot be empty")
    handling = check_level(handling)
    with operation(casebook, "note.add") as op:
        entity = get_entity(op.session, entity_id)
        note = Note(entity_id=entity.id, text=body, handling=handling)
        op.session.add(note)
        op.session.flush()
        op.summary = f"Add note to {entity.caption}"
        op.subject_id = note.id
    assert op.change is not None
    return op.change


def edit_note(
    casebook: Casebook, note_id: str, *, text: str | None = None, handling: str | None = None
) -> Change:
    with operation(casebook, "note.edit") as op:
        note = op.session.get(Note, note_id)
        if note is None:
            raise NotFoundError(f"no note {note_id}")
        if text is not None:
            if not text.strip():
                raise ValidationError("a note cannot be empty")
            note.text = text.strip()
        if handling is not None:
            note.handling = check_level(handling)
        note.updated_at = utc_now()
        op.summary = "Edit note"
        op.subject_id = note.id
    assert op.change is not None
    return op.change


def remove_note(casebook: Casebook, note_id: str) -> Change:
    with operation(casebook, "note.remove") as op:
        note = op.session.get(Note, note_id)
        if note is None:
            raise NotFoundError(f"no note {note_id}")
        for link in op.session.scalars(select(Evidence).where(Evidence.note_id == note.id)):
            op.session.delete(link)
        op.session.flush()
        op.session.delete(note)
        op.summary = "Remove note"
        op.subject_id = note.entity_id
    assert op.change is not None
    return op.change


# -- helpers shared by the operations above ------------------------------------------------


def _primary_name(entity: Entity) -> Fact | None:
    return next((f for f in entity.facts if f.prop == "name"), None)


def _find_fact(entity: Entity, prop: str, value: str) -> Fact | None:
    return next((f for f in entity.facts if f.prop == prop and f.value == value), None)


def _add_fact(
    session: Session,
    entity: Entity,
    prop: str,
    value: str,
    *,
    date: str | None = None,
    lang: str | None = None,
) -> Fact:
    existing = _find_fact(entity, prop, value)
    if existing is not None:
        if date is not None:
            existing.date = date
        return existing
    if not vocabulary.is_multiple(entity.schema, prop):
        for old in [f for f in entity.facts if f.prop == prop]:
            _delete_fact(session, entity, old)
    script = vocabulary.detect_script(value) if prop in vocabulary.NAME_PROPERTIES else None
    position = (
        session.scalar(select(func.max(Fact.position)).where(Fact.entity_id == entity.id)) or 0
    ) + 1
    fact = Fact(prop=prop, value=value, lang=lang, script=script, date=date, position=position)
    entity.facts.append(fact)
    session.flush()
    return fact


def _delete_fact(session: Session, entity: Entity, fact: Fact) -> None:
    for link in session.scalars(select(Evidence).where(Evidence.fact_id == fact.id)).all():
        session.delete(link)
    # Delete explicitly: an orphan removed only from the collection would be deleted during
    # the flush, after the change recorder has looked at the session.
    entity.facts.remove(fact)
    session.delete(fact)
    session.flush()
