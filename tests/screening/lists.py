"""The list files the tests read (tests/data/lists; their origins are in its README.md)."""

from __future__ import annotations

from pathlib import Path

LISTS = Path(__file__).resolve().parent.parent / "data" / "lists"
UN_2024 = LISTS / "un" / "consolidated-2024-09-26-excerpt.xml"
UN_2026 = LISTS / "un" / "consolidated-2026-01-28-excerpt.xml"
OFAC_CSV = LISTS / "ofac-csv" / "sdn.csv"
OFAC_ADVANCED = LISTS / "ofac" / "advanced-excerpt.xml"
OFAC_CLASSIC = LISTS / "ofac" / "consolidated-classic-2026-01-08-excerpt.xml"
EU = LISTS / "eu" / "full-sanctions-list-excerpt.xml"
FTM_DPRK = LISTS / "ftm" / "dprk-composed.ftm.json"
FTM_YENTE = LISTS / "ftm" / "yente-t1-entities.ftm.json"
