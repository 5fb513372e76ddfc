"""The schema the migrations build is the schema the ORM model declares (no drift)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from nkcase.model import Base
from nkcase.store import create_casebook

SEARCH_TABLES = ("search_",)  # the FTS5 index is built by SQL in its migration, not the model


def test_migrated_schema_matches_the_model(tmp_path: Path) -> None:
    path = tmp_path / "fresh.nkcase"
    create_casebook(path, "fresh").close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()

    def about_search(entry: object) -> bool:
        text = repr(entry)
        return any(f"'{prefix}" in text or f"<{prefix}" in text for prefix in SEARCH_TABLES)

    assert [d for d in diff if not about_search(d)] == []
