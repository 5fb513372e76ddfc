"""Blocking: the few list names worth scoring for a screened name, found through shared keys.

Scoring every pair is out of the question at a million list names, so every name gets
*keys* that any spelling of it shares, and a screened name is only scored against the list
names that share its rarest keys:

- Korean names (Hangul, or romanised with a Korean family name): one key per syllable,
  coarse enough that every romanisation of it agrees (:attr:`.syllables.Syllable.key`:
  Kyong/Gyeong/Kyung/경 → "kyong"), and one per pair of syllables in any order ("Won Ho Ri",
  "RI WON HO" and 리원호 share "i|won", "ho|won"...);
- other names: one key per word (its spelling skeleton: Sergei/Sergey), one per pair of
  words, and the words joined (Chongchongang = Chong Chon Gang); organisation words
  ("Trading", "Corp") are left out; Korean-readable words add their syllable keys;
- Han names: one key per character and per pair;
- identifiers: the normalised value (an IMO number finds a renamed vessel).

The index is three flat arrays (sorted 40-bit key hashes, offsets, name ids): about 8 bytes
per key of a name, so a million names with ~10 keys each take ~100 MB, and a lookup is a
binary search. A key's hash is the first 40 bits of its BLAKE2b digest (:func:`key_hash`), the
same in every process, so a built index can be stored and used again (:meth:`BlockingIndex.arrays`,
:meth:`BlockingIndex.from_arrays`); :data:`INDEX_FORMAT` names what a stored one was made by.
Several indexes (one per list snapshot) are searched as one by :class:`BlockingSet`.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b
from itertools import combinations

from nkcase.screening.matching.names import fold_word, is_org_word, skeleton
from nkcase.screening.matching.syllables import read_word
from nkcase.vocabulary import korean
from nkcase.vocabulary.scripts import detect_script

#: Units (syllables, words, characters) of a name that make pair keys; more are rare.
MAX_UNITS = 6
#: What a stored index was made by: its key hash and array layout, and the keys a name gets.
#: Bump it with any change to :func:`name_keys`, :func:`identifier_key` or :func:`key_hash`
#: (tests/screening/test_blocking.py pins the keys of the list excerpts to catch a forgotten
#: bump): a stored index of another format is never used, but built again.
INDEX_FORMAT = 1
_HASH_BITS = 40
_HASH_BYTES = _HASH_BITS // 8
_ID_BITS = 24
MAX_NAMES = 1 << _ID_BITS
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True, slots=True)
class _WordKeys:
    """What one written word contributes to keys (cached: words repeat across names)."""

    skeleton: str
    syllables: tuple[str, ...]  # coarse syllable keys of every reading; () if not Korean
    surname: bool
    org: bool


@lru_cache(maxsize=300_000)
def _word_keys(word: str) -> _WordKeys:
    token = fold_word(word)
    readings = read_word(token)
    surname = token in korean.SURNAME_HANGUL
    if surname and (not readings or len(readings[0]) != 1):
        # Park, Rhee, Woo: keyed by the Hangul family name they write
        readings = read_word(min(korean.SURNAME_HANGUL[token]))
    syllables = tuple(s.key for reading in readings for s in reading)
    return _WordKeys(skeleton(token), syllables, surname, is_org_word(token))


def name_keys(text: str) -> set[str]:
    """The blocking keys of one name (see the module docstring)."""
    if _HAN.search(text) and detect_script(text) in ("Hani", "Jpan"):
        return _unit_keys("h:", sorted(set(c for c in text if not c.isspace()))[:MAX_UNITS])
    words = [_word_keys(w) for w in _WORD.findall(text)]
    if not words:
        return set()
    hangul = _HANGUL.search(text) is not None
    readable = all(w.syllables for w in words)
    if hangul or (readable and (words[0].surname or words[-1].surname)):
        units = sorted({u for w in words for u in w.syllables})
        return _unit_keys("k:", units[: MAX_UNITS + 2])
    meaningful = [w for w in words if not w.org] or words
    tokens = [w.skeleton for w in meaningful]
    keys = {"j:" + "".join(tokens)}
    keys |= _unit_keys("w:", sorted(set(tokens))[: MAX_UNITS + 2])
    if all(w.syllables for w in meaningful):
        units = sorted({u for w in meaningful for u in w.syllables})
        keys |= _unit_keys("k:", units[: MAX_UNITS + 2])
    return keys


def _unit_keys(prefix: str, units: list[str]) -> set[str]:
    found = {prefix + u for u in units}
    if len(units) > 1:
        found.update(f"{prefix}{a}|{b}" for a, b in combinations(units[:MAX_UNITS], 2))
    if len(units) > 2:
        found.add(prefix + "|".join(units))
    return found


def identifier_key(value: str) -> str:
    return "i:" + "".join(c for c in value.upper() if c.isalnum())


def key_hash(key: str) -> int:
    """A key's 40-bit hash: the same in every process and on every machine (Python's own
    string hash is salted per process, so an index made with it could not be stored). BLAKE2b
    costs about 1 µs a key against 0.15–0.3 µs for ``hash()`` (measured alone); a whole build
    of 200,000 generated names took 9 % more CPU. Paid once per snapshot: the index is stored."""
    return int.from_bytes(blake2b(key.encode(), digest_size=_HASH_BYTES).digest())


class BlockingIndex:
    """Keys → name ids, in three flat arrays; built once, read by any number of threads."""

    def __init__(self, hashes: array[int], offsets: array[int], ids: array[int]) -> None:
        self._hashes = hashes
        self._offsets = offsets
        self._ids = ids
        self.size = len(ids)

    @classmethod
    def build(
        cls, entries: Iterable[tuple[int, Iterable[str]]], chunk: int = 1 << 20
    ) -> BlockingIndex:
        """Index ``(name_id, keys)`` pairs. Postings are sorted in chunks as they come, then
        taken in ranges of key hashes (a quarter of a chunk each) across the chunks, so the peak
        memory is the arrays plus about one chunk, and no step runs Python code per posting."""
        runs: list[array[int]] = []
        pending: list[int] = []
        digest, size, bits = blake2b, _HASH_BYTES, _ID_BITS
        for name_id, keys in entries:
            if not 0 <= name_id < MAX_NAMES:
                raise ValueError(f"name id {name_id} out of range (at most {MAX_NAMES - 1})")
            pending.extend(
                [(int.from_bytes(digest(k.encode(), digest_size=size).digest()) << bits) | name_id
                 for k in keys]  # key_hash, inline
            )
            if len(pending) >= chunk:
                pending.sort()
                runs.append(array("Q", pending))
                pending = []
        pending.sort()
        runs.append(array("Q", pending))
        del pending
        hashes, offsets, ids = array("Q"), array("I"), array("I")
        for merged in _ranges(runs, max(1, chunk // 4)):  # a quarter chunk: less held at once
            _append_range(merged, hashes, offsets, ids)
        offsets.append(len(ids))
        return cls(hashes, offsets, ids)

    def postings(self, key: str) -> array[int] | memoryview:
        """The ids of the names with ``key`` (a view: no copy)."""
        return self.postings_of(key_hash(key))

    def postings_of(self, hashed: int) -> array[int] | memoryview:
        """The ids of the names with a key of hash ``hashed`` (a view: no copy)."""
        at = bisect_left(self._hashes, hashed)
        if at == len(self._hashes) or self._hashes[at] != hashed:
            return array("I")
        return memoryview(self._ids)[self._offsets[at] : self._offsets[at + 1]]

    def count(self, key: str) -> int:
        return len(self.postings(key))

    def candidates(
        self, keys: Iterable[str], *, budget: int = 20_000, limit: int = 64
    ) -> list[tuple[int, float]]:
        """The name ids sharing the most informative keys (see :meth:`BlockingSet.candidates`)."""
        return BlockingSet([(self, 0)]).candidates(keys, budget=budget, limit=limit)

    @property
    def nbytes(self) -> int:
        return sum(a.itemsize * len(a) for a in self.arrays())

    def arrays(self) -> tuple[array[int], array[int], array[int]]:
        """The three arrays (key hashes, offsets, name ids), to store: :meth:`from_arrays`."""
        return self._hashes, self._offsets, self._ids

    @classmethod
    def from_arrays(
        cls, hashes: array[int], offsets: array[int], ids: array[int]
    ) -> BlockingIndex:
        """The index :meth:`arrays` gave, checked for shape (sorted order is the builder's)."""
        if (hashes.typecode, offsets.typecode, ids.typecode) != ("Q", "I", "I"):
            raise ValueError("blocking index arrays of the wrong types")
        if len(offsets) != len(hashes) + 1 or (offsets and offsets[-1] != len(ids)):
            raise ValueError("blocking index arrays of inconsistent lengths")
        return cls(hashes, offsets, ids)


class BlockingSet:
    """Several blocking indexes (one per list snapshot) searched as one: the name ids of the
    second follow those of the first, and so on, and a key's postings and weight are those of
    all of them together, so the candidates are those of one index built over every name."""

    def __init__(self, indexes: Sequence[tuple[BlockingIndex, int]]) -> None:
        """``indexes``: each index with the number of name ids it numbers (0 up to it)."""
        self.parts: list[tuple[int, BlockingIndex]] = []
        base = 0
        for index, names in indexes:
            self.parts.append((base, index))
            base += names
        self.size = sum(index.size for index, _names in indexes)

    def count(self, key: str) -> int:
        hashed = key_hash(key)
        return sum(len(index.postings_of(hashed)) for _base, index in self.parts)

    @property
    def nbytes(self) -> int:
        return sum(index.nbytes for _base, index in self.parts)

    def candidates(
        self, keys: Iterable[str], *, budget: int = 20_000, limit: int = 64
    ) -> list[tuple[int, float]]:
        """The name ids sharing the most informative keys, best first, with their weight.

        Keys are taken rarest first (equally rare ones in key order, so the result never
        depends on the process) until ``budget`` postings have been read (the rarest is always
        read); a key's weight is its inverse document frequency.
        """
        lists = []
        for key in sorted(set(keys)):
            hashed = key_hash(key)
            found = [(b, p) for b, index in self.parts if len(p := index.postings_of(hashed))]
            if found:
                lists.append((sum(len(p) for _b, p in found), key, found))
        lists.sort(key=lambda x: x[0])  # stable: equally rare keys stay in key order
        total = max(self.size, 1)
        weights: dict[int, float] = {}
        read = 0
        for size, _key, postings in lists:
            if read and read + size > budget:
                break
            read += size
            idf = math.log(1 + total / size)
            for base, ids in postings:
                if base:
                    for name_id in ids:
                        name_id += base
                        weights[name_id] = weights.get(name_id, 0.0) + idf
                else:
                    for name_id in ids:
                        weights[name_id] = weights.get(name_id, 0.0) + idf
        return heapq.nlargest(limit, weights.items(), key=lambda x: x[1])


def _ranges(runs: list[array[int]], chunk: int) -> Iterator[list[int]]:
    """The postings of the sorted ``runs``, sorted, as consecutive ranges of about ``chunk``
    postings each: every run is cut at the same range bounds (binary search), and the pieces of
    one range are sorted together (Timsort merges sorted pieces in linear time)."""
    total = sum(len(run) for run in runs)
    parts = max(1, -(-total // chunk))
    starts = [0] * len(runs)
    for part in range(parts):
        bound = (((part + 1) << _HASH_BITS) // parts) << _ID_BITS  # all of a key's postings
        merged: list[int] = []
        for number, run in enumerate(runs):
            end = len(run) if part == parts - 1 else bisect_left(run, bound)
            merged.extend(run[starts[number] : end])
            starts[number] = end
        merged.sort()
        yield merged


def _append_range(
    merged: list[int], hashes: array[int], offsets: array[int], ids: array[int]
) -> None:
    """Append sorted postings (key hash << id bits | name id) to the three arrays: each key
    hash once with the position of its first posting, and every name id."""
    base = len(ids)
    ids.extend(array("I", [combined & (MAX_NAMES - 1) for combined in merged]))
    key_hashes = [combined >> _ID_BITS for combined in merged]
    # Walking the hashes backwards, the last position stored for a hash is its first; the
    # dict keeps each hash where it was first met, i.e. in descending order.
    positions = range(base + len(merged) - 1, base - 1, -1)
    first = dict(zip(reversed(key_hashes), positions, strict=True))
    hashes.extend(reversed(first.keys()))
    offsets.extend(reversed(first.values()))
