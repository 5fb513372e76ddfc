"""A casebook copy at a handling level: a new casebook holding nothing above the level.

The copy is written *fresh*: a new casebook file is created through the store (its schema by
the migrations), and only the rows the one visibility rule shows at the level are inserted
into it (:func:`nkcase.services.levels.load_levels` ``(...).at(level)``). Nothing withheld is
ever written to the new file, so no free page, WAL frame or index segment of it can hold
withheld material — which pruning a copy of the original in place could not promise.

Every table of the model has an explicit rule in :data:`COPY_RULES` (a test fails when a table
has none): which of its rows a recipient of the level may have, and how a kept row changes (an
entity's caption becomes its first visible name; a chart keeps only visible entities).
Original files and frozen texts come along for visible sources only.

The copy's audit chain starts with one event citing the original: its id, name, fingerprint,
audit head and count, and the level. The original's own audit events stay behind (they hold
the rows of withheld material), as do the audit chains merged into it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from nkcase.errors import CasebookError
from nkcase.exchange.entity_slice import LEFT_AT_THE_STORE, EntitySlice, entity_slice
from nkcase.graph.state import ChartState
from nkcase.model import Base, CasebookInfo
from nkcase.model.evidence import EVIDENCE_TARGETS
from nkcase.services.bulk import BulkWriter, bulk_operation
from nkcase.services.candidate_levels import CandidateRule
from nkcase.services.rows import RowChange
from nkcase.services.visibility import LevelView
from nkcase.store import Casebook, create_casebook
from nkcase.vocabulary import NAME_PROPERTIES
from nkcase.vocabulary.levels import check_level, higher

Row = dict[str, Any]
Progress = Callable[[int, int], None]

COPY_ACTION = "copy_at_level"
BATCH = 500


@dataclass
class CopyContext:
    """What the rules decide from: the original's rows, the rule's answers, the kept ids,
    and for a fieldwork copy of some entities the slice around them."""

    session: Session
    view: LevelView
    kept: dict[str, set[Any]] = field(default_factory=dict)
    piece: EntitySlice | None = None

    def shows(self, item_id: str | None) -> bool:
        """Shown at the level (the one rule) and, for a slice, part of it."""
        if item_id is None or not self.view.shows(item_id):
            return False
        return self.piece is None or self.piece.holds(item_id)

    def kept_in(self, table: str, value: Any) -> bool:
        return value in self.kept.get(table, set())

    @cached_property
    def candidates(self) -> CandidateRule:
        """The rule's answer for screening candidates (names and screened facts shown)."""
        return CandidateRule(self.view.levels, self.view.visibility)


@dataclass(frozen=True)
class CopyRule:
    """One table's rule: ``keep`` a row or not, optionally ``change`` it; ``why`` in words.

    ``keep`` None means the table is never copied (the copy makes its own: header, audit).
    """

    why: str
    keep: Callable[[CopyContext, Row], bool] | None
    change: Callable[[CopyContext, Row], Row | None] | None = None


def _by_id(ctx: CopyContext, row: Row) -> bool:
    return ctx.shows(row["id"])


def _of_kept(table: str, column: str) -> Callable[[CopyContext, Row], bool]:
    return lambda ctx, row: ctx.kept_in(table, row[column])


def _evidence(ctx: CopyContext, row: Row) -> bool:
    target = next(row[c] for c in EVIDENCE_TARGETS if row[c] is not None)
    return ctx.shows(row["quote_id"]) and ctx.shows(target)


def _entity(ctx: CopyContext, row: Row) -> Row:
    changed = {**row, "caption": ctx.view.caption_at(row["id"], row["caption"])}
    if ctx.piece is not None and row["id"] in ctx.piece.context:
        # A context entity comes without the rest of its evidence (its other facts and
        # relationships), on which its level may rest: its own level in the slice is its level
        # in the original, so no output made from the slice shows it at a lower one.
        changed["handling"] = higher(row["handling"], ctx.view.levels.level(row["id"]).level)
    return changed


def _chart(ctx: CopyContext, row: Row) -> Row | None:
    state = ChartState.from_json(row["state"])
    state.entity_ids = [e for e in state.entity_ids if ctx.kept_in("entity", e)]
    if not state.entity_ids:
        return None
    return {**row, "state": state.to_json()}


