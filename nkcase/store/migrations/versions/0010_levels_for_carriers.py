"""Access by handling level on a team casebook for FtM origins, re-anchoring and screening
candidates.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

PostgreSQL only (an SQLite casebook is one person's file, with no roles): row-level security on
``ftm_origin`` (with the entity, relationship or event an FtM line became),
``reanchor_candidate`` (with its quote) and ``screening_candidate`` (with its entity and the
name it was screened by, or its source), keyed on the role's clearance by the same functions
as the other levelled tables (revisions 0006 and 0009; nkcase/store/pg_levels.py explains the
rule and names the tables that hold nothing levelled). Rows are untouched.
"""

from collections.abc import Sequence

from nkcase.store import pg_schema

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if pg_schema.is_postgresql():
        from nkcase.store import pg_levels

        pg_schema.run(pg_levels.carrier_statements())


def downgrade() -> None:
    if pg_schema.is_postgresql():
        from nkcase.store import pg_levels

        pg_schema.run(pg_levels.drop_carrier_statements())
