"""Events on the timeline (with their entities and evidence) and saved link charts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

New tables ``event``, ``event_entity`` and ``chart``; evidence gains ``event_id`` so that a
quote supports an event exactly as it supports a fact. An event has its own handling level and
release columns like every other item (revision 0003); its effective level follows its
evidence (:mod:`nkcase.levels`). Existing rows are untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nkcase.store import pg_schema

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Literal copies on purpose: a migration keeps meaning what it meant when it was written.
OLD_TARGETS = (
    "(entity_id IS NOT NULL) + (fact_id IS NOT NULL) + (relationship_id IS NOT NULL) + "
    "(note_id IS NOT NULL) = 1"
)
NEW_TARGETS = (
    "(entity_id IS NOT NULL) + (fact_id IS NOT NULL) + (relationship_id IS NOT NULL) + "
    "(note_id IS NOT NULL) + (event_id IS NOT NULL) = 1"
)
LEVELS = "'public','internal','protected'"


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("start_date", sa.String(length=10), nullable=False),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("handling", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("released_to", sa.String(length=10), nullable=True),
        sa.Column("released_by", sa.Text(), nullable=True),
        sa.Column("released_at", sa.String(length=32), nullable=True),
        sa.Column("release_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(f"handling IN ({LEVELS})", name=op.f("ck_event_handling")),
        sa.CheckConstraint(
            f"released_to IS NULL OR released_to IN ({LEVELS})", name=op.f("ck_event_released_to")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_start_date"), ["start_date"], unique=False)
    op.create_table(
        "event_entity",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('involved','organizer')", name=op.f("ck_event_entity_role")),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_event_entity_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_entity_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "entity_id", name=op.f("pk_event_entity")),
    )
    with op.batch_alter_table("event_entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_entity_entity_id"), ["entity_id"], unique=False)
    op.create_table(
        "chart",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart")),
        sa.UniqueConstraint("name", name=op.f("uq_chart_name")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_event_id_event"), "event", ["event_id"], ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_evidence_event_id"), ["event_id"], unique=False)
        batch_op.drop_constraint(batch_op.f("ck_evidence_one_target"), type_="check")
        batch_op.create_check_constraint(
            "one_target",
            pg_schema.one_target_check(
                ("entity_id", "fact_id", "relationship_id", "note_id", "event_id")
            ) if pg_schema.is_postgresql() else NEW_TARGETS,
        )
    if pg_schema.is_postgresql():
        # Access by handling level on a team casebook (row-level security mirroring the
        # visibility rule; nkcase/store/pg_levels.py explains how): with events in place,
        # every item the rule levels exists.
        from nkcase.store import pg_levels

        pg_schema.run(pg_levels.statements())


def downgrade() -> None:
    op.execute("DELETE FROM evidence WHERE event_id IS NOT NULL")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_evidence_one_target"), type_="check")
        batch_op.create_check_constraint("one_target", OLD_TARGETS)
        batch_op.drop_index(batch_op.f("ix_evidence_event_id"))
        batch_op.drop_constraint(batch_op.f("fk_evidence_event_id_event"), type_="foreignkey")
        batch_op.drop_column("event_id")
    op.drop_table("chart")
    op.drop_table("event_entity")
    op.drop_table("event")
