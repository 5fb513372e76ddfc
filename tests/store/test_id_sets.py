"""Lists of ids bound as one condition: on PostgreSQL as the text of an array, so every id
must read back as itself whatever characters it holds."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from nkcase.model import Entity
from nkcase.store.id_sets import id_batches

BOTH = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
AWKWARD = ['NULL', '', 'a,b', '{c}', 'q"u', 'back\\slash', ' sp ', '라경수', "it's", '"', '\\']


@BOTH
def test_ids_with_quotes_commas_braces_and_backslashes_match_themselves(casebook: Any) -> None:
    with casebook.writing() as session:
        session.add_all(Entity(id=i, schema="Company", caption=f"c{n}")
                        for n, i in enumerate(AWKWARD))
    asked = [*AWKWARD, "missing", 'NULL"', "a"]
    with casebook.reading() as session:
        found = [
            row
            for batch in id_batches(session, asked, size=4)
            for row in session.scalars(select(Entity.id).where(batch.has(Entity.id)))
        ]
    assert sorted(found) == sorted(AWKWARD)


@BOTH
def test_plain_ids_match_in_one_statement_per_batch(casebook: Any) -> None:
    ids = [f"id-{n:03}" for n in range(30)]
    with casebook.writing() as session:
        session.add_all(Entity(id=i, schema="Company", caption=i) for i in ids[::2])
    with casebook.reading() as session:
        batches = list(id_batches(session, [*ids, *ids]))
        found = {
            row for batch in batches
            for row in session.scalars(select(Entity.id).where(batch.has(Entity.id)))
        }
    assert found == set(ids[::2])
    assert sum(len(b.ids) for b in batches) == len(ids)  # duplicates dropped
