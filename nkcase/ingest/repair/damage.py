"""Decide whether a document shows lost-ligature damage, then repair only what it proves.

Real text in any language does not produce the evidence counted here:

* **split words**: neighbouring fragments that make a known word of the document's language
  only when joined through a ligature ("sanc ons", "Na onal", "Commi ee"). A join of
  fragments only counts fully, one with a real word on one side ("diploma c") half, and one
  of short pieces ("A er", "o ce": any mix of languages has those) a quarter;
* **unmapped glyphs**: in a PDF, a U+FFFD (a glyph without Unicode mapping) between two
  pieces that make a word through a ligature — one is proof enough.

The decision is made on the whole document before anything changes (:func:`assess`). Short
English words, Korean and Vietnamese names, acronyms and foreign words are not fragments of
the document's languages, or make no word when joined, so clean text shows no evidence;
documents in a language nkcase has no word list for get no lexical repair at all.

In a damaged document every proposed join is applied. A ligature is added to a token on its
own (at its start or end) only for ligatures the document was seen to lose
:data:`MIN_PATTERN_REPEATS` times, under the rules of
:class:`~nkcase.ingest.repair.ligatures.EdgeRules`.
"""

from __future__ import annotations

from dataclasses import dataclass

from nkcase.ingest.edits import Edit
from nkcase.ingest.repair.languages import DocumentLanguages
from nkcase.ingest.repair.ligatures import KIND, EdgeRules, Rejoin, SearchCache, find_rejoins
from nkcase.ingest.repair.tokens import TokenTable, tokenize

MIN_EVIDENCE = 2.0  # split words needed, weighed by _weight()
STRONG_FRAGMENT_LETTERS = 4
STRONG_WORD_LETTERS = 8
MIN_DISTINCT_WORDS = 2
MIN_SPLIT_RATE = 1 / 1500  # split words per token
MIN_PATTERN_REPEATS = 2
# Ligature glyphs a font maps (or fails to map) together: the standard f-ligatures, and the
# discretionary ones with t that fonts such as Calibri add. Seed 001 loses the second family
# and keeps the first: "sanc ons" beside an intact "find".
LIGATURE_FAMILIES = (("fi", "fl", "ff", "ffi", "ffl"), ("ti", "tt", "tti", "ft", "fft"))


@dataclass(frozen=True, slots=True)
class DamageReport:
    """What the lost-ligature repair found in one document, and what it decided."""

    damaged: bool
    languages: tuple[str, ...]
    tokens: int
    split_words: int  # joins found before any decision
    distinct_words: int
    unmapped: int  # of which across a glyph without Unicode mapping
    evidence: float
    edge_ligatures: tuple[str, ...] = ()  # lost often enough to be restored at word edges
    glyph_ligatures: tuple[str, ...] = ()  # what unmapped glyphs stood for mid-word

    def describe(self) -> str:
        """One line for logs and warnings."""
        langs = ", ".join(self.languages) or "none detected"
        if not self.damaged:
            return (
                f"no lost-ligature damage (languages: {langs}; {self.split_words} possible "
                f"split word(s), evidence {self.evidence:g})"
            )
        return (
            f"lost-ligature damage (languages: {langs}): {self.split_words} split word(s), "
            f"{self.unmapped} at unmapped glyphs"
        )


def _weight(table: TokenTable, join: Rejoin) -> float:
    """How much one split word proves: a long fragment ("sanc ons", "Commi ee") or a long
    word ("tra ały" → "trafiały") is hard to meet by chance; pieces of one to three letters
    ("o ce", "a er") are met in any mix of languages."""
    pieces = range(join.first, join.last + 1)
    strong = len(join.word) >= STRONG_WORD_LETTERS or any(
        table.fragment[k] and len(table.tokens[k]) >= STRONG_FRAGMENT_LETTERS for k in pieces
    )
    if not strong:
        return 0.25
    return 1.0 if join.all_fragments else 0.5


def assess(table: TokenTable, joins: list[Rejoin]) -> DamageReport:
    """The damage test (see the module docstring); ``joins`` found without edge ligatures."""
    unmapped = sum(1 for j in joins if j.unmapped)
    evidence = sum(_weight(table, j) for j in joins)
    distinct = len({j.word.lower() for j in joins})
    damaged = unmapped >= 1 or (
        evidence >= MIN_EVIDENCE
        and distinct >= MIN_DISTINCT_WORDS
        and len(joins) >= MIN_SPLIT_RATE * table.count
    )
    edge_ligatures = tuple(
        lig
        for family in LIGATURE_FAMILIES
        if sum(1 for j in joins if any(part in family for part in j.ligatures))
        >= MIN_PATTERN_REPEATS
        for lig in family
    )
    glyphs = sorted({lig for j in joins if j.unmapped for lig in j.ligatures})
    return DamageReport(
        damaged,
        table.languages.languages,
        table.count,
        len(joins),
        distinct,
        unmapped,
        evidence,
        edge_ligatures if damaged else (),
        tuple(glyphs) if damaged else (),
    )


def lost_ligature_edits(
    text: str,
    *,
    protected: frozenset[str] = frozenset(),
    unmapped_glyphs: bool = False,
    force: bool = False,
    languages: DocumentLanguages | None = None,
) -> tuple[list[Edit], DamageReport]:
    """Edits that rejoin words split by lost ligatures, and the report behind them.

    No edit unless the document shows the damage (``force`` skips that test, to measure what
    the search alone would change). ``protected``: lower-case tokens of entity names, never
    given a ligature on their own. ``unmapped_glyphs``: U+FFFD marks glyphs without Unicode
    (PDF), not undecodable bytes. ``languages``: already detected on the text.
    """
    table = tokenize(text, unmapped_glyphs=unmapped_glyphs, languages=languages)
    cache = SearchCache()
    joins = find_rejoins(table, cache=cache)
    report = assess(table, joins)
    if not (report.damaged or force):
        return [], report
    chosen = joins
    if report.edge_ligatures or report.glyph_ligatures:
        rules = EdgeRules(report.edge_ligatures, protected, report.glyph_ligatures)
        chosen = find_rejoins(table, rules, cache, joins)
    edits = [Edit(r.start, r.end, r.word, KIND) for r in chosen]
    return edits, report
