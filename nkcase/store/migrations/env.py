"""Alembic environment: always run on a connection handed over by nkcase.store.migrate."""

from __future__ import annotations

from alembic import context

from nkcase.model import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by hand
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///dev.nkcase"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-move
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
