"""A casebook (or some of its case files) as FollowTheMoney entity lines, at a handling level.

What a level withholds is decided by the one visibility rule
(:func:`nkcase.services.visibility.level_view`, i.e. ``load_levels(...).at(level)``): an entity,
name, fact, note, relationship, event, quote or source the rule does not show is never read
into a line, and a visible item names as its evidence only the quotes the rule shows
(``shown_support``). The lines:

- each visible entity with its visible names and facts, its summary, visible notes (``notes``)
  and tags (``keywords``), and in ``proof`` the Documents its shown quotes come from (its own,
  its names', facts' and notes');
- each visible relationship as FtM's interval schema (Ownership owner → asset, ...) with role,
  dates, summary and ``proof``; one whose ends FtM's ranges refuse (an Ownership of an
  Organization that is no Company) as an UnknownLink whose role names our schema;
- each visible event as an Event (``involved``/``organizer`` for legal entities, an address as
  ``addressEntity``, any other party — a vessel — as an UnknownLink from it to the event);
- each source cited by a shown quote (every visible source for a whole casebook) as a
  Document: title, fileName, mimeType, fileSize, contentHash (SHA-1 of the original bytes, as
  Aleph computes it) and our SHA-256 as a labelled line of ``notes``;
- each shown quote of an exported item as a Note: the exact text in ``description``, its pages
  in ``summary`` ("p. 12"), its Document in ``proof`` and ``entity`` (with the entities and
  events it supports), the quote's own note and credibility in ``notes``.

The file is written beside ``out`` and renamed into place: a cancelled or failed export leaves
nothing behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nkcase.errors import CancelledError, ValidationError
from nkcase.exchange.ftm.documents import document_line, fit_name, line, quote_line
from nkcase.exchange.ftm.ids import ftm_id
from nkcase.exchange.ftm.model import ftm_model
from nkcase.exchange.ftm.validate import Validator
from nkcase.exchange.ftm.values import export_value
from nkcase.levels import Withheld
from nkcase.model import (
    Entity,
    EntityTag,
    Event,
    EventEntity,
    Evidence,
    Fact,
    Note,
    Quote,
    Relationship,
    Source,
)
from nkcase.services.levels import WITHHELD_NAME
from nkcase.services.visibility import LevelView, level_view
from nkcase.store import Casebook
from nkcase.store.batches import chunked
from nkcase.vocabulary.levels import check_level

ProgressCallback = Callable[[int, int, str], None]
DEFAULT_LEVEL = "internal"
"""As for dossiers: what a colleague may see; say ``public`` for a hand-off outside."""


@dataclass
class FtmExport:
    """What an export wrote."""

    path: Path
    level: str
    lines: int = 0
    by_schema: Counter[str] = field(default_factory=Counter)
    withheld: Withheld = field(default_factory=Withheld)
    as_notes: int = 0
    """Values FtM's types would refuse, kept as labelled lines of ``notes``."""
    as_unknown_link: int = 0
    """Relationships (and event parties) FtM's ranges refuse, written as UnknownLink."""


def export_ftm(
    casebook: Casebook,
    out: Path,
    *,
    level: str = DEFAULT_LEVEL,
    entity_ids: Sequence[str] | None = None,
    on_progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> FtmExport:
    """Write the casebook (``entity_ids`` None) or those case files, their relationships,
    events and evidence, to ``out`` as FtM lines at ``level`` (see the module doc)."""
    level = check_level(level)
    out = Path(out)
    if not out.parent.is_dir():
        raise ValidationError(f"folder {out.parent} does not exist")
    result = FtmExport(out, level)

    def step(done: int, total: int, label: str) -> None:
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("export cancelled")
        if on_progress is not None:
            on_progress(done, total, label)

    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            with casebook.reading() as session:
                view = level_view(session, level, entity_ids=entity_ids)
                builder = _Builder(session, view, entity_ids, result, step)
                for line in builder.lines():
                    handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True))
                    handle.write("\n")
                    result.lines += 1
                    result.by_schema[line["schema"]] += 1
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


