"""Which encoding undeclared bytes are in, when they are neither UTF-8 nor marked.

charset-normalizer proposes code pages by how clean and coherent their readings look; on short
texts its first choice is often a rare one (windows-1250 for French, Big5 for a Polish name).
Its candidates, plus the ordinary code pages of :data:`FALLBACK_CODE_PAGES`, are therefore
read and compared word by word (:mod:`nkcase.ingest.word_evidence`): the reading in which the
words are words wins. A reading no evidence separates from a rival is reported as a guess.
"""

from __future__ import annotations

from typing import Any

from charset_normalizer import from_bytes

from nkcase.errors import IngestError
from nkcase.ingest.encoding import COMMON_ENCODINGS, Decoded, canonical, display_name
from nkcase.ingest.word_evidence import MIN_WORD_EVIDENCE, WordEvidence


def detect(data: bytes) -> Decoded:
    """Decode undeclared bytes with the encoding their words speak for (module docstring)."""
    results = list(from_bytes(data))
    best = _pick(results)
    if best is None or best.encoding is None:
        raise IngestError("binary data, not text: no text encoding fits the bytes")
    readings = _readings(data, results, best)
    if not readings:
        raise IngestError("binary data, not text: no text encoding fits the bytes")
    words = WordEvidence()
    name, text = readings[0]
    won_by_words = False
    for other, other_text in readings[1:]:
        if other_text == text:
            if other == FALLBACK_CODE_PAGES[0]:
                name = other  # the same text: call it by the code page everyone uses
            continue
        ours, theirs = words.compare(text, other_text)
        if theirs > ours:  # the reading in which the words are words wins
            name, text = other, other_text
            won_by_words = theirs > 0
    rated = {canonical(r.encoding) or r.encoding for r in results if r.encoding}
    rivals = set()
    for other, other_text in readings:
        if other == name or other_text == text:
            continue
        ours, theirs = words.compare(text, other_text)
        if _outvoted(theirs, ours):
            continue
        if other in rated and not _close(results, other, best):
            continue
        if other not in rated and theirs <= 0:
            continue  # a fallback code page is a rival only when its reading spells words
        if other.replace("-", "_") in COMMON_ENCODINGS:
            rivals.add(other)
    chaos = min((r.chaos for r in results if _same(r.encoding, name)), default=best.chaos)
    rated_reading = any(enc in rated for enc, reading in readings if reading == text)
    unsure = not rated_reading and not won_by_words
    warnings = []
    if rivals or chaos >= MESSY_CHAOS or unsure:
        if rivals:
            verb = " fits" if len(rivals) == 1 else " fit"
            why = ", ".join(display_name(r) for r in sorted(rivals)[:3]) + verb + " as well"
        elif unsure:
            why = "too few letters outside ASCII to tell"
        else:
            why = f"{chaos:.0%} of the text looks garbled even so"
        warnings.append(
            f"the encoding was guessed as {display_name(name)} with low confidence ({why}): "
            "check the text, and use Re-read as… if it looks wrong"
        )
    return Decoded(text, name, "detected", guessed=bool(warnings), warnings=warnings)


# Code pages read besides charset-normalizer's candidates: short texts often fail to make it
# propose the ordinary one. The first is the name used when several read the same text.
FALLBACK_CODE_PAGES = ("cp1252", "cp1250", "cp1251")


def _same(label: str | None, name: str) -> bool:
    return label is not None and (canonical(label) or label) == name


def _readings(data: bytes, results: list[Any], best: Any) -> list[tuple[str, str]]:
    """(encoding, text) for charset-normalizer's pick first, then every other candidate nearly
    as clean (chaos within PICK_CHAOS) and the fallback code pages, each once and only if the
    bytes decode."""
    least_chaos = min(r.chaos for r in results)
    labels = [best.encoding]
    labels += [r.encoding for r in results if r.chaos <= least_chaos + PICK_CHAOS]
    labels += FALLBACK_CODE_PAGES
    readings: list[tuple[str, str]] = []
    seen: set[str] = set()
    for label in labels:
        name = canonical(label) if label else None
        if name is None or name in seen:
            continue
        seen.add(name)
        try:
            readings.append((name, data.decode(name)))
        except (UnicodeDecodeError, LookupError):
            continue
    return readings


def _close(results: list[Any], encoding: str, best: Any) -> bool:
    """Whether charset-normalizer rated ``encoding`` about as clean and coherent as its pick."""
    return any(
        _same(r.encoding, encoding)
        and (
            r.chaos < best.chaos - RIVAL_CHAOS
            or (
                abs(r.chaos - best.chaos) <= RIVAL_CHAOS
                and r.coherence >= best.coherence - RIVAL_COHERENCE
            )
        )
        for r in results
    )


# A detection is a guess when another common code page reads the bytes differently with less
# chaos, or as little (within RIVAL_CHAOS) and nearly the same language coherence, or when
# even the best reading is garbled (MESSY_CHAOS). PICK_CHAOS: see _pick.
RIVAL_CHAOS = 0.01
RIVAL_COHERENCE = 0.05
MESSY_CHAOS = 0.2
PICK_CHAOS = 0.1


def _pick(results: list[Any]) -> Any:
    """charset-normalizer's guess, refined: among the candidates nearly as clean as the best
    (chaos within PICK_CHAOS), take a common code page over an exotic one (Windows over Mac/DOS
    variants), then the most coherent with the language it found. On short texts the
    cleanest guess alone is often a rare code page (cp1257 for French)."""
    if not results:
        return None
    least_chaos = min(r.chaos for r in results)
    close = [r for r in results if r.chaos <= least_chaos + PICK_CHAOS]
    return max(close, key=lambda r: (r.encoding in COMMON_ENCODINGS, r.coherence, -r.chaos))


def _outvoted(theirs: int, ours: int) -> bool:
    """A rival reading is ruled out when the words only the chosen reading has are clearly
    more plausible than the words only the rival has (see :meth:`WordEvidence.compare`)."""
    if theirs < 0:
        return ours >= 0
    if theirs == 0:
        return ours >= 1
    return ours >= MIN_WORD_EVIDENCE and ours > 2 * theirs