def _candidate(ctx: CopyContext, row: Row) -> bool:
    if row["entity_id"] is not None:
        return ctx.kept_in("entity", row["entity_id"]) and ctx.candidates.shows_entity_candidate(
            row["entity_id"], row["subject_name"]
        )
    return ctx.kept_in("source", row["source_id"])


def _ftm_origin(ctx: CopyContext, row: Row) -> bool:
    if row["relationship_id"] is not None:
        return ctx.shows(row["relationship_id"])
    if row["event_id"] is not None:
        return ctx.kept_in("event", row["event_id"])
    return ctx.kept_in("entity", row["entity_id"])


def _always(ctx: CopyContext, row: Row) -> bool:
    return True


#: Each table's rule, in the order of the model's foreign keys (parents first).
COPY_RULES: dict[str, CopyRule] = {
    "casebook": CopyRule("the copy has its own header (new id, fingerprint)", None),
    "audit_event": CopyRule(
        "the original's events hold withheld rows; the copy's chain starts with one event "
        "citing the original's fingerprint and head", None,
    ),
    "merged_chain": CopyRule("audit detail of casebooks merged into the original", None),
    "merged_audit_event": CopyRule("audit detail of casebooks merged into the original", None),
    "source": CopyRule("sources visible at the level", _by_id),
    "source_original": CopyRule("original files of kept sources", _of_kept("source", "source_id")),
    "text_version": CopyRule("frozen texts of kept sources", _of_kept("source", "source_id")),
    "entity": CopyRule("visible entities, captioned by their first visible name", _by_id,
                       _entity),
    "fact": CopyRule("visible names and facts", _by_id),
    "relationship": CopyRule("visible relationships (both ends visible)", _by_id),
    "entity_tag": CopyRule("tags of kept entities", _of_kept("entity", "entity_id")),
    "note": CopyRule("visible notes", _by_id),
    "event": CopyRule("visible events (every entity taking part visible)", _by_id),
    "event_entity": CopyRule("the entities of kept events", _of_kept("event", "event_id")),
    "quote": CopyRule("visible quotes (never above their source)", _by_id),
    "evidence": CopyRule("links whose quote and target are both visible", _evidence),
    "reanchor_candidate": CopyRule("review candidates of kept quotes",
                                   _of_kept("quote", "quote_id")),
    "chart": CopyRule("saved charts, with only kept entities (left out when none is)",
                      _always, _chart),
    "list_snapshot": CopyRule("sanctions lists: published reference data", _always),
    "list_snapshot_file": CopyRule("sanctions lists' original files", _always),
    "list_record": CopyRule("sanctions lists' records", _always),
    "list_name": CopyRule("sanctions lists' names", _always),
    "list_identifier": CopyRule("sanctions lists' identifiers", _always),
    "list_blocking": CopyRule(
        "derived from the lists' names (their integer keys may differ in the copy): the copy "
        "builds and stores it at its first screening", None,
    ),
    "ftm_origin": CopyRule("where imported FtM entities of kept rows came from",
                           _ftm_origin),
    "screening_candidate": CopyRule(
        "candidates of kept entities under a visible name whose screened facts are all "
        "visible, or of kept sources", _candidate,
    ),
}

#: A slice's rules where they differ from :data:`COPY_RULES` (the tables it never holds left
#: out: :data:`nkcase.exchange.entity_slice.LEFT_AT_THE_STORE`).
SLICE_RULES: dict[str, CopyRule] = {
    **{table: CopyRule("stays at the team store", None) for table in LEFT_AT_THE_STORE},
    "entity_tag": CopyRule(
        "tags of the chosen entities",
        lambda ctx, row: ctx.piece is not None and row["entity_id"] in ctx.piece.chosen,
    ),
}

#: The columns that tell a kept row's id to the rules of the tables below it.
_KEY_COLUMN = {"source": "id", "entity": "id", "event": "id", "quote": "id"}


@dataclass(frozen=True)
class CopyResult:
    """What a copy holds: rows per table, rows left out per table, where it is."""

    path: Path
    level: str
    copied: dict[str, int]
    left_out: dict[str, int]
    encrypted: bool
    audit_id: str


