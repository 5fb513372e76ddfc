"""Planning a merge: what comes across, what is unified, what needs a person's decision.

:func:`plan_merge` compares every table of two casebooks row by row (UUID keys: a row keeps
its identity across casebooks) through the ORM's Core expressions only, so the target may be
any backend. Identity is widened where the same thing was made twice:

- a source with the same SHA-256 is the same source: its quotes are re-pointed to ours
  (with its text versions, by their text's SHA-256);
- a fact with the same entity, property and value is the same fact;
- a screening candidate with the same subject, list and record is the same candidate;
- a sanctions list snapshot with the same SHA-256 is the same snapshot;
- an entity of theirs a person decided to **combine** with one of ours becomes ours.

Rows present on one side only come across; rows both hold differently are compared by their
stamps (:mod:`nkcase.model.versioned`) against each side's history
(:mod:`nkcase.exchange.merge.history`): one side older → the newer comes across; both changed
since they diverged → a :class:`~nkcase.exchange.merge.plan_data.Question` with here, there
and the base. Rows the other side
deleted that we still hold unchanged are deleted. A single-valued property (a vessel's flag)
set differently on both sides is a question. Entities of theirs that look like ours (names
across scripts and romanisations, identifiers) are proposed as duplicates, never combined
without a decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from nkcase.exchange.merge.chains import chain_rows
from nkcase.exchange.merge.history import RowId, base_state, load_history, origin_of
from nkcase.exchange.merge.incoming import IncomingEdit
from nkcase.exchange.merge.plan_data import MergePlan, Question, QuestionKind
from nkcase.graph.state import ChartState
from nkcase.model import STAMP_COLUMNS, VERSIONED_TABLES, Base
from nkcase.services.rows import Key, Row
from nkcase.services.stored_values import large_columns
from nkcase.vocabulary import is_multiple

#: Tables never merged as rows: the header is ours, audit events go to the merged chain.
NOT_MERGED = frozenset({
    "casebook", "audit_event", "merged_chain", "merged_audit_event",
    # derived from the list rows under the other casebook's integer keys: built again here
    "list_blocking",
})
#: Sanctions list rows (integer keys) come with their snapshot: see apply.copy_lists.
LIST_ROWS = frozenset({"list_record", "list_name", "list_identifier"})
#: Columns that record when, not what: a difference only there needs nobody's decision.
BOOKKEEPING = frozenset({"updated_at", *STAMP_COLUMNS})


def merge_tables() -> list[Table]:
    """The tables merged row by row, parents first."""
    return [t for t in Base.metadata.sorted_tables
            if t.name not in NOT_MERGED and t.name not in LIST_ROWS]


def _small_columns(table: Table) -> list[Any]:
    large = large_columns().get(table.name, frozenset())
    return [c for c in table.columns if c.name not in large]


def _load(session: Session, table: Table) -> dict[Key, Row]:
    keys = [c.name for c in table.primary_key.columns]
    rows = session.execute(select(*_small_columns(table))).mappings()
    return {tuple(r[k] for k in keys): dict(r) for r in rows}


def _content(row: Row) -> Row:
    return {k: v for k, v in row.items() if k not in BOOKKEEPING}


def plan_merge(
    target: Session, other: Session, decisions: Mapping[str, str] | None = None
) -> MergePlan:
    """Plan merging the casebook of ``other`` into that of ``target`` (both sessions read).

    ``decisions`` (question id → choice) are applied to the plan: a combined duplicate is
    re-pointed, a conflict answered "there" comes across. Questions stay listed with the
    decisions that answer them.
    """
    return _Planner(target, other, dict(decisions or {})).run()


class _Planner:
    def __init__(self, target: Session, other: Session, decisions: dict[str, str]) -> None:
        self.target, self.other, self.decisions = target, other, decisions
        head, events = chain_rows(other, target)
        self.plan = MergePlan(other=head, other_engine=other.get_bind())  # type: ignore[arg-type]
        self.here: dict[str, dict[Key, Row]] = {}
        self.there: dict[str, dict[Key, Row]] = {}
        known = {target.scalar(select(Base.metadata.tables["casebook"].c.audit_head))}
        known |= set(target.scalars(select(Base.metadata.tables["merged_chain"].c.audit_head)))
        if head["audit_head"] and head["audit_head"] not in known:
            self.plan.chain = head
            self.plan.chain_events = events

    def run(self) -> MergePlan:
        tables = merge_tables()
        for table in tables:
            self.here[table.name] = _load(self.target, table)
            self.there[table.name] = _load(self.other, table)
        self._identities()
        pending: dict[str, dict[Key, Row]] = {t.name: self._remapped(t) for t in tables}
        self._theirs_facts = {k: r for k, r in pending["fact"].items()}
        wanted: set[RowId] = set()
        for table in tables:
            theirs, ours = pending[table.name], self.here[table.name]
            wanted |= {(table.name, k) for k in theirs.keys() ^ ours.keys()}
            wanted |= {(table.name, k) for k in theirs.keys() & ours.keys()
                       if _content(theirs[k]) != _content(ours[k])}
        self.hist_here = load_history(self.target, wanted, every=("fact",))
        self.hist_there = load_history(self.other, wanted, every=("fact",))
        for table in tables:
            self._compare(table, pending[table.name])
        self._property_values()
        from nkcase.exchange.merge.duplicates import propose_duplicates

        self.plan.questions.extend(propose_duplicates(self))
        return self.plan

    # -- identities ---------------------------------------------------------------------
    def _unify(self, table: str, by: Callable[[Row], Any], remap: bool = True) -> None:
        """Map their rows to ours when ``by`` (after remapping) agrees and the keys differ."""
        ours = {by(r): k for k, r in self.here[table].items()}
        for key, row in self.there[table].items():
            found = ours.get(by(self._remap_row(table, row) if remap else row))
            if found is not None and found != key:
                self.plan.maps[table][key[0]] = found[0]
                self.plan.unified[table] += 1

    def _identities(self) -> None:
        self._unify("source", lambda r: r["sha256"], remap=False)
        self._unify("list_snapshot", lambda r: r["sha256"], remap=False)
        self._unify("text_version", lambda r: (r["source_id"], r["text_sha256"]))
        for question_id, choice in self.decisions.items():
            if choice == "combine" and question_id.startswith("same:"):
                _kind, ours, theirs = question_id.split(":")
                if (ours,) in self.here["entity"] and (theirs,) in self.there["entity"]:
                    self.plan.maps["entity"][theirs] = ours
        self._unify("fact", lambda r: (r["entity_id"], r["prop"], r["value"]))
        self._unify("screening_candidate",
                    lambda r: (r["subject_key"], r["list_code"], r["record_key"]))
        self.plan.new_snapshots = [
            k[0] for k in self.there["list_snapshot"]
            if k[0] not in self.plan.maps["list_snapshot"] and k not in self.here["list_snapshot"]
        ]

    def _remap_row(self, table: str, row: Row) -> Row:
        out = dict(row)
        for column in Base.metadata.tables[table].columns:
            for fk in column.foreign_keys:
                mapping = self.plan.maps.get(fk.column.table.name)
                if mapping and out.get(column.name) in mapping:
                    out[column.name] = mapping[out[column.name]]
        if table == "screening_candidate" and out["subject_key"] in self.plan.maps["entity"]:
            out["subject_key"] = self.plan.maps["entity"][out["subject_key"]]
        if table == "chart" and self.plan.maps["entity"]:
            state = ChartState.from_json(out["state"])
            state.entity_ids = [self.plan.maps["entity"].get(e, e) for e in state.entity_ids]
            state.positions = {self.plan.maps["entity"].get(e, e): p
                               for e, p in state.positions.items()}
            out["state"] = state.to_json()
        return out

    def _remapped(self, table: Table) -> dict[Key, Row]:
        name = table.name
        mapping = self.plan.maps.get(name, {})
        keys = [c.name for c in table.primary_key.columns]
        out: dict[Key, Row] = {}
        for key, row in self.there[name].items():
            if len(key) == 1 and key[0] in mapping:
                continue  # the same thing as one of ours
            fixed = self._remap_row(name, row)
            out[tuple(fixed[k] for k in keys)] = fixed
        return out

    # -- rows ---------------------------------------------------------------------------
    def _ask(self, question: Question) -> str | None:
        self.plan.questions.append(question)
        return self.decisions.get(question.id)

    def _compare(self, table: Table, theirs: dict[Key, Row]) -> None:
        name, ours = table.name, self.here[table.name]
        versioned = name in VERSIONED_TABLES
        for key, row in theirs.items():
            row_id = (name, key)
            mine = ours.get(key)
            if mine is None:
                if not self.hist_here.knew(row_id):
                    self._insert(name, row)
                elif (versioned and not self.hist_here.had(row_id, origin_of(row))
                      and self._ask(self._question("edited_there", name, key, None, row))
                      == "there"):
                    self._insert(name, row)  # deleted here, edited there since: restored
                continue
            if _content(mine) == _content(row):
                continue
            if not versioned or origin_of(mine) == origin_of(row):
                if set(_diff(mine, row)) <= BOOKKEEPING:
                    continue
                if not versioned:
                    continue  # links are never edited in place; keep ours
                continue  # same origin: no edit nkcase knows of on either side (a level copy)
            if self.hist_there.had(row_id, origin_of(mine)):
                self.plan.updates[name].append(row)  # theirs is newer
                self._note_incoming(name, mine, row)
            elif self.hist_here.had(row_id, origin_of(row)):
                continue  # ours is newer
            elif set(_diff(mine, row)) <= BOOKKEEPING:
                continue
            elif self._ask(self._question("conflict", name, key, mine, row)) == "there":
                self.plan.updates[name].append(row)
        for key, mine in ours.items():
            if key in theirs:
                continue
            row_id = (name, key)
            mapped = len(key) == 1 and key[0] in self._mapped_to(name)
            if not self.hist_there.knew(row_id) or mapped:
                continue  # ours alone
            if not versioned or self.hist_there.had(row_id, origin_of(mine)):
                self.plan.deletes[name].append(key)  # deleted there, unchanged here
            elif self._ask(self._question("edited_here", name, key, mine, None)) == "there":
                self.plan.deletes[name].append(key)

    def _note_incoming(self, table: str, mine: Row, theirs: Row) -> None:
        shown = [c for c in _diff(mine, theirs) if c not in BOOKKEEPING]
        if shown:
            self.plan.incoming.append(IncomingEdit(
                table, self._title(table, mine), {c: mine.get(c) for c in shown},
                {c: theirs.get(c) for c in shown}))

    def _mapped_to(self, table: str) -> set[Any]:
        return set(self.plan.maps.get(table, {}).values())

    def _insert(self, table: str, row: Row) -> None:
        if table == "chart":
            names = {r["name"] for r in self.here["chart"].values()}
            if row["name"] in names:
                row = {**row, "name": f"{row['name']} (from {self.plan.other['name']})"}
        self.plan.inserts[table].append(row)

    def _question(self, kind: QuestionKind, table: str, key: Key, mine: Row | None,
                  theirs: Row | None) -> Question:
        row_id = (table, key)
        base = base_state(self.hist_here, self.hist_there, row_id)
        columns = _diff(mine or {}, theirs or {}) if mine and theirs else []
        shown = [c for c in columns if c not in BOOKKEEPING]

        def pick(row: Row | None) -> dict[str, Any]:
            if row is None:
                return {}
            return {c: row.get(c) for c in shown} if shown else _content(row)

        return Question(
            id=f"{table}:{':'.join(str(k) for k in key)}",
            kind=kind,
            table=table,
            title=self._title(table, mine or theirs or {}),
            here=pick(mine),
            there=pick(theirs),
            base=pick(base) if base is not None else None,
            choices=("here", "there"),
            detail={"conflict": "changed on both sides since they diverged",
                    "edited_here": "changed here, deleted there",
                    "edited_there": "deleted here, changed there"}[kind],
        )

    def _title(self, table: str, row: Row) -> str:
        if table == "entity":
            return f"{row.get('schema')} “{row.get('caption')}”"
        if table == "source":
            return f"source “{row.get('title')}”"
        if table == "fact":
            entity = self.here["entity"].get((row.get("entity_id"),)) or self.there["entity"].get(
                (row.get("entity_id"),), {})
            return f"{row.get('prop')} of “{entity.get('caption', '?')}”"
        label = row.get("caption") or row.get("name") or row.get("summary") or row.get("exact")
        return f"{table.replace('_', ' ')} “{str(label)[:60]}”" if label else table

    # -- property values -----------------------------------------------------------------
    def _value_sets(self) -> dict[tuple[str, str], tuple[dict[str, Row], dict[str, Row],
                                                         set[str]]]:
        """Per (entity, property) touched by the merge: our facts and theirs by value, and the
        values of the base (facts both sides hold or held: they predate the divergence)."""
        touched = {(r["entity_id"], r["prop"]) for r in self.plan.inserts.get("fact", [])}
        touched |= {(self.here["fact"][k]["entity_id"], self.here["fact"][k]["prop"])
                    for k in self.plan.deletes.get("fact", [])}
        touched |= {(s["entity_id"], s["prop"]) for (rid, _o), s in self.hist_here.states.items()
                    if rid[0] == "fact" and rid in self.hist_there.origins}
        ours: dict[tuple[str, str], dict[str, Row]] = defaultdict(dict)
        for row in self.here["fact"].values():
            ours[(row["entity_id"], row["prop"])][row["value"]] = row
        theirs: dict[tuple[str, str], dict[str, Row]] = defaultdict(dict)
        for row in self._theirs_facts.values():
            theirs[(row["entity_id"], row["prop"])][row["value"]] = row
        base: dict[tuple[str, str], set[str]] = defaultdict(set)
        both_knew = (set(self.hist_here.origins) | {("fact", k) for k in self.here["fact"]}) & (
            set(self.hist_there.origins) | {("fact", k) for k in self._theirs_facts})
        for row_id in both_knew:
            if row_id[0] != "fact":
                continue
            found: Row | None = self.here["fact"].get(row_id[1]) or self._theirs_facts.get(
                row_id[1])
            if found is None:
                found = next((s for (rid, _o), s in self.hist_here.states.items()
                            if rid == row_id), None)
            if found is not None:
                base[(found["entity_id"], found["prop"])].add(found["value"])
        return {k: (ours.get(k, {}), theirs.get(k, {}), base.get(k, set())) for k in touched}

    def _property_values(self) -> None:
        """Values of one property changed on both sides since they diverged (a vessel's flag
        replaced here by one value and there by another) are a question; values only added
        on both sides (aliases) come together."""
        schemas = {k[0]: r["schema"] for k, r in self.here["entity"].items()}
        schemas.update({k[0]: r["schema"] for k, r in self.there["entity"].items()})
        for (entity_id, prop), (ours, theirs, base) in sorted(self._value_sets().items()):
            here, there = set(ours), set(theirs)
            if here == base and there != base:
                entity = (self.here["entity"].get((entity_id,))
                          or self.there["entity"][(entity_id,)])
                self.plan.incoming.append(IncomingEdit(
                    "fact", f"{prop} of {entity['schema']} “{entity['caption']}”",
                    {prop: sorted(here)}, {prop: sorted(there)}))
                continue
            if here in (there, base) or there == base:
                continue
            removed = (base - here) or (base - there)
            schema = schemas.get(entity_id)
            if not removed and (schema is None or is_multiple(schema, prop)):
                continue
            entity = self.here["entity"].get((entity_id,)) or self.there["entity"][(entity_id,)]
            question = Question(
                id=f"property:{entity_id}:{prop}",
                kind="property",
                table="fact",
                title=f"{prop} of {entity['schema']} “{entity['caption']}”",
                here={prop: sorted(here)},
                there={prop: sorted(there)},
                base={prop: sorted(base)},
                choices=("here", "there"),
                detail="changed on both sides since they diverged",
            )
            keep = ours if self._ask(question) != "there" else theirs
            drop_there = {r["id"] for v, r in theirs.items() if v not in keep}
            self.plan.inserts["fact"] = [r for r in self.plan.inserts.get("fact", [])
                                         if r["id"] not in drop_there]
            self.plan.inserts["evidence"] = [r for r in self.plan.inserts.get("evidence", [])
                                             if r["fact_id"] not in drop_there]
            keep_ids = {(r["id"],) for r in keep.values()}
            self.plan.deletes["fact"] = [k for k in self.plan.deletes.get("fact", [])
                                         if k not in keep_ids]
            self.plan.deletes["fact"].extend(
                (r["id"],) for v, r in ours.items()
                if v not in keep and (r["id"],) not in self.plan.deletes["fact"])


def _diff(a: Row, b: Row) -> list[str]:
    return [c for c in dict.fromkeys([*a, *b]) if a.get(c) != b.get(c)]


__all__ = ["merge_tables", "plan_merge"]
