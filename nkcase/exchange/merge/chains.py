"""The audit chains of merged casebooks: brought along by a merge, verified by ``nkcase check``.

A merged casebook's audit events are stored as they were (:class:`MergedAuditEvent`, keyed by
their hash) and its head as a :class:`MergedChain`. Verifying walks each chain from its head
back to the start through ``prev_hash``, recomputing every hash with the same function as the
casebook's own chain (:func:`nkcase.services.audit.event_hash`): an altered, missing or
reordered event breaks the walk. Events before two copies diverged are shared, stored once;
the target's own events may stand for them (a copy merged back into its original).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from nkcase.model import AuditEvent, CasebookInfo, MergedAuditEvent, MergedChain
from nkcase.services.audit import GENESIS, event_hash

EVENT_COLUMNS = ("hash", "seq", "id", "at", "actor", "action", "summary", "changes", "prev_hash")


def chain_rows(other: Session, target: Session) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The other casebook's chain as rows for this one: its head, and its events (its own and
    those of chains merged into it) that this casebook does not hold yet."""
    info = other.scalars(select(CasebookInfo)).one()
    have = set(target.scalars(select(AuditEvent.hash))) | set(
        target.scalars(select(MergedAuditEvent.hash))
    )
    events: list[dict[str, Any]] = []
    for model in (AuditEvent, MergedAuditEvent):
        columns = [getattr(model, c) for c in EVENT_COLUMNS]
        for row in other.execute(select(*columns)).mappings():
            if row["hash"] not in have:
                have.add(row["hash"])
                events.append(dict(row))
    head = {
        "casebook_id": info.id,
        "name": info.name,
        "fingerprint": info.fingerprint,
        "audit_head": info.audit_head,
        "audit_count": info.audit_count,
    }
    return head, events


def verify_merged_chains(engine: Engine) -> list[str]:
    """Every break in the chains merged into this casebook (empty: all intact)."""
    problems: list[str] = []
    with engine.connect() as conn:
        chains = conn.execute(select(MergedChain.__table__)).mappings().all()
        if not chains:
            return problems
        events = _events_by_hash(conn)
        for chain in chains:
            problem = _walk(chain, events)
            if problem:
                problems.append(problem)
    return problems


def _events_by_hash(conn: Connection) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for model in (AuditEvent, MergedAuditEvent):
        columns = [getattr(model, c) for c in EVENT_COLUMNS]
        for row in conn.execute(select(*columns)).mappings():
            found[row["hash"]] = dict(row)
    return found


def _walk(chain: Any, events: dict[str, dict[str, Any]]) -> str | None:
    label = f"the audit chain merged from “{chain['name']}” ({chain['fingerprint']})"
    current = chain["audit_head"] or GENESIS
    count = 0
    while current != GENESIS:
        event = events.get(current)
        if event is None:
            return f"{label} is missing an event (#{chain['audit_count'] - count})"
        recomputed = event_hash(
            seq=event["seq"], id=event["id"], at=event["at"], actor=event["actor"],
            action=event["action"], summary=event["summary"], changes=event["changes"],
            prev=event["prev_hash"],
        )
        if recomputed != current:
            return (f"{label}: event #{event['seq']} was altered "
                    "(its content does not match its hash)")
        count += 1
        if event["seq"] != chain["audit_count"] - count + 1:
            return f"{label}: event #{event['seq']} is out of order"
        current = event["prev_hash"]
    if count != chain["audit_count"]:
        return f"{label} has {count} events but recorded {chain['audit_count']}"
    return None
