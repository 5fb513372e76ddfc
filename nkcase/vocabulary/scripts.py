"""Which writing system a name is in (ISO 15924), so case files can show names by script."""

from __future__ import annotations

import unicodedata

# Unicode name prefixes → ISO 15924 codes.
_PREFIXES = (
    ("HANGUL", "Hang"),
    ("CJK", "Hani"),
    ("HIRAGANA", "Jpan"),
    ("KATAKANA", "Jpan"),
    ("CYRILLIC", "Cyrl"),
    ("ARABIC", "Arab"),
    ("HEBREW", "Hebr"),
    ("THAI", "Thai"),
    ("LAO", "Laoo"),
    ("KHMER", "Khmr"),
    ("MYANMAR", "Mymr"),
    ("GREEK", "Grek"),
    ("DEVANAGARI", "Deva"),
    ("LATIN", "Latn"),
)


def char_script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zzzz"


def detect_script(text: str) -> str:
    """The script of ``text``: "Latn", "Hang", "Hani"...; "Zmix" for several, "Zyyy" for none.

    Japanese mixes kana with Han characters and counts as "Jpan"; Korean text that mixes Hangul
    with Hanja counts as "Kore".
    """
    found = {s for s in (char_script(c) for c in text) if s is not None}
    if not found:
        return "Zyyy"
    if len(found) == 1:
        return found.pop()
    if found <= {"Jpan", "Hani"}:
        return "Jpan"
    if found <= {"Hang", "Hani"}:
        return "Kore"
    return "Zmix"
