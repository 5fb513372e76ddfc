"""Comparing two names: Korean person names by family/given syllables, every other name
word by word (any order), with the joined form for names spaced differently.

Word agreement is strict, as screening needs: equal (1.0), equal once spelling conventions
are set aside (0.95: Sergei/Sergey, Khalil/Halil), the same Korean syllables (Ryonbong /
Ryeonbong), or within a few edits for long words only ((1 - d/len)^((len-1)//4), after
nomenklatura's strict Levenshtein: a word of four letters must be equal), or the same
consonants in the same order (0.8: vowels are what transliterations of Arabic disagree on).
Words only one side has cost less on the list's side (a patronymic the casebook left out)
than on the screened side (a word the list does not know).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from rapidfuzz.distance import Levenshtein

from nkcase.screening.matching.features import DIFFERENT, EQUAL, EXTRA, SIMILAR, Feature
from nkcase.screening.matching.korean_names import NameComparison, compare_korean
from nkcase.screening.matching.names import (
    PreparedName,
    consonants,
    is_org_word,
    org_form,
    skeleton,
)
from nkcase.screening.matching.syllables import SAME_SYLLABLE, read_word, sequence_similarity

#: Weight of a word only the screened name has, and of one only the list name has.
EXTRA_QUERY_WEIGHT = 0.8
EXTRA_RECORD_WEIGHT = 0.4
#: Weight of a word that says little in an organisation's name ("Trading", "Co", "Korea").
ORG_WORD_WEIGHT = 0.3
#: Words that differ in their vowels only (Mohammed / Muhammad), at least four consonants.
VOWELS_ONLY = 0.8
#: Below this a word pair is not aligned at all.
MIN_WORD_SIMILARITY = 0.5
LATIN_LIKE = frozenset(("Latn", "Cyrl", "Zyyy"))


def strict_levenshtein(a: str, b: str) -> float:
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    max_edits = (longest - 1) // 4  # words of up to four letters must be equal
    if max_edits < 1:
        return 0.0
    distance = Levenshtein.distance(a, b, score_cutoff=max_edits)
    if distance > max_edits:
        return 0.0
    return float((1 - distance / longest) ** max_edits)


@lru_cache(maxsize=500_000)
def word_similarity(a: str, b: str) -> tuple[float, str]:
    """How alike two folded words are, and by which rule."""
    if a == b:
        return 1.0, ""
    skel_a, skel_b = skeleton(a), skeleton(b)
    if skel_a == skel_b:
        return 0.95, "spelling"
    best, how = max(strict_levenshtein(a, b), strict_levenshtein(skel_a, skel_b)), "spelling"
    cons_a, cons_b = consonants(skel_a), consonants(skel_b)
    if best < VOWELS_ONLY and len(cons_a) >= 4 and cons_a == cons_b and a[0] == b[0]:
        best, how = VOWELS_ONLY, "spelling of vowels"  # Mohammed / Muhammad
    readings_a, readings_b = read_word(a), read_word(b)
    for x, y in product(readings_a, readings_b):
        if len(x) == len(y):
            score = sequence_similarity(x, y)[0]
            if score >= SAME_SYLLABLE and score > best:
                best, how = score, "romanisation"
    return best, how


def _weight(token: str, org: bool) -> float:
    return ORG_WORD_WEIGHT if org and is_org_word(token) else 1.0


def compare_words(query: PreparedName, record: PreparedName, *, org: bool) -> NameComparison:
    """Words aligned one to one whatever their order, greedily by agreement."""
    q_tokens = [org_form(t) if org else t for t in query.tokens]
    r_tokens = [org_form(t) if org else t for t in record.tokens]
    pairs = []
    for i, qt in enumerate(q_tokens):
        for j, rt in enumerate(r_tokens):
            score, how = word_similarity(qt, rt)
            if score >= MIN_WORD_SIMILARITY:
                pairs.append((score, -abs(i - j), i, j, how))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_r: set[int] = set()
    features: list[tuple[int, Feature]] = []
    total = weights = 0.0
    for score, _, i, j, how in pairs:
        if i in used_q or j in used_r:
            continue
        used_q.add(i)
        used_r.add(j)
        weight = max(_weight(q_tokens[i], org), _weight(r_tokens[j], org))
        total += score * weight
        weights += weight
        qw, rw = query.words[i].written, record.words[j].written
        relation = EQUAL if score == 1.0 else SIMILAR
        features.append((i, Feature("name part", qw, rw, relation, how, score, weight)))
    for i, token in enumerate(q_tokens):
        if i not in used_q:
            weight = EXTRA_QUERY_WEIGHT * _weight(token, org)
            weights += weight
            features.append(
                (i, Feature("name part", query.words[i].written, "", EXTRA, "", 0.0, weight))
            )
    for j, token in enumerate(r_tokens):
        if j not in used_r:
            weight = EXTRA_RECORD_WEIGHT * _weight(token, org)
            weights += weight
            features.append(
                (
                    len(q_tokens) + j,
                    Feature("name part", "", record.words[j].written, EXTRA, "", 0.0, weight),
                )
            )
    score = total / weights if weights else 0.0
    ordered = tuple(f for _, f in sorted(features, key=lambda x: x[0]))
    return NameComparison(score, query.original, record.original, ordered)


def _joined(name: PreparedName, org: bool) -> str:
    return "".join(t for t in name.tokens if not (org and is_org_word(t)))


def compare_joined(query: PreparedName, record: PreparedName, *, org: bool) -> NameComparison:
    """The names with their spaces taken out (Chongchongang = Chong Chon Gang; 천마산 = Chon Ma
    San): one comparison of the whole, through Korean syllables when both read as Korean."""
    a, b = _joined(query, org), _joined(record, org)
    if not a or not b:
        return NameComparison(0.0, query.original, record.original, ())
    if a == b:
        score, how = 1.0, "spacing"
    else:
        score, how = word_similarity(a, b)
        if any("\uac00" <= c <= "\ud7a3" for c in a + b):
            how = "Hangul"
    relation = EQUAL if score == 1.0 else SIMILAR if score >= SAME_SYLLABLE else DIFFERENT
    feature = Feature("name", query.original, record.original, relation, how, score, 1.0)
    return NameComparison(score, query.original, record.original, (feature,))


def comparable_scripts(a: PreparedName, b: PreparedName) -> bool:
    """Whether two names can be compared at all: same script, Latin with Cyrillic (through
    transliteration), or Hangul with a romanisation."""
    if a.script == b.script or (a.script in LATIN_LIKE and b.script in LATIN_LIKE):
        return True
    return (a.hangul and b.reads_as_korean) or (b.hangul and a.reads_as_korean)


def compare_names(query: PreparedName, record: PreparedName, *, person: bool) -> NameComparison:
    """The agreement of two names, with the features that explain it."""
    if not comparable_scripts(query, record):
        feature = Feature(
            "name", query.original, record.original, DIFFERENT, "different scripts", 0.0, 1.0
        )
        return NameComparison(0.0, query.original, record.original, (feature,))
    korean_pair = (query.hangul or record.hangul) or (
        query.has_korean_surname and record.has_korean_surname
    )
    if person and korean_pair:
        found = compare_korean(query, record)
        if found is not None:
            return found
    org = not person
    if query.hangul != record.hangul:
        return compare_joined(query, record, org=org)
    words = compare_words(query, record, org=org)
    if words.score < 1.0 and len(query.words) != len(record.words):
        joined = compare_joined(query, record, org=org)
        if joined.score > words.score:
            return joined
    return words


__all__ = ["DIFFERENT", "NameComparison", "compare_names", "strict_levenshtein"]
