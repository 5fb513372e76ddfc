"""Access by handling level on a team casebook: PostgreSQL row-level security that mirrors the
one visibility rule (:mod:`nkcase.levels`), so a role cleared for ``public`` or ``internal``
never receives from the server what that level withholds.

A role's clearance is a row of ``nk_clearance`` (set with ``nkcase server clear``; a role with
no row is cleared for ``public`` only; the casebook's owner, who runs nkcase's migrations, is
not subject to the policies). Each levelled table has a policy "the row's effective level is at
most the role's clearance", where the effective level is computed by the functions below
exactly as :meth:`nkcase.levels.LevelGraph.level` computes it:

- ``nk_rank``: public 0 < internal 1 < protected 2 (``vocabulary/levels.py``); an unknown text
  counts as protected;
- a **source** is its own level; a **quote** is its own level raised to its source's (a quote
  cannot be shown without its source);
- an item with supporting quotes (entity, fact, relationship, note) takes its own level, raised
  to the *lowest* level among those quotes, unless released: a release caps what the evidence
  adds, never below the own level (``nk_item_rank``, the rule's ``_resolve``);
- an **entity**'s support is every quote linked to it, to its facts, to its relationships
  (either end) and to its events;
- a **fact** (a name included) and a **note** are also raised to their entity's level, a
  **relationship** to both ends', an **event** to every entity taking part in it (the items
  they cannot be shown without);
- the rows that only link items follow them (revision 0009): an **evidence** link is read when
  both its quote and what it supports are (the rule's ``shown_support``), an event's entities
  (``event_entity``) with their event, an entity's tags with their entity;
- a saved **chart** has no level of its own and a row cannot be cut down to what a level shows
  (a casebook copy keeps a chart with only its visible entities), so it is read whole or not at
  all: when every entity it names (its entities, pinned ones, positions) is visible and it was
  drawn at most at the role's clearance (``filter.level``: its layout was computed over what
  that level showed: where two nodes sit can betray a link above the role's level). An unreadable
  state counts as protected. (What a lower role sees of such a chart: nothing, not even its
  name; docs/teamstore.md says why a cut-down chart is not offered.)
- the rows that carry a levelled item's content under another name follow it (revision 0010):
  where an imported FtM line came from (``ftm_origin``) with the entity, relationship or event
  it became; a re-anchoring candidate (``reanchor_candidate``, a passage of the new text) with
  its quote, whose level is never below its source's (the new text is that source's); a
  screening candidate (``screening_candidate``) of an entity only when the entity, a name of it
  equal to the screened name (an alias known only from a protected debrief withholds every
  match found by it) and every other fact the screening read of it (its features quote their
  values) are visible (``nk_screened_rank``), of a name found in a source's text with the
  source — as ``services/candidate_levels.py`` decides for the screening output and the
  casebook copy.

Every other table holds nothing levelled: :data:`UNLEVELLED` says why, table by table, and
``tests/store/test_team_levels.py`` checks that every table of the model and of the search
index is either under a policy or named there.

The functions run as the casebook's owner (``SECURITY DEFINER``): the evidence of a protected
quote must count even though the role cannot read that quote. What carries the content of a
withheld item follows it: a source's text versions and original file, the search index's
documents, and the audit log (whose snapshots hold the content of every change), which only
roles cleared for ``protected`` read. Only roles cleared for ``protected`` write to the
levelled tables (a second policy): a write by a role that cannot see every row it touches
could not be recorded whole for undo and audit. Grant the others ``SELECT`` only.

Cost: the policies evaluate these functions per row for every role but the owner, so a large
team casebook read by many cleared roles pays for it; the owner's role (and nkcase's own
tests and benchmarks, run as the owner) do not.

``tests/store/test_team_levels.py`` checks, for the informant case, that what a role receives
from each table equals what ``load_levels(...).at(level)`` shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from nkcase.screening.screened_facts import SCREENED_PROPS
from nkcase.vocabulary import NAME_PROPERTIES

RANK = """CREATE FUNCTION nk_rank(level text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE level WHEN 'public' THEN 0 WHEN 'internal' THEN 1 ELSE 2 END $$"""

ITEM_RANK = """CREATE FUNCTION nk_item_rank(own text, evidence integer, released_to text)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN evidence IS NULL OR evidence <= nk_rank(own) THEN nk_rank(own)
        WHEN released_to IS NOT NULL AND nk_rank(released_to) < evidence
            THEN greatest(nk_rank(released_to), nk_rank(own))
        ELSE evidence
    END $$"""

_DEFINER = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public"

QUOTE_RANK = f"""CREATE FUNCTION nk_quote_rank(quote_id text) RETURNS integer {_DEFINER} AS $$
    SELECT greatest(nk_rank(q.handling), nk_rank(s.handling))
    FROM quote q JOIN source s ON s.id = q.source_id WHERE q.id = quote_id $$"""

ENTITY_RANK = f"""CREATE FUNCTION nk_entity_rank(entity_id text) RETURNS integer {_DEFINER} AS $$
    SELECT nk_item_rank(e.handling, (
        SELECT min(nk_quote_rank(ev.quote_id)) FROM evidence ev
        WHERE ev.entity_id = e.id
           OR ev.fact_id IN (SELECT f.id FROM fact f WHERE f.entity_id = e.id)
           OR ev.relationship_id IN (SELECT r.id FROM relationship r
                                     WHERE r.subject_id = e.id OR r.object_id = e.id)
           OR ev.event_id IN (SELECT x.event_id FROM event_entity x WHERE x.entity_id = e.id)
    ), e.released_to)
    FROM entity e WHERE e.id = entity_id $$"""

FACT_RANK = f"""CREATE FUNCTION nk_fact_rank(fact_id text) RETURNS integer {_DEFINER} AS $$
    SELECT greatest(nk_item_rank(f.handling, (
        SELECT min(nk_quote_rank(ev.quote_id)) FROM evidence ev WHERE ev.fact_id = f.id
    ), f.released_to), nk_entity_rank(f.entity_id))
    FROM fact f WHERE f.id = fact_id $$"""

NOTE_RANK = f"""CREATE FUNCTION nk_note_rank(note_id text) RETURNS integer {_DEFINER} AS $$
    SELECT greatest(nk_item_rank(n.handling, (
        SELECT min(nk_quote_rank(ev.quote_id)) FROM evidence ev WHERE ev.note_id = n.id
    ), n.released_to), nk_entity_rank(n.entity_id))
    FROM note n WHERE n.id = note_id $$"""

RELATIONSHIP_RANK = f"""CREATE FUNCTION nk_relationship_rank(rel_id text) RETURNS integer
{_DEFINER} AS $$
    SELECT greatest(nk_item_rank(r.handling, (
        SELECT min(nk_quote_rank(ev.quote_id)) FROM evidence ev WHERE ev.relationship_id = r.id
    ), r.released_to), nk_entity_rank(r.subject_id), nk_entity_rank(r.object_id))
    FROM relationship r WHERE r.id = rel_id $$"""

EVENT_RANK = f"""CREATE FUNCTION nk_event_rank(event_id text) RETURNS integer {_DEFINER} AS $$
    SELECT greatest(nk_item_rank(e.handling, (
        SELECT min(nk_quote_rank(ev.quote_id)) FROM evidence ev WHERE ev.event_id = e.id
    ), e.released_to), (
        SELECT max(nk_entity_rank(x.entity_id)) FROM event_entity x WHERE x.event_id = e.id
    ))
    FROM event e WHERE e.id = event_id $$"""

#: The level of what an evidence link names (exactly one of its targets is set).
TARGET_RANK = (
    "coalesce(nk_entity_rank(entity_id), nk_fact_rank(fact_id), "
    "nk_relationship_rank(relationship_id), nk_note_rank(note_id), nk_event_rank(event_id), 2)"
)

CHART_RANK = """CREATE FUNCTION nk_chart_rank(state text) RETURNS integer LANGUAGE plpgsql
STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
    doc jsonb;
    drawn text;
    named integer;
BEGIN
    doc := state::jsonb;
    IF jsonb_typeof(doc) IS DISTINCT FROM 'object' THEN
        RETURN 2;
    END IF;
    drawn := doc -> 'filter' ->> 'level';  -- as nkcase.graph.state reads it: else internal
    IF drawn IS NULL OR drawn NOT IN ('public', 'internal', 'protected') THEN
        drawn := 'internal';
    END IF;
    SELECT max(nk_entity_rank(id)) INTO named FROM (
        SELECT jsonb_array_elements_text(CASE jsonb_typeof(doc -> 'entities')
            WHEN 'array' THEN doc -> 'entities' ELSE '[]' END) AS id
        UNION SELECT jsonb_array_elements_text(CASE jsonb_typeof(doc -> 'pinned')
            WHEN 'array' THEN doc -> 'pinned' ELSE '[]' END)
        UNION SELECT jsonb_object_keys(CASE jsonb_typeof(doc -> 'positions')
            WHEN 'object' THEN doc -> 'positions' ELSE '{}' END)
    ) AS ids;
    RETURN greatest(nk_rank(drawn), coalesce(named, 0));
EXCEPTION WHEN others THEN
    RETURN 2;  -- not JSON, or not the shape nkcase writes: nobody below protected reads it
END $$"""

#: Revision 0009: the rows of events, the links between items, and saved charts.
LINK_POLICIES = {
    "event": "nk_event_rank(id) <= {me}",
    "event_entity": "nk_event_rank(event_id) <= {me}",
    "evidence": f"greatest(nk_quote_rank(quote_id), {TARGET_RANK}) <= {{me}}",
    "entity_tag": "nk_entity_rank(entity_id) <= {me}",
    "chart": "nk_chart_rank(state) <= {me}",
}


def _literals(values: Iterable[str]) -> str:
    """Property names as SQL literals (our own constants, never user text)."""
    return ", ".join(f"'{value}'" for value in values)


#: A screening candidate of an entity: the entity, the lowest of its names equal to the name it
#: was found by (none: 2), and every other fact the screening read of it (its features quote
#: their values: ``screening/screened_facts.py``). As the owner, so that withheld facts count.
SCREENED_RANK = f"""CREATE FUNCTION nk_screened_rank(subject_id text, screened_name text)
RETURNS integer {_DEFINER} AS $$
    SELECT greatest(nk_entity_rank(subject_id), coalesce((
        SELECT min(nk_fact_rank(f.id)) FROM fact f WHERE f.entity_id = subject_id
           AND f.prop IN ({_literals(NAME_PROPERTIES)}) AND f.value = screened_name
    ), 2), (
        SELECT max(nk_fact_rank(f.id)) FROM fact f WHERE f.entity_id = subject_id
           AND f.prop IN ({_literals(SCREENED_PROPS)})
    )) $$"""

#: Revision 0010: the rows that carry a levelled item's content under another name.
CARRIER_POLICIES = {
    "ftm_origin": (
        "coalesce(nk_entity_rank(entity_id), nk_relationship_rank(relationship_id), "
        "nk_event_rank(event_id), 2) <= {me}"
    ),
    "reanchor_candidate": "nk_quote_rank(quote_id) <= {me}",
    "screening_candidate": (
        "CASE WHEN entity_id IS NOT NULL THEN nk_screened_rank(entity_id, subject_name) "
        "ELSE nk_rank((SELECT s.handling FROM source s "
        "WHERE s.id = screening_candidate.source_id)) END <= {me}"
    ),
}

#: The tables under no policy, and why nothing levelled is in them.
UNLEVELLED = {
    "casebook": "the header: the casebook's name, fingerprint and audit head (a hash); no item",
    "merged_chain": (
        "which casebooks were merged in: their names, fingerprints and audit heads; their events, "
        "which hold content, are in merged_audit_event (protected roles only, revision 0007)"
    ),
    "list_snapshot": "sanctions lists: published reference data, the same for every reader",
    "list_snapshot_file": "sanctions lists' published files",
    "list_record": "sanctions lists' published records",
    "list_name": "sanctions lists' published names",
    "list_identifier": "sanctions lists' published identifiers",
    "list_blocking": "sanctions lists' blocking indexes: hashes and numbers derived from them",
    "nk_clearance": "which role is cleared for which level: the policies' own input, no item",
    "alembic_version": "the schema revision",
}

CLEARANCE = [
    """CREATE TABLE nk_clearance (
        role_name TEXT PRIMARY KEY,
        level VARCHAR(10) NOT NULL CHECK (level IN ('public','internal','protected'))
    )""",
    f"""CREATE FUNCTION nk_clearance_rank(who text) RETURNS integer {_DEFINER} AS $$
        SELECT coalesce((SELECT nk_rank(level) FROM nk_clearance WHERE role_name = who), 0)
    $$""",
]

#: table → the expression that must hold for a row to be visible (``me`` is the role's rank).
POLICIES = {
    "source": "nk_rank(handling) <= {me}",
    "source_original": "nk_rank((SELECT handling FROM source s WHERE s.id = source_id)) <= {me}",
    "text_version": "nk_rank((SELECT handling FROM source s WHERE s.id = source_id)) <= {me}",
    "quote": "nk_quote_rank(id) <= {me}",
    "entity": "nk_entity_rank(id) <= {me}",
    "fact": "nk_fact_rank(id) <= {me}",
    "note": "nk_note_rank(id) <= {me}",
    "relationship": "nk_relationship_rank(id) <= {me}",
    "search_doc": (
        "CASE kind WHEN 'passage' THEN nk_rank((SELECT handling FROM source s "
        "WHERE s.id = owner_id)) WHEN 'quote' THEN nk_quote_rank(ref_id) "
        "WHEN 'note' THEN nk_note_rank(ref_id) WHEN 'name' THEN nk_fact_rank(ref_id) "
        "ELSE 2 END <= {me}"
    ),
    "audit_event": "2 <= {me}",
}


ME = "nk_clearance_rank(current_user::text)"


def statements() -> list[str]:
    """Every statement that sets the policies up (run once, by a migration)."""
    found = [RANK, ITEM_RANK, QUOTE_RANK, ENTITY_RANK, FACT_RANK, NOTE_RANK, RELATIONSHIP_RANK]
    found += CLEARANCE
    for table, condition in POLICIES.items():
        found += policies(table, condition)
    return found


def link_statements() -> list[str]:
    """The statements of revision 0009: events, links and charts under the same rule."""
    found = [EVENT_RANK, CHART_RANK]
    for table, condition in LINK_POLICIES.items():
        found += policies(table, condition)
    return found


def drop_link_statements() -> list[str]:
    """Undo :func:`link_statements` (revision 0009's downgrade)."""
    found = [statement for table in LINK_POLICIES for statement in drop_policies(table)]
    return [*found, "DROP FUNCTION nk_chart_rank(text)", "DROP FUNCTION nk_event_rank(text)"]


def carrier_statements() -> list[str]:
    """The statements of revision 0010: FtM origins, re-anchoring and screening candidates."""
    found = [SCREENED_RANK]
    for table, condition in CARRIER_POLICIES.items():
        found += policies(table, condition)
    return found


def drop_carrier_statements() -> list[str]:
    """Undo :func:`carrier_statements` (revision 0010's downgrade)."""
    found = [statement for table in CARRIER_POLICIES for statement in drop_policies(table)]
    return [*found, "DROP FUNCTION nk_screened_rank(text, text)"]


def drop_policies(table: str) -> list[str]:
    """Undo :func:`policies` on ``table``."""
    return [
        f"DROP POLICY {table}_writers ON {table}",
        f"DROP POLICY {table}_by_level ON {table}",
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
    ]


def policies(table: str, condition: str) -> list[str]:
    """Row-level security on ``table``: rows meeting ``condition`` (``{me}`` is the role's
    clearance rank) are read; only roles cleared for protected write."""
    me = ME
    found: list[str] = []
    found.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    found.append(
        f"CREATE POLICY {table}_by_level ON {table} FOR SELECT "
        f"USING ({condition.format(me=me)})"
    )
    # Writing takes a clearance for everything: a write by a role that cannot see every row it
    # touches (cascades, the undo record) could not be recorded whole.
    found.append(
        f"CREATE POLICY {table}_writers ON {table} FOR ALL USING ({me} = 2) WITH CHECK ({me} = 2)"
    )
    return found
