"""Find words split where a ligature glyph was lost ("sanc ons" → "sanctions").

Some PDF fonts draw ti/tt/ft/fi/fl/ff/ffi/ffl as one glyph; when the glyph has no Unicode
mapping, extraction loses it: it comes out as a space ("Na onal Commi ee"), as U+FFFD, or
disappears together with a neighbouring space ("diploma c es" for "diplomatic ties").

This module only *finds* candidate restorations (:class:`Rejoin`); whether a document shows
the damage at all, and which candidates are applied, is decided in
:mod:`nkcase.ingest.repair.damage`.

The search works on short runs of tokens around fragments (tokens that are no word of the
document's languages, see :mod:`nkcase.ingest.repair.tokens`). For each run a small dynamic
programme chooses how to group tokens into words: keep a token as it is, or join neighbours
through a ligature. A joined word must be in the word list of the run's language (Zipf ≥
:data:`MIN_JOINED_ZIPF`) and each ligature costs :data:`LIGATURE_COST`; a plain token scores
its own frequency, fragments scoring low. Only groupings that contain a fragment are
considered, so a run of real words is never changed.

A ligature at a word's edge is considered only when the caller gives :class:`EdgeRules` (for
ligatures the document has already been shown to lose), under the conditions of
:mod:`nkcase.ingest.repair.edges`.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from nkcase.ingest.repair.edges import MIN_EXPANDED_ZIPF, EdgeReadings, EdgeRules
from nkcase.ingest.repair.joins import KIND, LIGATURES, SearchCache, case_like
from nkcase.ingest.repair.lexicon import Lexicon
from nkcase.ingest.repair.tokens import TokenTable

__all__ = ["KIND", "LIGATURES", "EdgeRules", "Rejoin", "SearchCache", "find_rejoins"]

LIGATURE_COST = 2.0  # log10 units: a ligature must make the reading 100x likelier
MIN_JOINED_ZIPF = 2.0
# A join of short pieces, one a real word ("A er" → "After"), must make a common word:
# "a xed" is "a fixed" far more often than "affixed" (but "drama zed" is "dramatized").
MIN_JOINED_WITH_WORD_ZIPF = 3.0
MAX_TOKENS_PER_WORD = 4


@dataclass(frozen=True, slots=True)
class Rejoin:
    """Tokens ``first``..``last`` (text ``start``:``end``) restored as ``word``."""

    first: int
    last: int
    start: int
    end: int
    word: str
    ligatures: tuple[str, ...]  # every ligature inserted, in order
    edge: bool  # a ligature was added at the word's start or end
    unmapped: bool  # a gap was a glyph without Unicode mapping (U+FFFD)
    all_fragments: bool  # every token joined was a fragment


@dataclass(slots=True)
class _Choice:
    score: float
    end_token: int
    word: str | None = None  # None: keep the token as it is
    ligatures: tuple[str, ...] = ()
    edge: bool = False
    glyph: str = ""  # "start"/"end": the word takes in the U+FFFD at that edge


def word_logprob(lower: str, lexicon: Lexicon) -> float:
    """log10 probability of a token as a word; fragments and unknown tokens score low."""
    zipf = lexicon.zipf_by_word.get(lower, 0.0)
    if len(lower) <= 3 and lower not in lexicon.short_words:
        zipf -= 3.0
    return max(zipf, -1.0) - 9.0


def _plausible_case(word: str) -> bool:
    """Lower case, capitalised or all capitals: pieces in other cases ("a C") are not one
    word split by a lost ligature."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


