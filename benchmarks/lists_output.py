"""Before/after check for list import speed work: the digest of every row each import writes.

Imports the list excerpts of tests/data/lists and the generated files of
``benchmarks/lists_import.py`` (benchmarks/.data/, made by it) into new casebooks and prints,
per file, the records and the digest of every row written (tests/fixtures/list_digest.py).
``--save FILE`` keeps them; ``--compare FILE`` exits non-zero naming every file whose rows
changed. Run it with ``--save`` on the code before a change and ``--compare`` after:

    .venv/bin/python benchmarks/lists_output.py --save /tmp/before.json
    .venv/bin/python benchmarks/lists_output.py --compare /tmp/before.json [--small]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fixtures.list_digest import import_digest

ROOT = Path(__file__).resolve().parent.parent
EXCERPTS = (
    "un/consolidated-2024-09-26-excerpt.xml",
    "un/consolidated-2026-01-28-excerpt.xml",
    "ofac-csv/sdn.csv",
    "ofac/advanced-excerpt.xml",
    "ofac/consolidated-classic-2026-01-08-excerpt.xml",
    "eu/full-sanctions-list-excerpt.xml",
    "ftm/dprk-composed.ftm.json",
    "ftm/yente-t1-entities.ftm.json",
)
GENERATED = (
    "un-like-100000.xml",
    "ofac-csv-100000/sdn.csv",
    "ftm-100000.ftm.json",
    "sdn-advanced-like-100000.xml",
    "eu-like-100000.xml",
)


def files(small: bool) -> list[Path]:
    found = [ROOT / "tests" / "data" / "lists" / name for name in EXCERPTS]
    if not small:
        data = ROOT / "benchmarks" / ".data"
        for name in GENERATED:
            if not (data / name).exists():
                sys.exit(f"{data / name} is missing: run benchmarks/lists_import.py first")
            found.append(data / name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--small", action="store_true", help="the excerpts only")
    args = parser.parse_args()
    results: dict[str, list[object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number, path in enumerate(files(args.small)):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            count, digest = import_digest(path, folder)
            name = str(path.relative_to(ROOT))
            results[name] = [count, digest]
            print(f"{count:>8,} records  {digest[:16]}  {name}", flush=True)
    if args.save:
        args.save.write_text(json.dumps(results, indent=1))
    if args.compare:
        before = json.loads(args.compare.read_text())
        changed = [n for n, v in results.items() if n in before and before[n] != v]
        missing = [n for n in results if n not in before]
        for name in changed:
            print(f"CHANGED: {name}: {before[name]} -> {results[name]}")
        if missing:
            print(f"not in {args.compare}: {', '.join(missing)}")
        print("same rows as before" if not changed else f"{len(changed)} files differ")
        sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
