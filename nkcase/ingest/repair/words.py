"""How much a token looks like a real English word, shared by the word-level repairs."""

from __future__ import annotations

from nkcase.ingest.repair.lexicon import Lexicon

# Genuine short English words. Web word lists also rank fragments such as "er", "se", "en",
# "ng" or "c" high; in text damaged by lost ligatures those are usually pieces of words, so a
# short token outside this set counts as suspicious.
_COMMON_SHORT_WORDS = """
    a i o ad ah am an as at aw be by do eh go he hi if in is it me my no of oh ok on or ox so
    to up us we ye ace act add age ago aid aim air all and ant any ape apt arc are ark arm art
    ash ask ate awe axe bad bag ban bar bat bay bed bee beg bet bid big bin bit bow box boy
    bud bug bus but buy bye cab can cap car cat cow cry cub cup cut dad day den dew did die
    dig dim dip dog dot dry due dug dye ear eat egg ego elf elm end era eve eye fan far fat
    fax fed fee few fig fin fit fix flu fly foe fog for fox fry fun fur gap gas gel gem get
    gig gin god got gum gun gut guy gym had ham has hat hay hem hen her hid him hip his hit
    hog hop hot how hub hue hug hum hut ice icy ill ink inn ion its ivy jam jar jaw jet job
    jog joy jug key kid kin kit lab lad lap law lay led leg let lid lie lip lit log lot low
    mad man map mat may men met mid mix mob mod mom mop mud mug nap net new nil nod nor not
    now nun nut oak oar oat odd off oil old one opt orb ore our out owe owl own pad pal pan
    pat paw pay pea peg pen per pet pie pig pin pit ply pod pop pot pro pub pun pup put rag
    ram ran rat raw ray red rib rid rig rim rip rob rod rot row rub rug rum run rut sad sag
    sat saw say sea see set sew she shy sin sip sir sit six ski sky sly sob son sow soy spa
    spy sue sum sun tab tag tan tap tar tax tea ten the tie tin tip toe ton too top tot tow
    toy try tub tug two use van vat vet via vow wag war was wax way web wed wet who why wig
    win wit woe won wow yes yet you zoo mr mrs ms dr st vs un uk eu us
"""
COMMON_SHORT = frozenset(_COMMON_SHORT_WORDS.split())


def is_suspicious(token: str, lexicon: Lexicon) -> bool:
    """True when ``token`` may be a fragment of a word rather than a word."""
    lower = token.lower()
    if len(lower) <= 3:
        return lower not in COMMON_SHORT
    return lexicon.zipf(lower) < 3.0


def word_logprob(token: str, lexicon: Lexicon) -> float:
    """log10 probability of ``token`` as a word; fragments and unknown tokens score low."""
    lower = token.lower()
    zipf = lexicon.zipf(lower)
    if len(lower) <= 3 and lower not in COMMON_SHORT:
        zipf -= 3.0
    return max(zipf, -1.0) - 9.0
