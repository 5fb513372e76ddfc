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

A ligature at a word's edge (":data:`EdgeRules`") is considered only when the caller allows
it — for ligatures the document has already been shown to lose — and only on a token of
:data:`MIN_EXPANDED_LETTERS` letters or more that is a fragment, not in capitals, not a name
of the casebook's entities, next to a space or punctuation (never a hyphen), and that becomes
one word clearly likelier (:data:`EXPANSION_MARGIN`) than any other reading.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from nkcase.ingest.repair.lexicon import Lexicon
from nkcase.ingest.repair.tokens import TokenTable

KIND = "ligature"
# Single glyphs, then pairs of neighbouring ligature glyphs lost as one gap ("iden ca on").
LIGATURES = (
    "ti", "tt", "tti", "ft", "fi", "fl", "ff", "ffi", "ffl", "fft", "titi", "tifi", "fiti"
)  # fmt: skip
LIGATURE_COST = 2.0  # log10 units: a ligature must make the reading 100x likelier
MIN_JOINED_ZIPF = 2.0
# A join of short pieces, one a real word ("A er" → "After"), must make a common word:
# "a xed" is "a fixed" far more often than "affixed" (but "drama zed" is "dramatized").
MIN_JOINED_WITH_WORD_ZIPF = 3.0
MIN_EXPANDED_ZIPF = 2.5
EXPANSION_MARGIN = 1.0  # an expansion must be 10x likelier than the next one
MIN_EXPANDED_LETTERS = 4
MAX_TOKENS_PER_WORD = 4
MAX_PIECE_LETTERS = 7

_PREFIX_OK_BEFORE = set(' \t\n"“‘([«')
_SUFFIX_OK_AFTER = set(' \t\n"”’)]».,;:!?')
_HYPHENS = set("-\u2010\u2011\u00ad")


@dataclass(frozen=True, slots=True)
class EdgeRules:
    """Which ligatures may be added at a word's edge, and which tokens never get one."""

    ligatures: tuple[str, ...]
    protected: frozenset[str] = frozenset()  # lower-case tokens of entity names
    # Ligatures an unmapped glyph (U+FFFD) stood for where the document shows it mid-word:
    # the letters of one at a word's edge ("office �led") are chosen among them.
    glyphs: tuple[str, ...] = ()


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


def _case_like(letters: str, ligature: str) -> str:
    core = [c for c in letters if c.isalpha()]
    return ligature.upper() if len(core) >= 2 and all(c.isupper() for c in core) else ligature


