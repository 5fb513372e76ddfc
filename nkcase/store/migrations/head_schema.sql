-- nkcase casebook schema at revision 0012
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)
;
CREATE TABLE audit_event (
	seq INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	at VARCHAR(32) NOT NULL, 
	actor TEXT NOT NULL, 
	action VARCHAR(60) NOT NULL, 
	summary TEXT NOT NULL, 
	changes TEXT NOT NULL, 
	prev_hash VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_audit_event PRIMARY KEY (seq), 
	CONSTRAINT uq_audit_event_id UNIQUE (id)
)
;
CREATE TABLE casebook (
	id VARCHAR(36) NOT NULL, 
	name TEXT NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	created_by TEXT NOT NULL, 
	fingerprint VARCHAR(32) NOT NULL, 
	app_version VARCHAR(32) NOT NULL, 
	audit_head VARCHAR(64) NOT NULL, 
	audit_count INTEGER NOT NULL, 
	CONSTRAINT pk_casebook PRIMARY KEY (id)
)
;
CREATE TABLE entity (
	id VARCHAR(36) NOT NULL, 
	schema VARCHAR(40) NOT NULL, 
	caption TEXT NOT NULL, 
	summary TEXT NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, handling VARCHAR(10) NOT NULL DEFAULT 'public' CONSTRAINT ck_entity_handling CHECK (handling IN ('public','internal','protected')), released_to VARCHAR(10) CONSTRAINT ck_entity_released_to CHECK (released_to IS NULL OR released_to IN ('public','internal','protected')), released_by TEXT, released_at VARCHAR(32), release_reason TEXT, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_entity PRIMARY KEY (id)
)
;
CREATE TABLE source (
	id VARCHAR(36) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	media_type VARCHAR(100) NOT NULL, 
	file_name TEXT NOT NULL, 
	title TEXT NOT NULL, 
	author TEXT, 
	publisher TEXT, 
	published VARCHAR(10), 
	url TEXT, 
	retrieved VARCHAR(10), 
	page_count INTEGER NOT NULL, 
	reliability VARCHAR(1), 
	handling VARCHAR(10) NOT NULL, 
	encrypted BOOLEAN NOT NULL, 
	imported_at VARCHAR(32) NOT NULL, 
	imported_by TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_source PRIMARY KEY (id), 
	CONSTRAINT ck_source_handling CHECK (handling IN ('public','internal','protected')), 
	CONSTRAINT ck_source_reliability CHECK (reliability IS NULL OR reliability IN ('A','B','C','D','E','F')), 
	CONSTRAINT uq_source_sha256 UNIQUE (sha256)
)
;
CREATE TABLE entity_tag (
	entity_id VARCHAR(36) NOT NULL, 
	tag TEXT NOT NULL, 
	CONSTRAINT pk_entity_tag PRIMARY KEY (entity_id, tag), 
	CONSTRAINT fk_entity_tag_entity_id_entity FOREIGN KEY(entity_id) REFERENCES entity (id) ON DELETE CASCADE
)
;
CREATE TABLE fact (
	id VARCHAR(36) NOT NULL, 
	entity_id VARCHAR(36) NOT NULL, 
	prop VARCHAR(40) NOT NULL, 
	value TEXT NOT NULL, 
	lang VARCHAR(16), 
	script VARCHAR(8), 
	date VARCHAR(10), 
	position INTEGER NOT NULL, 
	created_at VARCHAR(32) NOT NULL, handling VARCHAR(10) NOT NULL DEFAULT 'public' CONSTRAINT ck_fact_handling CHECK (handling IN ('public','internal','protected')), released_to VARCHAR(10) CONSTRAINT ck_fact_released_to CHECK (released_to IS NULL OR released_to IN ('public','internal','protected')), released_by TEXT, released_at VARCHAR(32), release_reason TEXT, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_fact PRIMARY KEY (id), 
	CONSTRAINT fk_fact_entity_id_entity FOREIGN KEY(entity_id) REFERENCES entity (id) ON DELETE CASCADE, 
	CONSTRAINT entity_prop_value UNIQUE (entity_id, prop, value)
)
;
CREATE TABLE note (
	id VARCHAR(36) NOT NULL, 
	entity_id VARCHAR(36) NOT NULL, 
	text TEXT NOT NULL, 
	handling VARCHAR(10) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, released_to VARCHAR(10) CONSTRAINT ck_note_released_to CHECK (released_to IS NULL OR released_to IN ('public','internal','protected')), released_by TEXT, released_at VARCHAR(32), release_reason TEXT, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_note PRIMARY KEY (id), 
	CONSTRAINT ck_note_handling CHECK (handling IN ('public','internal','protected')), 
	CONSTRAINT fk_note_entity_id_entity FOREIGN KEY(entity_id) REFERENCES entity (id) ON DELETE CASCADE
)
;
CREATE TABLE relationship (
	id VARCHAR(36) NOT NULL, 
	schema VARCHAR(40) NOT NULL, 
	subject_id VARCHAR(36) NOT NULL, 
	object_id VARCHAR(36) NOT NULL, 
	role TEXT NOT NULL, 
	start_date VARCHAR(10), 
	end_date VARCHAR(10), 
	summary TEXT NOT NULL, 
	created_at VARCHAR(32) NOT NULL, handling VARCHAR(10) NOT NULL DEFAULT 'public' CONSTRAINT ck_relationship_handling CHECK (handling IN ('public','internal','protected')), released_to VARCHAR(10) CONSTRAINT ck_relationship_released_to CHECK (released_to IS NULL OR released_to IN ('public','internal','protected')), released_by TEXT, released_at VARCHAR(32), release_reason TEXT, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_relationship PRIMARY KEY (id), 
	CONSTRAINT fk_relationship_object_id_entity FOREIGN KEY(object_id) REFERENCES entity (id) ON DELETE CASCADE, 
	CONSTRAINT fk_relationship_subject_id_entity FOREIGN KEY(subject_id) REFERENCES entity (id) ON DELETE CASCADE
)
;
CREATE TABLE source_original (
	source_id VARCHAR(36) NOT NULL, 
	data BLOB, 
	CONSTRAINT pk_source_original PRIMARY KEY (source_id), 
	CONSTRAINT fk_source_original_source_id_source FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE CASCADE
)
;
CREATE TABLE text_version (
	id VARCHAR(36) NOT NULL, 
	source_id VARCHAR(36) NOT NULL, 
	number INTEGER NOT NULL, 
	text TEXT, 
	text_sha256 VARCHAR(64) NOT NULL, 
	page_map TEXT NOT NULL, 
	char_boxes BLOB, 
	repairs TEXT NOT NULL, 
	warnings TEXT NOT NULL, 
	metadata_json TEXT NOT NULL, 
	extractor VARCHAR(40) NOT NULL, 
	extractor_version VARCHAR(20) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	CONSTRAINT pk_text_version PRIMARY KEY (id), 
	CONSTRAINT fk_text_version_source_id_source FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE CASCADE, 
	CONSTRAINT source_number UNIQUE (source_id, number)
)
;
CREATE TABLE quote (
	id VARCHAR(36) NOT NULL, 
	source_id VARCHAR(36) NOT NULL, 
	text_version_id VARCHAR(36) NOT NULL, 
	start_offset INTEGER NOT NULL, 
	end_offset INTEGER NOT NULL, 
	exact TEXT NOT NULL, 
	prefix TEXT NOT NULL, 
	suffix TEXT NOT NULL, 
	first_page INTEGER, 
	last_page INTEGER, 
	rects TEXT NOT NULL, 
	note TEXT NOT NULL, 
	credibility INTEGER, 
	handling VARCHAR(10) NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_quote PRIMARY KEY (id), 
	CONSTRAINT ck_quote_handling CHECK (handling IN ('public','internal','protected')), 
	CONSTRAINT ck_quote_status CHECK (status IN ('anchored','review','orphan')), 
	CONSTRAINT ck_quote_credibility CHECK (credibility IS NULL OR credibility BETWEEN 1 AND 6), 
	CONSTRAINT ck_quote_span CHECK (start_offset >= 0 AND end_offset > start_offset), 
	CONSTRAINT fk_quote_source_id_source FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE CASCADE, 
	CONSTRAINT fk_quote_text_version_id_text_version FOREIGN KEY(text_version_id) REFERENCES text_version (id)
)
;
CREATE TABLE reanchor_candidate (
	id VARCHAR(36) NOT NULL, 
	quote_id VARCHAR(36) NOT NULL, 
	text_version_id VARCHAR(36) NOT NULL, 
	start_offset INTEGER NOT NULL, 
	end_offset INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	score DOUBLE NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	CONSTRAINT pk_reanchor_candidate PRIMARY KEY (id), 
	CONSTRAINT fk_reanchor_candidate_quote_id_quote FOREIGN KEY(quote_id) REFERENCES quote (id) ON DELETE CASCADE, 
	CONSTRAINT fk_reanchor_candidate_text_version_id_text_version FOREIGN KEY(text_version_id) REFERENCES text_version (id) ON DELETE CASCADE
)
;
CREATE TABLE search_doc (
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
    )
