"""A team desk on one PostgreSQL casebook: analysts (processes) reading and writing at once.

Ten simulated analysts (processes) for 60 s each run a mix of operations on one team casebook:
60 % reads (a search, a page of the entity list), 40 % writes (create an entity, edit its
summary, add a note), every write a full service operation (one transaction, change record,
audit event, search index). The desk is run twice:

- **analysts** (the default description of a desk): each analyst waits a random think time
  between operations, exponentially distributed with mean ``--think`` seconds (1.0 by
  default). A person at the app reads a search's hits, a case file or a page of the list for
  several seconds before the next action and types a note for longer; one second is several
  times faster than that, so ten such analysts stand for a busy desk of many more people, and
  the exponential times make them arrive at random (bursts included) rather than in step.
  Each analyst first does one operation of each kind untimed, and the run starts when all are
  ready: a desk at work, whose apps have been open a while, not ten starting in one second;
- **stress**: no pause at all, each analyst starting its next operation the moment the last
  one ended, timed from its start as before. Ten of them keep both cores of this machine
  busy, so its latency is CPU queueing (by Little's law about ten times the CPU an operation
  costs, over two cores): the worst case, and what the CPU per operation below explains.

Printed for each: operations, errors, p50/p95 latency per kind and overall, the analysts' own
CPU per operation of each kind and, with the throwaway cluster, the server's CPU per
operation (the machine has two cores: latency under load is CPU queueing, so CPU per operation
is what to cut), the load average during the run, and whether the audit chain verifies
afterwards (targets: p95 ≤ 100 ms, no errors, chain intact).

Then search on the same data in a casebook file and in the team casebook: p95 of the same
queries on each (target: PostgreSQL within 2× of SQLite).

A throwaway cluster is started in a temporary folder (nkcase.store.pg_cluster) unless
``--url`` names an empty database.

    .venv/bin/python benchmarks/teamstore.py [--analysts 10] [--seconds 60] [--think 1.0]
        [--modes analysts,stress] [--url postgresql://…]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

WORDS = (
    "tanker vessel transfer restaurant company director owner Nampo Hanoi Pyongyang bank "
    "account shipment coal oil sanction front office manager trading registered seen report "
    "panel experts crew flag renamed operator supplier payment Albatross Kyong-su"
).split()
NAVIGATOR_PAGE = 200  # gui/entity_model.PAGE_SIZE (not imported: it would load Qt)
QUERIES = ["tanker", "Nampo transfer", "Albatross", "bank account", "창작사", "registered Hanoi"]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def seed(casebook: Any, folder: Path, sources: int = 40, entity_count: int = 200) -> None:
    from nkcase.services import entities
    from nkcase.services import sources as source_service

    rng = random.Random(7)
    for i in range(entity_count):
        entities.create_entity(casebook, "Company", f"Company {i} {rng.choice(WORDS)}")
    for i in range(sources):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(60)) + ("" if i % 5 else " 만수대창작사")
            for _ in range(30)
        ]
        path = folder / f"report-{i}.txt"
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
        source_service.import_file(casebook, path, source_service.ImportOptions())


def analyst(
    location: str, seconds: float, who: str, think: float, results: Any, ready: Any = None
) -> None:
    """Operations for ``seconds``, with a random think time of mean ``think`` seconds before
    each (0: none, the stress mode); only the operations are timed.

    With ``ready`` (a barrier: the analysts mode) the analyst first does one operation of each
    kind, untimed, and waits for the others: an app that has been open a while, not ten
    starting in the same second (process start-up, imports, first statements). The stress
    mode times everything from the start, as it always has.
    """
    from nkcase.services import casefiles, entities, search_service
    from nkcase.store import open_casebook

    rng = random.Random(who)
    pause = random.Random(f"{who} thinks")  # its own stream: the same operations either way
    timings: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    errors: list[str] = []
    mine: list[str] = []

    def run(kind: str, choose: random.Random) -> None:
        if kind == "search":
            search_service.search(book, choose.choice(QUERIES), limit=20)
        elif kind == "list":  # one page of the navigator, as the app asks for it
            casefiles.list_entities(book, limit=NAVIGATOR_PAGE)
        elif kind == "create":
            created = entities.create_entity(book, "Company", f"{who} {len(mine)}")
            mine.append(str(created.subject_id))
        elif kind == "edit":
            entities.edit_entity(book, choose.choice(mine), summary=f"seen {time.time()}")
        else:
            entities.add_note(book, choose.choice(mine), "met the director in Hanoi")

    with open_casebook(location, actor=who) as book:
        if ready is not None:
            warm = random.Random(f"{who} warms up")
            for kind in ("create", "search", "list", "edit", "note"):
                try:
                    run(kind, warm)
                except Exception as err:  # counted and shown: the benchmark wants none
                    errors.append(f"warm-up {type(err).__name__}: {err}")
            ready.wait()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if think > 0:
                time.sleep(min(pause.expovariate(1 / think), max(0.0, end - time.monotonic())))
                if time.monotonic() >= end:
                    break
            roll = rng.random()
            if roll < 0.4:
                kind = "search"
            elif roll < 0.6:
                kind = "list"
            elif roll < 0.75 or not mine:
                kind = "create"
            elif roll < 0.9:
                kind = "edit"
            else:
                kind = "note"
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                run(kind, rng)
            except Exception as err:  # counted and shown: the benchmark wants none
                errors.append(f"{type(err).__name__}: {err}")
                continue
            timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
            cpu.setdefault(kind, []).append((time.process_time() - cpu_start) * 1000)
    results.put((timings, cpu, errors))


def server_cpu_seconds(data_dir: Path | None) -> float | None:
    """CPU the cluster's processes have used so far (the postmaster, its live children, and
    through the postmaster's child times those that ended); None without /proc or a cluster."""
    if data_dir is None or not Path("/proc/self/stat").exists():
        return None
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == postmaster:
            total += sum(int(f) for f in fields[11:15]) / tick  # own and reaped children's
        elif ppid == postmaster:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def desk(
    location: str, analysts: int, seconds: float, think: float, data_dir: Path | None = None
) -> None:
    """One run of the desk: ``analysts`` processes for ``seconds``, think time of mean
    ``think`` seconds (0: the stress mode), then the numbers and the audit chain's check."""
    from nkcase.services import audit
    from nkcase.store import open_casebook

    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    # the analysts mode warms up first; the run (and the server's CPU) counts from the barrier
    ready = spawn.Barrier(analysts + 1) if think > 0 else None
    procs = [
        spawn.Process(
            target=analyst, args=(location, seconds, f"analyst-{i}", think, results, ready)
        )
        for i in range(analysts)
    ]
    server_before = server_cpu_seconds(data_dir)
    for proc in procs:
        proc.start()
    if ready is not None:
        ready.wait(timeout=600)  # a broken barrier (an analyst that died) ends the benchmark
        server_before = server_cpu_seconds(data_dir)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    merged: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    errors: list[str] = []
    for _ in procs:
        timings, cpus, errs = results.get()
        errors += errs
        for kind, values in timings.items():
            merged.setdefault(kind, []).extend(values)
        for kind, values in cpus.items():
            cpu.setdefault(kind, []).extend(values)
    for proc in procs:
        proc.join()
    server_after = server_cpu_seconds(data_dir)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    everything = [v for values in merged.values() for v in values]
    mode = f"think time mean {think:g} s" if think > 0 else "stress: no think time"
    print(f"{analysts} analysts x {seconds:.0f} s ({mode}): {len(everything)} operations, "
          f"{len(errors)} errors")
    if load_before is not None and load_after is not None:
        print(f"  load average (1 min) {load_before:.2f} before, {load_after:.2f} after")
    for kind, values in sorted(merged.items()):
        print(f"  {kind:7} n={len(values):6}  p50 {statistics.median(values):7.1f} ms  "
              f"p95 {p95(values):7.1f} ms  analyst CPU {statistics.mean(cpu[kind]):5.1f} ms/op")
    print(f"  all     p95 {p95(everything):.1f} ms (target <= 100 ms)")
    if server_before is not None and server_after is not None and everything:
        start_up = "excludes" if ready is not None else "includes"
        print(f"  server CPU {(server_after - server_before) * 1000 / len(everything):.1f} ms/op "
              f"(all kinds; {start_up} the analysts' connection start-up)")
    for line in errors[:5]:
        print(f"  error: {line}")
    with open_casebook(location, readonly=True) as book:
        broken = audit.verify_chain(book.engine)
        print(f"audit chain: {'intact' if not broken else broken[:3]} "
              f"({book.info().audit_count} events)")


