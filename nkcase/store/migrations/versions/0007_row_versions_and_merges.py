"""Per-row versions and origins; the audit chains of merged casebooks.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

The rows people edit in place (entities, facts, relationships, notes, quotes, sources, events,
charts, screening candidates) gain ``version`` (0 for rows written before this revision) and
``origin`` (the audit event that wrote the row last; empty before this revision), so that a
merge can tell an edit made on one side from edits made on both (nkcase.exchange.merge). New
tables ``merged_chain`` and ``merged_audit_event`` keep the audit chains of casebooks merged
in, so ``nkcase check`` verifies them too. Existing rows keep their content.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nkcase.store import pg_schema

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A literal copy on purpose: a migration keeps meaning what it meant when it was written.
VERSIONED = (
    "entity", "fact", "relationship", "note", "quote", "source", "event", "chart",
    "screening_candidate",
)


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN, not a batch copy: the tables stay in place (fast on a big
    # casebook, and no rebuild of tables that others reference).
    for table in VERSIONED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
        op.execute(f"ALTER TABLE {table} ADD COLUMN origin VARCHAR(36) NOT NULL DEFAULT ''")
    op.create_table(
        "merged_chain",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("casebook_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("audit_head", sa.String(length=64), nullable=False),
        sa.Column("audit_count", sa.Integer(), nullable=False),
        sa.Column("merged_at", sa.String(length=32), nullable=False),
        sa.Column("merged_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merged_chain")),
        sa.UniqueConstraint("audit_head", name=op.f("uq_merged_chain_audit_head")),
    )
    op.create_table(
        "merged_audit_event",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_merged_audit_event")),
    )
    with op.batch_alter_table("merged_audit_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_merged_audit_event_prev_hash"), ["prev_hash"], unique=False
        )
    if pg_schema.is_postgresql():
        # Merged audit chains hold their changes' content: read by protected roles only, like
        # the audit log (nkcase/store/pg_levels.py).
        from nkcase.store import pg_levels

        pg_schema.run(pg_levels.policies("merged_audit_event", "2 <= {me}"))


def downgrade() -> None:
    op.drop_table("merged_audit_event")
    op.drop_table("merged_chain")
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("origin")
            batch_op.drop_column("version")
