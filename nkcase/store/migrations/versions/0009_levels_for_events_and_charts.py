"""Access by handling level on a team casebook for events, links and saved charts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

PostgreSQL only (an SQLite casebook is one person's file, with no roles): row-level security on
``event``, ``event_entity``, ``evidence``, ``entity_tag`` and ``chart``, keyed on the role's
clearance by the same functions as the other levelled tables (revision 0006), so a role
cleared for ``public`` or ``internal`` no longer receives protected events, the links that name
withheld items, or a chart that shows more than its level (nkcase/store/pg_levels.py explains
the rule). Rows are untouched.
"""

from collections.abc import Sequence

from nkcase.store import pg_schema

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if pg_schema.is_postgresql():
        from nkcase.store import pg_levels

        pg_schema.run(pg_levels.link_statements())


def downgrade() -> None:
    if pg_schema.is_postgresql():
        from nkcase.store import pg_levels

        pg_schema.run(pg_levels.drop_link_statements())
