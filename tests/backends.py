"""Writing to a casebook behind nkcase's back, on either backend (for tamper tests)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text

from nkcase.store import Casebook
from nkcase.store.postgres import engine_url


def behind_nkcase(
    casebook: Casebook, *statements: str, guards: bool = False, **params: Any
) -> None:
    """Run ``statements`` on the closed ``casebook``'s database as someone bypassing nkcase:
    the audit log's guards are dropped (SQLite) or not fired (PostgreSQL's replica role)
    unless ``guards``."""
    if casebook.provider.name == "sqlite":
        engine = create_engine(f"sqlite:///{casebook.path}")
        prelude = [] if guards else [
            "DROP TRIGGER IF EXISTS audit_event_no_update",
            "DROP TRIGGER IF EXISTS audit_event_no_delete",
        ]
    else:
        engine = create_engine(engine_url(casebook.location))
        prelude = [] if guards else ["SET session_replication_role = replica"]
    try:
        with engine.begin() as conn:
            for sql in [*prelude, *statements]:
                conn.execute(text(sql), params)
    finally:
        engine.dispose()
