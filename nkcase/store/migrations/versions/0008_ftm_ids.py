"""Where imported FollowTheMoney entities came from (FtM id → our row).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

New table ``ftm_origin``: one row per FtM entity line taken in, with its FtM id (a second
import of the same id updates the row it became), schema, dataset, the file's name and
SHA-256, and the entity, relationship or event it became. Existing rows are untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ftm_origin",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ftm_id", sa.String(length=200), nullable=False),
        sa.Column("schema", sa.String(length=40), nullable=False),
        sa.Column("dataset", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=True),
        sa.Column("relationship_id", sa.String(length=36), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_ftm_origin_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_ftm_origin_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"], ["relationship.id"],
            name=op.f("fk_ftm_origin_relationship_id_relationship"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ftm_origin")),
    )
    with op.batch_alter_table("ftm_origin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ftm_origin_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ftm_origin_ftm_id"), ["ftm_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ftm_origin_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ftm_origin_relationship_id"), ["relationship_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("ftm_origin")
