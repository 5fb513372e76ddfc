"""Full-text search over sources' text, quotes, notes and entity names (SQLite FTS5).

Two FTS5 indexes share one content table, ``search_doc``: a word index (unicode61, diacritics
removed) for scripts with spaces, and a trigram index for documents holding Hangul, Han or kana,
so that "창작사" finds "만수대창작사". Every body is stored in its search form
(:mod:`nkcase.textfold`): curly quotes, dashes and case folded, so a query typed with ASCII
finds "Indo‐Pacific" and "Pyongyang’s". This package and :mod:`nkcase.store` hold all the
SQLite-specific SQL.
"""
