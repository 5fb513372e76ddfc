"""PostgreSQL's versions of the schema objects SQLite builds its own way, for the migrations.

The Alembic migrations are shared by both backends; where one uses SQLite-only DDL (triggers
written in SQLite's dialect, FTS5 virtual tables, a CHECK that adds booleans) it branches on
:func:`is_postgresql` and takes the statements from here, so that every PostgreSQL-specific
object is defined in this one module (and the search queries in :mod:`nkcase.search`).
"""

from __future__ import annotations

from alembic import op


def one_target_check(columns: tuple[str, ...]) -> str:
    """The evidence CHECK "exactly one target" over ``columns``: SQLite's adds booleans, which
    PostgreSQL does not; it counts the non-null arguments instead."""
    return f"num_nonnulls({', '.join(columns)}) = 1"


def is_postgresql() -> bool:
    """Whether the migration runs on PostgreSQL (else SQLite)."""
    return bool(op.get_bind().dialect.name == "postgresql")


AUDIT_GUARD = [
    """CREATE FUNCTION nk_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation';
    END $$""",
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION nk_audit_append_only()",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION nk_audit_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION nk_audit_append_only()",
    # Every committed audit event is announced to the analysts' apps (LISTEN nkcase_changes,
    # nkcase.store.pg_listen): the payload is its sequence number; PostgreSQL delivers it at
    # commit, and not at all for a rolled-back operation.
    """CREATE FUNCTION nk_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('nkcase_changes', NEW.seq::text); RETURN NULL; END $$""",
    "CREATE TRIGGER audit_event_announce AFTER INSERT ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION nk_announce_change()",
    # Originals stay uncompressed so that they can be read back in slices (store/pg_blobs.py).
    "ALTER TABLE source_original ALTER COLUMN data SET STORAGE EXTERNAL",
]

#: The search index (revision 0002): the same ``search_doc`` rows as SQLite's content table,
#: with a word vector (``simple`` configuration, accents removed, as FTS5's ``unicode61
#: remove_diacritics 2``) and a trigram index over the documents holding Hangul, Han or kana.
SEARCH_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is only STABLE (it reads its dictionary); pinned to one dictionary by name it
    # is immutable in practice, which an index expression requires.
    """CREATE FUNCTION nk_search_words(body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT to_tsvector('simple'::regconfig,
                                 public.unaccent('public.unaccent'::regdictionary, body)) $$""",
    """CREATE FUNCTION nk_search_query(words text) RETURNS tsquery
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT phraseto_tsquery(
            'simple'::regconfig, public.unaccent('public.unaccent'::regdictionary, words)) $$""",
    """CREATE TABLE search_doc (
        rowid BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        text_version_id TEXT REFERENCES text_version(id) ON DELETE CASCADE,
        start_offset INTEGER,
        end_offset INTEGER,
        page INTEGER,
        cjk INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL,
        words tsvector GENERATED ALWAYS AS (nk_search_words(body)) STORED
    )""",
    "CREATE INDEX ix_search_doc_ref ON search_doc (kind, ref_id)",
    "CREATE INDEX ix_search_doc_tv ON search_doc (text_version_id)",
    "CREATE INDEX ix_search_doc_owner ON search_doc (owner_id)",
    "CREATE INDEX ix_search_doc_words ON search_doc USING gin (words)",
    "CREATE INDEX ix_search_doc_trigrams ON search_doc USING gin (body gin_trgm_ops) "
    "WHERE cjk = 1",
]

DESIGNATION_GUARD = [
    """CREATE FUNCTION nk_list_record_designation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM screening_candidate
                   WHERE list_record_id = OLD.id AND status = 'confirmed') THEN
            RAISE EXCEPTION 'a confirmed screening match cites this list record'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    END $$""",
    "CREATE TRIGGER list_record_designation_guard BEFORE DELETE ON list_record "
    "FOR EACH ROW EXECUTE FUNCTION nk_list_record_designation_guard()",
]

#: List files (revision 0004) are streamed and read in slices like originals.
LIST_FILES = ["ALTER TABLE list_snapshot_file ALTER COLUMN data SET STORAGE EXTERNAL"]
#: Stored blocking indexes (revision 0011): hashes and ids, which do not compress.
LIST_BLOCKING = ["ALTER TABLE list_blocking ALTER COLUMN data SET STORAGE EXTERNAL"]


def run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)
