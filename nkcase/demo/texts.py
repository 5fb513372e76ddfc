"""The words of the demo casebook: every document's prose and the passages the demo quotes.

All of it is invented for the demonstration and says so. The general pattern is real and public
(state-run North Korean restaurants in South-East Asian capitals, a trading company that
supplies them, a tanker that disappears for ship-to-ship transfers), but the restaurants, the
company, the ship, its IMO number and the people named here are fictional.

The quoted passages are constants that the documents embed verbatim, so the builder can never
quote something a document does not say. The PDF prose writes "fi" and "fl" as the ligature
characters U+FB01 and U+FB02 (see :func:`ligate`); the builder finds its quotes in the frozen
text whether or not the ingest repair turned them back into two letters.
"""

from __future__ import annotations

DEMO_NOTICE = "nkcase demo — fictional case material, not a real investigation"

# -- names (one place, so documents and entities agree) ---------------------------------------
RUNGRA = "Pyongyang Rungra Restaurant"
RUNGRA_HANGUL = "평양릉라식당"
SONAMU = "Pyongyang Sonamu Restaurant"
SONAMU_HANGUL = "평양소나무식당"
TAEDONG = "Taedonggang House"
TAEDONG_HANGUL = "대동강관"
CRANE = "Silver Crane Trading Co., Ltd."
CRANE_HANGUL = "은학무역"
VESSEL = "Blue Lantern"
VESSEL_OLD_NAME = "Golden Reed"
VESSEL_IMO = "8612342"
KIM = "Kim Song-chol"
KIM_HANGUL = "김성철"
RI = "Ri Hye-gyong"
RI_HANGUL = "리혜경"
RI_CAPS = "RI HYE GYONG"
ADDRESS = "41 Soi Demo 7, Khlong Toei, Bangkok 10110"


def imo_check_digit(first_six: str) -> int:
    """The IMO number's seventh digit: the weighted sum (weights 7..2) of the first six, mod 10."""
    return sum(int(d) * w for d, w in zip(first_six, range(7, 1, -1), strict=True)) % 10


def ligate(text: str) -> str:
    """Write "fi" and "fl" as the typographic ligature characters, as some PDF producers do."""
    return text.replace("fi", "\ufb01").replace("fl", "\ufb02")


# -- 1. field report (DOCX) -------------------------------------------------------------------
FIELD_REPORT_TITLE = "Field report FR-07: dinner at a Korean restaurant in Bangkok"
FR_VISIT = (
    f"On 14 March 2023 two members of the team ate dinner at the {RUNGRA}, {ADDRESS}."
)
FR_SIGN = f"The sign above the door reads {RUNGRA_HANGUL} in red letters on a white board."
FR_MANAGER = (
    f"The manager introduced himself as {KIM} and said he had run the dining room since 2019."
)
FR_VAN = (
    "A delivery van marked Silver Crane Trading unloaded frozen fish and crates of bottled "
    "soju at the back door while we were eating."
)
FIELD_REPORT_PARAGRAPHS = (
    FR_VISIT,
    FR_SIGN,
    FR_MANAGER + " He spoke Thai with the kitchen staff and Korean with the waitresses.",
    FR_VAN + " The driver did not speak to the staff and left after ten minutes.",
    "Staff took payment in cash only; the card terminal on the counter was covered with a "
    "cloth. A set dinner for two cost 2,400 baht.",
)
FIELD_REPORT_TABLE = (
    ("Observation", "Detail"),
    ("Sign (Hangul)", RUNGRA_HANGUL),
    ("Staff seen", "six waitresses, one manager, two cooks"),
    ("Opening hours", "11:00–22:00, every day"),
    ("Payment", "cash only"),
)
FR_PATTERN = (
    "The menu, the evening singing and the uniforms matched the pattern of other North Korean "
    "state-run restaurants in the region."
)

