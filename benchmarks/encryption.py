"""Encrypted casebooks beside plain ones: import, search and opening, on the same input.

Prints, for a plain and an encrypted (SQLCipher) casebook built from the same generated
documents: the time to import them (extract + store + index, through the service the CLI and
GUI use), search latency (p50/p95 over rare, mid-frequency, common and phrase queries), and
the time to open the casebook — for the encrypted one with its key derivation
(PBKDF2-HMAC-SHA512, 256,000 iterations) — and to run a first query. The target is
encrypted/plain ≤ 1.3 for import and search, and opening ≤ 1 s.

    .venv/bin/python benchmarks/encryption.py [--sources 120] [--sentences 1000] [--pdf-pages 120]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Only light imports up here: the worker processes that read PDF pages start by importing the
# main module (multiprocessing's "spawn"); nkcase's store and services load in the functions.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_pdf import make_report_pdf  # the same generated PDF as the import benchmark
from search import MID, RARE, sentence  # the same sentences as the search benchmark

PASSPHRASE = "correct horse battery staple"


def write_documents(folder: Path, n_sources: int, n_sentences: int, pdf_pages: int) -> list[Path]:
    rng = random.Random(42)
    paths = []
    for i in range(n_sources):
        paragraphs = [" ".join(sentence(rng) for _ in range(5)) for _ in range(n_sentences // 5)]
        if i % 10 == 0:
            paragraphs.append("The Albatross Trading office signed the lease in Hanoi.")
        path = folder / f"doc{i:04d}.txt"
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
        paths.append(path)
    if pdf_pages:
        pdf = folder / "report.pdf"
        make_report_pdf(pdf, pdf_pages)
        paths.append(pdf)
    return paths


def build(path: Path, documents: list[Path], passphrase: str | None) -> float:
    """Import every document; returns the seconds the imports took."""
    from nkcase.services import sources
    from nkcase.store import create_casebook

    with create_casebook(path, passphrase=passphrase) as casebook:
        start = time.perf_counter()
        for doc in documents:
            outcome, _ = sources.import_file(casebook, doc)
            assert outcome.status == "imported", outcome
        return time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def search_times(
    plain: Path, encrypted: Path, repeat: int
) -> dict[str, tuple[list[float], list[float], float, float]]:
    """Search times on both casebooks, the same query on each in turn (so that the load of a
    shared machine hits both alike): per query kind, the wall milliseconds of each sample on
    the plain and on the encrypted casebook, and the CPU seconds of all samples of each."""
    from nkcase.services.search_service import search
    from nkcase.store import open_casebook

    rng = random.Random(1)
    picks: dict[str, Callable[[], str]] = {
        "rare word": lambda: rng.choice(RARE[:500]),
        "mid-frequency word": lambda: rng.choice(MID),
        "very common word": lambda: "ship",
        "phrase": lambda: '"Albatross Trading office"',
    }
    results: dict[str, tuple[list[float], list[float], float, float]] = {}
    with (open_casebook(plain, readonly=True) as ours,
          open_casebook(encrypted, readonly=True, passphrase=PASSPHRASE) as theirs):
        for casebook in (ours, theirs):
            search(casebook, "warm up")
        for label, pick in picks.items():
            walls: tuple[list[float], list[float]] = ([], [])
            cpus = [0.0, 0.0]
            for _ in range(repeat):
                query = pick()
                for side, casebook in enumerate((ours, theirs)):
                    cpu, start = time.process_time(), time.perf_counter()
                    search(casebook, query)
                    walls[side].append((time.perf_counter() - start) * 1000)
                    cpus[side] += time.process_time() - cpu
            results[label] = (walls[0], walls[1], cpus[0], cpus[1])
    return results


def bare_fts_times(plain: Path, encrypted: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """p50 of the bare FTS5 query on each file, both opened with ``sqlcipher3``."""
    from nkcase.store import encryption
    from nkcase.store.encryption import CasebookKey, salt_of

    key = CasebookKey.derive(PASSPHRASE, salt_of(encrypted))
    conns = [encryption.connect(plain, None, readonly=True),
             encryption.connect(encrypted, key, readonly=True)]
    query = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 50"
    results: dict[str, tuple[float, float]] = {}
    try:
        for label, match in (("rare word", f'"{RARE[3]}"'), ("mid-frequency word", '"vessel7"'),
                             ("very common word", '"ship"'),
                             ("phrase", '"albatross trading office"')):
            medians = []
            for conn in conns:
                conn.execute(query, (match,)).fetchall()  # warm
                samples = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    conn.execute(query, (match,)).fetchall()
                    samples.append((time.perf_counter() - start) * 1000)
                medians.append(statistics.median(samples))
            results[label] = (medians[0], medians[1])
    finally:
        for conn in conns:
            conn.close()
    return results


def open_time(path: Path, passphrase: str | None, runs: int) -> float:
    """Best seconds to open for writing (key derivation included) and read the header."""
    from nkcase.store import open_casebook

    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        with open_casebook(path, passphrase=passphrase) as casebook:
            casebook.info()
            best = min(best, time.perf_counter() - start)
    return best


def cli_open_time(path: Path, env_passphrase: str | None, runs: int) -> float:
    """Best seconds for ``nkcase info`` in a new process (what a user waits for)."""
    import os

    env = dict(os.environ)
    env.pop("NKCASE_PASSPHRASE", None)
    if env_passphrase:
        env["NKCASE_PASSPHRASE"] = env_passphrase
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nkcase", "info", str(path)], env=env,
                       check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=120)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--pdf-pages", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = folder / "docs"
        docs.mkdir()
        documents = write_documents(docs, args.sources, args.sentences, args.pdf_pages)
        size = sum(p.stat().st_size for p in documents) / 1e6
        print(f"{len(documents)} documents ({args.sources} texts of {args.sentences} sentences, "
              f"a {args.pdf_pages}-page PDF), {size:.1f} MB")

        imports: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for run in range(args.runs):  # alternate, so that machine load hits both alike
            for kind, passphrase in (("plain", None), ("encrypted", PASSPHRASE)):
                imports[kind].append(build(folder / f"{kind}{run}.nkcase", documents, passphrase))
        plain_best, enc_best = min(imports["plain"]), min(imports["encrypted"])
        print("\nimport (extract + store + index), best of "
              f"{args.runs}: plain {plain_best:.2f} s, encrypted {enc_best:.2f} s, "
              f"ratio {enc_best / plain_best:.2f}")

        plain, encrypted = folder / "plain0.nkcase", folder / "encrypted0.nkcase"
        print(f"casebook size: plain {plain.stat().st_size / 1e6:.1f} MB, "
              f"encrypted {encrypted.stat().st_size / 1e6:.1f} MB")
        timed = search_times(plain, encrypted, args.repeat)
        print(f"\n{'search':<20} {'plain p50':>10} {'p95':>8}   {'encrypted p50':>13} "
              f"{'p95':>8}   {'ratio p50':>9} {'ratio CPU':>9}")
        for label, (ours, theirs, our_cpu, their_cpu) in timed.items():
            (p50, p95), (e50, e95) = percentiles(ours), percentiles(theirs)
            print(f"{label:<20} {p50:>8.1f}ms {p95:>6.1f}ms   {e50:>11.1f}ms {e95:>6.1f}ms"
                  f"   {e50 / p50:>9.2f} {their_cpu / our_cpu:>9.2f}")

        bare = bare_fts_times(plain, encrypted, args.repeat)
        print("\nbare FTS5 query, both files through SQLCipher's own SQLite (the cost of "
              "encryption alone, without the difference of SQLite versions):")
        for label, (p50, e50) in bare.items():
            print(f"{label:<20} plain {p50:>7.2f}ms   encrypted {e50:>7.2f}ms   "
                  f"ratio {e50 / p50:.2f}")

        from nkcase.store.encryption import CasebookKey, salt_of

        start = time.perf_counter()
        CasebookKey.derive(PASSPHRASE, salt_of(encrypted))
        kdf = time.perf_counter() - start
        print(f"\nkey derivation alone (PBKDF2-HMAC-SHA512, 256,000 iterations): {kdf:.2f} s")
        plain_open, enc_open = open_time(plain, None, 5), open_time(encrypted, PASSPHRASE, 5)
        print(f"open for writing + read the header, best of 5: plain {plain_open:.2f} s, "
              f"encrypted {enc_open:.2f} s")
        print(f"`nkcase info` in a new process, best of 3: plain "
              f"{cli_open_time(plain, None, 3):.2f} s, encrypted "
              f"{cli_open_time(encrypted, PASSPHRASE, 3):.2f} s")


if __name__ == "__main__":
    main()
