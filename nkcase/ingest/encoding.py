"""Decode the bytes of text files and HTML pages: BOMs, declared charsets, detection.

Order for plain text: BOM (UTF-8, UTF-16 LE/BE, UTF-32), UTF-16 without BOM (the pattern of
NUL bytes), ISO-2022 escape sequences, UTF-8 (strict), then charset-normalizer. A declared
charset (HTML ``<meta>``, a MIME part) is tried after the BOM and before detection. Legacy
labels are widened to the superset browsers use (EUC-KR → CP949, Shift_JIS → CP932, GB2312 →
GB18030, ISO-8859-1 → windows-1252), as the WHATWG Encoding standard prescribes.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from charset_normalizer import from_bytes

from nkcase.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_COMMON = {
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


def _detect(data: bytes) -> Any:
    """charset-normalizer's guess, refined: among the candidates nearly as clean as the best
    (chaos within 0.1), take a common code page over an exotic one (Windows over Mac/DOS
    variants), then the most coherent with the language it found. On short texts the
    cleanest guess alone is often a rare code page (cp1257 for French)."""
    results = list(from_bytes(data))
    if not results:
        return None
    least_chaos = min(r.chaos for r in results)
    close = [r for r in results if r.chaos <= least_chaos + 0.1]
    return max(close, key=lambda r: (r.encoding in _COMMON, r.coherence, -r.chaos))


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. Raises IngestError for binary data."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    bom = _bom(data)
    if bom:
        name, skip = bom
        try:
            return data[skip:].decode(name), name
        except UnicodeDecodeError as exc:
            raise IngestError(f"the text is damaged: invalid {name} after its BOM") from exc
    if declared:
        declared_name = canonical(declared)
        if declared_name:
            try:
                return data.decode(declared_name), declared_name
            except UnicodeDecodeError:
                pass  # the declaration lies; detect instead
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError("binary data, not text: the file contains NUL bytes")
    escaped = _iso2022(data)
    if escaped:
        try:
            return data.decode(escaped), escaped
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = _detect(data)
    if best is None or best.encoding is None:
        raise IngestError("binary data, not text: no text encoding fits the bytes")
    best_name = canonical(best.encoding) or str(best.encoding)
    try:
        return data.decode(best_name), best_name
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding
