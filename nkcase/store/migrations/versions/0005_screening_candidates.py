"""Screening candidates: subject ↔ list record pairs with score, features and review

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

A new table only (see nkcase/model/screening.py): existing casebooks gain an empty one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nkcase.store import pg_schema

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "screening_candidate"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("subject_key", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=True),
        sa.Column("source_id", sa.String(36), nullable=True),
        sa.Column("subject_name", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=True),
        sa.Column("end_offset", sa.Integer(), nullable=True),
        sa.Column("list_code", sa.String(40), nullable=False),
        sa.Column("record_key", sa.String(100), nullable=False),
        sa.Column("snapshot_id", sa.String(36), nullable=False),
        sa.Column("list_record_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("matched_name", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("features", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.String(32), nullable=True),
        sa.Column("delisted_in", sa.String(36), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("screened_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f(f"fk_{TABLE}_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f(f"fk_{TABLE}_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["list_snapshot.id"],
            name=op.f(f"fk_{TABLE}_snapshot_id_list_snapshot"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_record_id"],
            ["list_record.id"],
            name=op.f(f"fk_{TABLE}_list_record_id_list_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["delisted_in"],
            ["list_snapshot.id"],
            name=op.f(f"fk_{TABLE}_delisted_in_list_snapshot"),
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("subject_key", "list_code", "record_key", name="pair"),
        sa.CheckConstraint(
            "status IN ('open','confirmed','rejected')", name=op.f(f"ck_{TABLE}_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    for column in ("entity_id", "source_id", "snapshot_id", "list_record_id"):
        op.create_index(op.f(f"ix_{TABLE}_{column}"), TABLE, [column])
    if pg_schema.is_postgresql():
        pg_schema.run(pg_schema.DESIGNATION_GUARD)
    else:
        op.execute(DESIGNATION_GUARD)


# A list record cited by a confirmed match (a designation) cannot be deleted (removing its
# snapshot is refused); open and rejected candidates go with their records (ON DELETE CASCADE).
DESIGNATION_GUARD = """CREATE TRIGGER list_record_designation_guard
    BEFORE DELETE ON list_record
    WHEN EXISTS (SELECT 1 FROM screening_candidate
                 WHERE list_record_id = old.id AND status = 'confirmed')
    BEGIN SELECT RAISE(ABORT, 'a confirmed screening match cites this list record'); END"""


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS list_record_designation_guard")
    op.drop_table(TABLE)
