"""Decode the bytes of text files and HTML pages, and say truthfully how.

Order: a BOM; a declared charset (HTML ``<meta>`` or http-equiv, an XML prolog, a MIME part);
UTF-16 without BOM (the pattern of NUL bytes); ISO-2022 escape sequences; UTF-8; then
detection (:mod:`nkcase.ingest.detection`: charset-normalizer's candidates weighed by whether
their words are words). Legacy labels are widened to the superset browsers use
(EUC-KR → CP949, Shift_JIS → CP932, GB2312 → GB18030, ISO-8859-1 → windows-1252), as the
WHATWG Encoding standard prescribes.

A declared charset — or UTF-8 when nothing is declared — whose bytes are valid except for a
few sequences is kept (a browser-saved page cut in the middle of a character is still UTF-8):
the bad sequences become U+FFFD and a warning says how many and where. Only when it fails
badly (:func:`fails_badly`) is the encoding detected instead, and a detection that other
encodings fit as well is reported as a guess. :class:`Decoded` carries the text, the
encoding, how it was chosen and those warnings; a person can override the choice
(``forced``: "Re-read as…").
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, field

from nkcase.errors import IngestError
from nkcase.ingest.types import DocumentMetadata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
COMMON_ENCODINGS = {
    *(f"cp{n}" for n in range(1250, 1259)),
    "utf_8",
    "cp949",
    "euc_kr",
    "cp932",
    "shift_jis",
    "euc_jp",
    "big5",
    "big5hkscs",
    "gb18030",
    "gb2312",
    "koi8_r",
    "koi8_u",
    "iso8859_1",
    "iso8859_2",
    "iso8859_15",
}
_SUPERSETS = {
    "euc_kr": "cp949",
    "ks_c_5601_1987": "cp949",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "big5": "big5hkscs",
}
# C0 controls other than tab, LF, CR, FF and ESC, plus DEL and the C1 range.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def canonical(label: str) -> str | None:
    """Python codec name for a charset label, widened to its superset; None if unknown."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(name.replace("-", "_"), name)


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE/BE without BOM: NULs pile up in one byte position of each code unit."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    units = len(sample) // 2
    if odd_nuls >= units * 0.05 and even_nuls <= units * 0.01:
        return "utf-16-le"
    if even_nuls >= units * 0.05 and odd_nuls <= units * 0.01:
        return "utf-16-be"
    return None


def _iso2022(data: bytes) -> str | None:
    if b"\x1b$)C" in data[:4096]:
        return "iso2022_kr"
    if b"\x1b$B" in data or b"\x1b$@" in data or b"\x1b(J" in data:
        return "iso2022_jp"
    return None


def looks_binary(text: str) -> bool:
    """True when decoded text holds control characters no text file has."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    controls = len(_CONTROL_RE.findall(sample))
    return controls > max(2, len(sample) // 200)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding and how it was chosen.

    ``how``: "bom", "declared", "utf-8", "utf-16" (NUL pattern), "iso-2022", "detected" or
    "chosen" (a person's choice). ``guessed``: a detection other encodings fit as well.
    """

    text: str
    encoding: str
    how: str
    guessed: bool = False
    warnings: list[str] = field(default_factory=list)


# How the encoding was chosen (Decoded.how), as the reader and ``source show`` say it.
HOW_LABELS = {
    "bom": "marked by the file",
    "declared": "declared by the file",
    "utf-8": "not declared",
    "utf-16": "UTF-16 pattern",
    "iso-2022": "escape sequences",
    "detected": "detected",
    "chosen": "chosen by you",
}


def describe_encoding(encoding: str, how: str | None, guessed: bool) -> str:
    """"UTF-8 (declared by the file)", "windows-1250 (guessed, low confidence)"."""
    label = "guessed, low confidence" if guessed else HOW_LABELS.get(how or "", how or "")
    return display_name(encoding) + (f" ({label})" if label else "")


# Sequences a codec could not read, by byte offset: a thread-local list the error handler
# below fills while one decode runs.
_INVALID = threading.local()


