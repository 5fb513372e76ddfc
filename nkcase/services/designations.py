"""Designation marks on charts and timelines: which entities a sanctions list names.

A provider is a function that takes a read session and entity ids and returns, for the
designated ones, a short mark ("UN 1718 · KPi.033"). Screening's confirmed candidates are the
built-in provider (:func:`nkcase.services.screening_records.designation_labels`); others may be
registered. Charts draw the mark on the node; for entities no list names nothing is drawn.
Providers must only read. (List data is public; charts ask only for the entities their level
shows.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy.orm import Session

DesignationProvider = Callable[[Session, Sequence[str]], Mapping[str, str]]

def _screening(session: Session, entity_ids: Sequence[str]) -> Mapping[str, str]:
    from nkcase.services.screening_records import designation_labels

    return designation_labels(session, entity_ids)


_providers: list[DesignationProvider] = [_screening]


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