class _Builder:
    """Reads what the level shows and yields the lines (entities, links, events, evidence)."""

    def __init__(
        self,
        session: Session,
        view: LevelView,
        entity_ids: Sequence[str] | None,
        result: FtmExport,
        step: ProgressCallback,
    ) -> None:
        self.session = session
        self.view = view
        self.result = result
        self.step = step
        self.model = ftm_model()
        self.validator = Validator(self.model)
        self.scope = None if entity_ids is None else list(dict.fromkeys(entity_ids))
        self.quote_targets: dict[str, list[str]] = defaultdict(list)
        """Shown quote → the FtM ids of the exported Things it supports."""
        self.cited: set[str] = set()
        """Shown quotes named as evidence by some exported item."""

    # -- what to export ------------------------------------------------------------------------
    def _entities(self) -> list[Entity]:
        shows = self.view.shows
        if self.scope is None:
            rows = list(self.session.scalars(select(Entity).order_by(Entity.created_at)))
            return [e for e in rows if shows(e.id)]
        rels = self._relationships_of(self.scope)
        wanted = list(self.scope)
        wanted += [end for r in rels if shows(r.id) for end in (r.subject_id, r.object_id)]
        found: dict[str, Entity] = {}
        for chunk in chunked(wanted):
            found.update({e.id: e for e in self.session.scalars(
                select(Entity).where(Entity.id.in_(chunk)))})
        return [found[i] for i in dict.fromkeys(wanted) if i in found and shows(i)]

    def _relationships_of(self, ids: Collection[str] | None) -> list[Relationship]:
        if ids is None:
            return list(self.session.scalars(select(Relationship)
                                             .order_by(Relationship.created_at)))
        found: dict[str, Relationship] = {}
        for chunk in chunked(ids):
            for column in (Relationship.subject_id, Relationship.object_id):
                found.update({r.id: r for r in self.session.scalars(
                    select(Relationship).where(column.in_(chunk)))})
        return sorted(found.values(), key=lambda r: (r.created_at, r.id))

    def _by_entity(self, model: Any, column: Any, ids: Collection[str]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = defaultdict(list)
        for chunk in chunked(ids):
            for row in self.session.scalars(select(model).where(column.in_(chunk))):
                out[getattr(row, column.key)].append(row)
        return out

    # -- lines ---------------------------------------------------------------------------------
    def lines(self) -> Iterator[dict[str, Any]]:
        entities = self._entities()
        exported = {e.id: e for e in entities}
        self.exported = exported
        ids = list(exported)
        facts = self._by_entity(Fact, Fact.entity_id, ids)
        notes = self._by_entity(Note, Note.entity_id, ids)
        tags = self._by_entity(EntityTag, EntityTag.entity_id, ids)
        self.evidence = self._evidence_by_target()
        self.quote_source: dict[str, str] = {
            q: s for q, s in self.session.execute(select(Quote.id, Quote.source_id))}
        total = len(entities) + 3
        for done, entity in enumerate(entities):
            if done % 200 == 0:
                self.step(done, total, "case files")
            yield self._entity_line(entity, facts[entity.id], notes[entity.id], tags[entity.id])
        self.step(len(entities), total, "relationships")
        rels = self._relationships_of(None if self.scope is None else ids)
        for rel in rels:
            if self.view.shows(rel.id) and rel.subject_id in exported \
                    and rel.object_id in exported:
                yield self._relationship_line(rel)
        self.step(len(entities) + 1, total, "events")
        yield from self._event_lines()
        self.step(len(entities) + 2, total, "sources and quotes")
        yield from self._evidence_lines()
        withheld_scope = ids if self.scope is None else self.scope
        self.result.withheld = self.view.visibility.withheld_in(withheld_scope)
        self.step(total, total, "done")

    def _evidence_by_target(self) -> dict[str, list[str]]:
        """Item id → its quote ids, for every evidence link (filtered later by the rule)."""
        out: dict[str, list[str]] = defaultdict(list)
        columns = (Evidence.entity_id, Evidence.fact_id, Evidence.relationship_id,
                   Evidence.note_id, Evidence.event_id)
        for row in self.session.execute(select(Evidence.quote_id, *columns)):
            target = next(t for t in row[1:] if t is not None)
            out[target].append(row[0])
        return out

    def _proof(self, item_ids: Sequence[str], thing: str | None) -> list[str]:
        """The Documents of the quotes the rule shows as evidence of ``item_ids``; each such
        quote is remembered (with ``thing``, the FtM id it supports, when a Note may name
        it)."""
        quotes: list[str] = []
        for item_id in item_ids:
            shown = set(self.view.shown_support(item_id))
            quotes += [q for q in self.evidence.get(item_id, ()) if q in shown]
        for quote_id in dict.fromkeys(quotes):
            self.cited.add(quote_id)
            if thing is not None and thing not in self.quote_targets[quote_id]:
                self.quote_targets[quote_id].append(thing)
        return [ftm_id("source", self.quote_source[q]) for q in dict.fromkeys(quotes)]

    def _entity_line(
        self, entity: Entity, facts: list[Fact], notes: list[Note], tags: list[EntityTag]
    ) -> dict[str, Any]:
        schema = self.model.schemata[entity.schema]
        fid = ftm_id("entity", entity.id)
        props: dict[str, list[str]] = defaultdict(list)
        shown_facts = [f for f in sorted(facts, key=lambda f: f.position)
                       if self.view.shows(f.id)]
        for fact in shown_facts:
            self._put(props, schema, entity.schema, fact.prop, fact.value)
        if not props.get("name"):  # FtM requires one: the first visible name, shortened
            props["name"] = [fit_name(self.view.caption_at(entity.id, WITHHELD_NAME))]
        if entity.summary:
            self._put(props, schema, entity.schema, "summary", entity.summary)
        shown_notes = [n for n in sorted(notes, key=lambda n: n.created_at)
                       if self.view.shows(n.id)]
        props["notes"] += [n.text for n in shown_notes]
        props["keywords"] += sorted(t.tag for t in tags)
        proof = self._proof([entity.id, *(f.id for f in shown_facts),
                             *(n.id for n in shown_notes)], fid)
        props["proof"] += proof
        return line(fid, entity.schema, props)

    def _put(self, props: dict[str, list[str]], schema: Any, our_schema: str, prop: str,
             value: str) -> None:
        target, ftm_value = export_value(self.validator, schema, our_schema, prop, value)
        if target == "notes" and prop != "notes":
            self.result.as_notes += 1
        props[target].append(ftm_value)

    def _relationship_line(self, rel: Relationship) -> dict[str, Any]:
        schema = self.model.schemata[rel.schema]
        subject = self.exported[rel.subject_id]
        obj = self.exported[rel.object_id]
        role = rel.role
        assert schema.edge is not None
        source, target = schema.edge
        if not (self._fits(schema, source, subject.schema)
                and self._fits(schema, target, obj.schema)):
            self.result.as_unknown_link += 1
            role = f"{rel.schema}: {role}" if role else rel.schema
            schema = self.model.schemata["UnknownLink"]
            source, target = "subject", "object"
        props: dict[str, list[str]] = defaultdict(list)
        props[source] = [ftm_id("entity", subject.id)]
        props[target] = [ftm_id("entity", obj.id)]
        for prop, value in (("role", role), ("startDate", rel.start_date),
                            ("endDate", rel.end_date), ("summary", rel.summary)):
            if value:
                self._put(props, schema, rel.schema, prop, value)
        props["proof"] = self._proof([rel.id], None)
        return line(ftm_id("rel", rel.id), schema.name, props)

    def _fits(self, schema: Any, prop: str, entity_schema: str) -> bool:
        wanted = schema.properties[prop].range
        return wanted is None or self.model.schemata[entity_schema].is_a(wanted)

    def _event_lines(self) -> Iterator[dict[str, Any]]:
        events = list(self.session.scalars(select(Event).order_by(Event.start_date, Event.id)))
        parties = self._by_entity(EventEntity, EventEntity.event_id, [e.id for e in events])
        schema = self.model.schemata["Event"]
        for event in events:
            if not self.view.shows(event.id):
                continue
            shown = [p for p in sorted(parties[event.id], key=lambda p: p.position)
                     if p.entity_id in self.exported]
            if self.scope is not None and not any(p.entity_id in self.scope for p in shown):
                continue
            fid = ftm_id("event", event.id)
            props: dict[str, list[str]] = defaultdict(list)
            props["name"] = [fit_name(event.summary)]
            if fit_name(event.summary) != event.summary:
                props["summary"] = [event.summary]
            for prop, value in (("startDate", event.start_date), ("endDate", event.end_date),
                                ("location", event.place), ("description", event.description)):
                if value:
                    self._put(props, schema, "Event", prop, value)
            links: list[dict[str, Any]] = []
            for party in shown:
                party_schema = self.model.schemata[self.exported[party.entity_id].schema]
                party_id = ftm_id("entity", party.entity_id)
                if party_schema.is_a("LegalEntity"):
                    props[party.role].append(party_id)
                elif party_schema.is_a("Address") and party.role == "involved":
                    props["addressEntity"].append(party_id)
                else:
                    self.result.as_unknown_link += 1
                    links.append(line(ftm_id("party", event.id, party.entity_id),
                                       "UnknownLink",
                                       {"subject": [party_id], "object": [fid],
                                        "role": [party.role]}))
            props["proof"] = self._proof([event.id], fid)
            yield line(fid, "Event", props)
            yield from links

    def _evidence_lines(self) -> Iterator[dict[str, Any]]:
        quotes: dict[str, Quote] = {}
        for chunk in chunked(self.cited):
            quotes.update({q.id: q for q in self.session.scalars(
                select(Quote).where(Quote.id.in_(chunk)))})
        if self.scope is None:
            sources = [s for s in self.session.scalars(select(Source).order_by(Source.title))
                       if self.view.shows(s.id)]
        else:
            wanted = {q.source_id for q in quotes.values()}
            sources = [s for s in self.session.scalars(select(Source).order_by(Source.title))
                       if s.id in wanted]
        for source in sources:
            yield document_line(self.session, self.validator, source)
        for quote in sorted(quotes.values(), key=lambda q: (q.source_id, q.start_offset)):
            yield quote_line(quote, self.quote_targets.get(quote.id, ()))
