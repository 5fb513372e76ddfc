"""Korean person names: family name and given name, aligned whatever the order or script.

A Korean person's name is a family name (one syllable, rarely two) and a given name (one to
three syllables, each of which matters: Kim Jong Un, Kim Jong Il and Kim Jong Nam are three
people). Lists write it family first (the UN's DPRK entries), the press often family last;
the given name comes as one word, hyphenated or spaced (Kyongsu, Kyong-su, Kyong Su), and
Hangul is often written without a space (김정은).

So each name is split every plausible way (family first or last; Hangul by syllable), the
two family names compared through the table of family-name spellings or syllable by syllable,
the given names syllable by syllable in order, and the best split kept. Every syllable weighs
the same and the family name weighs one syllable: a decoy sharing the family name and one
given syllable (Ri Won Ho / Ri Won Chol) keeps about two thirds of the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from nkcase.screening.matching.features import DIFFERENT, EQUAL, SIMILAR, Feature
from nkcase.screening.matching.names import PreparedName, fold_word
from nkcase.screening.matching.syllables import (
    SAME_SYLLABLE,
    Syllable,
    hangul_syllable,
    sequence_similarity,
)
from nkcase.vocabulary import korean

MAX_GIVEN_READINGS = 8


@dataclass(frozen=True, slots=True)
class KoreanSplit:
    """One way to read a name as family + given name."""

    family_text: str
    given_text: str
    family_forms: frozenset[str]  # the Hangul family names it may write
    family_readings: tuple[tuple[Syllable, ...], ...]
    given_readings: tuple[tuple[Syllable, ...], ...]
    family_last: bool


@dataclass(frozen=True, slots=True)
class NameComparison:
    """How well a screened name agrees with a list name, and why."""

    score: float
    query: str
    record: str
    features: tuple[Feature, ...]


def _hangul_forms(family: str) -> frozenset[str]:
    """A Hangul family name with its other form (이 ↔ 리, 유 ↔ 류)."""
    for hangul, _ in korean.SURNAMES:
        forms = hangul.split("/")
        if family in forms:
            return frozenset(forms)
    return frozenset((family,))


@lru_cache(maxsize=50_000)
def splits(name: PreparedName) -> tuple[KoreanSplit, ...]:
    """Every plausible family/given split of a name that reads as Korean."""
    words = name.words
    if not words or not name.reads_as_korean:
        return ()
    if name.hangul:
        if len(words) == 1:
            family, given = korean.split_hangul_name(words[0].token)
            family_text, given_text = family, given
        else:
            family = words[0].token
            given = "".join(w.token for w in words[1:])
            family_text, given_text = words[0].written, name.span(1, len(words) - 1)
        if not given or not all(korean.is_syllable(c) for c in family + given):
            return ()
        return (
            KoreanSplit(
                family_text,
                given_text,
                _hangul_forms(family),
                (tuple(hangul_syllable(c) for c in family),),
                (tuple(hangul_syllable(c) for c in given),),
                False,
            ),
        )
    if len(words) < 2:
        return ()
    places = [0, len(words) - 1]
    if name.family_written:
        wanted = fold_word(name.family_written)
        places = [i for i, w in enumerate(words) if w.token == wanted] or places
    found: list[KoreanSplit] = []
    for place in places:
        rest = [i for i in range(len(words)) if i != place]
        readings = [name.readings[i] for i in rest]
        if not all(readings):
            continue
        given_readings = tuple(
            tuple(s for part in combo for s in part) for combo in product(*readings)
        )[:MAX_GIVEN_READINGS]
        token = words[place].token
        found.append(
            KoreanSplit(
                words[place].written,
                name.span(rest[0], rest[-1])
                if rest == list(range(rest[0], rest[-1] + 1))
                else " ".join(words[i].written for i in rest),
                korean.SURNAME_HANGUL.get(token, frozenset()),
                name.readings[place],
                given_readings,
                place == len(words) - 1 and place != 0,
            )
        )
    return tuple(found)


INITIAL_RIEUL = "initial ㄹ kept in the North, dropped in the South"


def _is_hangul(text: str) -> bool:
    return any(korean.is_syllable(c) for c in text)


def _family(a: KoreanSplit, b: KoreanSplit) -> tuple[float, str]:
    if a.family_forms & b.family_forms:
        both_hangul = _is_hangul(a.family_text) and _is_hangul(b.family_text)
        return 1.0, INITIAL_RIEUL if both_hangul else "romanisation"
    best = 0.0
    for x, y in product(a.family_readings, b.family_readings):
        best = max(best, sequence_similarity(x, y)[0])
    return best, "romanisation"


def _given(
    a: KoreanSplit, b: KoreanSplit
) -> tuple[float, tuple[float, ...], tuple[Syllable, ...], tuple[Syllable, ...]]:
    best: tuple[float, tuple[float, ...], tuple[Syllable, ...], tuple[Syllable, ...]] = (
        -1.0,
        (),
        (),
        (),
    )
    for x, y in product(a.given_readings, b.given_readings):
        score, per = sequence_similarity(x, y)
        if score > best[0]:
            best = (score, per, x, y)
    return best


def _plain(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _hangul_how(hangul: str) -> str:
    syllables = [c for c in hangul if korean.is_syllable(c)]
    rr = "".join(korean.romanise_syllable(c, "rr") for c in syllables)
    mr = "".join(korean.romanise_syllable(c, "mr") for c in syllables)
    return f"Hangul: RR {rr}, MR {mr}" if rr != mr else f"Hangul: {rr}"


def _relation(query: str, record: str, score: float, how: str) -> tuple[str, str]:
    if _plain(query) == _plain(record):
        return EQUAL, ""
    if score < SAME_SYLLABLE:
        return DIFFERENT, how
    hangul = [t for t in (query, record) if _is_hangul(t)]
    return SIMILAR, _hangul_how(hangul[0]) if len(hangul) == 1 else how


def compare_korean(query: PreparedName, record: PreparedName) -> NameComparison | None:
    """The best agreement of two Korean person names over their splits; None when either
    cannot be read as a Korean family + given name."""
    best: tuple[float, KoreanSplit, KoreanSplit, float, str, tuple] | None = None
    for a, b in product(splits(query), splits(record)):
        family, family_how = _family(a, b)
        given, per, syl_a, syl_b = _given(a, b)
        size = max(len(syl_a), len(syl_b), 1)
        score = (family + given * size) / (1 + size)
        # Between equal scores, the reading with the family name first on both sides.
        score_key = round(score, 9) + (1e-10 if not (a.family_last or b.family_last) else 0)
        if best is None or score_key > best[0]:
            best = (score_key, a, b, family, family_how, (given, per, syl_a, syl_b, size))
    if best is None:
        return None
    _, a, b, family, family_how, (given, per, syl_a, syl_b, size) = best
    relation, how = _relation(a.family_text, b.family_text, family, family_how)
    if a.family_last != b.family_last:
        how = f"{how}; name order differs" if how else "name order differs"
    features = [
        Feature("family name", a.family_text, b.family_text, relation, how, family, 1 / (1 + size))
    ]
    g_relation, g_how = _relation(a.given_text, b.given_text, given, "romanisation")
    if g_relation == DIFFERENT:
        g_how = _syllable_difference(per, syl_a, syl_b)
    features.append(
        Feature(
            "given name", a.given_text, b.given_text, g_relation, g_how, given, size / (1 + size)
        )
    )
    score = (family + given * size) / (1 + size)
    return NameComparison(score, query.original, record.original, tuple(features))


def _syllable_difference(
    per: tuple[float, ...], a: tuple[Syllable, ...], b: tuple[Syllable, ...]
) -> str:
    """Which syllables differ: "ho ≠ chol"; "un only in one" for a missing syllable."""
    if len(a) == len(b):
        pairs = [f"{x.text} ≠ {y.text}" for x, y, s in zip(a, b, per, strict=True) if s < 0.5]
        return ", ".join(pairs) or "syllables differ"
    return f"{len(a)} syllables vs {len(b)}"
