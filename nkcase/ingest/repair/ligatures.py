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

from dataclasses import dataclass

from nkcase.ingest.repair.lexicon import Lexicon
from nkcase.ingest.repair.tokens import TokenTable

KIND = "ligature"
# Single glyphs, then pairs of neighbouring ligature glyphs lost as one gap ("iden ca on").
LIGATURES = (
    "ti", "tt", "tti", "ft", "fi", "fl", "ff", "ffi", "ffl", "fft", "titi", "tifi", "fiti"
)  # fmt: skip
LIGATURE_COST = 2.0  # log10 units: a ligature must make the reading 100x likelier
MIN_JOINED_ZIPF = 2.0
# A join of a real word with fragments of three letters or fewer ("A er" → "After") must
# make a common word: "a xed" is "a fixed" far more often than "affixed".
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


class _Search:
    """The candidate search over one document (caches shared by all its runs)."""

    def __init__(self, table: TokenTable, edges: EdgeRules | None) -> None:
        self.table = table
        self.edges = edges
        self._pairs: dict[tuple[str, str, str], bool] = {}
        self._expansions: dict[int, tuple[str, str, str] | None] = {}

    # -- where to look -------------------------------------------------------------------
    def _joinable(self, a: int, b: int, lex: Lexicon) -> bool:
        t = self.table
        key = (t.lower[a], t.lower[b], lex.lang)
        found = self._pairs.get(key)
        if found is None:
            left, right = key[0], key[1]
            found = any(lex.can_start(left + lig + right) for lig in LIGATURES)
            self._pairs[key] = found
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
        t = self.table
        if self.edges is None or not self.edges.ligatures or not t.fragment[k]:
            return False
        token = t.tokens[k]
        if len(token) < MIN_EXPANDED_LETTERS or token.isupper():
            return False
        lex = t.lexicons[k]
        if lex is None or t.lower[k] in lex.zipf_by_word:
            return False  # a rare word ("lament") is not a fragment of "filament"
        if t.lower[k] in self.edges.protected:
            return False
        start, end = t.starts[k], t.ends[k]
        if _beside_hyphen(t.text, start, end):
            return False
        if side == "start":
            if k > 0 and self._split_from(k - 1, k, k - 1, lex):
                return False
            # A word that starts with a ligature starts in lower case ("fi", never "Fi").
            return token[0].islower() and (start == 0 or t.text[start - 1] in _PREFIX_OK_BEFORE)
        if k + 1 < t.count and self._split_from(k, k + 1, k + 1, lex):
            return False
        return end == len(t.text) or t.text[end] in _SUFFIX_OK_AFTER

    def expansion(self, k: int) -> tuple[str, str, str] | None:
        """The one clear reading of token ``k`` with a ligature at an edge:
        (word shown, ligature, side), or None when there is none or it is ambiguous."""
        if k in self._expansions:
            return self._expansions[k]
        t = self.table
        lex = t.lexicons[k]
        found: list[tuple[float, str, str, str]] = []
        if lex is not None and self.edges is not None:
            token, low = t.tokens[k], t.lower[k]
            for side in ("start", "end"):
                if not self.may_expand(k, side):
                    continue
                for lig in self.edges.ligatures:
                    word = lig + low if side == "start" else low + lig
                    zipf = lex.zipf_by_word.get(word, 0.0)
                    if zipf >= MIN_EXPANDED_ZIPF:
                        shown = lig + token if side == "start" else token + _case_like(token, lig)
                        found.append((zipf, shown, lig, side))
        found.sort(reverse=True)
        best = None
        if found and (len(found) == 1 or found[0][0] - found[1][0] >= EXPANSION_MARGIN):
            best = found[0][1:]
        self._expansions[k] = best
        return best

    def seeds(self) -> list[int]:
        t = self.table
        found = []
        for k in range(t.count):
            lex = t.lexicons[k]
            if not t.fragment[k] or lex is None:
                continue
            joinable = (k > 0 and t.kinds[k - 1] is not None and self._joinable(k - 1, k, lex)) or (
                k + 1 < t.count and t.kinds[k] is not None and self._joinable(k, k + 1, lex)
            )
            if joinable or self.expansion(k) is not None:
                found.append(k)
        return found

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
        last = min(hi + 1, i + MAX_TOKENS_PER_WORD)
        if not any(t.fragment[i:last]):
            return choices
        expanded = self.expansion(i)
        if expanded is not None:
            word, lig, _side = expanded
            zipf = lex.zipf_by_word.get(word.lower(), 0.0)
            choices.append(_Choice(zipf - 9.0 - LIGATURE_COST, i, word, (lig,), True))
        first = t.tokens[i]
        # (lower-case word so far, word as shown, ligatures used, an edge ligature used)
        frontier: list[tuple[str, str, tuple[str, ...], bool]] = []
        if lex.can_start(t.lower[i]):
            frontier.append((t.lower[i], first, (), False))
        if self.may_expand(i, "start"):
            assert self.edges is not None
            for lig in self.edges.ligatures:
                if lex.can_start(lig + t.lower[i]):
                    frontier.append((lig + t.lower[i], lig + first, (lig,), True))
        for j in range(i + 1, last):
            gap = t.kinds[j - 1]
            if gap is None or not frontier:
                break
            if gap == "line" and not (t.fragment[j - 1] or t.fragment[j]):
                break
            nxt, nxt_lower = t.tokens[j], t.lower[j]
            extended = []
            for low, shown, ligs, edge in frontier:
                for lig in LIGATURES:
                    joined = low + lig + nxt_lower
                    if lex.can_start(joined):
                        shown_joined = shown + _case_like(shown + nxt, lig) + nxt
                        extended.append((joined, shown_joined, (*ligs, lig), edge))
            frontier = extended
            if not any(t.fragment[i : j + 1]):
                continue  # real words only: never joined
            joined_needed = MIN_JOINED_ZIPF
            all_fragments = all(t.fragment[i : j + 1])
            if not all_fragments and all(
                len(t.lower[k]) <= 3 for k in range(i, j + 1) if t.fragment[k]
            ):
                joined_needed = MIN_JOINED_WITH_WORD_ZIPF
            # A compound ("Geschä szweck" → "Geschäftszweck") only from two pieces the word
            # list does not know: a word beside a fragment is its own ("... ermittelt"), and
            # One lost ligature at most: a second one more likely split two words.
            unknown = j == i + 1 and all(t.lower[k] not in lex.zipf_by_word for k in (i, j))
            zipf_of = lex.word_zipf if unknown else lex.zipf
            endings: list[str] = [""]
            if self.may_expand(j, "end"):
                assert self.edges is not None
                endings += self.edges.ligatures
            for low, shown, ligs, edge in frontier:
                for ending in endings:
                    zipf = zipf_of(low + ending)
                    needed = MIN_EXPANDED_ZIPF if (edge or ending) else joined_needed
                    word = shown + _case_like(shown, ending)
                    if zipf >= needed and _plausible_case(word):
                        used = (*ligs, ending) if ending else ligs
                        score = zipf - 9.0 - LIGATURE_COST * len(used)
                        choices.append(_Choice(score, j, word, used, edge or bool(ending)))
        return choices

    def best(self, lo: int, hi: int) -> list[Rejoin]:
        """The best grouping of tokens ``lo``..``hi`` into words; the words changed."""
        t = self.table
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
        found: list[Rejoin] = []
        position = count
        while position > 0:
            entry = back[position]
            assert entry is not None
            offset, choice = entry
            if choice.word is not None:
                i, j = lo + offset, choice.end_token
                found.append(
                    Rejoin(
                        i,
                        j,
                        t.starts[i],
                        t.ends[j],
                        choice.word,
                        choice.ligatures,
                        choice.edge,
                        any(t.kinds[g] == "unmapped" for g in range(i, j)),
                        all(t.fragment[i : j + 1]),
                    )
                )
            position = offset
        return found[::-1]


def find_rejoins(table: TokenTable, edges: EdgeRules | None = None) -> list[Rejoin]:
    """Every restoration the search proposes, in text order (nothing is applied here)."""
    search = _Search(table, edges)
    found: list[Rejoin] = []
    for lo, hi in search.runs():
        found += search.best(lo, hi)
    return found
