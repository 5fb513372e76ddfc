"""Korean names: Hangul syllables, their jamo, and how they are written in Latin letters.

One vocabulary for every part of nkcase that compares Korean names (mentions in texts,
screening against sanctions lists). Three ways of writing Korean in Latin letters meet in our
sources:

- **McCune–Reischauer** (MR): Ch'oe Ŏn-ch'ŏl, Kim Chŏng-ŭn; apostrophes mark aspiration,
  breves ŏ/ŭ (often lost: "Choe On-chol", or misplaced: "KY'ONG").
- **Revised Romanization** (RR, South Korea since 2000): Choe Eon-cheol, Kim Jeong-eun;
  no marks, voiced letters (g, d, b, j) for the plain consonants.
- **DPRK usage** (the North's own system, the UN 1718 list): Choe On Chol, Kim Jong Un,
  Thae Yong Ho; like MR without marks, "h" for aspiration (kh, th, ph), and the initial ㄹ
  kept where the South drops it (Ri, not Yi; Ryu, not Yu; Ro, not No).

Plus the spellings people choose for themselves (Lee, Park, Choi, Chung, Soo, Chul), which
follow no system: :data:`SURNAMES` lists them for family names; :mod:`nkcase.screening.matching`
reads other syllables through the tables below.

Syllables are romanised one by one (names are written syllable by syllable, without the
sound changes across syllables that RR applies to ordinary words).
"""

from __future__ import annotations

from functools import lru_cache

HANGUL_FIRST = 0xAC00
HANGUL_LAST = 0xD7A3

#: The 19 initial consonants, 21 vowels and 28 finals (the first "none") in Unicode order.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS: tuple[str, ...] = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")


def _spelled(spellings: str) -> tuple[str, ...]:
    """Space-separated spellings in jamo order; "-" spells nothing (the silent ㅇ)."""
    return tuple("" if s == "-" else s for s in spellings.split())


