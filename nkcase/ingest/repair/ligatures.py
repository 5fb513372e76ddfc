"""Rejoin words split where a ligature glyph was lost ("sanc ons" → "sanctions").

Some PDFs (fonts with ti/tt/ft/fi/fl/ffi/ffl ligatures and no Unicode mapping for them) lose
the ligature when text is extracted: it comes out as a space ("Na onal Commi ee"), or
disappears together with a neighbouring space ("diploma c es" for "diplomatic ties").

The repair works on runs of letter tokens separated by one or two spaces, or by a line break.
For each run a small dynamic programme chooses how to group tokens into words: keep a token
as it is, join neighbours through a ligature, or give a token a ligature at its start or end.
A word made with ligatures must be in the word list (Zipf ≥ ``MIN_JOINED_ZIPF``) and each
ligature costs ``LIGATURE_COST``; a plain token scores its own frequency, fragments ("er",
"ng", unknown pieces) scoring low. Only groupings that contain a suspicious token (a
fragment, see :func:`is_suspicious`) are considered, so a run of real words is never changed,
and across a line break both sides must not be words.

Damage is detected before anything changes: a text gets repaired only when the proposed
repairs are several and dense enough (``MIN_REPAIRS``, ``MIN_REPAIR_RATE``), so a clean text
with the odd rare word is left exactly as it is.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from nkcase.ingest.edits import Edit
from nkcase.ingest.repair.lexicon import Lexicon, english
from nkcase.ingest.repair.words import is_suspicious, word_logprob

KIND = "ligature"
LIGATURES = ("ti", "tt", "tti", "ft", "fi", "fl", "ff", "ffi", "ffl", "fft", "titi")
LIGATURE_COST = 2.0  # log10 units: a ligature must make the reading 100x likelier
MIN_JOINED_ZIPF = 2.0
MAX_TOKENS_PER_WORD = 4
MIN_REPAIRS = 3
MIN_REPAIR_RATE = 1 / 300  # repairs per token

_SPLIT_RE = re.compile(r"([^\W\d_]+)")
_PREFIX_OK_BEFORE = set(' \t\n"“‘([«')
_HYPHENS = set("-\u2010\u2011\u00ad")
_SUFFIX_OK_AFTER = set(' \t\n"”’)]».,;:!?')


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    suspicious: bool


def _gap_kind(gap: str) -> str | None:
    """How a gap between tokens may be joined: "space", "line", or None (the run breaks)."""
    if gap in (" ", "  ") or gap.strip(" ") in ("\ufffd", "\ufffd\ufffd"):
        return "space"  # U+FFFD: pdfium's stand-in for a glyph without Unicode
    if gap and len(gap) <= 8 and "\n" in gap and not gap.strip(" \t\n"):
        return "line"
    return None


def _joinable_pair(a: str, b: str, lexicon: Lexicon) -> bool:
    """Quick test: does ``a`` + ligature + ``b`` make a known word?"""
    a, b = a.lower(), b.lower()
    return any(lexicon.zipf(a + lig + b) >= MIN_JOINED_ZIPF for lig in LIGATURES)


def _edge_fixable(token: str, lexicon: Lexicon) -> bool:
    """Quick test: does a ligature before or after ``token`` make a known word?"""
    if len(token) < 2:
        return False
    low = token.lower()
    return any(
        lexicon.zipf(lig + low) >= MIN_JOINED_ZIPF or lexicon.zipf(low + lig) >= MIN_JOINED_ZIPF
        for lig in LIGATURES
    )


def _clusters(
    text: str, lexicon: Lexicon, force: bool
) -> tuple[list[list[_Token]], list[list[str]], int]:
    """Windows of tokens around likely damage, plus the text's token count.

    Splitting with a capturing pattern and classifying each distinct word once keeps the scan
    of a clean text cheap (a few tens of milliseconds per million characters).
    """
    parts = _SPLIT_RE.split(text)
    tokens = parts[1::2]
    count = len(tokens)
    if count == 0:
        return [], [], 0
    gaps = parts[2:-1:2]
    gap_kind = {g: _gap_kind(g) for g in set(gaps)}
    kinds = list(map(gap_kind.__getitem__, gaps))  # kinds[k]: gap between token k and k+1
    suspicious_type = {w: is_suspicious(w, lexicon) for w in set(tokens)}
    flags = list(map(suspicious_type.__getitem__, tokens))
    edge_cache: dict[str, bool] = {}
    pair_cache: dict[tuple[str, str], bool] = {}
    fixable: list[int] = []
    for k in itertools.compress(range(count), flags):
        word = tokens[k]
        if word not in edge_cache:
            edge_cache[word] = _edge_fixable(word, lexicon)
        hit = edge_cache[word]
        for a, b, gap in ((k - 1, k, k - 1), (k, k + 1, k)):
            if hit or a < 0 or b >= count or kinds[gap] is None:
                continue
            key = (tokens[a], tokens[b])
            if key not in pair_cache:
                pair_cache[key] = _joinable_pair(key[0], key[1], lexicon)
            hit = pair_cache[key]
        if hit:
            fixable.append(k)
    if not force and (len(fixable) < MIN_REPAIRS or len(fixable) / count < MIN_REPAIR_RATE):
        return [], [], count
    offsets = list(itertools.accumulate(map(len, parts)))  # offsets[i] = end of parts[i]
    windows: list[list[int]] = []
    for k in fixable:
        lo, hi = k, k
        while lo > 0 and k - lo < MAX_TOKENS_PER_WORD - 1 and kinds[lo - 1] is not None:
            lo -= 1
        while hi < count - 1 and hi - k < MAX_TOKENS_PER_WORD - 1 and kinds[hi] is not None:
            hi += 1
        if windows and lo <= windows[-1][1] + 1 and (lo == 0 or kinds[lo - 1] is not None):
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    clusters: list[list[_Token]] = []
    gap_lists: list[list[str]] = []
    for lo, hi in windows:
        run = [
            _Token(offsets[2 * k], offsets[2 * k + 1], tokens[k], flags[k])
            for k in range(lo, hi + 1)
        ]
        clusters.append(run)
        gap_lists.append([kinds[k] or "space" for k in range(lo, hi)])
    return clusters, gap_lists, count


def _beside_hyphen(text: str, token: _Token) -> bool:
    """True when a hyphen is the nearest visible character before or after ``token``: it is
    then part of a compound split over lines ("re" + line break + "-emerges")."""
    after = text[token.end : token.end + 12].lstrip()
    before = text[max(0, token.start - 12) : token.start].rstrip()
    return after[:1] in _HYPHENS or before[-1:] in _HYPHENS


def _case_like(letters: str, ligature: str) -> str:
    core = [c for c in letters if c.isalpha()]
    return ligature.upper() if len(core) >= 2 and all(c.isupper() for c in core) else ligature


@dataclass(slots=True)
class _Choice:
    score: float
    end_token: int
    replacement: str | None  # None: keep the token as it is


def _candidates(
    text: str, tokens: list[_Token], gaps: list[str], i: int, lexicon: Lexicon
) -> list[_Choice]:
    """Every way to make one word starting at token ``i`` (see the module docstring)."""
    first = tokens[i]
    choices = [_Choice(word_logprob(first.text, lexicon), i, None)]
    last = min(len(tokens), i + MAX_TOKENS_PER_WORD)
    if not any(t.suspicious for t in tokens[i:last]):
        return choices
    # A ligature at a word's edge only next to a space or punctuation, never beside a hyphen
    # or an apostrophe ("re-emerges" must not become "fire-emerges"), and never on one letter.
    prefix_ok = (
        len(first.text) > 1
        and (first.start == 0 or text[first.start - 1] in _PREFIX_OK_BEFORE)
        and not _beside_hyphen(text, first)
    )
    starts: list[tuple[str, str, int]] = [("", "", 0)]  # (lower, shown, ligatures used)
    if prefix_ok:
        starts += [(lig, lig, 1) for lig in LIGATURES]
    frontier: list[tuple[str, str, int]] = []
    for lower, shown, used in starts:
        word_lower = lower + first.text.lower()
        if lexicon.has_prefix(word_lower):
            if shown and first.text[:1].isupper() and not first.text.isupper():
                shown_word = shown.capitalize() + first.text[0].lower() + first.text[1:]
            else:
                shown_word = _case_like(first.text, shown) + first.text
            frontier.append((word_lower, shown_word, used))
    for j in range(i, last):
        group = tokens[i : j + 1]
        if any(t.suspicious for t in group):
            last_token = tokens[j]
            suffix_ok = (
                (j > i or len(last_token.text) > 1)
                and (last_token.end == len(text) or text[last_token.end] in _SUFFIX_OK_AFTER)
                and not _beside_hyphen(text, last_token)
            )
            endings = [("", 0)] + ([(lig, 1) for lig in LIGATURES] if suffix_ok else [])
            for lower, shown, used in frontier:
                for ending, extra in endings:
                    total = used + extra
                    if total == 0:
                        continue
                    candidate = lower + ending
                    zipf = lexicon.zipf(candidate)
                    if zipf >= MIN_JOINED_ZIPF:
                        score = zipf - 9.0 - LIGATURE_COST * total
                        replacement = shown + _case_like(shown, ending)
                        choices.append(_Choice(score, j, replacement))
        if j + 1 >= last:
            break
        nxt = tokens[j + 1]
        if gaps[j] == "line" and not (tokens[j].suspicious or nxt.suspicious):
            break
        extended: list[tuple[str, str, int]] = []
        for lower, shown, used in frontier:
            for lig in LIGATURES:
                joined = lower + lig + nxt.text.lower()
                if lexicon.has_prefix(joined):
                    shown_joined = shown + _case_like(shown + nxt.text, lig) + nxt.text
                    extended.append((joined, shown_joined, used + 1))
        if not extended:
            break
        frontier = extended
    return choices


def ligature_split_edits(
    text: str, lexicon: Lexicon | None = None, *, force: bool = False
) -> list[Edit]:
    """Edits that rejoin words split by lost ligatures; [] when the text shows no such damage.

    ``force`` skips the damage test (for measuring false positives on clean text).
    """
    lexicon = lexicon or english()
    edits: list[Edit] = []
    clusters, gap_lists, token_count = _clusters(text, lexicon, force)
    for tokens, gaps in zip(clusters, gap_lists, strict=True):
        count = len(tokens)
        best: list[float] = [0.0] + [float("-inf")] * count
        back: list[tuple[int, _Choice] | None] = [None] * (count + 1)
        for i in range(count):
            if best[i] == float("-inf"):
                continue
            for choice in _candidates(text, tokens, gaps, i, lexicon):
                score = best[i] + choice.score
                if score > best[choice.end_token + 1]:
                    best[choice.end_token + 1] = score
                    back[choice.end_token + 1] = (i, choice)
        position = count
        while position > 0:
            entry = back[position]
            assert entry is not None
            i, choice = entry
            if choice.replacement is not None:
                start, end = tokens[i].start, tokens[choice.end_token].end
                edits.append(Edit(start, end, choice.replacement, KIND))
            position = i
    edits.sort(key=lambda e: e.start)
    if force:
        return edits
    if len(edits) < MIN_REPAIRS or len(edits) / max(1, token_count) < MIN_REPAIR_RATE:
        return []
    return edits
