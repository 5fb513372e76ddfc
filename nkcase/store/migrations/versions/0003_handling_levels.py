"""Handling levels on every item: entities, facts, relationships, notes; releases; note evidence.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Until now only sources, quotes and notes carried a handling level. Entities, facts (names
included) and relationships gain their own ``handling`` (``public``: by themselves they
restrict nothing) and, with notes, the four release columns. Their *effective* level is
computed from their evidence whenever it is needed (:mod:`nkcase.levels`), so an existing
casebook's items take the levels of the sources they were learned from as soon as it is
upgraded — a fact whose every quote comes from a protected source is protected — with
nothing to recompute when a source's level changes later.

Quotes are never below their source: older casebooks could hold a quote whose source was
raised after quoting, and such quotes are raised to their source's level here. Evidence gains
a ``note_id`` so that quotes can support notes.

The store writes a backup of the casebook before running this (see nkcase.store.casebook).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nkcase.store import pg_schema

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Literal copies on purpose: a migration must keep meaning what it meant when it was written.
LEVELS = "'public','internal','protected'"
RELEASE_COLUMNS = (
    ("released_to", "VARCHAR(10)"),
    ("released_by", "TEXT"),
    ("released_at", "VARCHAR(32)"),
    ("release_reason", "TEXT"),
)
OLD_TARGETS = "(entity_id IS NOT NULL) + (fact_id IS NOT NULL) + (relationship_id IS NOT NULL) = 1"
NEW_TARGETS = (
    "(entity_id IS NOT NULL) + (fact_id IS NOT NULL) + (relationship_id IS NOT NULL) + "
    "(note_id IS NOT NULL) = 1"
)


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN, not a batch copy: the tables stay in place (fast on a big
    # casebook, and no rebuild of tables that others reference).
    for table in ("entity", "fact", "relationship"):
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN handling VARCHAR(10) NOT NULL DEFAULT 'public' "
            f"CONSTRAINT ck_{table}_handling CHECK (handling IN ({LEVELS}))"
        )
    for table in ("entity", "fact", "relationship", "note"):
        for name, type_sql in RELEASE_COLUMNS:
            check = (
                f" CONSTRAINT ck_{table}_released_to CHECK "
                f"(released_to IS NULL OR released_to IN ({LEVELS}))"
                if name == "released_to"
                else ""
            )
            op.execute(f"ALTER TABLE {table} ADD COLUMN {name} {type_sql}{check}")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_note_id_note"), "note", ["note_id"], ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_evidence_note_id"), ["note_id"], unique=False)
        batch_op.drop_constraint(batch_op.f("ck_evidence_one_target"), type_="check")
        batch_op.create_check_constraint(
            "one_target",
            pg_schema.one_target_check(
                ("entity_id", "fact_id", "relationship_id", "note_id")
            ) if pg_schema.is_postgresql() else NEW_TARGETS,
        )
    # A quote is never less protected than its source.
    rank = "CASE {0} WHEN 'public' THEN 0 WHEN 'internal' THEN 1 ELSE 2 END"
    op.execute(
        "UPDATE quote SET handling = (SELECT source.handling FROM source "
        "WHERE source.id = quote.source_id) "
        f"WHERE {rank.format('quote.handling')} < (SELECT {rank.format('source.handling')} "
        "FROM source WHERE source.id = quote.source_id)"
    )


def downgrade() -> None:
    op.execute("DELETE FROM evidence WHERE note_id IS NOT NULL")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_evidence_one_target"), type_="check")
        batch_op.create_check_constraint("one_target", OLD_TARGETS)
        batch_op.drop_index(batch_op.f("ix_evidence_note_id"))
        batch_op.drop_constraint(batch_op.f("fk_evidence_note_id_note"), type_="foreignkey")
        batch_op.drop_column("note_id")
    # Dropping columns rebuilds the tables (SQLite); nkcase.store.migrate runs migrations with
    # foreign keys off, so the rebuild cascades nothing.
    for table in ("note", "entity", "fact", "relationship"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_released_to"), type_="check")
            for name, _type in RELEASE_COLUMNS:
                batch_op.drop_column(name)
            if table != "note":
                batch_op.drop_constraint(batch_op.f(f"ck_{table}_handling"), type_="check")
                batch_op.drop_column("handling")
