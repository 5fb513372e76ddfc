"""Which facts of an entity screening reads besides its names: a family name, birth dates,
countries and identifiers (``services/screening_inputs.py`` makes a subject of them).

A candidate's features quote these values ("born 1964 = 1964", "passport PS123 = PS123"), so
a handling level that withholds one of them withholds the entity's candidates too, by the one
rule (``services/candidate_levels.py``, and the team store's policy in ``store/pg_levels.py``).
"""

from __future__ import annotations

FAMILY_PROP = "lastName"
BIRTH_PROP = "birthDate"
COUNTRY_PROPS = ("nationality", "country", "flag", "jurisdiction", "mainCountry")
#: FtM property → the identifier kind the lists use.
IDENTIFIER_PROPS = {
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "passportNumber": "passport",
    "registrationNumber": "registration",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "callSign": "call_sign",
}
#: Every fact property beside the names whose value may reach a candidate's features.
SCREENED_PROPS: tuple[str, ...] = (FAMILY_PROP, BIRTH_PROP, *COUNTRY_PROPS, *IDENTIFIER_PROPS)
