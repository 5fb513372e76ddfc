"""Merge and level-copy speed, beside SQLite's own online backup of the same casebook.

1. Two copies of the demo casebook edited apart (one adds a restaurant and quotes, the other
   changes a vessel's flag and a source's grade): plan and apply.
2. Two copies of a 5,000-entity casebook (each entity with a name, an alias in Hangul and a
   country; 2,500 relationships), each side adding 500 entities and editing 200 summaries:
   plan and apply.
3. Two independent 5,000-entity casebooks: every row comes across, every entity screened for
   duplicates against the other's 5,000.
4. A public copy of the 5,000-entity casebook (``copy_at_level``), beside the reference: SQLite's
   online backup API copying the whole file (``Casebook.backup``).

    .venv/bin/python benchmarks/merge.py [--entities 5000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from nkcase.model import Entity, Fact, Relationship


def _timed(label: str, run):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = run()
    print(f"{label:58s} {time.perf_counter() - start:8.2f} s")
    return result


def build(path: Path, n: int, tag: str) -> None:
    """A casebook of ``n`` entities written in one operation (fast to make)."""
    from nkcase.services.changes import operation
    from nkcase.store import create_casebook

    syllables = ("Kim", "Ri", "Pak", "Choe", "Jong", "Han", "Kang", "Mun")
    hangul = ("김", "리", "박", "최", "정", "한", "강", "문")
    with create_casebook(path, f"Bench {tag}") as book, operation(book, "bench.build") as op:
        ids = []
        for i in range(n):
            name = f"{syllables[i % 8]} {tag} Trading {i}"
            entity = Entity(schema="Company", caption=name, summary="")
            entity.facts = [
                Fact(prop="name", value=name, position=0),
                Fact(prop="alias", value=f"{hangul[i % 8]}{tag}무역{i}", position=1),
                Fact(prop="country", value=("th", "vn", "kh", "la")[i % 4], position=2),
            ]
            op.session.add(entity)
            ids.append(entity)
        op.session.flush()
        for i in range(0, n - 1, 2):
            op.session.add(Relationship(schema="UnknownLink", subject_id=ids[i].id,
                                        object_id=ids[i + 1].id, role="supplier"))
        op.summary = "bench"


def edit_side(path: Path, tag: str, n_new: int, edits: range) -> None:
    from sqlalchemy import select

    from nkcase.services import entities
    from nkcase.services.changes import operation
    from nkcase.store import open_casebook

    with open_casebook(path) as book:
        with operation(book, "bench.add") as op:
            for i in range(n_new):
                entity = Entity(schema="Company", caption=f"New {tag} Holding {i}", summary="")
                entity.facts = [Fact(prop="name", value=f"New {tag} Holding {i}", position=0)]
                op.session.add(entity)
            op.summary = "bench add"
        with book.reading() as session:
            ids = session.scalars(select(Entity.id).order_by(Entity.caption)).all()
        for i in edits:
            entities.edit_entity(book, ids[i], summary=f"edited by {tag}")


def merge(target: Path, other: Path) -> None:
    from nkcase.exchange.merge import apply_merge, describe, plan_merge
    from nkcase.store import open_casebook

    with open_casebook(target) as mine, open_casebook(other, readonly=True) as theirs:
        with mine.reading() as a, theirs.reading() as b:
            plan = _timed("  plan", lambda: plan_merge(a, b))
        counts = describe(plan)
        decisions = {q.id: ("separate" if q.kind == "duplicate" else "there")
                     for q in plan.questions}
        _timed("  apply (one operation)", lambda: apply_merge(mine, plan, decisions))
    print(f"  inserted {sum(counts['insert'].values())} rows, updated "
          f"{sum(counts['update'].values())}, {counts['questions']} question(s)")


def demo_pair(folder: Path) -> None:
    from nkcase.demo.builder import build_demo
    from nkcase.store import open_casebook
    from tests.exchange.test_merge_demo import add_restaurant, change_flag_and_grade

    base = build_demo(folder / "demo.nkcase")
    for name in ("a", "b"):
        shutil.copy(base, folder / f"demo-{name}.nkcase")
    with open_casebook(folder / "demo-a.nkcase") as a:
        add_restaurant(a)
    with open_casebook(folder / "demo-b.nkcase") as b:
        change_flag_and_grade(b, "kp", "E")
    print("1. two demo copies edited apart")
    _timed(" total", lambda: merge(folder / "demo-a.nkcase", folder / "demo-b.nkcase"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="nkcase-merge-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    n = args.entities
    demo_pair(folder)

    base = folder / "base.nkcase"
    _timed(f"building a {n}-entity casebook", lambda: build(base, n, "A"))
    for name in ("a", "b"):
        shutil.copy(base, folder / f"{name}.nkcase")
    edit_side(folder / "a.nkcase", "left", 500, range(0, 200))
    edit_side(folder / "b.nkcase", "right", 500, range(1000, 1200))
    print(f"2. two copies of a {n}-entity casebook edited apart")
    _timed(" total", lambda: merge(folder / "a.nkcase", folder / "b.nkcase"))

    other = folder / "other.nkcase"
    build(other, n, "B")
    print(f"3. two independent {n}-entity casebooks")
    _timed(" total", lambda: merge(base, other))

    from nkcase.exchange.copy import copy_at_level
    from nkcase.store import open_casebook

    print(f"4. a public copy of the merged casebook ({2 * n} entities)")
    with open_casebook(base, readonly=True) as book:
        _timed("  copy_at_level public", lambda: copy_at_level(book, folder / "pub.nkcase",
                                                               "public"))
        _timed("  reference: SQLite online backup of the whole file",
               lambda: book.backup(folder / "backup.nkcase"))


if __name__ == "__main__":
    main()
