"""Search latency on a large generated casebook: 1,000 sources, about a million sentences.

Prints p50 and p95 for rare-word, mid-frequency, very common word and phrase queries through
``nkcase.services.search_service.search`` (what the CLI and GUI call), beside a bare FTS5 query
(``SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 50``) on the same
data. Building the casebook takes a few minutes; it is kept in --workdir for reuse.

    .venv/bin/python benchmarks/search.py [--sources 1000] [--sentences 1000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from pathlib import Path

from nkcase.services import sources
from nkcase.services.search_service import search
from nkcase.store import create_casebook, open_casebook

COMMON = ["the", "ship", "carried", "cargo", "to", "port", "and", "the", "company", "paid"]
MID = [f"vessel{i}" for i in range(200)]
RARE = [f"codename{i}" for i in range(5000)]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(COMMON) for _ in range(8)]
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words)), rng.choice(MID))
    if rng.random() < 0.002:
        words.insert(rng.randrange(len(words)), rng.choice(RARE))
    return " ".join(words).capitalize() + "."


def build(path: Path, n_sources: int, n_sentences: int) -> None:
    rng = random.Random(42)
    docs = path.parent / "docs"
    docs.mkdir(exist_ok=True)
    start = time.perf_counter()
    with create_casebook(path) as casebook:
        for i in range(n_sources):
            doc = docs / f"doc{i:04d}.txt"
            paragraphs = []
            for _ in range(n_sentences // 5):
                paragraphs.append(" ".join(sentence(rng) for _ in range(5)))
            if i % 100 == 0:
                paragraphs.append("The Albatross Trading office signed the lease in Hanoi.")
            doc.write_text("\n\n".join(paragraphs), encoding="utf-8")
            sources.import_file(casebook, doc)
            doc.unlink()
            if i % 100 == 99:
                print(f"  {i + 1} sources imported ({time.perf_counter() - start:.0f} s)")
    print(f"built {path} in {time.perf_counter() - start:.0f} s")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/nkcase-search-bench"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / f"search-{args.sources}x{args.sentences}.nkcase"
    if not path.exists():
        build(path, args.sources, args.sentences)
    rng = random.Random(1)
    groups = {
        "rare word": lambda: rng.choice(RARE[:500]),
        "mid-frequency word": lambda: rng.choice(MID),
        "very common word": lambda: "ship",
        "phrase": lambda: '"Albatross Trading office"',
    }
    raw = sqlite3.connect(path)
    docs = raw.execute("SELECT count(*) FROM search_doc").fetchone()[0]
    print(f"{docs} indexed passages")
    with open_casebook(path, readonly=True) as casebook:
        search(casebook, "warm up")
        print(f"{'query':<20} {'nkcase p50':>11} {'p95':>8}   {'bare FTS5 p50':>13} {'p95':>8}")
        for label, pick in groups.items():
            ours: list[float] = []
            bare: list[float] = []
            for _ in range(args.repeat):
                query = pick()
                start = time.perf_counter()
                search(casebook, query)
                ours.append((time.perf_counter() - start) * 1000)
                match = query if query.startswith('"') else f'"{query}"'
                start = time.perf_counter()
                raw.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 50",
                    (match.lower(),),
                ).fetchall()
                bare.append((time.perf_counter() - start) * 1000)
            (p50, p95), (b50, b95) = percentiles(ours), percentiles(bare)
            print(f"{label:<20} {p50:>9.1f}ms {p95:>6.1f}ms   {b50:>11.1f}ms {b95:>6.1f}ms")


if __name__ == "__main__":
    main()
