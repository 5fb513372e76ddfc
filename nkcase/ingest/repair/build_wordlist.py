"""Build ``resources/wordlists/en.tsv.gz`` from the ``wordfreq`` package (a dev-only tool).

Run from the repository root: ``python -m nkcase.ingest.repair.build_wordlist``.
nkcase never imports this module at run time; it reads the generated file instead, so
``wordfreq`` (and its large data) need not ship with the app.

Format: gzip-compressed UTF-8 lines ``word<TAB>zipf*100``, most frequent first. Only lower-case
alphabetic words (an inner apostrophe allowed) are kept, because the repairs look words up in
lower case and never need numbers or punctuation.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

WORD_COUNT = 150_000
_WORD = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)?$")


def build(out: Path, count: int = WORD_COUNT) -> int:
    """Write the word list to ``out``; return the number of words written."""
    from wordfreq import top_n_list, zipf_frequency  # dev-only dependency

    lines: list[str] = []
    for word in top_n_list("en", count * 2):
        if not _WORD.match(word) or word != word.lower():
            continue
        zipf = zipf_frequency(word, "en")
        lines.append(f"{word}\t{round(zipf * 100)}")
        if len(lines) >= count:
            break
    # Sorted by word, so the lexicon's prefix index needs no sort at load time (a sort of
    # 150,000 words holds the GIL for ~40 ms and stalls the GUI during a first import).
    lines.sort(key=lambda line: line.partition("\t")[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical between runs.
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(lines)


def main() -> int:
    root = Path(__file__).resolve().parents[3]
    out = root / "resources" / "wordlists" / "en.tsv.gz"
    written = build(out)
    print(f"wrote {written} words to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
