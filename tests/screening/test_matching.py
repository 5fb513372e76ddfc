"""Explainable name matching: the labelled set, romanisation both ways, features, qualifiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.screening.matching import DEFAULT_THRESHOLD, Subject, score_pair
from nkcase.screening.matching.syllables import (
    hangul_syllable,
    latin_syllable,
    segmentations,
    syllable_similarity,
)
from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName
from nkcase.vocabulary import korean

PAIRS = Path(__file__).resolve().parents[1] / "data" / "screening" / "name_pairs.tsv"


def load_pairs() -> list[tuple[int, str, str, str, str]]:
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, schema, query, record, kind = line.split("\t")
        rows.append((int(label), schema, query, record, kind))
    return rows


def subject(*names: str, schema: str = "Person", **extra: object) -> Subject:
    return Subject("s", schema, tuple(RecordName(n) for n in names), **extra)  # type: ignore[arg-type]


def record(*names: str, schema: str = "Person", **extra: object) -> ListRecord:
    return ListRecord("r", schema, tuple(RecordName(n) for n in names), **extra)  # type: ignore[arg-type]


def test_labelled_set_recall_and_precision_at_the_default_threshold() -> None:
    rows = load_pairs()
    assert len(rows) >= 200
    kinds = {kind for *_, kind in rows}
    assert {"hangul", "hangul-space", "order", "decoy", "mr", "rr", "dprk", "adhoc"} <= kinds
    tp = fp = fn = 0
    misses = []
    for label, schema, query, listed, _kind in rows:
        score = score_pair(subject(query, schema=schema), record(listed, schema=schema)).score
        hit = score >= DEFAULT_THRESHOLD
        tp += label and hit
        fn += label and not hit
        fp += (not label) and hit
        if bool(label) != hit:
            misses.append(f"{label} {score:.2f} {query} | {listed}")
    recall, precision = tp / (tp + fn), tp / (tp + fp)
    assert recall >= 0.95, misses
    assert precision >= 0.95, misses


def test_every_decoy_stays_below_the_threshold() -> None:
    for _label, schema, query, listed, kind in load_pairs():
        if kind == "decoy":
            match = score_pair(subject(query, schema=schema), record(listed, schema=schema))
            assert match.score < DEFAULT_THRESHOLD, (query, listed, match.explanation)


@pytest.mark.parametrize(
    ("hangul", "rr", "mr"),
    [
        ("김정은", "gimjeongeun", "kim-chŏng-ŭn"),
        ("리원호", "riwonho", "ri-wŏn-ho"),
        ("최룡해", "choeryonghae", "ch'oe-ryong-hae"),
        ("장성택", "jangseongtaek", "chang-sŏng-t'aek"),
        ("의", "ui", "ŭi"),
    ],
)
def test_hangul_to_both_systems(hangul: str, rr: str, mr: str) -> None:
    assert korean.romanise(hangul, "rr") == rr
    assert korean.romanise(hangul, "mr") == mr


def test_every_syllable_reads_back_from_both_systems() -> None:
    """Hangul → RR and MR (marks and apostrophes lost, as in most sources) → the syllable."""
    for code in range(korean.HANGUL_FIRST, korean.HANGUL_LAST + 1):
        syllable = chr(code)
        exact = hangul_syllable(syllable)
        for system in ("rr", "mr"):
            written = korean.romanise_syllable(syllable, system)
            folded = written.replace("ŏ", "o").replace("ŭ", "u").replace("'", "")
            assert syllable_similarity(latin_syllable(folded), exact) == 1.0, (syllable, written)


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [
        ("thae", "태"),  # DPRK th for ㅌ
        ("phyong", "평"),  # DPRK ph for ㅍ
        ("khang", "캉"),
        ("kyoung", "경"),  # spellings people choose
        ("soo", "수"),
        ("chul", "철"),
        ("hee", "희"),
        ("hyun", "현"),
        ("choi", "최"),
    ],
)
def test_latin_spellings_outside_the_systems_read_as_the_syllable(latin: str, hangul: str) -> None:
    assert syllable_similarity(latin_syllable(latin), hangul_syllable(hangul)) >= 0.8


def test_surname_table_both_ways() -> None:
    for hangul, spellings in korean.SURNAMES:
        forms = set(hangul.split("/"))
        for spelling in spellings:
            assert forms <= korean.SURNAME_HANGUL[spelling]
        for form in forms:
            assert set(spellings) <= korean.SURNAME_SPELLINGS[form]


def test_words_split_into_syllables_every_way_they_can() -> None:
    assert segmentations("kyongsu") == (("kyong", "su"),)
    assert set(segmentations("chongun")) == {("chong", "un"), ("chon", "gun")}
    assert segmentations("smith") == ()
    assert segmentations("thae") == (("thae",),)


def test_features_read_as_the_brief_asks() -> None:
    match = score_pair(
        subject("Lee Won-ho", birth_dates=(DateRange("1964", "1964"),), countries=("kp",)),
        record(
            "RI WON HO", birth_dates=(DateRange("1964-05-03", "1964-05-03"),), countries=("kp",)
        ),
    )
    assert match.score == 1.0
    assert match.explanation == (
        "family name Lee ≈ RI (romanisation) · given name Won-ho = WON HO · "
        "born 1964 = 1964-05-03 · nationality kp = kp"
    )


def test_hangul_without_spaces_explains_both_romanisations() -> None:
    match = score_pair(subject("김정은"), record("KIM JONG UN"))
    assert match.score == 1.0
    assert "given name 정은 ≈ JONG UN (Hangul: RR jeongeun, MR chŏngŭn)" in match.explanation


def test_a_decoy_says_which_syllable_differs() -> None:
    match = score_pair(subject("Ri Won Ho"), record("Ri Won Chol"))
    assert match.score < DEFAULT_THRESHOLD
    assert "given name Won Ho ≠ Won Chol (ho ≠ chol)" in match.explanation


def test_a_renamed_vessel_is_found_by_its_imo_number() -> None:
    match = score_pair(
        subject("SEA STAR", schema="Vessel", identifiers=(Identifier("imo", "IMO8910378"),)),
        record("CHON MA SAN", schema="Vessel", identifiers=(Identifier("imo", "IMO8910378"),)),
    )
    assert match.score >= 0.95
    assert match.features[0].text == "IMO IMO8910378 = IMO8910378 (exact)"


def test_a_different_imo_number_lowers_the_score() -> None:
    same_name = score_pair(
        subject("CHON MA SAN", schema="Vessel", identifiers=(Identifier("imo", "IMO8910378"),)),
        record("CHON MA SAN", schema="Vessel", identifiers=(Identifier("imo", "IMO9000000"),)),
    )
    assert same_name.score < DEFAULT_THRESHOLD
    assert "IMO IMO8910378 ≠ IMO9000000 [-0.40]" in same_name.explanation


@pytest.mark.parametrize(
    ("births", "expected"),
    [
        ((DateRange("1964", "1964"),), 1.0),
        ((DateRange("1960", "1966"),), 1.0),  # a BETWEEN range that holds the year
        ((DateRange("1965", "1965"),), 0.95),
        ((DateRange("1971", "1971"),), 0.85),
    ],
)
def test_birth_dates_lower_the_score_when_they_differ(
    births: tuple[DateRange, ...], expected: float
) -> None:
    match = score_pair(
        subject("Ri Won Ho", birth_dates=(DateRange("1964-02-01", "1964-02-01"),)),
        record("Ri Won Ho", birth_dates=births),
    )
    assert match.score == pytest.approx(expected)


def test_a_vessel_is_not_a_person() -> None:
    match = score_pair(subject("Chon Ma San"), record("CHON MA SAN", schema="Vessel"))
    assert match.score < DEFAULT_THRESHOLD
    assert "schema Person ≠ Vessel" in match.explanation


def test_nationality_that_differs_lowers_the_score() -> None:
    match = score_pair(
        subject("Kim Chol", countries=("kr",)), record("Kim Chol", countries=("kp",))
    )
    assert match.score == pytest.approx(0.9)


def test_weak_aliases_count_less() -> None:
    strong = ListRecord("r", "Person", (RecordName("Kim Chol Su", "alias"),))
    weak = ListRecord("r", "Person", (RecordName("Kim Chol Su", "weakAlias"),))
    assert score_pair(subject("Kim Chol Su"), strong).score == 1.0
    weak_match = score_pair(subject("Kim Chol Su"), weak)
    assert weak_match.score == pytest.approx(0.85)
    assert "list name quality" in weak_match.explanation


def test_the_best_name_of_a_record_wins() -> None:
    listed = ListRecord(
        "r", "Person", (RecordName("KIM YONG CHOL"), RecordName("김영철", script="Hang"))
    )
    match = score_pair(subject("김영철"), listed)
    assert match.score == 1.0
    assert match.matched_name == "김영철"
