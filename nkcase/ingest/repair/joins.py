"""What the lost-ligature search shares: the ligatures, and the word-list questions it asks
again and again about one document (cached in :class:`SearchCache`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nkcase.ingest.repair.lexicon import Lexicon
from nkcase.ingest.repair.tokens import TokenTable

KIND = "ligature"
# Single glyphs, then pairs of neighbouring ligature glyphs lost as one gap ("iden ca on").
LIGATURES = (
    "ti", "tt", "tti", "ft", "fi", "fl", "ff", "ffi", "ffl", "fft", "titi", "tifi", "fiti"
)  # fmt: skip


def case_like(letters: str, ligature: str) -> str:
    """The ligature in capitals after capitals ("NA" + "TI" + "ONAL")."""
    core = [c for c in letters if c.isalpha()]
    return ligature.upper() if len(core) >= 2 and all(c.isupper() for c in core) else ligature


@dataclass(slots=True)
class SearchCache:
    """What the searches of one document share: the first without edge ligatures, the
    second with them only re-runs what they change. ``paths``: best groupings by run
    signature (see ``ligatures._Search``)."""

    paths: dict[tuple[object, ...], Any] = field(default_factory=dict)
    pairs: dict[tuple[str, str, str], bool] = field(default_factory=dict)
    starts: dict[tuple[str, str], bool] = field(default_factory=dict)
    next_pieces: dict[tuple[str, str, str], list[tuple[str, str]]] = field(default_factory=dict)
    join_seeds: list[int] | None = None

    def can_start(self, lex: Lexicon, prefix: str) -> bool:
        """Whether some word of ``lex`` (or compound) starts with ``prefix``."""
        key = (lex.lang, prefix)
        found = self.starts.get(key)
        if found is None:
            found = self.starts[key] = lex.can_start(prefix)
        return found

    def joinable(self, table: TokenTable, a: int, b: int, lex: Lexicon) -> bool:
        """Whether tokens ``a`` + a ligature + ``b`` start a word of ``lex``."""
        key = (table.lower[a], table.lower[b], lex.lang)
        found = self.pairs.get(key)
        if found is None:
            left, right = key[0], key[1]
            found = any(self.can_start(lex, left + lig + right) for lig in LIGATURES)
            self.pairs[key] = found
        return found

    def continuations(self, lex: Lexicon, low: str, nxt: str) -> list[tuple[str, str]]:
        """(ligature, joined) for each ligature that joins ``low`` and ``nxt`` into the start
        of a word (a book repeats its damaged words)."""
        key = (lex.lang, low, nxt)
        found = self.next_pieces.get(key)
        if found is None:
            found = [
                (lig, low + lig + nxt) for lig in LIGATURES if self.can_start(lex, low + lig + nxt)
            ]
            self.next_pieces[key] = found
        return found
