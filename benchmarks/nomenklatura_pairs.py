"""Score nkcase's labelled name pairs with nomenklatura's matchers (logic-v2, logic-v1).

Runs in a SCRATCH environment with nomenklatura installed, never in nkcase's own (nomenklatura
and followthemoney are not nkcase dependencies); benchmarks/screening_quality.py calls it:

    python3.12 -m venv /tmp/nk-venv && /tmp/nk-venv/bin/pip install nomenklatura
    /tmp/nk-venv/bin/python benchmarks/nomenklatura_pairs.py tests/data/screening/name_pairs.tsv

Each pair gets entities with their own ids: nomenklatura caches an entity's names by its id.
"""

import sys
from pathlib import Path

from followthemoney import model
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig


def main(path: str) -> None:
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, schema, query, record, _kind = line.split("\t")
        rows.append((int(label), schema, query, record))
    import importlib.metadata as meta

    print(
        f"nomenklatura {meta.version('nomenklatura')}, followthemoney "
        f"{meta.version('followthemoney')}, rigour {meta.version('rigour')}"
    )
    for name in ("logic-v2", "logic-v1"):
        algorithm = get_algorithm(name)
        config = ScoringConfig.defaults()
        scored = []
        for number, (label, schema, query, record) in enumerate(rows):
            a = model.make_entity(schema)
            a.id = f"q{number}"
            a.add("name", query)
            b = model.make_entity(schema)
            b.id = f"r{number}"
            b.add("name", record)
            scored.append((label, algorithm.compare(a, b, config).score))
        for threshold in (0.7, 0.8):
            tp = sum(1 for la, s in scored if la and s >= threshold)
            fn = sum(1 for la, s in scored if la and s < threshold)
            fp = sum(1 for la, s in scored if not la and s >= threshold)
            print(
                f"nomenklatura {name} at {threshold:.2f}: recall {tp / (tp + fn):.3f}  "
                f"precision {tp / max(tp + fp, 1):.3f}  (tp {tp}, fp {fp}, fn {fn})"
            )


if __name__ == "__main__":
    main(sys.argv[1])
