"""FollowTheMoney export and import speed, beside a bare JSON pass over the same lines.

Generates an FtM file of --entities entities (people and companies with aliases, countries,
registration numbers, and one Directorship or Ownership for every second entity), then:

- the reference: ``json.loads`` of every line and ``json.dumps`` back (the floor any FtM tool
  pays);
- ``nkcase import-ftm`` into a fresh casebook (``exchange.ftm.importer.import_ftm``: read and
  validate every line, one operation with its change record and audit event, committed);
- ``nkcase export ftm`` of that casebook at ``internal`` (through the one visibility rule);
- the same for the demo casebook.

Wall time and CPU time of the process (the machine is shared).

    .venv/bin/python benchmarks/ftm_exchange.py [--entities 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nkcase.demo.builder import build_demo
from nkcase.exchange.ftm.export import export_ftm
from nkcase.exchange.ftm.importer import import_ftm
from nkcase.store import create_casebook, open_casebook

SYLLABLES = ("kim", "ri", "pak", "song", "chol", "hyok", "min", "su", "ok", "jin", "nam", "il")
COUNTRIES = ("kp", "cn", "ru", "th", "vn", "la", "kh", "ae", "sg", "my")


def name(rng: random.Random, parts: int) -> str:
    return " ".join(rng.choice(SYLLABLES).title() + rng.choice(SYLLABLES)
                    for _ in range(parts))


def make_file(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            person = i % 2 == 0
            props: dict[str, Any] = {
                "name": [name(rng, 3 if person else 2) + ("" if person else " Trading")],
                "alias": [name(rng, 2) for _ in range(rng.randint(0, 3))],
                "country": [rng.choice(COUNTRIES)],
            }
            if not person:
                props["registrationNumber"] = [str(rng.randrange(10**9, 10**10))]
            schema = "Person" if person else "Company"
            out.write(json.dumps({"id": f"bench-{i}", "schema": schema,
                                  "properties": props}) + "\n")
        for i in range(0, count - 1, 2):
            schema, ends = (("Directorship", ("director", "organization")) if i % 4 == 0
                            else ("Ownership", ("owner", "asset")))
            out.write(json.dumps({"id": f"bench-rel-{i}", "schema": schema, "properties": {
                ends[0]: [f"bench-{i}"], ends[1]: [f"bench-{i + 1}"], "startDate": ["2019"]}})
                + "\n")


def timed(label: str, work: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    print(f"{label:<48} {time.perf_counter() - wall:8.2f} s wall {time.process_time() - cpu:8.2f}"
          " s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "bench.ftm.json"
        make_file(source, args.entities)
        lines = source.read_text(encoding="utf-8").count("\n")
        print(f"{args.entities:,} entities, {lines:,} lines, {source.stat().st_size:,} bytes")
        timed("reference: json.loads + json.dumps per line", lambda: [
            json.dumps(json.loads(line)) for line in source.open(encoding="utf-8")])
        with create_casebook(folder / "bench.nkcase", "bench") as book:
            result = timed("nkcase import-ftm (new casebook)", lambda: import_ftm(book, source))
            print(f"  {sum(result.created.values()):,} rows created")
            again = timed("nkcase import-ftm again (updates)", lambda: import_ftm(book, source))
            print(f"  {sum(again.updated.values()):,} rows updated")
            out = timed("nkcase export ftm --level internal",
                        lambda: export_ftm(book, folder / "out.ftm.json"))
            print(f"  {out.lines:,} lines")
        demo = build_demo(folder / "demo.nkcase")
        with open_casebook(demo, readonly=True) as book:
            out = timed("demo: nkcase export ftm --level public",
                        lambda: export_ftm(book, folder / "demo.ftm.json", level="public"))
        with create_casebook(folder / "demo-copy.nkcase", "copy") as book:
            timed("demo: nkcase import-ftm of that export",
                  lambda: import_ftm(book, folder / "demo.ftm.json"))


if __name__ == "__main__":
    main()
