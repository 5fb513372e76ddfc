"""Which of two readings of the same bytes spells words: the evidence behind encoding
detection (:mod:`nkcase.ingest.detection`)."""

from __future__ import annotations

import re

MIN_WORD_EVIDENCE = 2


class WordEvidence:
    """Which of two readings of the same bytes spells words.

    Two code pages differ only in some non-ASCII characters, so the right one is the one in
    which the words they read differently are words: "problème", "déjà" (windows-1252), not
    "problčme", "déjŕ" (windows-1250); "Łukasz" (windows-1250), not "£ukasz" (windows-1252).
    Words are looked up in the frequent-word profiles of 40 languages and in the word lists
    of the text's detected languages; words no language writes count against a reading.
    """

    def __init__(self) -> None:
        self._tokens: dict[str, frozenset[str]] = {}

    def _words(self, text: str) -> frozenset[str]:
        found = self._tokens.get(text)
        if found is None:
            pieces = _TOKEN_BREAK.split(text[:MAX_EVIDENCE_CHARS])
            tokens = (t.strip(_EDGE_PUNCTUATION) for t in pieces)
            found = frozenset(t for t in tokens if t and not t.isascii())
            self._tokens[text] = found
        return found

    def compare(self, ours: str, theirs: str) -> tuple[int, int]:
        """For the words only one reading has: real words count for it, impossible words
        (mixing scripts, "W¹s", "£ukasz") against it."""
        mine, other = self._words(ours), self._words(theirs)
        return _plausibility(mine - other, ours), _plausibility(other - mine, theirs)


def _plausibility(tokens: frozenset[str], text: str) -> int:
    """Real words among ``tokens`` less impossible ones (a token may be neither: a name, a
    rare word). Only whole tokens of letters count as words, so the fragments of a misread
    one ("а" and "о" in "°ьё®АОАё·О") do not."""
    if not tokens:
        return 0
    from nkcase.ingest.repair.languages import profiles
    from nkcase.ingest.repair.lexicon import lexicon
    from nkcase.ingest.repair.tokens import document_languages

    impossible = {t for t in tokens if impossible_word(t)}
    known = profiles().known
    tables = [
        table
        for lang in document_languages(text[:MAX_EVIDENCE_CHARS]).languages[:2]
        if (table := lexicon(lang)) is not None
    ]

    def real(token: str) -> bool:
        parts = _ELISION.split(token.lower())
        if len(token) < 2 or not all(_WORD_RE.fullmatch(part) for part in parts):
            return False
        foreign = [p for p in parts if not p.isascii()]
        return bool(foreign) and all(
            p in known or any(table.word_zipf(p) > 0 for table in tables) for p in foreign
        )

    return sum(map(real, tokens - impossible)) - len(impossible)


def impossible_word(token: str) -> bool:
    """A token no language writes: letters of two scripts (Latin with Cyrillic, Greek, Han,
    Hangul…), a symbol between letters ("W¹s") or a currency sign before one ("£ukasz")."""
    from nkcase.vocabulary.scripts import char_script

    scripts = {char_script(ch) for ch in token if ch.isalpha()} - {None}
    if len(scripts) > 1 and not scripts <= _SCRIPTS_WRITTEN_TOGETHER:
        return True
    return _LETTER_BY_SYMBOL.search(token) is not None


# Japanese mixes Han and kana in one word; everything else is one script per word.
_SCRIPTS_WRITTEN_TOGETHER = frozenset({"Hani", "Hira", "Kana"})
# Symbols that sit between two letters only in a misread word ("W¹s", "Zu¿ycie"), and currency
# signs that never start a word ("£ukasz"; "£5" is a number, not a word).
_SYMBOLS = "\u00a2-\u00a9\u00ab\u00ac\u00ae-\u00b4\u00b6\u00b8\u00b9\u00bb-\u00be\u00d7\u00f7\u2116"
_CURRENCY = "\u00a2-\u00a5"
_LETTER = "[^\\W\\d_]"
_LETTER_BY_SYMBOL = re.compile(f"{_LETTER}[{_SYMBOLS}]{_LETTER}|(?:^|\\W)[{_CURRENCY}]{_LETTER}")
# Words are split at white space and ASCII punctuation (markup of a page included: a word
# must not run into "</p><p>"); other punctuation is stripped from their ends.
_TOKEN_BREAK = re.compile(r"[\s!-/:-@\[-`{-~]+")
_EDGE_PUNCTUATION = "«»“”„‘’‚‹›–—…"
_WORD_RE = re.compile(r"[^\W\d_]+")
_ELISION = re.compile("[\u2019\u2018]")  # l’été, d’Ivoire: two words joined by an apostrophe
MAX_EVIDENCE_CHARS = 200_000
