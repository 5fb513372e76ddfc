"""Korean syllables read from Hangul or from any Latin spelling, and how alike two are.

A Hangul syllable is exact: one initial, one vowel, one final (:mod:`nkcase.vocabulary.korean`).
A Latin syllable is ambiguous: "chong" may write 정 (MR chŏng, DPRK Jong) or 총 (RR chong);
"u" is ㅜ, or ㅡ (MR ŭ with its breve lost), or ㅓ in spellings like Chul, Sung, Hyun. So a
Latin syllable is read as *options* for each of its three letters, each option with a weight
(1.0 where a system writes it so, lower for the loose spellings people choose). Two syllables
agree as well as their best common reading; that makes every system compare with every other
(Kyŏng = Kyong = Gyeong = Kyoung = 경) without converting names into one system first.

Latin words are split into syllables by every reading the tables allow ("chongun": chong|un
and chon|gun); a word that cannot be read as Korean syllables is not Korean ("John", "Smith").
Apostrophes (MR aspiration, or a lost breve: "KY'ONG") and case do not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

from nkcase.vocabulary import korean

Options = tuple[tuple[int | str, float], ...]

# Initial consonants by Latin spelling → (index in korean.INITIALS, weight).
# ㄱ0 ㄲ1 ㄴ2 ㄷ3 ㄸ4 ㄹ5 ㅁ6 ㅂ7 ㅃ8 ㅅ9 ㅆ10 ㅇ11 ㅈ12 ㅉ13 ㅊ14 ㅋ15 ㅌ16 ㅍ17 ㅎ18
LATIN_INITIALS: dict[str, Options] = {
    "": ((11, 1.0),),
    "g": ((0, 1.0),),
    "k": ((0, 1.0), (15, 1.0)),  # MR k is ㄱ; k' (apostrophe lost) and RR k are ㅋ
    "kk": ((1, 1.0),),
    "gg": ((1, 0.9),),
    "kh": ((15, 1.0),),  # DPRK
    "n": ((2, 1.0),),
    "d": ((3, 1.0),),
    "t": ((3, 1.0), (16, 1.0)),
    "tt": ((4, 1.0),),
    "dd": ((4, 0.9),),
    "th": ((16, 1.0),),  # DPRK: Thae
    "r": ((5, 1.0),),
    "l": ((5, 1.0),),
    "m": ((6, 1.0),),
    "b": ((7, 1.0),),
    "p": ((7, 1.0), (17, 1.0)),
    "pp": ((8, 1.0),),
    "bb": ((8, 0.9),),
    "ph": ((17, 1.0),),  # DPRK: Phyo
    "s": ((9, 1.0), (10, 0.9)),
    "ss": ((10, 1.0),),
    "sh": ((9, 0.95),),  # Shin, Shim
    "j": ((12, 1.0),),
    "ch": ((12, 1.0), (14, 1.0)),  # MR ch is ㅈ; ch' and RR ch are ㅊ
    "jj": ((13, 1.0),),
    "tch": ((13, 1.0),),
    "h": ((18, 1.0),),
}
# ㅏ0 ㅐ1 ㅑ2 ㅒ3 ㅓ4 ㅔ5 ㅕ6 ㅖ7 ㅗ8 ㅘ9 ㅙ10 ㅚ11 ㅛ12 ㅜ13 ㅝ14 ㅞ15 ㅟ16 ㅠ17 ㅡ18 ㅢ19 ㅣ20
LATIN_VOWELS: dict[str, Options] = {
    "a": ((0, 1.0),),
    "ah": ((0, 0.9),),  # Ahn, Hahn
    "ae": ((1, 1.0), (5, 0.9)),
    "e": ((5, 1.0), (1, 0.9)),
    "ya": ((2, 1.0),),
    "yae": ((3, 1.0), (7, 0.9)),
    "eo": ((4, 1.0),),
    "o": ((8, 1.0), (4, 1.0)),  # MR ŏ with its breve lost
    "oh": ((8, 0.9),),  # Oh, Koh, Noh
    "yeo": ((6, 1.0),),
    "yo": ((12, 1.0), (6, 1.0)),  # MR yŏ
    "you": ((6, 0.9), (12, 0.85)),  # Young, Kyoung
    "ye": ((7, 1.0), (3, 0.9)),
    "wa": ((9, 1.0),),
    "wae": ((10, 1.0), (15, 0.9), (11, 0.85)),
    "oe": ((11, 1.0), (10, 0.85), (15, 0.85)),
    "oi": ((11, 0.9),),  # Choi
    "oy": ((11, 0.85),),
    "we": ((15, 1.0), (10, 0.9), (11, 0.85)),
    "u": ((13, 1.0), (18, 1.0), (4, 0.85)),  # ㅜ; MR ŭ; ㅓ in Chul, Sung
    "oo": ((13, 0.95),),  # Soo, Joon
    "ou": ((13, 0.8),),
    "wo": ((14, 1.0),),
    "weo": ((14, 1.0),),
    "wi": ((16, 1.0),),
    "yu": ((17, 1.0), (6, 0.85)),  # ㅠ; ㅕ in Hyun, Myung
    "yoo": ((17, 0.9),),
    "eu": ((18, 1.0),),
    "ui": ((19, 1.0),),
    "eui": ((19, 1.0),),
    "i": ((20, 1.0),),
    "ee": ((20, 0.95), (19, 0.9)),  # Lee, Hee (희)
}
LATIN_FINALS: dict[str, Options] = {
    "": (("", 1.0),),
    "k": (("k", 1.0),),
    "g": (("k", 0.85),),
    "n": (("n", 1.0),),
    "t": (("t", 1.0),),
    "l": (("l", 1.0),),
    "r": (("l", 0.85),),  # Hur
    "m": (("m", 1.0),),
    "p": (("p", 1.0),),
    "b": (("p", 0.85),),
    "ng": (("ng", 1.0),),
}

#: Below this, two syllables are different syllables (scored as a mismatch).
SAME_SYLLABLE = 0.75

# Consonants written alike by someone (plain, aspirated and tense of one place).
_CONSONANT_FAMILIES = ((0, 1, 15), (3, 4, 16), (7, 8, 17), (12, 13, 14), (9, 10))
_NEAR_INITIALS: dict[tuple[int, int], float] = {}
for _family in _CONSONANT_FAMILIES:
    for _a in _family:
        for _b in _family:
            if _a != _b:
                _NEAR_INITIALS[(_a, _b)] = 0.8
# The "initial sound rule": the South drops or softens a word-initial ㄹ (리 → 이, 로 → 노)
# and ㄴ before i/y (녀 → 여); the North keeps both.
_Y_VOWELS = frozenset((2, 3, 6, 7, 12, 17, 20))
_NEAR_VOWELS: dict[frozenset[int], float] = {
    frozenset((1, 5)): 0.9,
    frozenset((3, 7)): 0.9,
    frozenset((10, 11)): 0.85,
    frozenset((10, 15)): 0.85,
    frozenset((11, 15)): 0.85,
    frozenset((8, 4)): 0.6,
    frozenset((13, 18)): 0.6,
    frozenset((4, 18)): 0.6,
    frozenset((19, 18)): 0.7,
    frozenset((19, 20)): 0.7,
    frozenset((8, 12)): 0.5,
    frozenset((4, 6)): 0.5,
    frozenset((13, 17)): 0.5,
    frozenset((0, 2)): 0.5,
}
_NEAR_FINALS: dict[frozenset[str], float] = {
    frozenset(("n", "ng")): 0.5,
    frozenset(("", "ng")): 0.4,
    frozenset(("", "n")): 0.4,
    frozenset(("", "l")): 0.4,
    frozenset(("k", "t")): 0.5,
    frozenset(("p", "t")): 0.5,
    frozenset(("m", "n")): 0.5,
}


@dataclass(frozen=True, slots=True, eq=False)
class Syllable:
    """One syllable as written (``text``: "kyong" or "경") with its possible readings.

    The text decides the readings, so syllables compare and hash by their text (cheap: the
    similarity cache is keyed by them)."""

    text: str
    initials: Options
    vowels: Options
    finals: Options

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Syllable) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    @property
    def hangul(self) -> bool:
        return korean.is_syllable(self.text)

    @property
    def key(self) -> str:
        """A coarse key that every spelling of the same syllable shares (for blocking):
        consonants by place (ㄱ/ㅋ/ㄲ alike), vowels by class (ㅗ/ㅓ/ㅜ/ㅡ alike), the initial
        ㄹ/ㄴ/ㅇ alternation undone."""
        return _coarse_key(self)


@lru_cache(maxsize=16384)
def hangul_syllable(ch: str) -> Syllable:
    """The exact reading of a Hangul syllable."""
    i, v, f = korean.decompose(ch)
    return Syllable(ch, ((i, 1.0),), ((v, 1.0),), ((korean.FINAL_SOUNDS[f], 1.0),))


def _latin_syllable_table() -> dict[str, tuple[tuple[str, str, str], ...]]:
    table: dict[str, list[tuple[str, str, str]]] = {}
    for i, v, f in product(LATIN_INITIALS, LATIN_VOWELS, LATIN_FINALS):
        if v in ("oh", "ah") and f:
            continue  # "john", "ahng": not a spelling of a Korean syllable
        table.setdefault(i + v + f, []).append((i, v, f))
    return {k: tuple(v) for k, v in table.items()}


#: Every Latin spelling of a syllable → its (initial, vowel, final) splits.
LATIN_SYLLABLES = _latin_syllable_table()
_LONGEST = max(map(len, LATIN_SYLLABLES))


@lru_cache(maxsize=16384)
def latin_syllable(text: str) -> Syllable:
    """The readings of one Latin syllable (one of :data:`LATIN_SYLLABLES`), all splits merged."""
    initials: dict[int | str, float] = {}
    vowels: dict[int | str, float] = {}
    finals: dict[int | str, float] = {}
    for i, v, f in LATIN_SYLLABLES[text]:
        for target, options in (
            (initials, LATIN_INITIALS[i]),
            (vowels, LATIN_VOWELS[v]),
            (finals, LATIN_FINALS[f]),
        ):
            for value, weight in options:
                target[value] = max(weight, target.get(value, 0.0))
    return Syllable(text, tuple(initials.items()), tuple(vowels.items()), tuple(finals.items()))


MAX_SEGMENTATIONS = 4


@lru_cache(maxsize=65536)
def segmentations(word: str) -> tuple[tuple[str, ...], ...]:
    """The ways to split a folded Latin word into the fewest syllables (at most
    :data:`MAX_SEGMENTATIONS`); () when it cannot be read as Korean. "kyongsu" → (("kyong",
    "su"),); "chongun" → (("chong", "un"), ("chon", "gun")); "thae" → (("thae",),), not
    tha|e: a vowel is never split off to make a longer reading."""
    word = word.replace("'", "")
    if not word or not word.isascii() or not word.isalpha():
        return ()
    found: list[tuple[str, ...]] = []

    def walk(at: int, done: tuple[str, ...]) -> None:
        if len(found) >= 16:
            return
        if at == len(word):
            found.append(done)
            return
        for end in range(min(len(word), at + _LONGEST), at, -1):
            piece = word[at:end]
            if piece in LATIN_SYLLABLES:
                walk(end, (*done, piece))

    walk(0, ())
    fewest = min(map(len, found), default=0)
    return tuple([f for f in found if len(f) == fewest][:MAX_SEGMENTATIONS])


def read_word(word: str) -> tuple[tuple[Syllable, ...], ...]:
    """The readings of one word: Hangul syllable by syllable, Latin by every segmentation."""
    if word and all(korean.is_syllable(c) for c in word):
        return (tuple(hangul_syllable(c) for c in word),)
    return tuple(tuple(latin_syllable(s) for s in seg) for seg in segmentations(word))


def _best(a: Options, b: Options) -> float:
    best = 0.0
    for value_a, weight_a in a:
        for value_b, weight_b in b:
            if value_a == value_b and weight_a * weight_b > best:
                best = weight_a * weight_b
    return best


def _near_initial(a: Syllable, b: Syllable) -> float:
    best = 0.0
    for (ia, wa), (ib, wb) in product(a.initials, b.initials):
        assert isinstance(ia, int) and isinstance(ib, int)
        near = _NEAR_INITIALS.get((ia, ib), 0.0)
        pair = {ia, ib}
        if pair == {5, 2}:
            near = 0.95  # 로/노, 라/나
        elif pair in ({5, 11}, {2, 11}):
            # 리/이, 류/유, 녀/여: only before i or y
            vowel_side = b if ia == 11 else a
            if any(v in _Y_VOWELS for v, _ in vowel_side.vowels):
                near = 0.95
        best = max(best, near * wa * wb)
    return best


def _near(table: dict[frozenset[object], float], a: Options, b: Options) -> float:
    best = 0.0
    for value_a, weight_a in a:
        for value_b, weight_b in b:
            near = table.get(frozenset((value_a, value_b)), 0.0)
            best = max(best, near * weight_a * weight_b)
    return best


MISMATCH_FLOOR = 0.25


@lru_cache(maxsize=262144)
def syllable_similarity(a: Syllable, b: Syllable) -> float:
    """How alike two syllables are, 0..1: 1.0 when one reading of each is the same syllable;
    lower for letters that only look alike (ㄱ/ㅋ 0.8, ㅗ/ㅓ 0.6...), MISMATCH_FLOOR for a
    letter that is simply different."""
    initial = max(_best(a.initials, b.initials), _near_initial(a, b), MISMATCH_FLOOR)
    vowel = max(
        _best(a.vowels, b.vowels),
        _near(_NEAR_VOWELS, a.vowels, b.vowels),  # type: ignore[arg-type]
        MISMATCH_FLOOR,
    )
    final = max(
        _best(a.finals, b.finals),
        _near(_NEAR_FINALS, a.finals, b.finals),  # type: ignore[arg-type]
        MISMATCH_FLOOR,
    )
    return initial * vowel * final


@lru_cache(maxsize=262144)
def sequence_similarity(
    a: tuple[Syllable, ...], b: tuple[Syllable, ...]
) -> tuple[float, tuple[float, ...]]:
    """The mean agreement of two syllable sequences aligned in order, and each position's
    score. A syllable that is not the same syllable (below :data:`SAME_SYLLABLE`) counts half
    its likeness; a syllable one side lacks counts 0 (Jong Un ≠ Jong)."""
    if not a or not b:
        return 0.0, ()
    if len(a) == len(b):
        scores = tuple(_counted(syllable_similarity(x, y)) for x, y in zip(a, b, strict=True))
        return sum(scores) / len(scores), scores
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    best: tuple[float, tuple[float, ...]] = (0.0, ())
    # Place the shorter sequence's syllables in order among the longer one's positions.
    for places in combinations(range(len(longer)), len(shorter)):
        scores_list = [0.0] * len(longer)
        for index, place in enumerate(places):
            scores_list[place] = _counted(syllable_similarity(longer[place], shorter[index]))
        total = sum(scores_list) / len(longer)
        if total > best[0]:
            best = (total, tuple(scores_list))
    return best


def _counted(similarity: float) -> float:
    return similarity if similarity >= SAME_SYLLABLE else similarity / 2


# --- blocking keys -------------------------------------------------------------------------

_INITIAL_CLASS = {
    0: "k",
    1: "k",
    15: "k",
    3: "t",
    4: "t",
    16: "t",
    7: "p",
    8: "p",
    17: "p",
    12: "c",
    13: "c",
    14: "c",
    9: "s",
    10: "s",
    2: "n",
    5: "n",
    6: "m",
    11: "",
    18: "h",
}
_VOWEL_CLASS = {
    0: "a",
    2: "ya",
    1: "e",
    5: "e",
    3: "ye",
    7: "ye",
    4: "o",
    8: "o",
    13: "o",
    18: "o",
    6: "yo",
    12: "yo",
    17: "yo",
    9: "wa",
    10: "we",
    11: "we",
    15: "we",
    14: "wo",
    16: "wi",
    19: "i",
    20: "i",
}


def _coarse_key(s: Syllable) -> str:
    initial = _INITIAL_CLASS[int(max(s.initials, key=lambda o: o[1])[0])]
    vowel = _VOWEL_CLASS[int(max(s.vowels, key=lambda o: o[1])[0])]
    final = str(max(s.finals, key=lambda o: o[1])[0])
    if initial == "n" and vowel[:1] in ("i", "y"):
        initial = ""  # 리/니/이, 류/유, 녀/여
    return f"{initial}{vowel}{final}"
