"""Sanctions list snapshots: list_snapshot, its original files, records, names, identifiers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Reference data kept apart from the investigator's entities (see nkcase/model/lists.py). New
tables only: existing casebooks gain empty ones.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nkcase.store import pg_schema

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _snapshot_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["snapshot_id"],
        ["list_snapshot.id"],
        name=op.f(f"fk_{table}_snapshot_id_list_snapshot"),
        ondelete="CASCADE",
    )


def _record_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["record_id"],
        ["list_record.id"],
        name=op.f(f"fk_{table}_record_id_list_record"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "list_snapshot",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("list_code", sa.String(length=40), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("generated", sa.String(length=32), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("imported_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_snapshot")),
        sa.UniqueConstraint("sha256", name=op.f("uq_list_snapshot_sha256")),
    )
    with op.batch_alter_table("list_snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_snapshot_list_code"), ["list_code"])

    op.create_table(
        "list_snapshot_file",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("snapshot_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        _snapshot_fk("list_snapshot_file"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_snapshot_file")),
    )
    with op.batch_alter_table("list_snapshot_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_snapshot_file_snapshot_id"), ["snapshot_id"])
    if pg_schema.is_postgresql():
        pg_schema.run(pg_schema.LIST_FILES)

    op.create_table(
        "list_record",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("snapshot_id", sa.String(length=36), nullable=False),
        sa.Column("record_key", sa.String(length=100), nullable=False),
        sa.Column("schema", sa.String(length=40), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("listed_on", sa.String(length=10), nullable=True),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        _snapshot_fk("list_record"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_record")),
        sa.UniqueConstraint("snapshot_id", "record_key", name="snapshot_key"),
    )

    op.create_table(
        "list_name",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("quality", sa.String(length=16), nullable=False),
        sa.Column("script", sa.String(length=8), nullable=True),
        sa.Column("lang", sa.String(length=16), nullable=True),
        sa.Column("family", sa.Text(), nullable=True),
        sa.Column("parts", sa.Text(), nullable=False),
        _record_fk("list_name"),
        _snapshot_fk("list_name"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_name")),
    )
    with op.batch_alter_table("list_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_name_record_id"), ["record_id"])
        batch_op.create_index("ix_list_name_snapshot", ["snapshot_id"])

    op.create_table(
        "list_identifier",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        _record_fk("list_identifier"),
        _snapshot_fk("list_identifier"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_identifier")),
    )
    with op.batch_alter_table("list_identifier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_identifier_record_id"), ["record_id"])
        batch_op.create_index("ix_list_identifier_value", ["kind", "value"])


def downgrade() -> None:
    for table in (
        "list_identifier",
        "list_name",
        "list_record",
        "list_snapshot_file",
        "list_snapshot",
    ):
        op.drop_table(table)
