"""Stored blocking indexes of list snapshots: list_blocking

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

New table ``list_blocking``: a snapshot's blocking index (derived data: the arrays of
``nkcase/screening/matching/blocking.py`` in pieces, and a header naming the index format and
the names it was built from), written at the first screening against the snapshot and
removed with it. Existing casebooks gain an empty table: their indexes are built and stored
by their next screening. On PostgreSQL the pieces are stored uncompressed (hashes and ids do
not compress; it would cost CPU for nothing).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nkcase.store import pg_schema

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "list_blocking",
        sa.Column("snapshot_id", sa.String(length=36), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["list_snapshot.id"],
            name=op.f("fk_list_blocking_snapshot_id_list_snapshot"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "part", "seq", name=op.f("pk_list_blocking")),
    )
    if pg_schema.is_postgresql():
        pg_schema.run(pg_schema.LIST_BLOCKING)


def downgrade() -> None:
    op.drop_table("list_blocking")
