"""Word lists with Zipf frequencies, one per language the lexical repairs support.

Loaded lazily (once per process and language) from ``resources/wordlists/LANG.tsv.gz``, which
:mod:`nkcase.ingest.repair.build_resources` generates from ``wordfreq``. Zipf is log10 of the
frequency per billion words: 7 for "the", 3 for a word seen once per million words.

A lexicon also knows which short tokens (three letters or fewer) are genuine words of its
language. Web word lists rank fragments such as "er", "ng" or "ce" high in English (and "en"
or "au" in German); in text damaged by lost ligatures those are pieces of words, so only the
short words listed by hand for English, and in ``resources/wordlists/short-words.tsv`` for
the other languages, count as words (:func:`Lexicon.is_word`).
"""

from __future__ import annotations

import bisect
import gzip
import threading
from dataclasses import dataclass
from functools import cache

from nkcase.resources import resource_path

#: Languages with a shipped word list (``build_resources`` writes one file for each, in this
#: order). Latin-script languages whose fonts have fi/fl/ff/ti/tt/ft ligatures and whose words
#: are long enough for a lost ligature to leave a recognisable fragment; the same lists decide
#: whether a line-end hyphen was the typesetter's. Vietnamese is left out on purpose: its
#: syllables are two to four letters, so "ền" (from "tiền") proves nothing.
WORDLIST_LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl", "pl", "id", "ms", "nb", "da", "sv")
WORD_ZIPF = 3.0  # a token of four letters or more this common is a word, not a fragment

# Genuine short English words. The English web list ranks fragments high ("er", "se", "en",
# "ng", "c"), so English uses this list instead of a frequency threshold.
_ENGLISH_SHORT = """
    a i o ad ah am an as at aw be by do eh go he hi if in is it me my no of oh ok on or ox so
    to up us we ye ace act add age ago aid aim air all and ant any ape apt arc are ark arm art
    ash ask ate awe axe bad bag ban bar bat bay bed bee beg bet bid big bin bit bow box boy
    bud bug bus but buy bye cab can cap car cat cow cry cub cup cut dad day den dew did die
    dig dim dip dog dot dry due dug dye ear eat egg ego elf elm end era eve eye fan far fat
    fax fed fee few fig fin fit fix flu fly foe fog for fox fry fun fur gap gas gel gem get
    gig gin god got gum gun gut guy gym had ham has hat hay hem hen her hid him hip his hit
    hog hop hot how hub hue hug hum hut ice icy ill ink inn ion its ivy jam jar jaw jet job
    jog joy jug key kid kin kit lab lad lap law lay led leg let lid lie lip lit log lot low
    mad man map mat may men met mid mix mob mod mom mop mud mug nap net new nil nod nor not
    now nun nut oak oar oat odd off oil old one opt orb ore our out owe owl own pad pal pan
    pat paw pay pea peg pen per pet pie pig pin pit ply pod pop pot pro pub pun pup put rag
    ram ran rat raw ray red rib rid rig rim rip rob rod rot row rub rug rum run rut sad sag
    sat saw say sea see set sew she shy sin sip sir sit six ski sky sly sob son sow soy spa
    spy sue sum sun tab tag tan tap tar tax tea ten the tie tin tip toe ton too top tot tow
    toy try tub tug two use van vat vet via vow wag war was wax way web wed wet who why wig
    win wit woe won wow yes yet you zoo mr mrs ms dr st vs un uk eu us
"""
# One-letter words per language; other single letters are initials or fragments ("diploma c").
_ONE_LETTER = {
    "en": "a i o",
    "fr": "a à y ô",
    "de": "",
    "es": "a e o u y",
    "pt": "a à e é o",
    "it": "a e è i o",
    "nl": "u",
    "pl": "a i o u w z",
    "id": "",
    "ms": "",
    "nb": "i å",
    "da": "i",
    "sv": "i å ö",
}


