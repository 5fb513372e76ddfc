"""Screening speed and memory: N screened names against M generated list names.

    .venv/bin/python benchmarks/screening.py [--list-names 1000000] [--screened 10000]
    .venv/bin/python benchmarks/screening.py --stored /tmp/bench.nkcase [--list-names 1000000]

Prints the index build time and size, latency per screened name (blocking + scoring; p50,
p95, p99), the peak memory of the process (ru_maxrss, everything included: the generated
records kept as compact JSON, the index, Python), and beside it the reference: scoring the
same names against every list name with rapidfuzz's ``process.extractOne`` (C, all pairs,
no Korean knowledge) on a sample, which is what a matcher without blocking would cost.

With ``--stored CASEBOOK``: the first screening of a new process with the blocking index
stored in the casebook against building it (benchmarks/screening_stored.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_names import generate_records, screened_names

from nkcase.screening.matching import Subject
from nkcase.screening.matching.index import RecordIndex
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName


def _pack(record: ListRecord) -> str:
    return json.dumps(
        [
            record.record_key,
            record.schema,
            [[n.full, n.quality, n.script] for n in record.names],
            record.reference,
            [[d.start, d.end] for d in record.birth_dates],
            record.countries,
            [[i.kind, i.value] for i in record.identifiers],
        ],
        ensure_ascii=False,
    )


def _unpack(packed: str) -> ListRecord:
    key, schema, names, reference, births, countries, idents = json.loads(packed)
    return ListRecord(
        key,
        schema,
        tuple(RecordName(n, q, script=s) for n, q, s in names),
        reference=reference,
        birth_dates=tuple(DateRange(*d) for d in births),
        countries=tuple(countries),
        identifiers=tuple(Identifier(k, v) for k, v in idents),
    )


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list-names", type=int, default=1_000_000)
    parser.add_argument("--screened", type=int, default=10_000)
    parser.add_argument("--reference-sample", type=int, default=20)
    parser.add_argument("--stored", type=Path, help="casebook for the stored-index run")
    args = parser.parse_args()
    if args.stored is not None:
        import screening_stored

        screening_stored.main(args.stored, args.list_names)
        return

    started = time.perf_counter()
    store: list[str] = []
    sample_records: list[ListRecord] = []
    names_written = 0

    generating = 0.0  # CPU seconds spent making the records, not indexing them

    def records():
        nonlocal names_written, generating
        made = generate_records(args.list_names)
        while True:
            c0 = time.process_time()
            record = next(made, None)
            if record is None:
                generating += time.process_time() - c0
                return
            store.append(_pack(record))
            names_written += len(record.names)
            if len(sample_records) < 50_000:
                sample_records.append(record)
            generating += time.process_time() - c0
            yield len(store) - 1, record

    cpu_started = time.process_time()
    index = RecordIndex.build(records(), lambda ids: {i: _unpack(store[i]) for i in ids})
    built = time.perf_counter() - started
    indexing = time.process_time() - cpu_started - generating
    print(
        f"list: {len(store):,} records, {names_written:,} names (generated + indexed in "
        f"{built:.1f} s wall; CPU: {generating:.1f} s generating, {indexing:.1f} s indexing); "
        f"index {index.nbytes / 2**20:.0f} MiB, {index.blocking.size:,} postings"
    )

    queries = screened_names(sample_records, args.screened)
    gc.freeze()  # what screening does after loading an index: no full collections over it
    wall: list[float] = []
    cpu: list[float] = []
    found = 0
    for schema, name in queries:
        subject = Subject("q", schema, (RecordName(name),))
        t0, c0 = time.perf_counter(), time.thread_time()
        hits = index.search(subject)
        cpu.append((time.thread_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
        found += bool(hits)
    for label, timings in (("CPU", cpu), ("wall", wall)):
        timings.sort()
        q = statistics.quantiles(timings, n=100)
        print(
            f"nkcase, {label} time per screened name ({len(queries):,}): p50 {q[49]:.1f} ms, "
            f"p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms, max {timings[-1]:.1f} ms"
        )
    print(
        f"{found:,} screened names with a candidate ≥ threshold; peak memory "
        f"{_rss_mib():.0f} MiB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print("targets (issue 13, 10,000 names against 1,000,000): p95 ≤ 20 ms, peak memory ≤ 1 GiB")

    from rapidfuzz import fuzz, process

    all_names = [json.loads(p)[2][0][0] for p in store]
    sample = queries[: args.reference_sample]
    t0 = time.perf_counter()
    for _schema, name in sample:
        process.extractOne(name, all_names, scorer=fuzz.token_sort_ratio)
    per = (time.perf_counter() - t0) * 1000 / max(len(sample), 1)
    print(
        f"reference: rapidfuzz process.extractOne over all {len(all_names):,} primary names "
        f"(token_sort_ratio, C): {per:.0f} ms per screened name ({len(sample)} sampled)"
    )


if __name__ == "__main__":
    main()
