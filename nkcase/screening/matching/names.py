"""Names prepared for comparison: words, their folded forms, scripts, Korean readings.

A name is split into words as written ("Won-ho" → Won, ho; "KIM, Jong Un" → KIM, Jong, Un),
each folded (case, diacritics and apostrophes gone: "Ch'ŏng" → chong) and, for Cyrillic,
transliterated ("Виктор" → viktor). Han names are one word without spaces (王 军 = 王军).
Korean readings of each word are kept (:mod:`.syllables`) for the Korean comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from nkcase.screening.matching.syllables import Syllable, read_word
from nkcase.textfold import fold_text
from nkcase.vocabulary import korean
from nkcase.vocabulary.scripts import detect_script

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
}
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC)

#: Words of organisation names that say little about which organisation it is; weighted low.
ORG_WORDS = frozenset(
    """co company corp corporation ltd limited llc inc incorporated plc gmbh ag sa jsc ojsc pjsc
    ooo zao llp pte pvt private public the of and general trading group holdings holding
    international intl shipping ship bank banking industrial industry enterprise enterprises joint
    venture firm association committee department bureau office branch korea korean dprk
    democratic peoples republic national state""".split()
)
_ORG_SYNONYMS = {
    "corp": "corporation",
    "co": "company",
    "intl": "international",
    "ltd": "limited",
    "inc": "incorporated",
}


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """A word's comparable form: folded, apostrophes gone, Cyrillic in Latin letters."""
    folded = fold_text(word).replace("'", "")
    if not folded.isascii():
        folded = folded.translate(_CYRILLIC_TABLE)
    return folded


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """A spelling-insensitive key of a Latin token (kh/h, x/ks, w/v, j/y, -iy/-y/-ei/-ey,
    double letters): Sergei = Sergey, Yuriy = Iouri, Khalil = Halil."""
    s = token
    for a, b in (
        ("kh", "h"),
        ("x", "ks"),
        ("ph", "f"),
        ("w", "v"),
        ("ck", "k"),
        ("q", "k"),
        ("tch", "ch"),
        ("sch", "sh"),
        ("iou", "yu"),
        ("ou", "u"),
        ("j", "y"),
    ):
        s = s.replace(a, b)
    s = re.sub(r"(ii|iy|yi|ij|ei|ey|y)$", "i", s)
    return re.sub(r"(.)\1+", r"\1", s)


def consonants(token: str) -> str:
    """The consonants of a Latin token in order (vowels and y dropped): muhamad → mhmd."""
    return re.sub(r"[aeiouy]", "", token)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a name: as written, where, and folded."""

    written: str
    start: int
    end: int
    token: str


@dataclass(frozen=True)
class PreparedName:
    """A name ready to compare. ``family_written`` is the family name when the list says
    which part it is (EU lastName, OFAC "Last Name")."""

    original: str
    quality: str
    script: str
    words: tuple[Word, ...]
    family_written: str | None = None

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(w.token for w in self.words)

    @cached_property
    def readings(self) -> tuple[tuple[tuple[Syllable, ...], ...], ...]:
        """Each word's Korean readings (empty for a word that cannot be Korean)."""
        return tuple(read_word(w.token) for w in self.words)

    @cached_property
    def reads_as_korean(self) -> bool:
        """Every word can be read as Korean syllables (Hangul, or a Latin romanisation)."""
        return bool(self.words) and all(
            r or w.token in korean.SURNAME_HANGUL
            for r, w in zip(self.readings, self.words, strict=True)
        )

    @cached_property
    def has_korean_surname(self) -> bool:
        """The first or last word is a Korean family name (or the name is in Hangul)."""
        if self.script in ("Hang", "Kore"):
            return True
        if not self.words:
            return False
        ends = {self.words[0].token, self.words[-1].token}
        return any(t in korean.SURNAME_HANGUL for t in ends)

    @property
    def hangul(self) -> bool:
        return self.script == "Hang"

    def span(self, first: int, last: int) -> str:
        """The name as written from word ``first`` to word ``last`` (inclusive): "Won-ho"."""
        return self.original[self.words[first].start : self.words[last].end]


@lru_cache(maxsize=100_000)
def prepare_name(text: str, quality: str = "name", family: str | None = None) -> PreparedName:
    """Split, fold and read one name (cached: list names repeat across screenings)."""
    original = " ".join(text.split())
    script = detect_script(original)
    if _HAN.search(original) and script in ("Hani", "Jpan"):
        joined = "".join(original.split())
        words: tuple[Word, ...] = (Word(original, 0, len(original), fold_text(joined)),)
    else:
        words = tuple(
            Word(m.group(), m.start(), m.end(), fold_word(m.group()))
            for m in _WORD.finditer(original)
        )
        words = tuple(w for w in words if w.token)
    return PreparedName(original, quality, script, words, family)


def is_org_word(token: str) -> bool:
    return token in ORG_WORDS or _ORG_SYNONYMS.get(token, "") in ORG_WORDS


def org_form(token: str) -> str:
    """The one spelling of an organisation word ("corp" → "corporation")."""
    return _ORG_SYNONYMS.get(token, token)
