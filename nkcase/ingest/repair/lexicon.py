"""The English word list with Zipf frequencies that the repairs consult.

Loaded lazily (once per process) from ``resources/wordlists/en.tsv.gz``, which
:mod:`nkcase.ingest.repair.build_wordlist` generates from ``wordfreq``. Zipf is log10 of the
frequency per billion words: 7 for "the", 3 for a word seen once per million words.
"""

from __future__ import annotations

import bisect
import gzip
from dataclasses import dataclass
from functools import lru_cache

from nkcase.resources import resource_path


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word → Zipf frequency, plus a sorted key list for prefix queries."""

    zipf_by_word: dict[str, float]
    sorted_words: list[str]

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` (any case, ’ or '); 0.0 when unknown."""
        return self.zipf_by_word.get(word.lower().replace("\u2019", "'"), 0.0)

    def has_prefix(self, prefix: str) -> bool:
        """True when some word starts with ``prefix`` (lower case expected)."""
        words = self.sorted_words
        i = bisect.bisect_left(words, prefix)
        return i < len(words) and words[i].startswith(prefix)


@lru_cache(maxsize=1)
def english() -> Lexicon:
    """The shipped English lexicon (cached)."""
    raw = gzip.decompress(resource_path("wordlists", "en.tsv.gz").read_bytes()).decode("utf-8")
    table: dict[str, float] = {}
    for line in raw.splitlines():
        word, _, score = line.partition("\t")
        if word and score:
            table[word] = int(score) / 100.0
    # The file is sorted by word (build_wordlist.py), so insertion order is sorted order.
    return Lexicon(table, list(table))
