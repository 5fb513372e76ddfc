"""Decoding that tells the truth: a declared charset with a few bad bytes is kept and the
bad bytes are reported; a wrong declaration or a weak detection says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkcase.errors import IngestError
from nkcase.ingest import ExtractOptions, extract
from nkcase.ingest.encoding import decode, describe_invalid

CORPUS = Path(__file__).resolve().parent.parent / "data" / "fidelity"
POLISH = (CORPUS / "pl_01_fundacja.txt").read_text(encoding="utf-8")
FRENCH = (CORPUS / "fr_02_histoire_louis.txt").read_text(encoding="utf-8")


def polish_page(*, declare: str = '<meta charset="utf-8">', cut: int = 1) -> bytes:
    """A saved Polish article, UTF-8, with ``cut`` multi-byte characters cut short."""
    paragraphs = "".join(f"<p>{p}</p>" for p in POLISH.split("\n\n"))
    page = (
        f"<!doctype html><html lang=pl><head>{declare}<title>Fundacja</title></head>"
        f"<body><article><h1>Fundacja</h1>{paragraphs}</article></body></html>"
    ).encode()
    for word in ("ataków", "Gdańsku")[:cut]:
        at = page.find(word.encode())
        wide = next(i for i, ch in enumerate(word) if ord(ch) > 127)
        cut_at = at + len(word[:wide].encode()) + 1  # "ó"/"ń" loses its second byte
        page = page[:cut_at] + page[cut_at + 1 :]
    return page


def test_a_utf8_page_with_one_bad_sequence_stays_utf8_with_a_warning() -> None:
    data = polish_page()
    doc = extract(data, "fundacja.html")
    assert doc.metadata.encoding == "utf-8"
    assert doc.metadata.extra["encoding_how"] == "declared"
    for word in ("Fundacja", "wspierać", "zorganizowała", "Gdańsku", "Śledczy", "hakerskich"):
        assert word in doc.text, word
    assert "atak\ufffdw" in doc.text and "Ã" not in doc.text
    at = data.find(b"atak") + 4
    assert doc.warnings == [
        f"1 invalid UTF-8 byte sequence replaced at byte {at:,} (shown as \ufffd)"
    ]


def test_two_bad_sequences_are_both_named() -> None:
    data = polish_page(cut=2)
    first, second = sorted((data.find(b"atak") + 4, data.find(b"Gda") + 3))
    doc = extract(data, "fundacja.html")
    assert doc.warnings == [
        f"2 invalid UTF-8 byte sequences replaced at bytes {first:,} and {second:,} "
        "(shown as \ufffd)"
    ]
    assert describe_invalid([97_100, 97_101], "utf-8").startswith(
        "2 invalid UTF-8 byte sequences replaced at bytes 97,100 and 97,101"
    )


def test_the_same_page_undeclared_or_as_text_is_still_utf8() -> None:
    data = polish_page(declare="")
    for name in ("fundacja.html", "fundacja.txt"):
        doc = extract(data, name)
        assert doc.metadata.encoding == "utf-8" and "Gdańsku" in doc.text
        assert len(doc.warnings) == 1 and "1 invalid UTF-8 byte sequence" in doc.warnings[0]


def test_an_xml_prolog_declares_the_charset() -> None:
    body = f"<html><body><article><p>{POLISH}</p></article></body></html>"
    data = b'<?xml version="1.0" encoding="windows-1250"?>' + body.encode("cp1250")
    doc = extract(data, "fundacja.xhtml")
    assert doc.metadata.encoding == "cp1250" and doc.metadata.extra["encoding_how"] == "declared"
    assert "Gdańsku" in doc.text and doc.warnings == []


def test_a_wrong_declaration_falls_back_to_detection_and_says_so() -> None:
    page = f'<html><head><meta charset="utf-8"></head><body><p>{FRENCH}</p></body></html>'
    doc = extract(page.encode("cp1252"), "louis.html")
    assert doc.metadata.encoding == "cp1252" and "négociants" in doc.text
    assert doc.metadata.extra["encoding_how"] == "detected"
    assert doc.warnings[0].startswith("the file declares UTF-8 but ")
    assert doc.warnings[0].endswith("read as windows-1252 instead")


def test_a_detection_without_evidence_says_it_is_a_guess() -> None:
    # Only names carry the non-ASCII letters: no word list can tell windows-1250 from ISO-8859-2.
    short = "Zapłata: Łukasz Wąs, Gdańsk."
    decoded = decode(short.encode("cp1250"))
    assert decoded.text == short and decoded.how == "detected" and decoded.guessed
    assert "low confidence" in decoded.warnings[0] and "Re-read as" in decoded.warnings[0]
    confident = decode(FRENCH.encode("cp1252"))
    assert confident.text == FRENCH and not confident.guessed and confident.warnings == []


# Undeclared legacy code pages, one short passage each (written for these tests): the reading
# in which the words are words wins, whatever charset-normalizer's first guess.
CODE_PAGE_TEXTS = [
    ("cp1252", "Le cœur du problème : « les échanges » coûtent 40 €. L’été dernier, la "
     "délégation a visité l’usine ; les ouvriers étaient payés en espèces par la société."),
    ("cp1252", "Le pétrolier a éteint son transpondeur près de la côte. L'enquête se poursuit, "
     "déjà."),
    ("cp1252", "Die Gesellschaft überwies Gelder an eine Stiftung in Österreich; Geschäftsführer "
     "war Herr Müller. Größere Beträge flossen später über Zürich."),
    ("iso8859_2", "Zakład Kowalskiego przelał środki fundacji; żadnych dokumentów nie złożono w "
     "sądzie, a zarząd milczał."),
    ("cp1250", "Zużycie paliwa wzrosło o 20%, a armator nie złożył wyjaśnień."),
    ("cp1251", "Компания перевела средства на счёт фонда в Москве. Директор отказался отвечать."),
    ("cp1253", "Το πλοίο άλλαξε σημαία και όνομα πριν από τη μεταφόρτωση."),
    ("cp949", "평양옥류관 방콕 지점은 2017년에 문을 닫았다. "
     "조선광선은행과 거래한 회사들이 조사를 받고 있다."),
    ("cp932", "日本の会社が送金した。担当者は取材に応じなかった。"),
    ("gb18030", "公司向基金会转账。负责人拒绝回答记者的问题。"),
]


@pytest.mark.parametrize(("encoding", "text"), CODE_PAGE_TEXTS)
def test_undeclared_code_pages_read_as_their_words(encoding: str, text: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert decoded.how == "detected" and not decoded.guessed, decoded.warnings


def test_a_latin_name_is_not_read_as_han_or_as_pound_signs() -> None:
    text = "Payment approved by Łukasz Wąs on Monday."
    decoded = decode(text.encode("cp1250"))
    assert decoded.text == text  # not "ㄆkasz W零" (big5) nor "£ukasz W¹s" (windows-1252)
    assert decoded.guessed  # two names are too little to be sure, and it says so


def test_a_chosen_encoding_is_used_and_recorded() -> None:
    data = POLISH.encode("iso8859_2")
    doc = extract(data, "fundacja.txt", options=ExtractOptions(encoding="iso-8859-2"))
    assert doc.text == POLISH
    assert doc.metadata.extra["encoding_how"] == "chosen"
    with pytest.raises(IngestError, match="unknown text encoding"):
        extract(data, "fundacja.txt", options=ExtractOptions(encoding="klingon-8"))


def test_a_bom_with_a_bad_sequence_keeps_its_encoding() -> None:
    data = b"\xef\xbb\xbf" + POLISH.encode()
    at = data.find("Gdańsku".encode()) + 4
    data = data[:at] + data[at + 1 :]  # "ń" loses its second byte
    doc = extract(data, "fundacja.txt")
    assert doc.metadata.encoding == "utf-8" and doc.metadata.extra["encoding_how"] == "bom"
    assert doc.warnings == [
        f"1 invalid UTF-8 byte sequence replaced at byte {at - 1:,} (shown as \ufffd)"
    ]
