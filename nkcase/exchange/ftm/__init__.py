"""FollowTheMoney (FtM) entity lines in and out of a casebook.

- :mod:`.model` — the part of FtM's published model we read and write, kept as data
  (``resources/ftm/model-<version>.json``, taken from the ``followthemoney`` package's
  ``schema/*.yaml``) with the id rule;
- :mod:`.validate` — a validator written from that model: schema and property names, value
  types, ranges of entity-typed properties, ids;
- :mod:`.ids` and :mod:`.values` — our UUIDs and stored values as FtM ids and values;
- :mod:`.documents` — a source as a Document, a quote as a Note;
- :mod:`.export` — a casebook (or some entities) at a handling level as FtM lines, through the
  one visibility rule;
- :mod:`.reader` and :mod:`.importer` — FtM lines (OpenSanctions, Aleph, our own exports) into
  case files, with provenance and a report of everything not taken.

docs/exchange.md has the mapping table and what is kept and what is not.
"""
