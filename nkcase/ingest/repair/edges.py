"""Ligatures at a word's edge: which tokens may take one, and the one clear reading.

A ligature lost at the start or end of a word leaves no gap ("The ghtening" for "The
tightening"), so nothing but the word list says where it was. :mod:`nkcase.ingest.repair.damage`
allows it only for ligatures the document was seen to lose more than once
(:class:`EdgeRules`), and :class:`EdgeReadings` only on a token of
:data:`MIN_EXPANDED_LETTERS` letters or more that is a fragment unknown to the word list, not
in capitals, not a name of the casebook's entities, next to a space or punctuation (never a
hyphen), with no fragment beside it that it could join instead, and that becomes one word
clearly likelier (:data:`EXPANSION_MARGIN`) than any other reading. A U+FFFD at the edge (a
PDF glyph without Unicode) is different: the glyph is there, only its letters are unknown.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from nkcase.ingest.repair.joins import SearchCache, case_like
from nkcase.ingest.repair.lexicon import Lexicon
from nkcase.ingest.repair.tokens import TokenTable

MIN_EXPANDED_ZIPF = 2.5
EXPANSION_MARGIN = 1.0  # an expansion must be 10x likelier than the next one
MIN_EXPANDED_LETTERS = 4
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


def beside_hyphen(text: str, start: int, end: int) -> bool:
    """True when a hyphen is the nearest visible character before or after a token: it is
    then part of a compound split over lines ("re" + line break + "-emerges")."""
    after = text[end : end + 12].lstrip()
    before = text[max(0, start - 12) : start].rstrip()
    return after[:1] in _HYPHENS or before[-1:] in _HYPHENS


class EdgeReadings:
    """Edge ligatures in one document under one set of rules (each answer cached)."""

    def __init__(self, table: TokenTable, rules: EdgeRules, cache: SearchCache) -> None:
        self.table = table
        self.rules = rules
        self.cache = cache
        self._expansions: dict[int, tuple[str, str, str] | None] = {}
        self._may_expand: dict[tuple[int, str], bool] = {}
        self._tokens: set[int] | None = None
        self._expandable_tokens: set[int] | None = None
        self._readings: dict[tuple[object, ...], tuple[str, str, str] | None] = {}

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
        return short_unknown or self.cache.joinable(self.table, a, b, lex)

    def may_expand(self, k: int, side: str) -> bool:
        """Whether token ``k`` may get a ligature at its ``side`` ("start" or "end")."""
        if not self.rules.ligatures or k not in self._expandable():
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
            protected = self.rules.protected
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
                    and not beside_hyphen(t.text, t.starts[k], t.ends[k])
                ):
                    found.add(k)
            self._expandable_tokens = found
        return self._expandable_tokens

    def _edge_reading_possible(self, lower: str, lex: Lexicon) -> bool:
        """Whether an edge ligature could make ``lower`` a word, or the start of one."""
        return any(
            self.cache.can_start(lex, lig + lower) or lex.zipf(lower + lig) >= MIN_EXPANDED_ZIPF
            for lig in self.rules.ligatures
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

    def glyph_side(self, k: int) -> str:
        """ "start"/"end" when token ``k`` has an unmapped glyph at that edge to fill."""
        t = self.table
        if not self.rules.glyphs or t.tokens[k].isupper():
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
        glyph = self.glyph_side(k)
        sides = (glyph,) if glyph else tuple(s for s in ("start", "end") if self.may_expand(k, s))
        if lex is None or not sides:
            self._expansions[k] = None
            return None
        key = (lex.lang, t.tokens[k], sides, bool(glyph))
        if key in self._readings:
            self._expansions[k] = self._readings[key]
            return self._readings[key]
        found: list[tuple[float, str, str, str]] = []
        token, low = t.tokens[k], t.lower[k]
        ligatures = self.rules.glyphs if glyph else self.rules.ligatures
        for side in sides:
            for lig in ligatures:
                word = lig + low if side == "start" else low + lig
                zipf = lex.zipf_by_word.get(word, 0.0)
                if zipf >= MIN_EXPANDED_ZIPF:
                    shown = lig + token if side == "start" else token + case_like(token, lig)
                    found.append((zipf, shown, lig, side))
        found.sort(reverse=True)
        best = None
        if found and (len(found) == 1 or found[0][0] - found[1][0] >= EXPANSION_MARGIN):
            best = found[0][1:]
        self._expansions[k] = self._readings[key] = best
        return best

    def tokens(self) -> set[int]:
        """Tokens that may take a ligature at an edge under the rules (cached)."""
        if self._tokens is None:
            t = self.table
            candidates = itertools.chain(self._expandable(), t.unmapped_start, t.unmapped_end)
            self._tokens = {
                k
                for k in candidates
                if t.lexicons[k] is not None
                and (
                    self.expansion(k) is not None
                    or self.may_expand(k, "start")
                    or self.may_expand(k, "end")
                )
            }
        return self._tokens
