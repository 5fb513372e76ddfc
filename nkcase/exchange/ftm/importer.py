"""FtM entity lines (OpenSanctions, Aleph, our own exports) into case files: one operation.

What becomes what:

- Person, Organization, Company, PublicBody, LegalEntity, Vessel, Address → an entity with its
  names and the properties our vocabulary has (cleaned by it: a value it refuses is reported),
  ``summary``, ``notes`` as notes, ``keywords`` as tags;
- Ownership, Directorship, Employment, Membership, Associate, Family, Representation,
  UnknownLink → a relationship between the entities its ends name (in this file or imported
  before); an UnknownLink from an entity to an Event with role involved/organizer (how we export
  a vessel's part in an event) → that party of the event;
- Event → an event with its ``involved``/``organizer``/``addressEntity`` parties.

Everything else is reported, never dropped in silence: an FtM schema we do not take (Document
and Note among them: a document's bytes are not in FtM, import the files themselves), each
property we do not keep (``proof``, ``sourceUrl`` of a Thing...) with how many values, each
value our vocabulary refuses, a relationship whose end is unknown. Each line taken in is
recorded in ``ftm_origin`` (FtM id, schema, dataset, file name and SHA-256); importing the same
id again updates the row it became — new names and values added, summary and dates replaced —
instead of making a second one. The whole import is one undoable operation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nkcase import vocabulary
from nkcase.errors import NkcaseError, ValidationError
from nkcase.exchange.ftm.model import ftm_model
from nkcase.exchange.ftm.reader import LineProblem, read_ftm_file
from nkcase.exchange.ftm.validate import Validator
from nkcase.model import (
    Entity,
    EntityTag,
    Event,
    EventEntity,
    Fact,
    FtmOrigin,
    Note,
    Relationship,
    new_id,
)
from nkcase.model.events import EVENT_ROLES
from nkcase.services.changes import Change, operation
from nkcase.store import Casebook
from nkcase.store.batches import chunked
from nkcase.vocabulary import NAME_PROPERTIES
from nkcase.vocabulary.levels import DEFAULT_NOTE_LEVEL

ENTITY_SCHEMATA = frozenset(s.name for s in vocabulary.ENTITY_SCHEMATA)
EDGE_SCHEMATA = frozenset(s.name for s in vocabulary.RELATIONSHIP_SCHEMATA)
TAKEN_AS_COLUMNS = frozenset({"summary", "notes", "keywords"})
FLUSH_EVERY = 2000
"""Pending rows written in one flush (the change recorder reads each batch once)."""
EDGE_COLUMNS = {"role": "role", "relationship": "role", "startDate": "start_date",
                "endDate": "end_date", "summary": "summary"}


@dataclass
class FtmImport:
    """What an import did, and everything it did not take (each reported once)."""

    path: Path
    sha256: str = ""
    lines: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    problems: list[LineProblem] = field(default_factory=list)
    not_taken_schemata: Counter[str] = field(default_factory=Counter)
    not_kept_properties: Counter[str] = field(default_factory=Counter)
    change: Change | None = None

    @property
    def taken(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def report(self) -> list[str]:
        """One line per thing not taken: refused lines, schemata, properties."""
        out = [str(p) for p in self.problems]
        out += [f"{n} {schema} line(s) not imported: "
                + ("the document's bytes are not in FtM; import the files themselves"
                   if schema in ("Document", "Note", "Mention", "Page", "Pages")
                   else "nkcase does not take this FtM schema")
                for schema, n in sorted(self.not_taken_schemata.items())]
        out += [f"{n} value(s) of {prop} not kept" for prop, n
                in sorted(self.not_kept_properties.items())]
        return out


def import_ftm(
    casebook: Casebook,
    path: Path,
    *,
    dataset: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> FtmImport:
    """Import the FtM file ``path`` (see the module doc); one undoable operation.

    Raises ValidationError, writing nothing, when not one line could be taken.
    """
    path = Path(path)
    validator = Validator()
    read = read_ftm_file(path, validator, on_progress=on_progress)
    result = FtmImport(path, read.sha256, read.lines, problems=list(read.problems))
    with operation(casebook, "ftm.import") as op:
        _Importer(op.session, result, validator, dataset, path.name).run(read.entities)
        if not result.taken:
            first = result.report()[:1] or ["the file holds no entity lines"]
            raise ValidationError(f"nothing imported from {path.name}: {first[0]}")
        op.summary = (f"Import {result.taken} FtM entities from {path.name} "
                      f"(SHA-256 {read.sha256[:12]}…)")
    result.change = op.change
    return result


class _Importer:
    def __init__(self, session: Session, result: FtmImport, validator: Validator,
                 dataset: str | None, file_name: str) -> None:
        self.session = session
        self.result = result
        self.model = ftm_model()
        self.validator = validator
        self.dataset = dataset
        self.file_name = file_name
        self.entity_of: dict[str, str] = {}
        """FtM id → our entity id (this file's and earlier imports')."""
        self.event_of: dict[str, str] = {}
        self.new_entities: dict[str, Entity] = {}
        self.new_events: dict[str, Event] = {}

    def run(self, lines: list[tuple[int, dict[str, Any]]]) -> None:
        # the newest row of an FtM id wins (a merged casebook may hold two)
        origins = {o.ftm_id: o for o in self.session.scalars(
            select(FtmOrigin).order_by(FtmOrigin.imported_at, FtmOrigin.id))}
        self.origins = origins
        self.entity_of = {k: o.entity_id for k, o in origins.items() if o.entity_id}
        self.event_of = {k: o.event_id for k, o in origins.items() if o.event_id}
        # the rows a re-import updates, read in a few queries rather than one per line
        wanted = {self.entity_of[d["id"]] for _n, d in lines if d["id"] in self.entity_of}
        # (held here: the session's identity map keeps only weak references)
        self.held: list[Any] = []
        for chunk in chunked(wanted):
            self.held += self.session.scalars(select(Entity).where(Entity.id.in_(chunk)).options(
                selectinload(Entity.facts), selectinload(Entity.notes),
                selectinload(Entity.tags))).all()
        rels = [o.relationship_id for o in origins.values() if o.relationship_id]
        for chunk in chunked(rels):
            self.held += self.session.scalars(
                select(Relationship).where(Relationship.id.in_(chunk))).all()
        things, edges, events, parties = [], [], [], []
        ids = {d["id"]: d["schema"] for _n, d in lines}
        for number, data in lines:
            schema = data["schema"]
            if schema in ENTITY_SCHEMATA:
                things.append((number, data))
            elif schema == "UnknownLink" and any(
                    ids.get(o) == "Event" for o in data["properties"].get("object", [])):
                parties.append((number, data))
            elif schema in EDGE_SCHEMATA:
                edges.append((number, data))
            elif schema == "Event":
                events.append((number, data))
            else:
                self.result.not_taken_schemata[schema] += 1
        for number, data in things:
            self._guard(number, data, self._thing)
        for number, data in edges:
            self._guard(number, data, self._edge)
        for number, data in events:
            self._guard(number, data, self._event)
        for number, data in parties:
            self._guard(number, data, self._party)

    def _entity(self, entity_id: str) -> Entity | None:
        """Ours by id: one made in this import (pending, not flushed) or one stored."""
        with self.session.no_autoflush:  # the identity map answers for rows read above
            return self.new_entities.get(entity_id) or self.session.get(Entity, entity_id)

    def _guard(self, number: int, data: dict[str, Any], step: Callable[..., None]) -> None:
        try:  # each step checks what it can refuse before it writes anything
            step(number, data)
        except NkcaseError as err:
            self.result.problems.append(LineProblem(number, f"{data['id']}: {err.message}"))

    def _origin(self, data: dict[str, Any], **target: str) -> None:
        found = self.origins.get(data["id"])
        datasets = data.get("datasets")
        listed = [d for d in datasets if isinstance(d, str)] if isinstance(datasets, list) else []
        dataset = self.dataset or ",".join(listed)
        if found is None:
            found = FtmOrigin(ftm_id=data["id"], schema=data["schema"], **target,
                              file_sha256=self.result.sha256)
            self.session.add(found)
            self.origins[data["id"]] = found
        for key, value in (("dataset", dataset), ("file_name", self.file_name),
                           ("file_sha256", self.result.sha256), *target.items()):
            _set(found, key, value)

    def _count(self, schema: str, updated: bool) -> None:
        (self.result.updated if updated else self.result.created)[schema] += 1

    def _not_kept(self, schema: str, prop: str, n: int) -> None:
        self.result.not_kept_properties[f"{schema}.{prop}"] += n

    # -- entities ------------------------------------------------------------------------------
    def _thing(self, number: int, data: dict[str, Any]) -> None:
        schema = data["schema"]
        props: dict[str, list[str]] = data["properties"]
        existing_id = self.entity_of.get(data["id"])
        entity = self._entity(existing_id) if existing_id else None
        names = [v for p in ("name",) for v in props.get(p, [])]
        if entity is None:
            if not names:
                raise ValidationError(f"{schema} without a name")
            caption = vocabulary.clean_value(schema, "name", names[0])
            # ids and empty collections set here: no flush and no lazy load per entity
            entity = Entity(id=new_id(), schema=schema, caption=caption, facts=[], notes=[],
                            tags=[])
            self.session.add(entity)
            self.new_entities[entity.id] = entity
        summary = " ".join(props.get("summary", []))
        if summary:
            _set(entity, "summary", summary.strip())
        have = {(f.prop, f.value) for f in entity.facts}
        position = max((f.position for f in entity.facts), default=0)
        for ftm_prop, values in props.items():
            prop = ftm_prop
            if ftm_prop in TAKEN_AS_COLUMNS:
                continue
            if vocabulary.get_schema(schema).get_property(prop) is None:
                self._not_kept(schema, ftm_prop, len(values))
                continue
            for raw in values:
                try:
                    value = vocabulary.clean_value(schema, prop, raw)
                except ValidationError as err:
                    self.result.problems.append(
                        LineProblem(number, f"{data['id']}: {err.message}"))
                    continue
                if (prop, value) in have:
                    continue
                if not vocabulary.is_multiple(schema, prop):
                    for old in [f for f in entity.facts if f.prop == prop]:
                        entity.facts.remove(old)
                        self.session.delete(old)
                position += 1
                script = vocabulary.detect_script(value) if prop in NAME_PROPERTIES else None
                entity.facts.append(Fact(prop=prop, value=value, script=script,
                                         position=position))
                have.add((prop, value))
        notes = {n.text for n in entity.notes}
        for text in props.get("notes", []):
            if text.strip() and text.strip() not in notes:
                entity.notes.append(Note(text=text.strip(), handling=DEFAULT_NOTE_LEVEL))
        tags = {t.tag for t in entity.tags}
        for tag in props.get("keywords", []):
            clean = " ".join(tag.split())
            if clean and clean not in tags:
                entity.tags.append(EntityTag(tag=clean))
                tags.add(clean)
        self._count(schema, existing_id is not None)
        self.entity_of[data["id"]] = entity.id
        self._origin(data, entity_id=entity.id)
        if len(self.session.new) > FLUSH_EVERY:  # once per entity: it counts every new row
            self.session.flush()

    # -- relationships ---------------------------------------------------------------------------
    def _end(self, data: dict[str, Any], prop: str) -> Entity:
        refs = data["properties"].get(prop, [])
        if len(refs) != 1:
            raise ValidationError(f"{prop} names {len(refs)} entities (one is needed)")
        our = self.entity_of.get(refs[0])
        entity = self._entity(our) if our else None
        if entity is None:
            raise ValidationError(f"{prop} {refs[0]} is neither in the file nor imported before")
        return entity

    def _edge(self, number: int, data: dict[str, Any]) -> None:
        schema = vocabulary.get_schema(data["schema"])
        assert schema.edge is not None
        subject = self._end(data, schema.edge.source_prop)
        obj = self._end(data, schema.edge.target_prop)
        vocabulary.check_edge(schema.name, subject.schema, obj.schema)
        for prop in ("startDate", "endDate"):
            for value in data["properties"].get(prop, [])[:1]:
                vocabulary.clean_value(schema.name, prop, value)  # refused before any write
        existing = self.origins.get(data["id"])
        rel = (self.session.get(Relationship, existing.relationship_id)
               if existing and existing.relationship_id else None)
        if rel is None:
            rel = Relationship(id=new_id(), schema=schema.name, subject_id=subject.id,
                               object_id=obj.id)
            self.session.add(rel)
        for prop, values in data["properties"].items():
            if prop in (schema.edge.source_prop, schema.edge.target_prop):
                continue
            column = EDGE_COLUMNS.get(prop)
            if column is None:
                self._not_kept(schema.name, prop, len(values))
                continue
            if column in ("start_date", "end_date"):
                _set(rel, column, vocabulary.clean_value(schema.name, prop, values[0])
                     if values else None)
                if len(values) > 1:
                    self._not_kept(schema.name, prop, len(values) - 1)
            else:
                _set(rel, column, " ".join(" ".join(values).split()) if column == "role"
                     else "\n".join(values).strip())
        self._count(schema.name, existing is not None)
        self._origin(data, relationship_id=rel.id)

    # -- events ---------------------------------------------------------------------------------
    def _event(self, number: int, data: dict[str, Any]) -> None:
        props: dict[str, list[str]] = data["properties"]
        dates = props.get("startDate") or props.get("date")
        if not dates:
            raise ValidationError("an Event without startDate or date")
        start = vocabulary.clean_value("Event", "startDate", dates[0])
        ends = props.get("endDate")
        end = vocabulary.clean_value("Event", "endDate", ends[0]) if ends else None
        existing_id = self.event_of.get(data["id"])
        event = self.session.get(Event, existing_id) if existing_id else None
        if event is None:
            event = Event(id=new_id(), summary="", start_date=start, entities=[])
            self.new_events[event.id] = event
            self.session.add(event)
        for column, value in (
            ("summary", " ".join((props.get("name") or props.get("summary") or ["Event"])[0]
                                 .split())),
            ("start_date", start), ("end_date", end),
            ("place", " ".join(" ".join(props.get("location", [])).split())),
            ("description", "\n".join(props.get("description", [])).strip()),
        ):
            _set(event, column, value)
        kept = {"name", "startDate", "date", "endDate", "location", "description",
                *EVENT_ROLES, "addressEntity"}
        for prop, values in props.items():
            if prop not in kept:
                self._not_kept("Event", prop, len(values))
        for role in (*EVENT_ROLES, "addressEntity"):
            for ref in props.get(role, []):
                entity_id = self.entity_of.get(ref)
                if entity_id is None:
                    self.result.problems.append(LineProblem(
                        number, f"{data['id']}: {role} {ref} is neither in the file nor "
                        "imported before"))
                    continue
                self._add_party(event, entity_id,
                                "involved" if role == "addressEntity" else role)
        self._count("Event", existing_id is not None)
        self.event_of[data["id"]] = event.id
        self._origin(data, event_id=event.id)

    def _add_party(self, event: Event, entity_id: str, role: str) -> None:
        if all(p.entity_id != entity_id for p in event.entities):
            position = len(event.entities)
            event.entities.append(EventEntity(entity_id=entity_id, role=role,
                                              position=position))

    def _party(self, number: int, data: dict[str, Any]) -> None:
        props = data["properties"]
        entity = self._end(data, "subject")
        event_id = self.event_of.get(props["object"][0])
        event = (self.new_events.get(event_id) or self.session.get(Event, event_id)
                 if event_id else None)
        if event is None:
            raise ValidationError(f"event {props['object'][0]} was not imported")
        role = (props.get("role") or ["involved"])[0]
        self._add_party(event, entity.id, role if role in EVENT_ROLES else "involved")
        self._count("UnknownLink", False)


def _set(row: Any, column: str, value: Any) -> None:
    """Assign only a changed value: an unchanged row stays out of the flush (and the record)."""
    if getattr(row, column) != value:
        setattr(row, column, value)
