"""A text as the word-level repairs see it: letter tokens, the gaps between them, the
language (and word list) of each token, and which tokens are fragments rather than words.

Built once per document: the text is split with one regular expression, every distinct token
is classified once, and the language of each stretch of tokens comes from
:mod:`nkcase.ingest.repair.languages`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from nkcase.ingest.repair.languages import DocumentLanguages, detect
from nkcase.ingest.repair.lexicon import Lexicon, lexicon

_SPLIT_RE = re.compile(r"([^\W\d_]+)")
# The ASCII characters of [^\W\d_] are the letters A-Z and a-z, so in ASCII text these find
# the same tokens, 40% faster (ranges instead of Unicode category lookups per character;
# str.isascii() is a check of a flag). Lower-casing ASCII text keeps every offset, so its
# lower-case tokens can be found in the lower-cased text at once.
_ASCII_SPLIT_RE = re.compile(r"([A-Za-z]+)")
_ASCII_LOWER_RE = re.compile(r"[a-z]+")
REPLACEMENT = "\ufffd"  # pdfium's stand-in for a glyph without a Unicode mapping


def gap_kind(gap: str, unmapped_glyphs: bool) -> str | None:
    """How two tokens around ``gap`` may be joined: "space", "unmapped" (a U+FFFD glyph),
    "line", or None (they may not: punctuation, digits, a paragraph)."""
    if gap in (" ", "  "):
        return "space"
    if unmapped_glyphs and gap in (REPLACEMENT, REPLACEMENT * 2):
        return "unmapped"
    if gap and len(gap) <= 8 and "\n" in gap and not gap.strip(" \t\n"):
        return "line"
    return None


@dataclass(slots=True)
class TokenTable:
    """The tokens of one text. ``kinds[k]`` is the gap between token ``k`` and ``k + 1``."""

    text: str
    tokens: list[str]
    lower: list[str]
    kinds: list[str | None]
    starts: list[int]
    ends: list[int]
    languages: DocumentLanguages
    lexicons: list[Lexicon | None]  # per token: the word list of its window's language
    fragment: list[bool]  # per token: not a word in any of the document's languages
    # Tokens with an unmapped glyph (U+FFFD) right at their start or end, and a space or
    # punctuation beyond it: a ligature whose letters are unknown ("office �led").
    unmapped_start: frozenset[int] = frozenset()
    unmapped_end: frozenset[int] = frozenset()

    @property
    def count(self) -> int:
        return len(self.tokens)

    @property
    def document_lexicons(self) -> list[Lexicon]:
        found = (lexicon(lang) for lang in self.languages.languages)
        return [lex for lex in found if lex is not None]


def _is_word(lower: str, lexicons: list[Lexicon], languages: DocumentLanguages) -> bool:
    return any(lex.is_word(lower) for lex in lexicons) or languages.profile_word(lower)


def document_languages(text: str) -> DocumentLanguages:
    """The languages of ``text`` (one pass of the tokeniser)."""
    if text.isascii():
        return detect(_ASCII_LOWER_RE.findall(text.lower()))
    return detect(list(map(str.lower, _SPLIT_RE.findall(text))))


def tokenize(
    text: str, *, unmapped_glyphs: bool = False, languages: DocumentLanguages | None = None
) -> TokenTable:
    """Split ``text`` into letter tokens and classify them (see the module docstring).

    ``unmapped_glyphs``: U+FFFD stands for a PDF glyph without Unicode (so a lost ligature may
    hide there), not for bytes a decoder could not read. ``languages``: already detected on
    (nearly) the same text, so detection is not repeated.
    """
    parts = (_ASCII_SPLIT_RE if text.isascii() else _SPLIT_RE).split(text)
    tokens = parts[1::2]
    lower = list(map(str.lower, tokens))
    gaps = parts[2:-1:2]
    kind_of = {g: gap_kind(g, unmapped_glyphs) for g in set(gaps)}
    kinds = list(map(kind_of.__getitem__, gaps))
    offsets = list(itertools.accumulate(map(len, parts)))  # offsets[i]: end of parts[i]
    starts = offsets[0::2][: len(tokens)]
    ends = offsets[1::2]
    if languages is None:
        languages = detect(lower)
    window_lexicons = [lexicon(lang) if lang else None for lang in languages.window_languages]
    main = lexicon(languages.main) if languages.main else None
    size = languages.window
    lexicons: list[Lexicon | None] = []
    for i, lex in enumerate(window_lexicons):
        span = size if i < len(window_lexicons) - 1 else max(0, len(tokens) - size * i)
        chosen = lex if languages.window_languages[i] else main
        lexicons.extend(itertools.repeat(chosen, span))
    document = [lex for lex in map(lexicon, languages.languages) if lex is not None]
    fragment_type = {w: not _is_word(w, document, languages) for w in set(lower)}
    fragment = list(map(fragment_type.__getitem__, lower))
    table = TokenTable(text, tokens, lower, kinds, starts, ends, languages, lexicons, fragment)
    if unmapped_glyphs and REPLACEMENT in text:
        table.unmapped_start = frozenset(
            k for k, at in enumerate(starts) if _lone_glyph(text, at - 1, at - 2)
        )
        table.unmapped_end = frozenset(
            k for k, at in enumerate(ends) if _lone_glyph(text, at, at + 1)
        )
    return table


def _lone_glyph(text: str, at: int, beyond: int) -> bool:
    """A U+FFFD at ``at`` with no letter at ``beyond`` (the far side)."""
    if not 0 <= at < len(text) or text[at] != REPLACEMENT:
        return False
    return not (0 <= beyond < len(text)) or not text[beyond].isalpha()