def copy_at_level(
    casebook: Casebook,
    out: Path,
    level: str,
    *,
    passphrase: str | None = None,
    entity_ids: Collection[str] | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Progress | None = None,
) -> CopyResult:
    """Write a new casebook at ``out`` holding only what ``level`` shows of ``casebook``.

    With ``entity_ids`` only the slice around those entities
    (:func:`nkcase.exchange.entity_slice.entity_slice`): a fieldwork copy of some entities.
    With a ``passphrase`` the copy is encrypted (SQLCipher). A failure or a cancel leaves no
    file at ``out``.
    """
    level = check_level(level)
    out = Path(out)
    if out.exists():
        raise CasebookError(f"{out} already exists; choose another file name")
    if out.resolve() == casebook.path.resolve():
        raise CasebookError("the copy must be a new file, not the casebook itself")
    source_info = casebook.info()
    what = f"{level} copy" if entity_ids is None else (
        f"{level} copy of {len(set(entity_ids))} "
        f"entit{'y' if len(set(entity_ids)) == 1 else 'ies'}"
    )
    copied: dict[str, int] = {}
    left_out: dict[str, int] = {}
    try:
        with casebook.reading() as session:
            from nkcase.services.levels import load_levels

            levels = load_levels(session, None, every_quote=True)
            ctx = CopyContext(session, LevelView(levels, levels.at(level)))
            rules = COPY_RULES
            if entity_ids is not None:  # chosen before the file is made: a refusal leaves none
                ctx.piece = entity_slice(session, ctx.view, entity_ids)
                rules = {**COPY_RULES, **SLICE_RULES}
            copy = create_casebook(out, f"{source_info.name} ({what})", actor=casebook.actor,
                                   passphrase=passphrase)
            with copy, bulk_operation(copy, COPY_ACTION, cancelled=cancelled) as writer:
                writer.summary = (
                    f"Copy at level {level} of “{source_info.name}” "
                    f"({source_info.fingerprint}, audit head {source_info.audit_head[:12]}…)"
                )
                origin = _origin_of(source_info, level)
                if ctx.piece is not None:
                    writer.summary += f", {len(ctx.piece.chosen)} entities and their context"
                    origin["entities"] = sorted(ctx.piece.chosen)
                writer.rows.append({"copied_from": origin})
                tables = [t for t in Base.metadata.sorted_tables if rules[t.name].keep]
                # a chart names entities in its JSON (no foreign key): after the entities
                tables.sort(key=lambda t: t.name == "chart")
                for number, table in enumerate(tables):
                    kept, dropped = _copy_table(ctx, writer, table, rules[table.name])
                    copied[table.name], left_out[table.name] = kept, dropped
                    if progress is not None:
                        progress(number + 1, len(tables))
            assert writer.change is not None
            audit_id = writer.change.audit_id
            encrypted = copy.encrypted
    except BaseException:
        for leftover in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return CopyResult(out, level, copied, left_out, encrypted, audit_id)


def _origin_of(info: CasebookInfo, level: str) -> dict[str, Any]:
    return {
        "casebook_id": info.id,
        "name": info.name,
        "fingerprint": info.fingerprint,
        "audit_head": info.audit_head,
        "audit_count": info.audit_count,
        "level": level,
    }


def _copy_table(
    ctx: CopyContext, writer: BulkWriter, table: Table, rule: CopyRule
) -> tuple[int, int]:
    """Insert the kept rows of ``table`` (in batches, indexed for search); the counts."""
    assert rule.keep is not None
    kept_ids = ctx.kept.setdefault(table.name, set())
    kept = dropped = 0
    for batch in _batches(ctx.session.execute(select(table)).mappings()):
        rows: list[Row] = []
        for raw in batch:
            row = dict(raw)
            changed = None
            if rule.keep(ctx, row):
                changed = rule.change(ctx, row) if rule.change else row
            if changed is None:
                dropped += 1
                continue
            rows.append(changed)
            if table.name in _KEY_COLUMN:
                kept_ids.add(row[_KEY_COLUMN[table.name]])
        if rows:
            writer.insert(table, rows)
            _index(writer.session, table, rows)
            kept += len(rows)
    return kept, dropped


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _index(session: Session, table: Table, rows: list[Row]) -> None:
    """Put the copied names, quotes, notes and texts in the copy's search index."""
    from nkcase.search import index

    if table.name not in ("fact", "quote", "note", "text_version"):
        return
    if table.name == "fact":
        rows = [r for r in rows if r["prop"] in NAME_PROPERTIES]
    index.apply_rows(session, [RowChange(table.name, (r["id"],), None, r) for r in rows])
