"""Rejoin words hyphenated at a line end in PDF text ("sanc-⏎tions" → "sanctions").

Only a hyphen that ends a line and is followed by a word on the next line is considered. The
line break always goes (the word is made whole so search and quotes find it); the hyphen goes
only when it was a typesetter's hyphen:

* a soft hyphen (U+00AD) always goes;
* the hyphen stays before a capital ("Indo-⏎Pacific") or a digit, and in names and compounds
  the word lists do not know joined ("Kim Jong-⏎un", "re-⏎emerges", "long-⏎term");
* it goes when the joined word is common (Zipf ≥ 3), or known (Zipf ≥ 2) while one side is
  not a word by itself ("sanc" + "tions"), in a word list of the document's languages. With
  no word list for them (Vietnamese, Russian...), every hyphen stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nkcase.ingest.edits import Edit
from nkcase.ingest.repair.lexicon import Lexicon

KIND = "hyphenation"
# Anchored on the hyphen and line break (cheap to find); the words around are read after.
# A letter before the hyphen, a letter or digit after the break. The pattern starts with the
# hyphen itself (the letter before it is checked by a look-behind over both) so that the
# regular expression engine skips ahead to the next hyphen rather than trying every position:
# the same matches as "(?<=[^\W\d_])([-\u2010\u00ad])…", five times faster on a book.
_HYPHEN_BREAK = re.compile(
    r"([-\u2010\u00ad])(?<=[^\W\d_][-\u2010\u00ad])[ \t]*\n(?:[ \t]*\n)?[ \t]*(?=[^\W_])"
)
# The word before the hyphen: the letters just before it (at most 64), matched on the text
# before the hyphen read backwards, which finds them at once where a search for
# "[^\W\d_]+$" tries every start position in front of them (most of this stage's time).
_LETTERS = re.compile(r"[^\W\d_]+")
_LOOK_BACK = 64
_WORD_START = re.compile(r"[^\W_]+")


def drop_hyphen(left: str, hyphen: str, right: str, lexicons: Sequence[Lexicon]) -> bool:
    if hyphen == "\u00ad":
        return True
    if right[0].isdigit() or (right[0].isupper() and not left.isupper()):
        return False
    for lexicon in lexicons:
        joined = lexicon.zipf(left + right)
        if joined >= 3.0:
            return True
        one_side_fragment = not lexicon.is_word(left.lower()) or not lexicon.is_word(right.lower())
        if (
            joined >= 2.0
            and one_side_fragment
            and (lexicon.zipf(left) < 2.5 or lexicon.zipf(right) < 2.5)
        ):
            return True
    return False


def hyphenation_edits(text: str, lexicons: Sequence[Lexicon]) -> list[Edit]:
    """Edits that rejoin line-end hyphenation; each replaces the whole hyphenated word."""
    if "\n" not in text:
        return []
    edits: list[Edit] = []
    for match in _HYPHEN_BREAK.finditer(text):
        hyphen = match.group(1)
        at = match.start()
        before = _LETTERS.match(text[max(0, at - _LOOK_BACK) : at][::-1])
        after = _WORD_START.match(text, match.end())
        if before is None or after is None:
            continue
        left, right = text[at - before.end() : at], after.group()
        if right.isdigit():
            continue  # "COVID-⏎19" style or a list: leave the layout alone
        keep = "" if drop_hyphen(left, hyphen, right, lexicons) else hyphen
        edits.append(Edit(at - len(left), after.end(), left + keep + right, KIND))
    return edits
