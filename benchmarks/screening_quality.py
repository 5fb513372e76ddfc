"""Recall and precision of the matcher on the labelled name pairs, beside nomenklatura's.

    .venv/bin/python benchmarks/screening_quality.py [--nomenklatura-python /tmp/nk-venv/bin/python]

nkcase's figures are computed here at the default threshold (and a few others). With
``--nomenklatura-python`` pointing to a scratch environment that has nomenklatura installed
(comparison only, never a dependency of nkcase; see docs/screening.md for the command),
benchmarks/nomenklatura_pairs.py scores the same pairs there with logic-v2 and logic-v1 and
the figures are printed beside ours.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from nkcase.screening.matching import DEFAULT_THRESHOLD, Subject, score_pair
from nkcase.screening.records import ListRecord, RecordName

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "screening" / "name_pairs.tsv"


def load() -> list[tuple[int, str, str, str, str]]:
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, schema, query, record, kind = line.split("\t")
            rows.append((int(label), schema, query, record, kind))
    return rows


def figures(scored: list[tuple[int, float]], threshold: float) -> str:
    tp = sum(1 for label, score in scored if label and score >= threshold)
    fn = sum(1 for label, score in scored if label and score < threshold)
    fp = sum(1 for label, score in scored if not label and score >= threshold)
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    return f"recall {recall:.3f}  precision {precision:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nomenklatura-python", help="python of a scratch venv with nomenklatura")
    args = parser.parse_args()
    rows = load()
    scored = [
        (
            label,
            score_pair(
                Subject("q", schema, (RecordName(q),)), ListRecord("r", schema, (RecordName(r),))
            ).score,
        )
        for label, schema, q, r, _kind in rows
    ]
    positives = sum(label for label, *_ in rows)
    print(f"{len(rows)} labelled pairs ({positives} same, {len(rows) - positives} different)")
    for threshold in sorted({DEFAULT_THRESHOLD, 0.7, 0.75, 0.85, 0.9}):
        mark = " (default)" if threshold == DEFAULT_THRESHOLD else ""
        print(f"nkcase          at {threshold:.2f}{mark}: {figures(scored, threshold)}")
    decoys = [
        s for (label, *_x, kind), (_l, s) in zip(rows, scored, strict=True) if kind == "decoy"
    ]
    print(
        f"nkcase decoys (same family name, one given syllable shared): highest score "
        f"{max(decoys):.2f} of {len(decoys)}"
    )
    if args.nomenklatura_python:
        script = Path(__file__).with_name("nomenklatura_pairs.py")
        result = subprocess.run(
            [args.nomenklatura_python, str(script), str(PAIRS)],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        print(result.stdout.rstrip() or result.stderr.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
