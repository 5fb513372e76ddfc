"""Where the names of a casebook's entities occur in a text (quote suggestions only).

Matching is case- and diacritic-insensitive (via :mod:`nkcase.textfold`), ignores the hyphens,
apostrophes and spaces that romanised Korean names are written with in so many ways ("Ra
Kyong-su", "RA KY'ONG-SU", "Ra Kyongsu"), and knows the common romanisation variants
(o/ŏ/eo, u/ŭ/eu, Kyong/Kyung, Ri/Rhee/Lee/Yi, Pak/Park/Bak, Kim/Gim, Choe/Choi, Jong/Chong...;
see :mod:`nkcase.mentions.romanisation`). Latin names match whole words only ("Kim" is not
found in "Kimberly"); names in Hangul, Han or kana match as substrings (particles attach to
them: 평양옥류관에서).
"""

from nkcase.mentions.finder import Mention, NameEntry, find_mentions, name_key
from nkcase.mentions.romanisation import canonical_token

__all__ = ["Mention", "NameEntry", "canonical_token", "find_mentions", "name_key"]