;
CREATE VIRTUAL TABLE search_fts USING fts5(
        body, content='search_doc', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2')
;
CREATE VIRTUAL TABLE search_tri USING fts5(
        body, content='search_doc', content_rowid='rowid', tokenize='trigram')
;
CREATE TABLE list_snapshot (
	id VARCHAR(36) NOT NULL, 
	list_code VARCHAR(40) NOT NULL, 
	format VARCHAR(16) NOT NULL, 
	publisher TEXT NOT NULL, 
	title TEXT NOT NULL, 
	generated VARCHAR(32), 
	file_name TEXT NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	record_count INTEGER NOT NULL, 
	counts TEXT NOT NULL, 
	warnings TEXT NOT NULL, 
	imported_at VARCHAR(32) NOT NULL, 
	imported_by TEXT NOT NULL, 
	CONSTRAINT pk_list_snapshot PRIMARY KEY (id), 
	CONSTRAINT uq_list_snapshot_sha256 UNIQUE (sha256)
)
;
CREATE TABLE list_snapshot_file (
	id VARCHAR(36) NOT NULL, 
	snapshot_id VARCHAR(36) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	file_name TEXT NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	data BLOB, 
	CONSTRAINT pk_list_snapshot_file PRIMARY KEY (id), 
	CONSTRAINT fk_list_snapshot_file_snapshot_id_list_snapshot FOREIGN KEY(snapshot_id) REFERENCES list_snapshot (id) ON DELETE CASCADE
)
;
CREATE TABLE list_record (
	id INTEGER NOT NULL, 
	snapshot_id VARCHAR(36) NOT NULL, 
	record_key VARCHAR(100) NOT NULL, 
	schema VARCHAR(40) NOT NULL, 
	caption TEXT NOT NULL, 
	reference TEXT, 
	listed_on VARCHAR(10), 
	countries TEXT NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	data TEXT NOT NULL, 
	CONSTRAINT pk_list_record PRIMARY KEY (id), 
	CONSTRAINT fk_list_record_snapshot_id_list_snapshot FOREIGN KEY(snapshot_id) REFERENCES list_snapshot (id) ON DELETE CASCADE, 
	CONSTRAINT snapshot_key UNIQUE (snapshot_id, record_key)
)
;
CREATE TABLE list_name (
	id INTEGER NOT NULL, 
	record_id INTEGER NOT NULL, 
	snapshot_id VARCHAR(36) NOT NULL, 
	name TEXT NOT NULL, 
	quality VARCHAR(16) NOT NULL, 
	script VARCHAR(8), 
	lang VARCHAR(16), 
	family TEXT, 
	parts TEXT NOT NULL, 
	CONSTRAINT pk_list_name PRIMARY KEY (id), 
	CONSTRAINT fk_list_name_record_id_list_record FOREIGN KEY(record_id) REFERENCES list_record (id) ON DELETE CASCADE, 
	CONSTRAINT fk_list_name_snapshot_id_list_snapshot FOREIGN KEY(snapshot_id) REFERENCES list_snapshot (id) ON DELETE CASCADE
)
;
CREATE TABLE list_identifier (
	id INTEGER NOT NULL, 
	record_id INTEGER NOT NULL, 
	snapshot_id VARCHAR(36) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	value TEXT NOT NULL, 
	country VARCHAR(2), 
	CONSTRAINT pk_list_identifier PRIMARY KEY (id), 
	CONSTRAINT fk_list_identifier_record_id_list_record FOREIGN KEY(record_id) REFERENCES list_record (id) ON DELETE CASCADE, 
	CONSTRAINT fk_list_identifier_snapshot_id_list_snapshot FOREIGN KEY(snapshot_id) REFERENCES list_snapshot (id) ON DELETE CASCADE
)
;
CREATE TABLE screening_candidate (
	id VARCHAR(36) NOT NULL, 
	subject_key TEXT NOT NULL, 
	entity_id VARCHAR(36), 
	source_id VARCHAR(36), 
	subject_name TEXT NOT NULL, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	list_code VARCHAR(40) NOT NULL, 
	record_key VARCHAR(100) NOT NULL, 
	snapshot_id VARCHAR(36) NOT NULL, 
	list_record_id INTEGER NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	reference TEXT, 
	matched_name TEXT NOT NULL, 
	score FLOAT NOT NULL, 
	features TEXT NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	reason TEXT NOT NULL, 
	reviewed_by TEXT, 
	reviewed_at VARCHAR(32), 
	delisted_in VARCHAR(36), 
	created_at VARCHAR(32) NOT NULL, 
	screened_at VARCHAR(32) NOT NULL, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_screening_candidate PRIMARY KEY (id), 
	CONSTRAINT fk_screening_candidate_entity_id_entity FOREIGN KEY(entity_id) REFERENCES entity (id) ON DELETE CASCADE, 
	CONSTRAINT fk_screening_candidate_source_id_source FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE CASCADE, 
	CONSTRAINT fk_screening_candidate_snapshot_id_list_snapshot FOREIGN KEY(snapshot_id) REFERENCES list_snapshot (id) ON DELETE CASCADE, 
	CONSTRAINT fk_screening_candidate_list_record_id_list_record FOREIGN KEY(list_record_id) REFERENCES list_record (id) ON DELETE CASCADE, 
	CONSTRAINT fk_screening_candidate_delisted_in_list_snapshot FOREIGN KEY(delisted_in) REFERENCES list_snapshot (id) ON DELETE SET NULL, 
	CONSTRAINT pair UNIQUE (subject_key, list_code, record_key), 
	CONSTRAINT ck_screening_candidate_status CHECK (status IN ('open','confirmed','rejected'))
)
;
CREATE TABLE event (
	id VARCHAR(36) NOT NULL, 
	summary TEXT NOT NULL, 
	start_date VARCHAR(10) NOT NULL, 
	end_date VARCHAR(10), 
	place TEXT NOT NULL, 
	description TEXT NOT NULL, 
	handling VARCHAR(10) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	released_to VARCHAR(10), 
	released_by TEXT, 
	released_at VARCHAR(32), 
	release_reason TEXT, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_event PRIMARY KEY (id), 
	CONSTRAINT ck_event_handling CHECK (handling IN ('public','internal','protected')), 
	CONSTRAINT ck_event_released_to CHECK (released_to IS NULL OR released_to IN ('public','internal','protected'))
)
;
CREATE TABLE event_entity (
	event_id VARCHAR(36) NOT NULL, 
	entity_id VARCHAR(36) NOT NULL, 
	role VARCHAR(12) NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_event_entity PRIMARY KEY (event_id, entity_id), 
	CONSTRAINT ck_event_entity_role CHECK (role IN ('involved','organizer')), 
	CONSTRAINT fk_event_entity_entity_id_entity FOREIGN KEY(entity_id) REFERENCES entity (id) ON DELETE CASCADE, 
	CONSTRAINT fk_event_entity_event_id_event FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE CASCADE
)
;
CREATE TABLE chart (
	id VARCHAR(36) NOT NULL, 
	name TEXT NOT NULL, 
	state TEXT NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, version INTEGER NOT NULL DEFAULT 0, origin VARCHAR(36) NOT NULL DEFAULT '', 
	CONSTRAINT pk_chart PRIMARY KEY (id), 
	CONSTRAINT uq_chart_name UNIQUE (name)
)
;
CREATE TABLE "evidence" (
	id VARCHAR(36) NOT NULL, 
	quote_id VARCHAR(36) NOT NULL, 
	entity_id VARCHAR(36), 
	fact_id VARCHAR(36), 
	relationship_id VARCHAR(36), 
	created_at VARCHAR(32) NOT NULL, 
	note_id VARCHAR(36), 
	event_id VARCHAR(36), 
	CONSTRAINT pk_evidence PRIMARY KEY (id), 
	CONSTRAINT fk_evidence_fact_id_fact FOREIGN KEY(fact_id) REFERENCES fact (id) ON DELETE CASCADE, 
	CONSTRAINT fk_evidence_entity_id_entity FOREIGN KEY(entity_id) REFERENCES entity (id) ON DELETE CASCADE, 
	CONSTRAINT fk_evidence_relationship_id_relationship FOREIGN KEY(relationship_id) REFERENCES relationship (id) ON DELETE CASCADE, 
	CONSTRAINT fk_evidence_note_id_note FOREIGN KEY(note_id) REFERENCES note (id) ON DELETE CASCADE, 
	CONSTRAINT fk_evidence_quote_id_quote FOREIGN KEY(quote_id) REFERENCES quote (id) ON DELETE CASCADE, 
	CONSTRAINT fk_evidence_event_id_event FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE CASCADE, 
	CONSTRAINT ck_evidence_one_target CHECK ((entity_id IS NOT NULL) + (fact_id IS NOT NULL) + (relationship_id IS NOT NULL) + (note_id IS NOT NULL) + (event_id IS NOT NULL) = 1)
)
;
CREATE TABLE merged_chain (
	id VARCHAR(36) NOT NULL, 
	casebook_id VARCHAR(36) NOT NULL, 
	name TEXT NOT NULL, 
	fingerprint VARCHAR(32) NOT NULL, 
	audit_head VARCHAR(64) NOT NULL, 
	audit_count INTEGER NOT NULL, 
	merged_at VARCHAR(32) NOT NULL, 
	merged_by TEXT NOT NULL, 
	CONSTRAINT pk_merged_chain PRIMARY KEY (id), 
	CONSTRAINT uq_merged_chain_audit_head UNIQUE (audit_head)
)
;
CREATE TABLE merged_audit_event (
	hash VARCHAR(64) NOT NULL, 
	seq INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	at VARCHAR(32) NOT NULL, 
	actor TEXT NOT NULL, 
	action VARCHAR(60) NOT NULL, 
	summary TEXT NOT NULL, 
	changes TEXT NOT NULL, 
	prev_hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_merged_audit_event PRIMARY KEY (hash)
)
;
CREATE TABLE ftm_origin (
	id VARCHAR(36) NOT NULL, 
	ftm_id VARCHAR(200) NOT NULL, 
	schema VARCHAR(40) NOT NULL, 
	dataset TEXT NOT NULL, 
	entity_id VARCHAR(36), 
	relationship_id VARCHAR(36), 
	event_id VARCHAR(36), 
	file_name TEXT NOT NULL, 
	file_sha256 VARCHAR(64) NOT NULL, 
	imported_at VARCHAR(32) NOT NULL, 
	CONSTRAINT pk_ftm_origin PRIMARY KEY (id), 
	CONSTRAINT fk_ftm_origin_entity_id_entity FOREIGN KEY(entity_id) REFERENCES entity (id) ON DELETE CASCADE, 
	CONSTRAINT fk_ftm_origin_event_id_event FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE CASCADE, 
	CONSTRAINT fk_ftm_origin_relationship_id_relationship FOREIGN KEY(relationship_id) REFERENCES relationship (id) ON DELETE CASCADE
)
;
CREATE TABLE list_blocking (
	snapshot_id VARCHAR(36) NOT NULL, 
	part VARCHAR(16) NOT NULL, 
	seq INTEGER NOT NULL, 
	data BLOB NOT NULL, 
	CONSTRAINT pk_list_blocking PRIMARY KEY (snapshot_id, part, seq), 
	CONSTRAINT fk_list_blocking_snapshot_id_list_snapshot FOREIGN KEY(snapshot_id) REFERENCES list_snapshot (id) ON DELETE CASCADE
)
;
CREATE INDEX ix_entity_caption ON entity (caption)
;
CREATE INDEX ix_entity_schema ON entity (schema)
;
CREATE INDEX ix_entity_tag_tag ON entity_tag (tag)
;
CREATE INDEX ix_fact_entity_id ON fact (entity_id)
;
CREATE INDEX ix_fact_prop_value ON fact (prop, value)
;
CREATE INDEX ix_note_entity_id ON note (entity_id)
;
CREATE INDEX ix_relationship_object_id ON relationship (object_id)
;
CREATE INDEX ix_relationship_subject_id ON relationship (subject_id)
;
CREATE INDEX ix_text_version_source_id ON text_version (source_id)
;
CREATE INDEX ix_quote_source_id ON quote (source_id)
;
CREATE INDEX ix_quote_text_version_id ON quote (text_version_id)
;
CREATE INDEX ix_reanchor_candidate_quote_id ON reanchor_candidate (quote_id)
;
CREATE INDEX ix_search_doc_ref ON search_doc (kind, ref_id)
;
CREATE INDEX ix_search_doc_tv ON search_doc (text_version_id)
;
CREATE INDEX ix_search_doc_owner ON search_doc (owner_id)
;
CREATE INDEX ix_list_snapshot_list_code ON list_snapshot (list_code)
;
CREATE INDEX ix_list_snapshot_file_snapshot_id ON list_snapshot_file (snapshot_id)
;
CREATE INDEX ix_list_name_record_id ON list_name (record_id)
;
CREATE INDEX ix_list_name_snapshot ON list_name (snapshot_id)
;
CREATE INDEX ix_list_identifier_record_id ON list_identifier (record_id)
;
CREATE INDEX ix_list_identifier_value ON list_identifier (kind, value)
;
CREATE INDEX ix_screening_candidate_entity_id ON screening_candidate (entity_id)
;
CREATE INDEX ix_screening_candidate_source_id ON screening_candidate (source_id)
;
CREATE INDEX ix_screening_candidate_snapshot_id ON screening_candidate (snapshot_id)
;
CREATE INDEX ix_screening_candidate_list_record_id ON screening_candidate (list_record_id)
;
CREATE INDEX ix_event_start_date ON event (start_date)
;
CREATE INDEX ix_event_entity_entity_id ON event_entity (entity_id)
;
CREATE INDEX ix_evidence_quote_id ON evidence (quote_id)
;
CREATE INDEX ix_evidence_fact_id ON evidence (fact_id)
;
CREATE INDEX ix_evidence_entity_id ON evidence (entity_id)
;
CREATE INDEX ix_evidence_relationship_id ON evidence (relationship_id)
;
CREATE INDEX ix_evidence_unique ON evidence (quote_id, entity_id, fact_id, relationship_id)
;
CREATE INDEX ix_evidence_note_id ON evidence (note_id)
;
CREATE INDEX ix_evidence_event_id ON evidence (event_id)
;
CREATE INDEX ix_merged_audit_event_prev_hash ON merged_audit_event (prev_hash)
;
CREATE INDEX ix_ftm_origin_entity_id ON ftm_origin (entity_id)
;
CREATE INDEX ix_ftm_origin_ftm_id ON ftm_origin (ftm_id)
;
CREATE INDEX ix_ftm_origin_event_id ON ftm_origin (event_id)
;
CREATE INDEX ix_ftm_origin_relationship_id ON ftm_origin (relationship_id)
;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
;
CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
        INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body);
        INSERT INTO search_tri(rowid, body) SELECT new.rowid, new.body WHERE new.cjk = 1;
    END
;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
        INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        INSERT INTO search_tri(search_tri, rowid, body)
            SELECT 'delete', old.rowid, old.body WHERE old.cjk = 1;
    END
;
CREATE TRIGGER list_record_designation_guard
    BEFORE DELETE ON list_record
    WHEN EXISTS (SELECT 1 FROM screening_candidate
                 WHERE list_record_id = old.id AND status = 'confirmed')
    BEGIN SELECT RAISE(ABORT, 'a confirmed screening match cites this list record'); END
;