# Languages that write compounds as one word ("Geschäftszweck"): a word list cannot hold
# them all, so a compound of two listed words counts as a word (see Lexicon.word_zipf).
COMPOUNDING = frozenset({"de", "nl", "nb", "da", "sv"})
COMPOUND_PART_ZIPF = 3.0
COMPOUND_PART_LETTERS = 4
COMPOUND_PENALTY = 1.0
_LINKS = ("", "s", "es", "n", "en", "e")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word → Zipf frequency, a sorted key list for prefix queries, the short words."""

    lang: str
    zipf_by_word: dict[str, float]
    sorted_words: list[str]
    short_words: frozenset[str]
    compounds: bool = False
    #: In a compounding language, every prefix (of COMPOUND_PART_LETTERS or more) of the
    #: words common enough to head a compound: a cut of a token that is not among them ends
    #: the search for heads at once. Trying every cut cost seconds on a Norwegian book.
    head_prefixes: frozenset[str] = frozenset()

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` (any case, ’ or '); 0.0 when unknown."""
        return self.zipf_by_word.get(word.lower().replace("\u2019", "'"), 0.0)

    def has_prefix(self, prefix: str) -> bool:
        """True when some word starts with ``prefix`` (lower case expected)."""
        words = self.sorted_words
        i = bisect.bisect_left(words, prefix)
        return i < len(words) and words[i].startswith(prefix)

    def _heads(self, lower: str) -> list[tuple[str, float]]:
        """Compound heads of ``lower``: (the rest after head and link, the head's Zipf)."""
        found = []
        heads = self.head_prefixes
        for cut in range(COMPOUND_PART_LETTERS, len(lower) - 1):
            head = lower[:cut]
            if head not in heads:
                break  # no compound head starts so: no longer cut is one
            zipf = self.zipf_by_word.get(head, 0.0)
            if zipf < COMPOUND_PART_ZIPF:
                continue
            for link in _LINKS:
                if lower.startswith(link, cut):
                    found.append((lower[cut + len(link) :], zipf))
        return found

    def word_zipf(self, lower: str) -> float:
        """Zipf of a lower-case word; in a compounding language a compound of two common
        words ("geschäfts" + "zweck") scores its rarer part less COMPOUND_PENALTY."""
        zipf = self.zipf_by_word.get(lower, 0.0)
        if zipf or not self.compounds:
            return zipf
        best = 0.0
        for rest, head in self._heads(lower):
            tail = self.zipf_by_word.get(rest, 0.0)
            if len(rest) >= COMPOUND_PART_LETTERS and tail >= COMPOUND_PART_ZIPF:
                best = max(best, min(head, tail) - COMPOUND_PENALTY)
        return best

    def can_start(self, prefix: str) -> bool:
        """True when some word (or, in a compounding language, compound) starts with it."""
        if self.has_prefix(prefix):
            return True
        if not self.compounds:
            return False
        return any(not rest or self.has_prefix(rest) for rest, _zipf in self._heads(prefix))

    def is_word(self, lower: str) -> bool:
        """Whether the lower-case token ``lower`` is a word of this language (not a fragment)."""
        if len(lower) <= 3:
            return lower in self.short_words
        return self.zipf_by_word.get(lower, 0.0) >= WORD_ZIPF


@cache
def _short_word_table() -> dict[str, frozenset[str]]:
    """Two- and three-letter words per language (resources/wordlists/short-words.tsv)."""
    table = {}
    for line in resource_path("wordlists", "short-words.tsv").read_text("utf-8").splitlines():
        lang, _, words = line.partition("\t")
        table[lang] = frozenset(words.split())
    return table


def _short_words(lang: str) -> frozenset[str]:
    singles = frozenset(_ONE_LETTER.get(lang, "").split())
    if lang == "en":
        return frozenset(_ENGLISH_SHORT.split()) | singles
    return _short_word_table().get(lang, frozenset()) | singles


_LOAD_LOCK = threading.Lock()


@cache
def _load(lang: str) -> Lexicon:
    raw = resource_path("wordlists", f"{lang}.tsv.gz").read_bytes()
    table: dict[str, float] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        word, _, score = line.partition("\t")
        if word and score:
            table[word] = int(score) / 100.0
    # The file is sorted by word (build_resources.py), so insertion order is sorted order.
    compounds = lang in COMPOUNDING
    heads = frozenset(
        word[:cut]
        for word, zipf in table.items()
        if compounds and zipf >= COMPOUND_PART_ZIPF
        for cut in range(COMPOUND_PART_LETTERS, len(word) + 1)
    )
    return Lexicon(lang, table, list(table), _short_words(lang), compounds, heads)


def lexicon(lang: str) -> Lexicon | None:
    """The shipped lexicon of ``lang`` (cached), or None when nkcase has no word list for it."""
    if lang not in WORDLIST_LANGUAGES:
        return None
    with _LOAD_LOCK:  # two import workers must not both spend the load time
        return _load(lang)


def english() -> Lexicon:
    """The English lexicon (the hyphenation repair's default)."""
    found = lexicon("en")
    assert found is not None
    return found