def _record_invalid(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    found = getattr(_INVALID, "offsets", None)
    if found is not None:
        found.append(error.start)
    return "\ufffd", error.end


codecs.register_error("nkcase-invalid", _record_invalid)


def decode_replacing(data: bytes, encoding: str) -> tuple[str, list[int]]:
    """Decode with every invalid sequence as U+FFFD; the byte offset of each."""
    _INVALID.offsets = []
    try:
        text = data.decode(encoding, "nkcase-invalid")
        return text, list(_INVALID.offsets)
    finally:
        _INVALID.offsets = None


def fails_badly(text: str, invalid: int) -> bool:
    """Whether bytes are too damaged for the encoding to be the right one.

    A few bad sequences among characters the encoding reads fine is damage to a right
    encoding (a character cut short); bad sequences with few good non-ASCII characters around
    them mean the encoding is wrong (a windows-1252 page declared as UTF-8)."""
    if invalid == 0:
        return False
    good = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return invalid > MAX_INVALID or good < MIN_GOOD_PER_INVALID * invalid


MAX_INVALID = 64
MIN_GOOD_PER_INVALID = 4


def describe_invalid(offsets: list[int], encoding: str) -> str:
    """ "2 invalid byte sequences replaced at bytes 97,100 and 97,101" (the first few)."""
    count = len(offsets)
    shown = [f"{at:,}" for at in offsets[:MAX_LISTED]]
    if count == 1:
        where = f"at byte {shown[0]}"
    elif count <= MAX_LISTED:
        where = "at bytes " + "; ".join(shown[:-1]) + " and " + shown[-1]
        if count == 2:
            where = f"at bytes {shown[0]} and {shown[1]}"
    else:
        where = "at bytes " + "; ".join(shown) + f" and {count - MAX_LISTED} more"
    noun = "sequence" if count == 1 else "sequences"
    return f"{count} invalid {_label(encoding)} byte {noun} replaced {where} (shown as \ufffd)"


MAX_LISTED = 5


def _label(encoding: str) -> str:
    return display_name(encoding)


def display_name(encoding: str) -> str:
    """A codec name as people write it: "utf_8" → "UTF-8", "cp1252" → "windows-1252"."""
    name = codecs.lookup(encoding).name if _known(encoding) else encoding
    special = {"utf-8": "UTF-8", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}
    if name in special:
        return special[name]
    if name.startswith("cp12"):
        return "windows-" + name[2:]
    if name.startswith("iso8859-"):
        return "ISO-8859-" + name[8:]
    return name.upper().replace("_", "-") if name.startswith(("utf", "iso", "koi")) else name


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def decode(data: bytes, declared: str | None = None, *, forced: str | None = None) -> Decoded:
    """Decode ``data`` (see the module docstring). Raises IngestError for binary data, and
    for an unknown ``forced`` encoding."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    if forced:
        return _forced(data, forced)
    bom = _bom(data)
    if bom:
        name, skip = bom
        text, invalid = decode_replacing(data[skip:], name)
        if fails_badly(text, len(invalid)):
            raise IngestError(f"the text is damaged: invalid {display_name(name)} after its BOM")
        warnings = [describe_invalid([o + skip for o in invalid], name)] if invalid else []
        return Decoded(text, name, "bom", warnings=warnings)
    notes: list[str] = []
    if declared:
        declared_name = canonical(declared)
        if declared_name:
            text, invalid = decode_replacing(data, declared_name)
            if not fails_badly(text, len(invalid)):
                warnings = [describe_invalid(invalid, declared_name)] if invalid else []
                return Decoded(text, declared_name, "declared", warnings=warnings)
            notes.append(
                f"the file declares {display_name(declared_name)} but {len(invalid)} of its "
                "byte sequences are not valid in it"
            )
        else:
            notes.append(f"the file declares an unknown charset “{declared}”")
    found = _undeclared(data)
    if notes:
        found.warnings[:0] = [notes[0] + f"; read as {display_name(found.encoding)} instead"]
    return found


def describe_decoding(metadata: DocumentMetadata, decoded: Decoded) -> None:
    """Record how the bytes were decoded in the metadata the text version keeps."""
    metadata.encoding = decoded.encoding
    metadata.extra["encoding_how"] = decoded.how
    if decoded.guessed:
        metadata.extra["encoding_guessed"] = "yes"


def _forced(data: bytes, forced: str) -> Decoded:
    name = canonical(forced)
    if name is None:
        raise IngestError(f"unknown text encoding “{forced}”")
    bom = _bom(data)
    skip = bom[1] if bom and bom[0] == name else 0
    text, invalid = decode_replacing(data[skip:], name)
    warnings = [describe_invalid([o + skip for o in invalid], name)] if invalid else []
    return Decoded(text, name, "chosen", warnings=warnings)


def _undeclared(data: bytes) -> Decoded:
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16, "utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError("binary data, not text: the file contains NUL bytes")
    escaped = _iso2022(data)
    if escaped:
        try:
            return Decoded(data.decode(escaped), escaped, "iso-2022")
        except UnicodeDecodeError:
            pass
    text, invalid = decode_replacing(data, "utf-8")
    if not fails_badly(text, len(invalid)):
        return Decoded(
            text, "utf-8", "utf-8", warnings=[describe_invalid(invalid, "utf-8")] if invalid else []
        )
    from nkcase.ingest.detection import detect  # imports charset-normalizer

    return detect(data)
