"""Designation marks on charts and timelines: which entities a sanctions list names.

Screening fills this in: it registers a provider, a function that takes a read session and
entity ids and returns, for the designated ones, a short mark ("UN KPi.012", "OFAC SDN").
Charts draw the mark on the node; without a provider (or for entities no list names) nothing
is drawn. Providers must only read, and only what the chart's handling level may show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy.orm import Session

DesignationProvider = Callable[[Session, Sequence[str]], Mapping[str, str]]

_providers: list[DesignationProvider] = []


def register_provider(provider: DesignationProvider) -> None:
    """Add a provider (idempotent: registering the same function twice keeps one)."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_provider(provider: DesignationProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def designations(session: Session, entity_ids: Sequence[str]) -> dict[str, str]:
    """Entity id → its designation mark(s), joined with " · " when several lists name it."""
    wanted = set(entity_ids)
    found: dict[str, list[str]] = {}
    for provider in _providers:
        for entity_id, mark in provider(session, entity_ids).items():
            if mark and entity_id in wanted:
                found.setdefault(entity_id, []).append(mark)
    return {k: " · ".join(dict.fromkeys(v)) for k, v in found.items()}
