"""Setting an item's own handling level, and releasing it below what its evidence gives it.

A **release** is a person's explicit decision, with a reason, that an item learned from
higher-level material may be shown at a lower level ("the registry confirms the account: show
it in public dossiers"). It is one operation like any other — one transaction, one audit
event naming the item, the level and the reason, undoable — and the case file shows it as
"released to public by X on D: reason". Withdrawing it is another operation.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.errors import AmbiguousError, NotFoundError, ValidationError
from nkcase.model import Entity, Event, Fact, Note, Relationship, utc_now
from nkcase.services.changes import Change, operation
from nkcase.services.levels import load_levels
from nkcase.services.lookup import MIN_ID_PREFIX
from nkcase.store import Casebook
from nkcase.vocabulary.levels import LEVEL_RANK, check_level

#: The tables whose rows carry a level of their own and a release, by the kind a person names.
LEVELLED: dict[str, Any] = {
    "entity": Entity,
    "fact": Fact,
    "relationship": Relationship,
    "note": Note,
    "event": Event,
}


def find_item(session: Session, ref: str) -> tuple[str, Any]:
    """The entity, fact, relationship, note or event with id (or unambiguous id prefix)."""
    ref = ref.strip().lower()
    for kind, model in LEVELLED.items():
        row = session.get(model, ref)
        if row is not None:
            return kind, row
    found: list[tuple[str, Any]] = []
    if len(ref) >= MIN_ID_PREFIX:
        for kind, model in LEVELLED.items():
            found += [
                (kind, row)
                for row in session.scalars(select(model).where(model.id.startswith(ref)).limit(2))
            ]
    if not found:
        raise NotFoundError(f"no entity, fact, relationship, note or event with id “{ref}”")
    if len(found) > 1:
        raise AmbiguousError(f"“{ref}” is the start of {len(found)} ids; give more of it")
    return found[0]


def item_caption(session: Session, kind: str, row: Any) -> str:
    """How a person recognises an item: "Albatross Trading: notes “cash via …”"."""
    if kind == "entity":
        return str(row.caption)
    if kind == "fact":
        entity = session.get(Entity, row.entity_id)
        assert entity is not None
        label = vocabulary.property_label(entity.schema, row.prop)
        return f"{entity.caption}: {label} “{_short(row.value)}”"
    if kind == "relationship":
        subject = session.get(Entity, row.subject_id)
        obj = session.get(Entity, row.object_id)
        role = f" ({row.role})" if row.role else ""
        label = vocabulary.get_schema(row.schema).label
        names = f"{subject.caption if subject else '?'} → {obj.caption if obj else '?'}"
        return f"{label}{role}: {names}"
    if kind == "event":
        return f"event {row.start_date}: “{_short(row.summary)}”"
    entity = session.get(Entity, row.entity_id)
    return f"note on {entity.caption if entity else '?'}: “{_short(row.text)}”"


def item_captions(session: Session, ids: list[str]) -> dict[str, str]:
    """Captions of the given levelled items (missing ids are left out)."""
    out: dict[str, str] = {}
    for kind, model in LEVELLED.items():
        pending = [i for i in ids if i not in out]
        if not pending:
            break
        for row in session.scalars(select(model).where(model.id.in_(pending))):
            out[row.id] = item_caption(session, kind, row)
    return out


def entity_of(kind: str, row: Any) -> str:
    """The entity an item belongs to (a relationship: its subject; an event: its first)."""
    if kind == "event":
        return str(row.entities[0].entity_id) if row.entities else ""
    return str(row.id if kind == "entity" else row.subject_id if kind == "relationship"
               else row.entity_id)


def release(casebook: Casebook, item_id: str, to: str, reason: str) -> Change:
    """Show an item at ``to`` although every quote supporting it is above ``to``.

    Refused when there is nothing to release (its evidence already allows ``to``, or nothing
    supports it) or when the item is marked higher itself (lower its own level instead).
    """
    level = check_level(to)
    why = " ".join(reason.split())
    if not why:
        raise ValidationError("a release needs a reason (who confirmed it, why it may be shown)")
    with operation(casebook, "level.release") as op:
        kind, row = find_item(op.session, item_id)
        caption = item_caption(op.session, kind, row)
        found = load_levels(op.session, [entity_of(kind, row)]).level(row.id)
        if LEVEL_RANK[row.handling] > LEVEL_RANK[level]:
            raise ValidationError(
                f"{caption} is marked {row.handling} itself; lower its own level first "
                f"(nkcase mark … {level})"
            )
        if found.evidence is None:
            raise ValidationError(
                f"no quote supports {caption}: its level is its own ({row.handling}), "
                "nothing to release"
            )
        if LEVEL_RANK[found.evidence] <= LEVEL_RANK[level]:
            raise ValidationError(
                f"{caption} already has {found.evidence} evidence: nothing to release to {level}"
            )
        row.released_to = level
        row.released_by = casebook.actor
        row.released_at = utc_now()
        row.release_reason = why
        op.summary = f"Release {caption} to {level}: {why}"
        op.subject_id = row.id
    assert op.change is not None
    return op.change


def withdraw_release(casebook: Casebook, item_id: str) -> Change:
    """Take a release back: the item's level follows its evidence again."""
    with operation(casebook, "level.withdraw") as op:
        kind, row = find_item(op.session, item_id)
        caption = item_caption(op.session, kind, row)
        if row.released_to is None:
            raise ValidationError(f"{caption} is not released")
        op.summary = f"Withdraw the release of {caption} to {row.released_to}"
        row.released_to = row.released_by = row.released_at = row.release_reason = None
        op.subject_id = row.id
    assert op.change is not None
    return op.change


def set_level(casebook: Casebook, item_id: str, level: str) -> Change:
    """Set an item's own level ("this person is an informant: protected")."""
    chosen = check_level(level)
    with operation(casebook, "level.set") as op:
        kind, row = find_item(op.session, item_id)
        row.handling = chosen
        op.summary = f"Mark {item_caption(op.session, kind, row)} {chosen}"
        op.subject_id = row.id
    assert op.change is not None
    return op.change


def _short(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
