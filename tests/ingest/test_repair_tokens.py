"""Tokens the word-level repairs see: ASCII text takes a faster path that must find exactly
what the Unicode path finds (letters only: no digits, no underscore)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nkcase.ingest.repair.languages import detect
from nkcase.ingest.repair.tokens import document_languages, tokenize

LETTER_RUNS = re.compile(r"[^\W\d_]+")  # what a token is, in every script

ascii_text = st.text(
    st.sampled_from(list("abcXYZ éq_09-\n\t.,'’") + [chr(c) for c in range(128)]), max_size=200
).filter(str.isascii) | st.text(
    st.sampled_from(list("the of and sanctions vessel Pyongyang - \n1_2.")), max_size=400
)


@settings(deadline=None)  # the first example loads the word lists
@given(ascii_text)
def test_ascii_tokens_are_the_letter_runs(text: str) -> None:
    table = tokenize(text)
    runs = list(LETTER_RUNS.finditer(text))
    assert table.tokens == [m.group() for m in runs]
    assert table.lower == [m.group().lower() for m in runs]
    assert list(zip(table.starts, table.ends, strict=True)) == [m.span() for m in runs]


@settings(deadline=None)  # the first example loads the word lists
@given(ascii_text)
def test_ascii_languages_come_from_the_letter_runs(text: str) -> None:
    expected = detect([m.lower() for m in LETTER_RUNS.findall(text)])
    assert document_languages(text) == expected


def test_text_beyond_ascii_takes_the_unicode_path() -> None:
    text = "Ra Kyong-su, 라경수 and the café’s owner_2 ²"
    assert tokenize(text).tokens == ["Ra", "Kyong", "su", "라경수", "and", "the", "café", "s",
                                     "owner", "²"]
