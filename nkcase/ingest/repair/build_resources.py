"""Build the repair's word lists and the language profiles from ``wordfreq`` (a dev-only tool).

Run from the repository root: ``python -m nkcase.ingest.repair.build_resources``.
nkcase never imports this module at run time; it reads the generated files instead, so
``wordfreq`` (and its 58 MB of data) need not ship with the app.

* ``resources/wordlists/LANG.tsv.gz``, one per language the lost-ligature repair supports
  (:data:`WORDLIST_LANGUAGES`): gzip-compressed UTF-8 lines ``word<TAB>zipf*100``, sorted by
  word. Only lower-case alphabetic words (an inner apostrophe allowed) with Zipf ≥
  :data:`MIN_ZIPF` are kept, at most :data:`MAX_WORDS` per language.
* ``resources/wordlists/short-words.tsv``: the genuine two- and three-letter words of each of
  those languages but English (:func:`build_short_words`).
* ``resources/languages/profiles.tsv.gz``: the :data:`PROFILE_SIZE` most frequent words of
  each language wordfreq knows that writes words between spaces (:data:`PROFILE_LANGUAGES`),
  lines ``lang<TAB>word<TAB>zipf*100``; :mod:`nkcase.ingest.repair.languages` detects a
  document's languages with them (about 60 KB for 37 languages).

``mtime=0`` keeps the files byte-identical between runs.
"""

from __future__ import annotations

import gzip
import math
import re
import sys
from pathlib import Path

from nkcase.ingest.repair.lexicon import WORDLIST_LANGUAGES

PROFILE_LANGUAGES = (
    "ar bg bn ca cs da de el en es fa fi fil fr he hi hu id is it ko lt lv mk ms nb nl pl pt "
    "ro ru sh sk sl sv ta tr uk ur vi"
).split()
NON_LATIN_SCRIPT = frozenset("ar bg bn el fa he hi ko mk ru ta uk ur".split())
MIN_ZIPF = 2.0
SHORT_WORD_ZIPF = 4.2
SHORT_WORD_MARGIN = 0.5
#: The languages a short word is compared with. The Nordic languages share most short words
#: with each other ("er", "en", "av") and many with German and Dutch, where they are words
#: too (German "er"): compared with them, a genuine word would be dropped as another
#: language's. So every list is compared with these ten, the first languages of the repair,
#: and adding Norwegian, Danish and Swedish left the other languages' lists as they were.
SHORT_WORD_RIVALS = ("en", "fr", "de", "es", "pt", "it", "nl", "pl", "id", "ms")
MAX_WORDS = 100_000
PROFILE_SIZE = 300
_WORD = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)?$")


def _frequencies(lang: str) -> list[tuple[str, int]]:
    """(word, round(zipf * 100)) for the language's alphabetic words, most frequent first."""
    from wordfreq import get_frequency_dict  # dev-only dependency

    found = []
    for word, frequency in get_frequency_dict(lang).items():
        if frequency <= 0 or not _WORD.match(word) or word != word.lower():
            continue
        found.append((word, round((math.log10(frequency) + 9) * 100)))
    found.sort(key=lambda item: -item[1])
    return found


def _write(out: Path, lines: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))


def build_wordlist(lang: str, out: Path) -> int:
    """Write one language's word list; return the number of words written."""
    words = [(w, z) for w, z in _frequencies(lang) if z >= MIN_ZIPF * 100][:MAX_WORDS]
    # Sorted by word, so the lexicon's prefix index needs no sort at load time.
    _write(out, sorted(f"{w}\t{z}" for w, z in words))
    return len(words)


def _native(lang: str, word: str, english: dict[str, int], zipf: int) -> bool:
    """Whether ``word`` belongs in ``lang``'s profile. Web text in every language is full of
    English ("the", "download"): a word at least as frequent in English is left out, and so is
    any Latin-script word of a language written in another script. Single letters (initials,
    elided articles) say little about a language and are left out too."""
    if len(word) < 2:
        return False
    if lang == "en":
        return True
    latin = all("a" <= c <= "z" or c == "'" or "\u00c0" <= c <= "\u024f" for c in word)
    if lang in NON_LATIN_SCRIPT and latin:
        return False
    return english.get(word, 0) < zipf


def build_profiles(out: Path) -> int:
    """Write the language profiles; return the number of languages."""
    english = dict(_frequencies("en")[:50_000])
    lines = []
    for lang in PROFILE_LANGUAGES:
        native = [(w, z) for w, z in _frequencies(lang) if _native(lang, w, english, z)]
        lines += [f"{lang}\t{w}\t{z}" for w, z in native[:PROFILE_SIZE]]
    _write(out, lines)
    return len(PROFILE_LANGUAGES)


def build_short_words(out: Path) -> int:
    """Write the two- and three-letter words of each word-list language (not English, whose
    list is written by hand in lexicon.py); return how many.

    Web text in every language carries other languages' function words ("en", "au" and "ha"
    rank high in German), and in a damaged text those are the fragments that prove the
    damage. A short word is kept when it is common in its language (Zipf ≥
    SHORT_WORD_ZIPF) and not clearly more common in one of :data:`SHORT_WORD_RIVALS`.
    """
    from wordfreq import zipf_frequency  # dev-only dependency

    lines = []
    total = 0
    for lang in WORDLIST_LANGUAGES:
        if lang == "en":
            continue
        kept = []
        for word, z in _frequencies(lang):
            if z < SHORT_WORD_ZIPF * 100:
                break
            if not 2 <= len(word) <= 3:
                continue
            elsewhere = max(
                zipf_frequency(word, other) for other in SHORT_WORD_RIVALS if other != lang
            )
            if z / 100 >= elsewhere - SHORT_WORD_MARGIN:
                kept.append(word)
        lines.append(f"{lang}\t{' '.join(sorted(kept))}")
        total += len(kept)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def main() -> int:
    root = Path(__file__).resolve().parents[3] / "resources"
    for lang in WORDLIST_LANGUAGES:
        count = build_wordlist(lang, root / "wordlists" / f"{lang}.tsv.gz")
        print(f"wordlists/{lang}.tsv.gz: {count} words")
    count = build_short_words(root / "wordlists" / "short-words.tsv")
    print(f"wordlists/short-words.tsv: {count} words")
    count = build_profiles(root / "languages" / "profiles.tsv.gz")
    print(f"languages/profiles.tsv.gz: {count} languages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
