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


#: The digest of every list excerpt's names' keys and key hashes at INDEX_FORMAT 1. A change to
#: the keys or the hash changes it: then bump INDEX_FORMAT (so stored indexes are built again)
#: and pin the new digest here.
KEYS_DIGEST = {1: "2eeb6140c342b2adc5bae1f8a7e7d15d0fe98b1b57af4be713b70e4d25efa12a"}


def test_the_keys_are_those_of_the_index_format() -> None:
    """Stored indexes (services/list_index.py) are used as long as INDEX_FORMAT is the same:
    the keys and hashes of every name and identifier of the list excerpts are pinned to it."""
    import hashlib

    from nkcase.screening.matching.blocking import INDEX_FORMAT, identifier_key, key_hash
    from nkcase.screening.parsers import open_list
    from tests.screening.lists import LISTS

    digest = hashlib.sha256()
    for path in sorted(LISTS.rglob("*")):
        if path.suffix not in (".xml", ".json") and path.name != "sdn.csv":
            continue
        for record in open_list(path).records():
            keys = {k for name in record.names for k in name_keys(name.full)}
            keys |= {identifier_key(i.value) for i in record.identifiers}
            for key in sorted(keys):
                digest.update(f"{key}\t{key_hash(key)}\n".encode())
    assert KEYS_DIGEST.get(INDEX_FORMAT) == digest.hexdigest(), (
        "the blocking keys changed: bump blocking.INDEX_FORMAT and pin the new digest"
    )
