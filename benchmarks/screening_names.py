"""Generated list names for the screening benchmark: Korean, Chinese, Russian and Latin names
as sanctions lists write them (DPRK romanisation with Hangul originals, pinyin with Han
characters, transliterated Russian with Cyrillic, Latin names with middle names), vessels
with IMO numbers, and screened names that are variants of listed ones (another
romanisation, another order, Hangul without spaces) or unrelated.

Deterministic (seeded), so runs compare.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from nkcase.screening.records import DateRange, Identifier, ListRecord, RecordName
from nkcase.vocabulary import korean
from nkcase.vocabulary.identifiers import imo_check_digit

# (Hangul, weight): the commonest family names, roughly as frequent as in Korea.
KOREAN_FAMILIES = (
    ("김", 21),
    ("리", 15),
    ("박", 8),
    ("최", 5),
    ("정", 4),
    ("강", 2),
    ("조", 2),
    ("윤", 2),
    ("장", 2),
    ("림", 2),
    ("한", 2),
    ("오", 1),
    ("서", 1),
    ("신", 1),
    ("권", 1),
    ("황", 1),
    ("안", 1),
    ("송", 1),
    ("전", 1),
    ("홍", 1),
    ("류", 1),
    ("고", 1),
    ("문", 1),
    ("량", 1),
    ("손", 1),
    ("배", 1),
    ("백", 1),
    ("허", 1),
    ("남", 1),
    ("로", 1),
    ("하", 1),
    ("현", 1),
    ("태", 1),
    ("방", 1),
)
GIVEN_SYLLABLES = (
    "철수영호일남성광명혁국진용선희경옥순정은원봉춘학길준석만식동혁룡해택덕규민현복실향미"
)
CHINESE_FAMILIES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
)
CHINESE_GIVEN = (
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("丽", "Li"),
    ("强", "Qiang"),
    ("磊", "Lei"),
    ("军", "Jun"),
    ("洋", "Yang"),
    ("勇", "Yong"),
    ("艳", "Yan"),
    ("杰", "Jie"),
    ("涛", "Tao"),
    ("明", "Ming"),
    ("超", "Chao"),
    ("平", "Ping"),
    ("刚", "Gang"),
    ("辉", "Hui"),
    ("鹏", "Peng"),
)
RUSSIAN_FIRST = (
    ("Александр", "Aleksandr"),
    ("Сергей", "Sergey"),
    ("Дмитрий", "Dmitriy"),
    ("Андрей", "Andrey"),
    ("Алексей", "Aleksey"),
    ("Иван", "Ivan"),
    ("Михаил", "Mikhail"),
    ("Олег", "Oleg"),
    ("Игорь", "Igor"),
    ("Владимир", "Vladimir"),
    ("Юрий", "Yuriy"),
    ("Николай", "Nikolay"),
)
RUSSIAN_LAST = (
    ("Иванов", "Ivanov"),
    ("Смирнов", "Smirnov"),
    ("Кузнецов", "Kuznetsov"),
    ("Попов", "Popov"),
    ("Васильев", "Vasilyev"),
    ("Петров", "Petrov"),
    ("Соколов", "Sokolov"),
    ("Михайлов", "Mikhaylov"),
    ("Новиков", "Novikov"),
    ("Федоров", "Fedorov"),
    ("Морозов", "Morozov"),
    ("Волков", "Volkov"),
    ("Алексеев", "Alekseyev"),
    ("Лебедев", "Lebedev"),
    ("Семенов", "Semenov"),
)
PATRONYMICS = (
    "Aleksandrovich",
    "Sergeyevich",
    "Ivanovich",
    "Petrovich",
    "Nikolayevich",
    "Vladimirovich",
    "Mikhaylovich",
    "Yuryevich",
)
LATIN_FIRST = (
    "John",
    "Maria",
    "Ahmed",
    "Mohammed",
    "Carlos",
    "Anna",
    "Peter",
    "Fatima",
    "Jose",
    "Ali",
    "David",
    "Sara",
    "Omar",
    "Luis",
    "Elena",
    "Hassan",
    "Paul",
    "Ana",
)
LATIN_LAST = (
    "Smith",
    "Garcia",
    "Rodriguez",
    "Hassan",
    "Khan",
    "Martin",
    "Silva",
    "Lopez",
    "Brown",
    "Ahmadi",
    "Gonzalez",
    "Rahman",
    "Wilson",
    "Perez",
    "Ali",
    "Hussein",
    "Fernandez",
    "Santos",
    "Nguyen",
    "Tan",
    "Lim",
    "Wong",
    "Sanchez",
    "Morales",
)
ORG_WORDS = (
    "Trading",
    "Shipping",
    "General",
    "Industrial",
    "Development",
    "Commercial",
    "Mining",
    "Investment",
    "Maritime",
    "Technology",
    "International",
    "Import Export",
)
ORG_FORMS = ("Corporation", "Co., Ltd.", "Company", "LLC", "Group", "Limited", "JSC")


def _dprk(hangul: str) -> str:
    """DPRK-style romanisation: McCune–Reischauer without marks, syllables spaced."""
    return " ".join(korean.romanise_syllable(c, "mr").replace("'", "") for c in hangul).upper()


def _fold_marks(text: str) -> str:
    return text.replace("ŏ", "o").replace("ŭ", "u").replace("'", "")


def korean_name(rng: random.Random) -> tuple[str, str]:
    """(Hangul, DPRK romanisation) of a Korean person, family name first."""
    families = [f for f, _ in KOREAN_FAMILIES]
    weights = [w for _, w in KOREAN_FAMILIES]
    family = rng.choices(families, weights)[0]
    given = "".join(rng.choice(GIVEN_SYLLABLES) for _ in range(rng.choice((2, 2, 2, 1))))
    hangul = family + given
    return hangul, f"{_dprk(family)} {_dprk(given)}"


def korean_variant(hangul: str, rng: random.Random) -> str:
    """Another way the same name is written: RR, MR, reversed, or Hangul with or without a
    space."""
    family, given = korean.split_hangul_name(hangul)
    kind = rng.randrange(5)
    if kind == 0:
        return hangul
    if kind == 1:
        return f"{family} {given}"
    if kind == 2:
        rr_given = "".join(korean.romanise_syllable(c, "rr") for c in given).capitalize()
        spellings = korean.SURNAME_SPELLINGS.get(family, frozenset({"x"}))
        return f"{sorted(spellings)[-1].capitalize()} {rr_given}"
    mr_given = "-".join(_fold_marks(korean.romanise_syllable(c, "mr")) for c in given)
    mr_family = _fold_marks(korean.romanise_syllable(family[0], "mr")).capitalize()
    if kind == 3:
        return f"{mr_family} {mr_given.capitalize()}"
    return f"{mr_given.capitalize()} {mr_family}"


def _imo(rng: random.Random) -> str:
    six = f"{rng.randrange(100000, 999999)}"
    return f"IMO{six}{imo_check_digit(six)}"


def generate_records(total_names: int, seed: int = 7) -> Iterator[ListRecord]:
    """List records until ``total_names`` names have been written."""
    rng = random.Random(seed)
    written = 0
    number = 0
    while written < total_names:
        number += 1
        kind = rng.random()
        identifiers: tuple[Identifier, ...] = ()
        births: tuple[DateRange, ...] = ()
        countries: tuple[str, ...] = ()
        schema = "Person"
        if kind < 0.45:
            hangul, latin = korean_name(rng)
            names = [
                RecordName(latin, parts=tuple(latin.split())),
                RecordName(hangul, script="Hang"),
            ]
            if rng.random() < 0.3:
                _, alias = korean_name(rng)
                names.append(RecordName(alias, "weakAlias"))
            countries = ("kp",)
            year = str(rng.randrange(1940, 2000))
            births = (DateRange(year, year),)
        elif kind < 0.6:
            (fh, fl), (g1h, g1l) = rng.choice(CHINESE_FAMILIES), rng.choice(CHINESE_GIVEN)
            names = [RecordName(f"{fl} {g1l}"), RecordName(fh + g1h, script="Hani")]
            countries = ("cn",)
        elif kind < 0.75:
            (f_cyr, f_lat), (l_cyr, l_lat) = rng.choice(RUSSIAN_FIRST), rng.choice(RUSSIAN_LAST)
            names = [
                RecordName(f"{f_lat} {rng.choice(PATRONYMICS)} {l_lat}"),
                RecordName(f"{f_cyr} {l_cyr}", "alias", script="Cyrl"),
            ]
            countries = ("ru",)
        elif kind < 0.88:
            names = [RecordName(f"{rng.choice(LATIN_FIRST)} {rng.choice(LATIN_LAST)}")]
        elif kind < 0.96:
            schema = "Company"
            _, core = korean_name(rng)
            core = core.title().replace(" ", "") if rng.random() < 0.5 else rng.choice(LATIN_LAST)
            names = [RecordName(f"{core} {rng.choice(ORG_WORDS)} {rng.choice(ORG_FORMS)}")]
        else:
            schema = "Vessel"
            _, core = korean_name(rng)
            names = [RecordName(f"{core} {rng.randrange(1, 20)}")]
            identifiers = (Identifier("imo", _imo(rng)),)
        written += len(names)
        yield ListRecord(
            f"R{number}",
            schema,
            tuple(names),
            reference=f"GEN.{number}",
            birth_dates=births,
            countries=countries,
            identifiers=identifiers,
        )


def screened_names(records: list[ListRecord], count: int, seed: int = 11) -> list[tuple[str, str]]:
    """(schema, name) to screen: a third variants of listed Korean names, the rest new names."""
    rng = random.Random(seed)
    koreans = [
        r
        for r in records
        if r.schema == "Person" and len(r.names) > 1 and r.names[1].script == "Hang"
    ]
    out: list[tuple[str, str]] = []
    for index in range(count):
        if index % 3 == 0 and koreans:
            out.append(("Person", korean_variant(rng.choice(koreans).names[1].full, rng)))
        elif index % 3 == 1:
            out.append(("Person", korean_name(rng)[rng.randrange(2)]))
        else:
            out.append(("Person", f"{rng.choice(LATIN_FIRST)} {rng.choice(LATIN_LAST)}"))
    return out
