"""Events: dated happenings on the timeline (a renaming, a closure, a ship-to-ship transfer).

An event has a date or a span of partial dates, a one-line summary, an optional place and the
entities involved in it; quotes support it like any fact (``quotes.link(..., event_id=...)``).
Every function here is one undoable operation (:func:`nkcase.services.changes.operation`), or
a read returning plain records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase import vocabulary
from nkcase.errors import AmbiguousError, NotFoundError, ValidationError
from nkcase.model import Entity, Event, EventEntity, Evidence, utc_now
from nkcase.model.events import EVENT_ROLES
from nkcase.services.casefiles import EvidenceRef
from nkcase.services.changes import Change, operation
from nkcase.services.evidence_refs import evidence_refs
from nkcase.services.lookup import MIN_ID_PREFIX, get_entity
from nkcase.store import Casebook
from nkcase.store.batches import chunked
from nkcase.vocabulary.dates import PartialDate, check_span
from nkcase.vocabulary.levels import DEFAULT_OWN_LEVEL, check_level

_UNSET = object()


@dataclass(frozen=True)
class EventParty:
    """An entity taking part in an event."""

    entity_id: str
    caption: str
    schema: str
    role: str


@dataclass(frozen=True)
class EventRecord:
    id: str
    summary: str
    start: str
    end: str | None
    place: str
    description: str
    handling: str
    entities: list[EventParty] = field(default_factory=list)
    evidence: list[EvidenceRef] = field(default_factory=list)

    JSON_EXTRA = ("supported", "when")

    @property
    def supported(self) -> bool:
        return bool(self.evidence)

    @property
    def when(self) -> str:
        """The date as a person writes it: "2019", "2022-10-03 – 2022-10-12"."""
        return f"{self.start} – {self.end}" if self.end else self.start

    def sort_key(self) -> tuple[tuple[int, int, int], tuple[int, int, int], str]:
        end = PartialDate.parse(self.end) if self.end else PartialDate.parse(self.start)
        return (PartialDate.parse(self.start).sort_key(), end.sort_key(), self.summary)


def _clean_date(prop: str, raw: str | None) -> str | None:
    if raw is None or not str(raw).strip():
        return None
    return vocabulary.clean_value("Event", prop, str(raw))


def _clean_summary(summary: str) -> str:
    text = " ".join(summary.split())
    if not text:
        raise ValidationError("an event needs a summary (what happened)")
    return text


def _check_handling(handling: str | None) -> None:
    if handling is not None:
        check_level(handling)


def _check_role(role: str) -> None:
    if role not in EVENT_ROLES:
        raise ValidationError(f"unknown role “{role}” in an event; use involved or organizer")


def add_event(
    casebook: Casebook,
    *,
    date: str,
    summary: str,
    entity_ids: Sequence[str],
    end: str | None = None,
    place: str = "",
    description: str = "",
    handling: str | None = None,
    organizer_ids: Sequence[str] = (),
) -> Change:
    """Record an event on ``date`` (to ``end``) involving ``entity_ids``; one undoable step."""
    start = _clean_date("startDate", date)
    if start is None:
        raise ValidationError("an event needs a date (2019, 2019-06 or 2019-06-03)")
    end_clean = _clean_date("endDate", end)
    check_span(start, end_clean, "the event")
    text = _clean_summary(summary)
    _check_handling(handling)
    parties = [(e, "involved") for e in entity_ids] + [(e, "organizer") for e in organizer_ids]
    if not parties:
        raise ValidationError("name at least one entity the event involves")
    with operation(casebook, "event.add") as op:
        event = Event(
            summary=text,
            start_date=start,
            end_date=end_clean,
            place=" ".join(place.split()),
            description=description.strip(),
            handling=check_level(handling) if handling else DEFAULT_OWN_LEVEL,
        )
        op.session.add(event)
        op.session.flush()
        seen: set[str] = set()
        for position, (entity_id, role) in enumerate(parties):
            entity = get_entity(op.session, entity_id)
            if entity.id in seen:
                continue
            seen.add(entity.id)
            op.session.add(
                EventEntity(event_id=event.id, entity_id=entity.id, role=role, position=position)
            )
        op.summary = f"Add event {start}: {_short(text)}"
        op.subject_id = event.id
    assert op.change is not None
    return op.change


def edit_event(
    casebook: Casebook,
    event_id: str,
    *,
    date: str | None = None,
    end: str | object | None = _UNSET,
    summary: str | None = None,
    place: str | None = None,
    description: str | None = None,
    handling: str | None = None,
    add_entities: Sequence[str] = (),
    remove_entities: Sequence[str] = (),
    role: str = "involved",
) -> Change:
    """Change what is given; ``end=None`` makes a span a single date again."""
    _check_handling(handling)
    _check_role(role)
    with operation(casebook, "event.edit") as op:
        event = get_event(op.session, event_id)
        if date is not None:
            start = _clean_date("startDate", date)
            if start is None:
                raise ValidationError("an event needs a date")
            event.start_date = start
        if end is not _UNSET:
            event.end_date = _clean_date("endDate", None if end is None else str(end))
        check_span(event.start_date, event.end_date, "the event")
        if summary is not None:
            event.summary = _clean_summary(summary)
        if place is not None:
            event.place = " ".join(place.split())
        if description is not None:
            event.description = description.strip()
        if handling is not None:
            event.handling = check_level(handling)
        current = {link.entity_id: link for link in event.entities}
        for entity_id in remove_entities:
            entity = get_entity(op.session, entity_id)
            link = current.pop(entity.id, None)
            if link is None:
                raise NotFoundError(f"{entity.caption} is not part of this event")
            event.entities.remove(link)
        position = max((link.position for link in event.entities), default=-1) + 1
        for entity_id in add_entities:
            entity = get_entity(op.session, entity_id)
            if entity.id in current:
                current[entity.id].role = role
                continue
            link = EventEntity(event_id=event.id, entity_id=entity.id, role=role, position=position)
            event.entities.append(link)
            current[entity.id] = link
            position += 1
        if not event.entities:
            raise ValidationError("an event must involve at least one entity")
        event.updated_at = utc_now()
        op.summary = f"Edit event {event.start_date}: {_short(event.summary)}"
        op.subject_id = event.id
    assert op.change is not None
    return op.change


def remove_event(casebook: Casebook, event_id: str) -> Change:
    """Remove an event with its entity links and evidence links (the quotes stay)."""
    with operation(casebook, "event.remove") as op:
        event = get_event(op.session, event_id)
        for link in op.session.scalars(select(Evidence).where(Evidence.event_id == event.id)):
            op.session.delete(link)
        for party in list(event.entities):
            op.session.delete(party)
        op.session.flush()
        op.session.expire(event, ["entities"])  # already deleted: nothing left to cascade to
        op.session.delete(event)
        op.summary = f"Remove event {event.start_date}: {_short(event.summary)}"
        op.subject_id = event.id
    assert op.change is not None
    return op.change


# -- reading ---------------------------------------------------------------------------------


def get_event(session: Session, event_id: str) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"no event {event_id}")
    return event


def resolve_event(session: Session, ref: str) -> Event:
    """The event ``ref`` names: its id or an unambiguous id prefix (as ``event list`` prints)."""
    ref = ref.strip().lower()
    event = session.get(Event, ref)
    if event is not None:
        return event
    if len(ref) >= MIN_ID_PREFIX:
        found = session.scalars(select(Event).where(Event.id.startswith(ref)).limit(2)).all()
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousError(f"“{ref}” is the start of several event ids; give more of it")
    raise NotFoundError(f"no event {ref} (give its id or the first {MIN_ID_PREFIX}+ characters)")


def list_events(casebook: Casebook, *, entity_id: str | None = None) -> list[EventRecord]:
    """Every event (or those involving ``entity_id``), earliest first; partial dates sort
    before the days they may contain ("2019" before "2019-03")."""
    with casebook.reading() as session:
        query = select(Event)
        if entity_id is not None:
            entity = get_entity(session, entity_id)
            query = query.where(
                Event.id.in_(select(EventEntity.event_id).where(EventEntity.entity_id == entity.id))
            )
        return load_event_records(session, list(session.scalars(query)))


def event_record(casebook: Casebook, event_id: str) -> EventRecord:
    with casebook.reading() as session:
        return load_event_records(session, [resolve_event(session, event_id)])[0]


def load_event_records(session: Session, events: list[Event]) -> list[EventRecord]:
    """Records for ``events`` with their entities and evidence, sorted by date."""
    ids = [e.id for e in events]
    parties: dict[str, list[EventParty]] = defaultdict(list)
    for chunk in chunked(ids):
        rows = session.execute(
            select(EventEntity.event_id, Entity.id, Entity.caption, Entity.schema, EventEntity.role)
            .join(Entity, Entity.id == EventEntity.entity_id)
            .where(EventEntity.event_id.in_(chunk))
            .order_by(EventEntity.position)
        ).all()
        for event_id, entity_id, caption, schema, role in rows:
            parties[event_id].append(EventParty(entity_id, caption, schema, role))
    evidence = evidence_refs(session, "event_id", ids)
    records = [
        EventRecord(
            e.id,
            e.summary,
            e.start_date,
            e.end_date,
            e.place,
            e.description,
            e.handling,
            parties.get(e.id, []),
            evidence.get(e.id, []),
        )
        for e in events
    ]
    return sorted(records, key=EventRecord.sort_key)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
