"""Full-text search index: search_doc with a word index and a trigram index (FTS5).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Existing casebooks get their names, quotes, notes and source texts indexed during the upgrade.
"""

from collections.abc import Sequence

from alembic import op

from nkcase.store import pg_schema

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DDL = [
    """CREATE TABLE search_doc (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        text_version_id TEXT REFERENCES text_version(id) ON DELETE CASCADE,
        start_offset INTEGER,
        end_offset INTEGER,
        page INTEGER,
        cjk INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL
    )""",
    "CREATE INDEX ix_search_doc_ref ON search_doc (kind, ref_id)",
    "CREATE INDEX ix_search_doc_tv ON search_doc (text_version_id)",
    "CREATE INDEX ix_search_doc_owner ON search_doc (owner_id)",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        body, content='search_doc', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE search_tri USING fts5(
        body, content='search_doc', content_rowid='rowid', tokenize='trigram')""",
    """CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
        INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body);
        INSERT INTO search_tri(rowid, body) SELECT new.rowid, new.body WHERE new.cjk = 1;
    END""",
    """CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
        INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        INSERT INTO search_tri(search_tri, rowid, body)
            SELECT 'delete', old.rowid, old.body WHERE old.cjk = 1;
    END""",
]


def upgrade() -> None:
    if pg_schema.is_postgresql():
        pg_schema.run(pg_schema.SEARCH_INDEX)
        _index_existing()
        return
    for statement in DDL:
        op.execute(statement)
    _index_existing()


def downgrade() -> None:
    for name in ("search_doc_ai", "search_doc_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_tri")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_doc")


def _index_existing() -> None:
    from sqlalchemy.orm import Session

    from nkcase.search.index import rebuild

    conn = op.get_bind()
    rows = []
    for table in ("fact", "note", "quote"):
        for row in conn.exec_driver_sql(f"SELECT * FROM {table}").mappings():
            rows.append((table, dict(row)))
    for row in conn.exec_driver_sql("SELECT * FROM text_version").mappings():
        rows.append(("text_version", dict(row)))
    session = Session(bind=conn)
    rebuild(session, rows)
    session.flush()
