"""Blocking: every spelling of a name shares keys; the index finds the listed record among many."""

from __future__ import annotations

import random

import pytest

from nkcase.screening.matching import Subject
from nkcase.screening.matching.blocking import BlockingIndex, name_keys
from nkcase.screening.matching.index import RecordIndex
from nkcase.screening.records import Identifier, ListRecord, RecordName

SPELLINGS = {
    "RI WON HO": ["리원호", "리 원호", "Lee Won-ho", "Won Ho Ri", "Yi Wonho", "Rhee Won Ho"],
    "KIM JONG UN": ["김정은", "Kim Jŏng-ŭn", "Gim Jeong-eun", "Jong Un Kim", "Kim Jongun"],
    "PAK CHOL SU": ["Park Chul Soo", "박철수", "Bak Cheol-su", "Chol-su Pak"],
    "CHONGCHONGANG SHIPPING COMPANY": ["Chong Chon Gang Shipping Co"],
    "Viktor Bout": ["Виктор Бут", "Viktor Anatolyevich Bout"],
}


@pytest.mark.parametrize("listed", sorted(SPELLINGS))
def test_every_spelling_shares_a_pair_key(listed: str) -> None:
    keys = name_keys(listed)
    for spelling in SPELLINGS[listed]:
        shared = keys & name_keys(spelling)
        assert any("|" in k or k.startswith("j:") for k in shared), (spelling, shared)


def test_index_postings_and_rare_keys_first() -> None:
    index = BlockingIndex.build([(0, {"a", "b"}), (1, {"a"}), (2, {"a", "c"})])
    assert sorted(index.postings("a")) == [0, 1, 2]
    assert list(index.postings("zzz")) == []
    ranked = index.candidates({"a", "c"})
    assert ranked[0][0] == 2


SYLLABLES = "철수영호일남성광명혁국진용선희경옥순정원봉춘학길준석만식동룡해택덕"


def _crowd(count: int) -> list[ListRecord]:
    """Korean names that share family names and syllables with the targets."""
    rng = random.Random(3)
    out = []
    for number in range(count):
        hangul = rng.choice("김리박최정") + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        out.append(ListRecord(f"c{number}", "Person", (RecordName(hangul),)))
    return out


@pytest.fixture(scope="module")
def index() -> tuple[RecordIndex, list[ListRecord]]:
    records = [
        ListRecord("target", "Person", (RecordName("RI WON HO"),)),
        ListRecord("decoy", "Person", (RecordName("RI WON CHOL"),)),
        ListRecord(
            "ship",
            "Vessel",
            (RecordName("CHON MA SAN"),),
            identifiers=(Identifier("imo", "IMO8910378"),),
        ),
        *_crowd(3000),
    ]
    built = RecordIndex.build(enumerate(records), lambda ids: {i: records[i] for i in ids})
    return built, records


@pytest.mark.parametrize("spelling", SPELLINGS["RI WON HO"])
def test_index_finds_the_listed_person_and_not_the_decoy(
    index: tuple[RecordIndex, list[ListRecord]], spelling: str
) -> None:
    built, _ = index
    hits = built.search(Subject("q", "Person", (RecordName(spelling),)))
    keys = [h.record.record_key for h in hits]
    assert keys[0] == "target"
    assert "decoy" not in keys


def test_index_finds_a_renamed_vessel_by_imo(index: tuple[RecordIndex, list[ListRecord]]) -> None:
    built, _ = index
    subject = Subject(
        "q", "Vessel", (RecordName("OCEAN GLORY"),), identifiers=(Identifier("imo", "IMO 8910378"),)
    )
    [hit] = built.search(subject)
    assert hit.record.record_key == "ship"
    assert hit.match.features[0].label == "IMO"