def search_p95(location: Any, rounds: int = 30) -> float:
    from nkcase.services import search_service
    from nkcase.store import open_casebook

    with open_casebook(location, readonly=True) as book:
        for query in QUERIES:  # warm caches on both
            search_service.search(book, query, limit=20)
        times = []
        for _ in range(rounds):
            for query in QUERIES:
                start = time.perf_counter()
                search_service.search(book, query, limit=20)
                times.append((time.perf_counter() - start) * 1000)
    return p95(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analysts", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean think time between an analyst's operations, seconds")
    parser.add_argument("--modes", default="analysts,stress",
                        help="which runs, in order: analysts (think time), stress (none)")
    parser.add_argument("--url", help="an empty PostgreSQL database (else a throwaway cluster)")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or set(modes) - {"analysts", "stress"} or args.think <= 0:
        parser.error("--modes takes analysts and/or stress; --think must be above 0")

    from nkcase.store import create_casebook
    from nkcase.store.pg_cluster import LocalCluster, find_binaries
    from nkcase.store.team import init_team_casebook

    cluster = None
    url = args.url
    if url is None:
        binaries = find_binaries()
        if binaries is None:
            raise SystemExit("PostgreSQL's initdb/pg_ctl not found: install postgresql-15")
        cluster = LocalCluster(binaries).start()
        cluster.sql("CREATE DATABASE bench")
        url = cluster.url("bench")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            file_path = folder / "same.nkcase"
            with init_team_casebook(url, "Bench") as team:
                seed(team, folder)
            with create_casebook(file_path, "Bench") as book:
                seed(book, folder)
            sqlite_p95, pg_p95 = search_p95(file_path), search_p95(url)
            print(f"search p95 on the same data: SQLite {sqlite_p95:.1f} ms, PostgreSQL "
                  f"{pg_p95:.1f} ms ({pg_p95 / sqlite_p95:.2f}x; target <= 2x)")
            for mode in modes:
                think = args.think if mode == "analysts" else 0.0
                desk(url, args.analysts, args.seconds, think, cluster.data if cluster else None)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
