"""Which languages a document is written in, offline, from small word-frequency profiles.

The profiles (``resources/languages/profiles.tsv.gz``, built by
:mod:`nkcase.ingest.repair.build_resources`) hold the 300 most frequent words of 40 languages
with their Zipf frequencies. Function words make up a third or more of running text in every
language written with spaces, so counting them identifies a passage's language well enough for
what the repairs need: to choose the word list (or none) and to know which short tokens are
real words there.

The text is read in windows of :data:`WINDOW` tokens; each window is given the language whose
profile words weigh most in it (each hit weighs its Zipf frequency above the profile's
floor), when at least :data:`MIN_HIT_SHARE` of its tokens are profile words of that language.
The document's languages are the languages of its windows, most windows first. A window of
names, numbers or a script without spaces (Chinese, Japanese) gets no language.
"""

from __future__ import annotations

import gzip
import itertools
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from nkcase.resources import resource_path

WINDOW = 200
MIN_HIT_SHARE = 0.15
# A window is scored for other languages than the document's main one only when words of
# their profiles that the main profile lacks make up MIN_RIVAL_SHARE of it; the rivals are
# the MAX_RIVALS languages with most such words (at least MIN_RIVAL_HITS) in the document.
MIN_RIVAL_SHARE = 0.08
MIN_RIVAL_HITS = 20
MAX_RIVALS = 3
_LOAD_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Profiles:
    """word → ((language, weight), ...), where weight = Zipf above the profile's floor."""

    weights: dict[str, tuple[tuple[str, float], ...]]
    words_by_lang: dict[str, frozenset[str]]
    known: frozenset[str]  # every profile word (a set tests membership fastest)


@cache
def _load() -> Profiles:
    raw = gzip.decompress(resource_path("languages", "profiles.tsv.gz").read_bytes())
    rows: list[tuple[str, str, float]] = []
    for line in raw.decode("utf-8").splitlines():
        lang, word, score = line.split("\t")
        rows.append((lang, word, int(score) / 100.0))
    floors: dict[str, float] = {}
    for lang, _word, zipf in rows:
        floors[lang] = min(zipf, floors.get(lang, zipf))
    weights: dict[str, list[tuple[str, float]]] = {}
    words: dict[str, set[str]] = {}
    for lang, word, zipf in rows:
        # Half a Zipf point above the floor even for the rarest profile word.
        weights.setdefault(word, []).append((lang, zipf - floors[lang] + 0.5))
        words.setdefault(lang, set()).add(word)
    return Profiles(
        {w: tuple(v) for w, v in weights.items()},
        {lang: frozenset(v) for lang, v in words.items()},
        frozenset(weights),
    )


def profiles() -> Profiles:
    with _LOAD_LOCK:
        return _load()


@dataclass(frozen=True, slots=True)
class DocumentLanguages:
    """The language of each window of tokens, and the document's languages."""

    window_languages: tuple[str | None, ...]
    languages: tuple[str, ...]  # most windows first
    window: int = WINDOW

    def at(self, token_index: int) -> str | None:
        """The language of the window holding token ``token_index``, else the main one."""
        if not self.window_languages:
            return None
        i = min(token_index // self.window, len(self.window_languages) - 1)
        return self.window_languages[i] or self.main

    @property
    def main(self) -> str | None:
        return self.languages[0] if self.languages else None

    def profile_word(self, lower: str) -> bool:
        """Whether ``lower`` is among the frequent words of one of the document's languages."""
        table = profiles().words_by_lang
        return any(lower in table.get(lang, ()) for lang in self.languages)


def _scores(
    counts: Counter[str], table: Profiles, only: frozenset[str] | None = None
) -> tuple[dict[str, float], dict[str, int]]:
    score: dict[str, float] = {}
    hits: dict[str, int] = {}
    for word, count in counts.items():
        for lang, weight in table.weights.get(word, ()):
            if only is None or lang in only:
                score[lang] = score.get(lang, 0.0) + weight * count
                hits[lang] = hits.get(lang, 0) + count
    return score, hits


def detect(lower_tokens: Sequence[str], window: int = WINDOW) -> DocumentLanguages:
    """The languages of a document given its lower-case word tokens (see the module docstring).

    Speed: the whole document is scored once; windows are scored one by one only for the
    languages that could win one (a second language with enough words of its own), so a
    monolingual book costs two passes over its tokens at C speed.
    """
    table = profiles()
    known = table.known
    count = len(lower_tokens)
    if count == 0:
        return DocumentLanguages((), (), window)
    hit = list(map(known.__contains__, lower_tokens))
    totals = Counter(itertools.compress(lower_tokens, hit))
    score, _hits = _scores(totals, table)
    if not score:
        return DocumentLanguages((None,), (), window)
    best = max(score, key=score.__getitem__)
    own = table.words_by_lang[best]
    foreign: Counter[str] = Counter()
    for word, n in totals.items():
        if word not in own:
            for lang, _weight in table.weights[word]:
                foreign[lang] += n
    rivals = [lang for lang, n in foreign.most_common(MAX_RIVALS) if n >= MIN_RIVAL_HITS]
    # Windows split evenly; a short tail joins the window before it (at() maps any index past
    # the last boundary to the last window).
    bounds = list(range(0, count, window))
    if len(bounds) > 1 and count - bounds[-1] < window // 3:
        bounds.pop()
    ends = [*bounds[1:], count]
    contested = [False] * len(bounds)
    for rival in rivals:
        theirs = {w for w in totals if w not in own and w in table.words_by_lang[rival]}
        flags = list(map(theirs.__contains__, lower_tokens))
        for i, (start, end) in enumerate(zip(bounds, ends, strict=True)):
            if sum(flags[start:end]) >= MIN_RIVAL_SHARE * (end - start):
                contested[i] = True
    candidates = frozenset([best, *rivals])
    found: list[str | None] = []
    for i, (start, end) in enumerate(zip(bounds, ends, strict=True)):
        size = end - start
        if not contested[i]:
            found.append(best if sum(hit[start:end]) >= MIN_HIT_SHARE * size else None)
            continue
        words = Counter(itertools.compress(lower_tokens[start:end], hit[start:end]))
        window_score, window_hits = _scores(words, table, candidates)
        winner = max(window_score, key=window_score.__getitem__)
        found.append(winner if window_hits[winner] >= MIN_HIT_SHARE * size else None)
    ranked = Counter(lang for lang in found if lang is not None)
    return DocumentLanguages(tuple(found), tuple(lang for lang, _ in ranked.most_common()), window)