def _plausible_case(word: str) -> bool:
    """Lower case, capitalised or all capitals: pieces in other cases ("a C") are not one
    word split by a lost ligature."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


def _beside_hyphen(text: str, start: int, end: int) -> bool:
    """True when a hyphen is the nearest visible character before or after a token: it is
    then part of a compound split over lines ("re" + line break + "-emerges")."""
    after = text[end : end + 12].lstrip()
    before = text[max(0, start - 12) : start].rstrip()
    return after[:1] in _HYPHENS or before[-1:] in _HYPHENS


@dataclass(slots=True)
class SearchCache:
    """What the searches of one document share: the first without edge ligatures, the
    second with them only re-runs what they change."""

    paths: dict[tuple[object, ...], list[tuple[int, _Choice]]] = field(default_factory=dict)
    pairs: dict[tuple[str, str, str], bool] = field(default_factory=dict)
    starts: dict[tuple[str, str], bool] = field(default_factory=dict)
    continuations: dict[tuple[str, str, str], list[tuple[str, str]]] = field(default_factory=dict)
    join_seeds: list[int] | None = None


class _Search:
    """The candidate search over one document."""

    def __init__(self, table: TokenTable, edges: EdgeRules | None, cache: SearchCache) -> None:
        self.table = table
        self.edges = edges
        self.cache = cache
        self._expansions: dict[int, tuple[str, str, str] | None] = {}
        self._may_expand: dict[tuple[int, str], bool] = {}
        self._edge_tokens: set[int] | None = None
        self._expandable_tokens: set[int] | None = None
        self._readings: dict[tuple[object, ...], tuple[str, str, str] | None] = {}

    # -- where to look -------------------------------------------------------------------
    def _joinable(self, a: int, b: int, lex: Lexicon) -> bool:
        t = self.table
        key = (t.lower[a], t.lower[b], lex.lang)
        found = self.cache.pairs.get(key)
        if found is None:
            left, right = key[0], key[1]
            found = any(self._can_start(lex, left + lig + right) for lig in LIGATURES)
            self.cache.pairs[key] = found
        return found

    def _split_from(self, a: int, b: int, neighbour: int, lex: Lexicon) -> bool:
        """Whether tokens ``a`` and ``b`` look like pieces of one word: then a lost ligature
        was between them, not at the edge of either. The neighbour must be a fragment, and
        either make a word with the other through a ligature or be a short piece the word list
        does not know ("ern" in "Gewerkscha ern", "miscon gured"); a long unknown word
        ("przepływach nansowych") is only a neighbour."""
        t = self.table
        if t.kinds[a] is None or not t.fragment[neighbour]:
            return False
        piece = t.lower[neighbour]
        short_unknown = len(piece) <= MAX_PIECE_LETTERS and piece not in lex.zipf_by_word
        return short_unknown or self._joinable(a, b, lex)

    def may_expand(self, k: int, side: str) -> bool:
        """Whether token ``k`` may get a ligature at its ``side`` ("start" or "end")."""
        if self.edges is None or not self.edges.ligatures or k not in self._expandable():
            return False
        found = self._may_expand.get((k, side))
        if found is None:
            found = self._may_expand[(k, side)] = self._side_allows(k, side)
        return found

    def _expandable(self) -> set[int]:
        """Tokens that may take an edge ligature on either side, by the token alone: a
        fragment of four letters or more, not in capitals, unknown to the word list (a rare
        word such as "lament" is no fragment of "filament"), not an entity's name, not
        beside a hyphen."""
        if self._expandable_tokens is None:
            t = self.table
            protected = self.edges.protected if self.edges is not None else frozenset()
            found = set()
            readable: dict[tuple[str, str], bool] = {}
            for k in itertools.compress(range(t.count), t.fragment):
                token, lower, lex = t.tokens[k], t.lower[k], t.lexicons[k]
                if lex is None or len(token) < MIN_EXPANDED_LETTERS:
                    continue
                key = (lex.lang, lower)
                if key not in readable:
                    readable[key] = self._edge_reading_possible(lower, lex)
                if (
                    readable[key]
                    and not token.isupper()
                    and lex is not None
                    and lower not in lex.zipf_by_word
                    and lower not in protected
                    and not _beside_hyphen(t.text, t.starts[k], t.ends[k])
                ):
                    found.add(k)
            self._expandable_tokens = found
        return self._expandable_tokens

    def _edge_reading_possible(self, lower: str, lex: Lexicon) -> bool:
        """Whether an edge ligature could make ``lower`` a word, or the start of one."""
        assert self.edges is not None
        return any(
            self._can_start(lex, lig + lower) or lex.zipf(lower + lig) >= MIN_EXPANDED_ZIPF
            for lig in self.edges.ligatures
        )

    def _side_allows(self, k: int, side: str) -> bool:
        t = self.table
        lex = t.lexicons[k]
        assert lex is not None
        token, start, end = t.tokens[k], t.starts[k], t.ends[k]
        if side == "start":
            if k > 0 and self._split_from(k - 1, k, k - 1, lex):
                return False
            # A word that starts with a ligature starts in lower case ("fi", never "Fi").
            return token[0].islower() and (start == 0 or t.text[start - 1] in _PREFIX_OK_BEFORE)
        if k + 1 < t.count and self._split_from(k, k + 1, k + 1, lex):
            return False
        return end == len(t.text) or t.text[end] in _SUFFIX_OK_AFTER

    def _glyph_side(self, k: int) -> str:
        """ "start"/"end" when token ``k`` has an unmapped glyph at that edge to fill."""
        t = self.table
        if self.edges is None or not self.edges.glyphs or t.tokens[k].isupper():
            return ""
        if k in t.unmapped_start:
            return "start"
        return "end" if k in t.unmapped_end else ""

    def expansion(self, k: int) -> tuple[str, str, str] | None:
        """The one clear reading of token ``k`` with a ligature at an edge:
        (word shown, ligature, side), or None when there is none or it is ambiguous.

        Where an unmapped glyph marks the edge, the ligature replaces it and is chosen among
        the document's glyph ligatures, whatever the token's length: the glyph is there."""
        if k in self._expansions:
            return self._expansions[k]
        t = self.table
        lex = t.lexicons[k]
        glyph = self._glyph_side(k)
        sides = (glyph,) if glyph else tuple(s for s in ("start", "end") if self.may_expand(k, s))
        if lex is None or self.edges is None or not sides:
            self._expansions[k] = None
            return None
        key = (lex.lang, t.tokens[k], sides, bool(glyph))
        if key in self._readings:
            self._expansions[k] = self._readings[key]
            return self._readings[key]
        found: list[tuple[float, str, str, str]] = []
        token, low = t.tokens[k], t.lower[k]
        ligatures = self.edges.glyphs if glyph else self.edges.ligatures
        for side in sides:
            for lig in ligatures:
                word = lig + low if side == "start" else low + lig
                zipf = lex.zipf_by_word.get(word, 0.0)
                if zipf >= MIN_EXPANDED_ZIPF:
                    shown = lig + token if side == "start" else token + _case_like(token, lig)
                    found.append((zipf, shown, lig, side))
        found.sort(reverse=True)
        best = None
        if found and (len(found) == 1 or found[0][0] - found[1][0] >= EXPANSION_MARGIN):
            best = found[0][1:]
        self._expansions[k] = self._readings[key] = best
        return best

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
                if (k > 0 and t.kinds[k - 1] is not None and self._joinable(k - 1, k, lex)) or (
                    k + 1 < t.count and t.kinds[k] is not None and self._joinable(k, k + 1, lex)
                ):
                    found.append(k)
            self.cache.join_seeds = found
        if self.edges is None:
            return self.cache.join_seeds
        return sorted({*self.cache.join_seeds, *self.edge_tokens()})

    def edge_tokens(self) -> set[int]:
        """Tokens that may take a ligature at an edge under the edge rules (cached)."""
        if self._edge_tokens is None:
            t = self.table
            candidates = itertools.chain(self._expandable(), t.unmapped_start, t.unmapped_end)
            self._edge_tokens = {
                k
                for k in candidates
                if t.lexicons[k] is not None
                and (
                    self.expansion(k) is not None
                    or self.may_expand(k, "start")
                    or self.may_expand(k, "end")
                )
            }
        return self._edge_tokens

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
        expanded = self.expansion(i)
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
        if self._can_start(lex, low_i):
            frontier.append((low_i, "", ()))
        if self.may_expand(i, "start"):
            assert self.edges is not None
            for lig in self.edges.ligatures:
                if self._can_start(lex, lig + low_i):
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
                for lig, joined in self._continuations(lex, low, nxt_lower)
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
            if self.may_expand(j, "end"):
                assert self.edges is not None
                endings += self.edges.ligatures
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

    def _can_start(self, lex: Lexicon, prefix: str) -> bool:
        key = (lex.lang, prefix)
        found = self.cache.starts.get(key)
        if found is None:
            found = self.cache.starts[key] = lex.can_start(prefix)
        return found

    def _continuations(self, lex: Lexicon, low: str, nxt: str) -> list[tuple[str, str]]:
        """(ligature, joined) for each ligature that joins ``low`` and ``nxt`` into the start
        of a word (cached: a book repeats its damaged words)."""
        key = (lex.lang, low, nxt)
        found = self.cache.continuations.get(key)
        if found is None:
            found = [
                (lig, low + lig + nxt) for lig in LIGATURES if self._can_start(lex, low + lig + nxt)
            ]
            self.cache.continuations[key] = found
        return found

    def _shown(self, i: int, prefix: str, between: tuple[str, ...], ending: str) -> str:
        """The restored word in the case of its pieces ("NA ONAL" → "NATIONAL")."""
        tokens = self.table.tokens
        shown = prefix + tokens[i]
        for step, lig in enumerate(between, start=1):
            nxt = tokens[i + step]
            shown += _case_like(shown + nxt, lig) + nxt
        return shown + _case_like(shown, ending)

    def _signature(self, lo: int, hi: int) -> tuple[object, ...]:
        """What the best grouping of tokens ``lo``..``hi`` depends on: equal signatures, equal
        groupings (a book repeats its damaged words, and their neighbours)."""
        t = self.table
        edges: tuple[object, ...] = ()
        if self.edges is not None:
            edge_tokens = self.edge_tokens()
            edges = tuple(
                (
                    k - lo,
                    self.may_expand(k, "start"),
                    self.may_expand(k, "end"),
                    self.expansion(k),
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
        path = self.cache.paths.get(key)
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
    search = _Search(table, edges, SearchCache() if cache is None else cache)
    found: list[Rejoin] = []
    if edges is None or previous is None:
        for lo, hi in search.runs():
            found += search.best(lo, hi)
        return found
    edge_tokens = search.edge_tokens()
    firsts = [r.first for r in previous]
    for lo, hi in search.runs():
        if edge_tokens.isdisjoint(range(lo, hi + 1)):
            found += previous[bisect.bisect_left(firsts, lo) : bisect.bisect_right(firsts, hi)]
        else:
            found += search.best(lo, hi)
    return found