class _Search:
    """The candidate search over one document."""

    def __init__(self, table: TokenTable, edge: EdgeReadings | None, cache: SearchCache) -> None:
        self.table = table
        self.edge = edge
        self.cache = cache

    def _may_expand(self, k: int, side: str) -> bool:
        return self.edge is not None and self.edge.may_expand(k, side)

    def _expansion(self, k: int) -> tuple[str, str, str] | None:
        return self.edge.expansion(k) if self.edge is not None else None

    def _glyph_side(self, k: int) -> str:
        return self.edge.glyph_side(k) if self.edge is not None else ""

    def _edge_ligatures(self) -> tuple[str, ...]:
        return self.edge.rules.ligatures if self.edge is not None else ()

    def seeds(self) -> list[int]:
        """Tokens to search around: fragments with a neighbour they may join, and (with edge
        rules) tokens that may get a ligature at an edge."""
        t = self.table
        if self.cache.join_seeds is None:
            found = []
            for k in itertools.compress(range(t.count), t.fragment):
                lex = t.lexicons[k]
                if lex is None:
                    continue
                before = k > 0 and t.kinds[k - 1] is not None
                after = k + 1 < t.count and t.kinds[k] is not None
                if (before and self.cache.joinable(t, k - 1, k, lex)) or (
                    after and self.cache.joinable(t, k, k + 1, lex)
                ):
                    found.append(k)
            self.cache.join_seeds = found
        if self.edge is None:
            return self.cache.join_seeds
        return sorted({*self.cache.join_seeds, *self.edge.tokens()})

    def runs(self) -> list[tuple[int, int]]:
        """Windows of tokens around the seeds, merged where they overlap."""
        t = self.table
        runs: list[list[int]] = []
        reach = MAX_TOKENS_PER_WORD - 1
        for k in self.seeds():
            lo, hi = k, k
            while lo > 0 and k - lo < reach and t.kinds[lo - 1] is not None:
                lo -= 1
            while hi < t.count - 1 and hi - k < reach and t.kinds[hi] is not None:
                hi += 1
            if runs and lo <= runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], hi)
            else:
                runs.append([lo, hi])
        return [(lo, hi) for lo, hi in runs]

    # -- the dynamic programme ------------------------------------------------------------
    def candidates(self, i: int, hi: int) -> list[_Choice]:
        """Every way to make one word starting at token ``i`` (see the module docstring)."""
        t = self.table
        lex = t.lexicons[i]
        if lex is None:
            return [_Choice(0.0, i)]
        choices = [_Choice(word_logprob(t.lower[i], lex), i)]
        expanded = self._expansion(i)
        if expanded is not None:
            word, lig, side = expanded
            zipf = lex.zipf_by_word.get(word.lower(), 0.0)
            if self._glyph_side(i):  # the glyph is there: its letters, not a guess
                choices = [_Choice(zipf - 9.0, i, word, (lig,), True, side)]
            else:
                choices.append(_Choice(zipf - 9.0 - LIGATURE_COST, i, word, (lig,), True))
        last = min(hi + 1, i + MAX_TOKENS_PER_WORD)
        if not any(t.fragment[i:last]):
            return choices
        low_i = t.lower[i]
        # (lower-case word so far, ligature before the first token, ligatures between tokens)
        frontier: list[tuple[str, str, tuple[str, ...]]] = []
        if self.cache.can_start(lex, low_i):
            frontier.append((low_i, "", ()))
        if self._may_expand(i, "start"):
            for lig in self._edge_ligatures():
                if self.cache.can_start(lex, lig + low_i):
                    frontier.append((lig + low_i, lig, ()))
        for j in range(i + 1, last):
            gap = t.kinds[j - 1]
            if gap is None or not frontier:
                break
            if gap == "line" and not (t.fragment[j - 1] or t.fragment[j]):
                break
            nxt_lower = t.lower[j]
            frontier = [
                (joined, prefix, (*between, lig))
                for low, prefix, between in frontier
                for lig, joined in self.cache.continuations(lex, low, nxt_lower)
            ]
            if not frontier or not any(t.fragment[i : j + 1]):
                continue  # real words only: never joined
            joined_needed = MIN_JOINED_ZIPF
            all_fragments = all(t.fragment[i : j + 1])
            if not all_fragments and all(len(t.lower[k]) <= 3 for k in range(i, j + 1)):
                joined_needed = MIN_JOINED_WITH_WORD_ZIPF
            # A compound ("Geschä szweck" → "Geschäftszweck") only of two pieces the word
            # list does not know: a word beside a fragment is its own word ("Staatsanwaltscha
            # ermi elt"), and a second lost ligature more likely split two words.
            unknown = j == i + 1 and all(t.lower[k] not in lex.zipf_by_word for k in (i, j))
            zipf_of = lex.word_zipf if unknown else lex.zipf
            endings: list[str] = [""]
            if self._may_expand(j, "end"):
                endings += self._edge_ligatures()
            for low, prefix, between in frontier:
                for ending in endings:
                    edge = bool(prefix or ending)
                    zipf = zipf_of(low + ending)
                    if zipf < (MIN_EXPANDED_ZIPF if edge else joined_needed):
                        continue
                    word = self._shown(i, prefix, between, ending)
                    if _plausible_case(word):
                        used = tuple(lig for lig in (prefix, *between, ending) if lig)
                        score = zipf - 9.0 - LIGATURE_COST * len(used)
                        choices.append(_Choice(score, j, word, used, edge))
        return choices

    def _shown(self, i: int, prefix: str, between: tuple[str, ...], ending: str) -> str:
        """The restored word in the case of its pieces ("NA ONAL" → "NATIONAL")."""
        tokens = self.table.tokens
        shown = prefix + tokens[i]
        for step, lig in enumerate(between, start=1):
            nxt = tokens[i + step]
            shown += case_like(shown + nxt, lig) + nxt
        return shown + case_like(shown, ending)

    def _signature(self, lo: int, hi: int) -> tuple[object, ...]:
        """What the best grouping of tokens ``lo``..``hi`` depends on: equal signatures, equal
        groupings (a book repeats its damaged words, and their neighbours)."""
        t = self.table
        edges: tuple[object, ...] = ()
        if self.edge is not None:
            edge_tokens = self.edge.tokens()
            edges = tuple(
                (
                    k - lo,
                    self._may_expand(k, "start"),
                    self._may_expand(k, "end"),
                    self._expansion(k),
                    self._glyph_side(k),
                )
                for k in range(lo, hi + 1)
                if k in edge_tokens
            )
        # The text of the run holds its tokens and gaps; fragments follow from the tokens.
        first, last = t.lexicons[lo], t.lexicons[hi]
        return (
            t.text[t.starts[lo] : t.ends[hi]],
            first.lang if first else None,
            last.lang if last else None,
            edges,
        )

    def best(self, lo: int, hi: int) -> list[Rejoin]:
        """The best grouping of tokens ``lo``..``hi`` into words; the words changed."""
        key = self._signature(lo, hi)
        path: list[tuple[int, _Choice]] | None = self.cache.paths.get(key)
        if path is None:
            path = self.cache.paths[key] = self._best_path(lo, hi)
        t = self.table
        found = []
        for offset, choice in path:
            i, j = lo + offset, lo + choice.end_token
            found.append(
                Rejoin(
                    i,
                    j,
                    t.starts[i] - (choice.glyph == "start"),
                    t.ends[j] + (choice.glyph == "end"),
                    choice.word or "",
                    choice.ligatures,
                    choice.edge,
                    bool(choice.glyph) or any(t.kinds[g] == "unmapped" for g in range(i, j)),
                    all(t.fragment[i : j + 1]),
                )
            )
        return found

    def _best_path(self, lo: int, hi: int) -> list[tuple[int, _Choice]]:
        """The dynamic programme over tokens ``lo``..``hi``: the words changed, as (offset of
        the first token, choice with ``end_token`` relative to ``lo``), in text order."""
        count = hi - lo + 1
        best: list[float] = [0.0] + [float("-inf")] * count
        back: list[tuple[int, _Choice] | None] = [None] * (count + 1)
        for offset in range(count):
            if best[offset] == float("-inf"):
                continue
            for choice in self.candidates(lo + offset, hi):
                end = choice.end_token - lo + 1
                score = best[offset] + choice.score
                if score > best[end]:
                    best[end] = score
                    back[end] = (offset, choice)
        path: list[tuple[int, _Choice]] = []
        position = count
        while position > 0:
            entry = back[position]
            assert entry is not None
            offset, choice = entry
            if choice.word is not None:
                choice.end_token -= lo
                path.append((offset, choice))
            position = offset
        return path[::-1]


def find_rejoins(
    table: TokenTable,
    edges: EdgeRules | None = None,
    cache: SearchCache | None = None,
    previous: list[Rejoin] | None = None,
) -> list[Rejoin]:
    """Every restoration the search proposes, in text order (nothing is applied here).

    A second search of the same table with edge rules takes the first one's ``cache`` and
    result (``previous``) and only re-runs the runs holding a token the rules concern."""
    cache = SearchCache() if cache is None else cache
    edge = EdgeReadings(table, edges, cache) if edges is not None else None
    search = _Search(table, edge, cache)
    found: list[Rejoin] = []
    if edge is None or previous is None:
        for lo, hi in search.runs():
            found += search.best(lo, hi)
        return found
    edge_tokens = edge.tokens()
    firsts = [r.first for r in previous]
    for lo, hi in search.runs():
        if edge_tokens.isdisjoint(range(lo, hi + 1)):
            found += previous[bisect.bisect_left(firsts, lo) : bisect.bisect_right(firsts, hi)]
        else:
            found += search.best(lo, hi)
    return found
