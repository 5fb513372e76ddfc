"""Handling levels: the cost of the one visibility rule beside bare SQL reading the same rows.

Builds a synthetic casebook (N companies, each with a name, a country supported by a quote from
a public or a protected source, half of them related in pairs), then prints CPU milliseconds:

- a navigator page: ``entity_levels`` for 200 entities, beside one bare sqlite3 query joining
  the same evidence, quotes and sources;
- a whole-casebook output: ``load_levels(None).at("public").withheld_in(all)``, beside bare
  sqlite3 reading every row the rule reads (the floor of any implementation in Python);
- one case file's levels (``load_levels([id])``, with its neighbours).

Run: PYTHONPATH=. python benchmarks/levels.py [N]   (default 20000; the casebook is cached in
the temporary folder between runs of the same N)
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, text

from nkcase.model import Entity, Evidence, Fact, Quote, Relationship, new_id
from nkcase.services import sources
from nkcase.services.levels import entity_levels, load_levels
from nkcase.store import create_casebook, open_casebook


def build(path: Path, n: int) -> None:
    with create_casebook(path, "levels benchmark") as book:
        source_ids = []
        for level in ("public", "protected"):
            doc = path.with_name(f"{level}.txt")
            doc.write_text("\n".join(f"Line {i} of the {level} file." for i in range(100)))
            outcome = sources.import_file(book, doc, sources.ImportOptions(handling=level))[0]
            assert outcome.source_id is not None
            source_ids.append(outcome.source_id)
        with book.session() as session, session.begin():
            versions = dict(session.execute(text("select source_id, id from text_version")).all())
            entities, facts, quotes, links = [], [], [], []
            for i in range(n):
                entity = Entity(id=new_id(), schema="Company", caption=f"Company {i}")
                entities.append(entity)
                facts.append(Fact(id=new_id(), entity_id=entity.id, prop="name",
                                  value=entity.caption, position=1))
                country = Fact(id=new_id(), entity_id=entity.id, prop="country", value="vn",
                               position=2)
                facts.append(country)
                source = source_ids[i % 3 == 0]
                quote = Quote(id=new_id(), source_id=source, text_version_id=versions[source],
                              start_offset=0, end_offset=4, exact="Line",
                              handling="protected" if i % 3 == 0 else "public")
                quotes.append(quote)
                links.append(Evidence(id=new_id(), quote_id=quote.id, fact_id=country.id))
            rels = [
                Relationship(id=new_id(), schema="UnknownLink", subject_id=entities[i].id,
                             object_id=entities[i + 1].id, role="partner")
                for i in range(0, n - 1, 2)
            ]
            for batch in (entities, facts, quotes, links, rels):
                session.add_all(batch)
                session.flush()


def cpu_ms(fn) -> tuple[float, object]:
    start = time.process_time()
    result = fn()
    return 1000 * (time.process_time() - start), result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    path = Path(tempfile.gettempdir()) / f"nkcase-levels-bench-{n}.nkcase"
    if not path.exists():
        build(path, n)
    raw = sqlite3.connect(path)
    evidence_sql = (
        "select e.quote_id, coalesce(e.entity_id, e.fact_id, e.relationship_id, e.note_id), "
        "q.source_id, q.handling, s.handling from evidence e join quote q on q.id = e.quote_id "
        "join source s on s.id = q.source_id"
    )
    with open_casebook(path, readonly=True) as book, book.reading() as session:
        ids = list(session.scalars(select(Entity.id).order_by(Entity.caption).limit(200)))
        entity_levels(session, ids)  # warm the statement cache
        page, _ = cpu_ms(lambda: entity_levels(session, ids))
        marks = ",".join("?" * len(ids))
        bare_page, _ = cpu_ms(lambda: raw.execute(
            f"{evidence_sql} join fact f on f.id = e.fact_id where f.entity_id in ({marks})",
            ids).fetchall())
        print(f"navigator page (200 entities): rule {page:7.1f} ms   bare SQL {bare_page:7.1f} ms")

        def whole() -> object:
            levels = load_levels(session, None)
            everyone = [i.id for i in levels.graph.items.values() if i.kind == "entity"]
            return levels.at("public").withheld_in(everyone)

        def bare_whole() -> object:
            raw.execute(evidence_sql).fetchall()
            raw.execute("select id, handling from entity").fetchall()
            raw.execute("select id, entity_id, prop, handling from fact").fetchall()
            return raw.execute("select id, subject_id, object_id, handling from relationship"
                               ).fetchall()

        all_ms, withheld = cpu_ms(whole)
        bare_all, _ = cpu_ms(bare_whole)
        print(f"whole casebook ({n} entities):  rule {all_ms:7.1f} ms   bare SQL {bare_all:7.1f} ms"
              f"   ({withheld})")
        one, _ = cpu_ms(lambda: load_levels(session, ids[:1]).at("public").withheld_in(ids[:1]))
        print(f"one case file's levels:          rule {one:7.1f} ms")


if __name__ == "__main__":
    main()
