"""The audit log: one hash-chained event per user action, and its verification.

Each event's hash covers its own fields and the previous event's hash, and the casebook header
keeps the newest hash and the count, so altering, removing or reordering any event — the newest
included — is detected by :func:`verify_chain`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nkcase.model import AuditEvent, CasebookInfo, new_id, utc_now
from nkcase.services.changes import Row, RowChange, digest_value
from nkcase.services.stored_values import large_columns

GENESIS = "0" * 64


def _audit_row(table: str, row: Row | None) -> Row | None:
    if row is None:
        return None
    digested = large_columns().get(table, frozenset())
    return {k: (digest_value(v) if k in digested else v) for k, v in row.items()}


def changes_json(rows: Iterable[RowChange]) -> list[dict[str, Any]]:
    return [
        {
            "table": r.table,
            "key": list(r.key),
            "before": _audit_row(r.table, r.before),
            "after": _audit_row(r.table, r.after),
        }
        for r in rows
    ]


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(
    *, seq: int, id: str, at: str, actor: str, action: str, summary: str, changes: str, prev: str
) -> str:
    body = canonical(
        {
            "seq": seq,
            "id": id,
            "at": at,
            "actor": actor,
            "action": action,
            "summary": summary,
            "changes": changes,
        }
    )
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


def append_event(
    session: Session, actor: str, action: str, summary: str, rows: Iterable[RowChange],
    *, event_id: str | None = None,
) -> str:
    """Append one event inside the caller's transaction; returns its id (``event_id`` when
    given: an operation names the rows it wrote with its event's id before appending it)."""
    return append_event_json(
        session, actor, action, summary, changes_json(rows), event_id=event_id
    )


def append_event_json(
    session: Session, actor: str, action: str, summary: str, changes_data: list[dict[str, Any]],
    *, event_id: str | None = None,
) -> str:
    """Append one event whose changes are given as JSON-ready data (bulk operations record a
    summary, not each row: see :mod:`nkcase.services.bulk`); returns its id."""
    # The row lock on the chain head (SELECT … FOR UPDATE; SQLite has none and needs none: its
    # writer holds the whole file): two writers of a team casebook cannot both take seq + 1.
    header = session.scalars(select(CasebookInfo).with_for_update()).one()
    seq = header.audit_count + 1
    prev = header.audit_head or GENESIS
    event_id = event_id or new_id()
    at = utc_now()
    changes = canonical(changes_data)
    digest = event_hash(
        seq=seq,
        id=event_id,
        at=at,
        actor=actor,
        action=action,
        summary=summary,
        changes=changes,
        prev=prev,
    )
    session.add(
        AuditEvent(
            seq=seq,
            id=event_id,
            at=at,
            actor=actor,
            action=action,
            summary=summary,
            changes=changes,
            prev_hash=prev,
            hash=digest,
        )
    )
    header.audit_head = digest
    header.audit_count = seq
    session.flush()
    return event_id


@dataclass(frozen=True)
class AuditEntry:
    """An audit event as shown to users (``nkcase audit``)."""

    seq: int
    id: str
    at: str
    actor: str
    action: str
    summary: str
    changes: list[dict[str, Any]]


def list_events(session: Session, *, limit: int | None = None) -> list[AuditEntry]:
    query = select(AuditEvent).order_by(AuditEvent.seq.desc() if limit else AuditEvent.seq)
    if limit:
        query = query.limit(limit)
    events = session.scalars(query).all()
    entries = [
        AuditEntry(e.seq, e.id, e.at, e.actor, e.action, e.summary, json.loads(e.changes))
        for e in events
    ]
    return sorted(entries, key=lambda e: e.seq)


def verify_chain(engine: Engine) -> list[str]:
    """Every break in the chain, described so a person can find the event (empty = intact)."""
    problems: list[str] = []
    with engine.connect() as conn:
        header = conn.execute(
            select(CasebookInfo.audit_head, CasebookInfo.audit_count)
        ).one_or_none()
        rows = conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq)).mappings()
        prev = GENESIS
        expected_seq = 1
        for row in rows:
            label = (
                f"audit event #{row['seq']} ({row['at'][:19]}Z, {row['action']} by {row['actor']})"
            )
            if row["seq"] != expected_seq:
                missing = ", ".join(f"#{n}" for n in range(expected_seq, row["seq"]))
                problems.append(
                    f"audit event {missing} was deleted (the chain jumps to #{row['seq']})"
                )
            if row["prev_hash"] != prev:
                problems.append(f"{label} does not follow the event before it: the chain is broken")
            recomputed = event_hash(
                seq=row["seq"],
                id=row["id"],
                at=row["at"],
                actor=row["actor"],
                action=row["action"],
                summary=row["summary"],
                changes=row["changes"],
                prev=row["prev_hash"],
            )
            if recomputed != row["hash"]:
                problems.append(f"{label} was altered: its content does not match its hash")
            prev = row["hash"]
            expected_seq = row["seq"] + 1
    if header is None:
        problems.append("the casebook header is missing")
        return problems
    head, count = header
    if count != expected_seq - 1:
        problems.append(
            f"the casebook records {count} audit events but {expected_seq - 1} are present: "
            f"event #{expected_seq} onwards was deleted"
            if count > expected_seq - 1
            else f"the casebook records {count} audit events but more are present"
        )
    elif (head or GENESIS) != prev:
        problems.append("the newest audit event does not match the hash the casebook recorded")
    return problems