# Romanisation of each jamo, in the order above.
RR_INITIALS = _spelled("g kk n d tt r m b pp s ss - j jj ch k t p h")
MR_INITIALS = _spelled("k kk n t tt r m p pp s ss - ch tch ch' k' t' p' h")
RR_VOWELS = _spelled("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
MR_VOWELS = _spelled("a ae ya yae ŏ e yŏ ye o wa wae oe yo u wŏ we wi yu ŭ ŭi i")

#: The sound a final consonant makes at the end of a syllable, as both systems write it
#: (ㄳ sounds k, ㄵ n, ㅅ ㅈ ㅊ ㅌ ㅎ t...). "" is no final.
FINAL_SOUNDS = _spelled("- k k k n n n t l k m l l l p l m p p t t ng t t k t p t")


def is_syllable(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가..힣)."""
    return len(ch) == 1 and HANGUL_FIRST <= ord(ch) <= HANGUL_LAST


def decompose(syllable: str) -> tuple[int, int, int]:
    """The (initial, vowel, final) indexes of one syllable: 김 → (0, 20, 16)."""
    code = ord(syllable) - HANGUL_FIRST
    if not 0 <= code <= HANGUL_LAST - HANGUL_FIRST:
        raise ValueError(f"{syllable!r} is not a Hangul syllable")
    return code // 588, (code % 588) // 28, code % 28


def compose(initial: int, vowel: int, final: int = 0) -> str:
    """The syllable of jamo indexes (the inverse of :func:`decompose`)."""
    return chr(HANGUL_FIRST + initial * 588 + vowel * 28 + final)


def jamo(syllable: str) -> str:
    """The letters of a syllable as compatibility jamo: 김 → "ㄱㅣㅁ"."""
    i, v, f = decompose(syllable)
    return INITIALS[i] + VOWELS[v] + FINALS[f]


@lru_cache(maxsize=12000)
def romanise_syllable(syllable: str, system: str = "rr") -> str:
    """One syllable in Revised Romanization ("rr") or McCune–Reischauer ("mr"): 정 → jeong /
    chŏng; 리 → ri (both keep the ㄹ, as North Korean names do)."""
    i, v, f = decompose(syllable)
    if system == "rr":
        return RR_INITIALS[i] + RR_VOWELS[v] + FINAL_SOUNDS[f]
    if system == "mr":
        return MR_INITIALS[i] + MR_VOWELS[v] + FINAL_SOUNDS[f]
    raise ValueError(f"unknown romanisation system {system!r}")


def romanise(text: str, system: str = "rr") -> str:
    """Every Hangul syllable of ``text`` romanised, syllable by syllable; the rest kept.

    Syllables of one word are joined with "-" after the first in MR (Kim Chŏng-ŭn) and
    nothing in RR (Kim Jeongeun), the common way names are written in each system.
    """
    out: list[str] = []
    previous_hangul = False
    for ch in text:
        if is_syllable(ch):
            if previous_hangul and system == "mr":
                out.append("-")
            out.append(romanise_syllable(ch, system))
            previous_hangul = True
        else:
            out.append(ch)
            previous_hangul = False
    return "".join(out)


#: Family names: Hangul (the South's form first where the North keeps an initial ㄹ: 이/리)
#: and the Latin spellings met in lists and the press, the North's usual one first.
SURNAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("김", ("kim", "gim", "ghim")),
    ("이/리", ("ri", "li", "lee", "yi", "i", "rhee", "rhi", "ree", "rie", "leigh")),
    ("박", ("pak", "park", "bak", "bahk", "pahk", "baak")),
    ("최", ("choe", "choi", "chwe", "choy", "choie", "chweh")),
    ("정", ("jong", "chong", "jeong", "cheong", "chung", "jung", "joung", "cheung")),
    ("강", ("kang", "gang")),
    ("조", ("jo", "cho", "joe", "choh")),
    ("윤", ("yun", "yoon", "youn")),
    ("장", ("jang", "chang")),
    ("임/림", ("rim", "im", "lim", "yim", "leem")),
    ("한", ("han", "hahn")),
    ("오", ("o", "oh")),
    ("서", ("so", "seo", "suh", "sur")),
    ("신", ("sin", "shin", "shinn")),
    ("권", ("kwon", "gwon", "kweon", "kwun")),
    ("황", ("hwang", "whang")),
    ("안", ("an", "ahn")),
    ("송", ("song",)),
    ("전", ("jon", "chon", "jeon", "chun", "jun")),
    ("홍", ("hong",)),
    ("유/류", ("ryu", "yu", "yoo", "you", "ryoo", "rew", "lyu", "lyoo")),
    ("고", ("ko", "go", "koh")),
    ("문", ("mun", "moon")),
    ("양/량", ("ryang", "yang")),
    ("손", ("son", "sohn")),
    ("배", ("pae", "bae")),
    ("백", ("paek", "baek", "paik", "baik", "pack")),
    ("허", ("ho", "heo", "hur", "huh")),
    ("남", ("nam",)),
    ("심", ("sim", "shim")),
    ("노/로", ("ro", "no", "noh", "roh", "rho")),
    ("하", ("ha",)),
    ("곽", ("kwak", "gwak")),
    ("성", ("song", "seong", "sung")),
    ("차", ("cha",)),
    ("주", ("ju", "chu", "joo")),
    ("우", ("u", "woo", "wu")),
    ("구", ("ku", "gu", "koo")),
    ("민", ("min",)),
    ("진", ("jin", "chin")),
    ("지", ("ji", "chi")),
    ("엄", ("om", "eom", "um")),
    ("채", ("chae",)),
    ("원", ("won",)),
    ("천", ("chon", "cheon", "chun")),
    ("방", ("pang", "bang")),
    ("공", ("kong", "gong")),
    ("현", ("hyon", "hyeon", "hyun")),
    ("함", ("ham",)),
    ("변", ("pyon", "byeon", "byun", "byon")),
    ("염/렴", ("ryom", "yeom", "yum", "yom")),
    ("여/려", ("ryo", "yeo", "yo")),
    ("추", ("chu",)),
    ("도", ("to", "do")),
    ("소", ("so",)),
    ("석", ("sok", "seok", "suk")),
    ("선", ("son", "seon", "sun")),
    ("설", ("sol", "seol", "sul")),
    ("마", ("ma",)),
    ("길", ("kil", "gil")),
    ("연/련", ("ryon", "yeon", "yon")),
    ("위", ("wi", "wee")),
    ("표", ("pyo", "phyo")),
    ("명", ("myong", "myeong", "myung")),
    ("기", ("ki", "gi")),
    ("반", ("pan", "ban")),
    ("나/라", ("ra", "na", "la")),
    ("왕", ("wang",)),
    ("금", ("kum", "geum", "keum")),
    ("옥", ("ok",)),
    ("육/륙", ("ryuk", "yuk")),
    ("인", ("in",)),
    ("맹", ("maeng",)),
    ("제", ("je", "che")),
    ("모", ("mo",)),
    ("탁", ("thak", "tak")),
    ("국", ("kuk", "guk", "kook")),
    ("어", ("o", "eo")),
    ("은", ("un", "eun")),
    ("편", ("phyon", "pyeon", "pyun", "pyon")),
    ("용/룡", ("ryong", "yong")),
    ("예", ("ye",)),
    ("경", ("kyong", "gyeong", "kyung")),
    ("봉", ("pong", "bong")),
    ("사", ("sa",)),
    ("부", ("pu", "bu", "boo")),
    ("태", ("thae", "tae")),
    ("계", ("kye", "gye")),
    ("승", ("sung", "seung")),
    ("동", ("tong", "dong")),
    ("황보", ("hwangbo",)),
    ("남궁", ("namgung", "namkung")),
    ("제갈", ("jegal", "chegal")),
    ("선우", ("sonu", "seonu", "sunwoo")),
    ("독고", ("tokko", "dokgo")),
    ("사공", ("sagong",)),
    ("서문", ("somun", "seomun")),
)

#: Two-syllable family names: a three-syllable name starting with one of these is split
#: after two syllables (남궁민 = 남궁 + 민).
COMPOUND_SURNAMES = frozenset(h for hangul, _ in SURNAMES for h in hangul.split("/") if len(h) == 2)


def _surname_index() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    by_spelling: dict[str, set[str]] = {}
    by_hangul: dict[str, set[str]] = {}
    for hangul, spellings in SURNAMES:
        forms = hangul.split("/")
        for spelling in spellings:
            by_spelling.setdefault(spelling, set()).update(forms)
        for form in forms:
            by_hangul.setdefault(form, set()).update(spellings)
    return (
        {k: frozenset(v) for k, v in by_spelling.items()},
        {k: frozenset(v) for k, v in by_hangul.items()},
    )


#: Latin spelling (lower case, no marks) → the Hangul family names it may write.
SURNAME_HANGUL, SURNAME_SPELLINGS = _surname_index()


def surname_groups() -> list[frozenset[str]]:
    """Sets of Latin spellings that may write the same family name, merged where one spelling
    writes several ("chon" is 전 and 천): every spelling in one group compares equal."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _hangul, spellings in SURNAMES:
        for spelling in spellings[1:]:
            parent[find(spelling)] = find(spellings[0])
    groups: dict[str, set[str]] = {}
    for spelling in parent:
        groups.setdefault(find(spelling), set()).add(spelling)
    return [frozenset(g) for g in groups.values()]


def split_hangul_name(syllables: str) -> tuple[str, str]:
    """(family, given) of a Hangul person name written without a space: 김정은 → (김, 정은);
    남궁민 → (남궁, 민). A two-syllable name is split after the first syllable."""
    if len(syllables) >= 3 and syllables[:2] in COMPOUND_SURNAMES:
        return syllables[:2], syllables[2:]
    return syllables[:1], syllables[1:]