# -- 2. shipping review (PDF, typeset with ligature characters) --------------------------------
PDF_TITLE = "Regional shipping review: one tanker and its owners"
PDF_PUBLISHER = "Demo Maritime Monitor"
PDF_IMO = f"The tanker {VESSEL} (IMO {VESSEL_IMO}) sails under the flag of Togo."
PDF_OLD_NAME = f"Until 2019 she was called {VESSEL_OLD_NAME} and flew the flag of Sierra Leone."
PDF_DARK = (
    f"Ship-tracking data show that {VESSEL} switched off her transponder for nine days in "
    "October 2022 and reappeared with a lower draught"
)
PDF_RENAMED = (
    f"Registry records show that she was renamed {VESSEL} in March 2019, when she was also "
    "reflagged to Togo."
)
PDF_DARK_DATES = (
    "Her last position before the gap was reported on 3 October 2022 in the Gulf of Tonkin; "
    "the next one came on 12 October 2022."
)
PDF_STS = "reappeared with a lower draught, which suggests a ship-to-ship transfer at sea"
PDF_OWNER = (
    f"Registry filings name {CRANE} as the registered owner of {VESSEL} since June 2018."
)
PDF_DIRECTOR = (
    f"The office of Silver Crane Trading in Bangkok is run by its director, {RI}, who also "
    "signs the company's financial statements."
)
PDF_PAGES: tuple[tuple[str, ...], ...] = (
    (
        "This fictional briefing was written for the nkcase demonstration casebook. It follows "
        "one oil tanker, the company that owns it and the restaurants that company supplies.",
        PDF_IMO + " " + PDF_OLD_NAME + " " + PDF_RENAMED,
        "Small tankers of this size, about 2,000 gross tonnes, are typical of the fleet used "
        "for transfers of refined oil products at sea. They are old, cheap to insure under a "
        "flag of convenience and easy to re-register when a name attracts attention.",
        "Port state inspections of the vessel in 2017 and 2018 found deficiencies in her fire "
        "fighting equipment and in her logbooks, but no detention was ordered.",
    ),
    (
        PDF_DARK + ", which suggests a ship-to-ship transfer at sea. " + PDF_DARK_DATES,
        "Satellite images of the area where she went dark show two vessels of similar size side "
        "by side, with fenders between them, on two separate days. The images are not sharp "
        "enough to read a name or a hull number.",
        "A gap in transponder data alone proves nothing: receivers fail and crews switch off "
        "transponders in waters with piracy. It is the combination of the gap, the change of "
        "draught and the images that justifies a closer look.",
    ),
    (
        PDF_OWNER,
        PDF_DIRECTOR,
        "The company describes itself as a food and beverage wholesaler. Its filings list "
        "frozen seafood, soft drinks and kitchen equipment, and no shipping business at all.",
        "Recommendation: ask the flag registry for the ownership history of the vessel and "
        "compare the company's declared turnover with the cost of running a tanker.",
    ),
)

# -- 3. saved news page (HTML) -----------------------------------------------------------------
NEWS_TITLE = "Korean restaurant near Hoan Kiem Lake shuts its doors"
NEWS_SITE = "The Mekong Ledger (demo)"
NEWS_AUTHOR = "Demo Reporter"
NEWS_PUBLISHED = "2020-06-12"
NEWS_URL = "https://news.example.org/2020/06/hanoi-korean-restaurant-closes"
NEWS_CLOSED = (
    f"The {TAEDONG}, a North Korean restaurant a short walk from Hoan Kiem Lake in Hanoi, "
    "closed in June 2020, according to neighbours."
)
NEWS_SISTER = (
    f"Its sister venue in Laos, the {SONAMU} in Vientiane, is also said to have shut."
)
NEWS_PARAGRAPHS = (
    NEWS_CLOSED,
    "A shopkeeper next door said the waitresses had left in small groups over several weeks, "
    "and that the kitchen had stopped taking deliveries in May.",
    NEWS_SISTER + " Calls to the number printed on its menu went unanswered.",
    "Restaurants of this kind have for years been a modest but steady source of foreign "
    "currency for Pyongyang. Several closed across the region after 2017.",
    "This article was written for the nkcase demonstration and describes fictional places.",
)

# -- 4. protected debrief (plain UTF-8 text) ---------------------------------------------------
DEBRIEF_TITLE = "Debrief of confidential source KESTREL"
DEBRIEF_CASH = (
    f"KESTREL said that {RI} comes to the Rungra restaurant once a month to collect the cash "
    "takings, which are then carried to the Silver Crane office."
)
DEBRIEF_SHIP = f"KESTREL called the tanker {VESSEL} the company’s “only real asset”."
DEBRIEF_TEXT = "\n".join(
    (
        f"{DEBRIEF_TITLE} — Bangkok, 2 April 2023",
        DEMO_NOTICE,
        "",
        "Handling: PROTECTED. This note can identify the source; keep it out of shared dossiers.",
        "",
        DEBRIEF_CASH,
        "",
        DEBRIEF_SHIP + " The source did not know where the ship is now.",
        "",
        "KESTREL has given accurate information twice before (see earlier notes); this account "
        "was not yet corroborated at the time of writing.",
        "",
    )
)

# -- 5. Korean news brief (EUC-KR) -------------------------------------------------------------
KOREAN_TITLE = "비엔티안의 평양소나무식당 영업 중단"
KOREAN_CLOSED = f"라오스 비엔티안에 있던 {SONAMU_HANGUL}이 2020년 봄에 문을 닫았다."
KOREAN_TEXT = "\n".join(
    (
        KOREAN_TITLE,
        "",
        KOREAN_CLOSED,
        "이 식당은 북한 종업원들이 저녁마다 노래 공연을 하는 곳으로 알려져 있었다.",
        "인근 상인들은 식당 간판이 내려진 뒤로 종업원들을 보지 못했다고 말했다.",
        "식당에 식자재를 납품하던 회사가 어디인지는 확인되지 않았다.",
        "",
        "이 글은 nkcase 시연을 위해 만든 가상의 자료이다.",
        "",
    )
)
