"""Font choice per character, escaping, and reporting what no font can draw."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from nkcase.dossier import build_dossier
from nkcase.dossier.fonts import FontFace, FontLibrary, default_library
from nkcase.dossier.styles import make_styles
from nkcase.dossier.textruns import TextStyler

from .conftest import BuildFn, make_document, pdftotext

LINEAR_B = "\U00010000"
NAZAR = "\U0001f9ff"


@pytest.fixture(scope="module")
def styler() -> TextStyler:
    return TextStyler(default_library())


def _needs(styler: TextStyler, role: str, text: str) -> None:
    if any(styler.library.font_for(ord(c), role) is None for c in text):  # type: ignore[arg-type]
        pytest.skip(f"no font on this machine covers {text!r}")


def test_latin_cyrillic_greek_use_dejavu_and_hangul_nanum(styler: TextStyler) -> None:
    lib = styler.library
    _needs(styler, "regular", "aЖλ한")
    assert "DejaVu" in (lib.font_for(ord("Ж"), "regular") or "")
    assert "DejaVu" in (lib.font_for(ord("λ"), "regular") or "")
    assert "Nanum" in (lib.font_for(ord("한"), "regular") or "")


def test_mixed_string_is_one_chain_font_fragment_drawn_in_runs(styler: TextStyler) -> None:
    from reportlab.pdfbase import pdfmetrics

    _needs(styler, "regular", "만수대")
    markup = styler.markup("Studio 만수대 & Co")
    chain = styler.library.chain_font("regular")
    assert markup == f'<font name="{chain}">Studio 만수대 &amp; Co</font>'
    assert any("Nanum" in f for f in styler.fonts_used)
    font = pdfmetrics.getFont(chain)
    nanum = pdfmetrics.getFont(styler.library.font_for(ord("만"), "regular") or "")
    base = pdfmetrics.getFont(styler.base_font("regular"))
    runs = font._runs("Studio 만수대 & Co")
    assert [(f.fontName, t) for f, t in runs] == [
        (base.fontName, "Studio "),
        (nanum.fontName, "만수대 "),
        (base.fontName, "& Co"),
    ]
    width = font.stringWidth("Studio 만수대 & Co", 10)
    assert width == pytest.approx(
        base.stringWidth("Studio ", 10)
        + nanum.stringWidth("만수대 ", 10)
        + base.stringWidth("& Co", 10)
    )


def test_mixed_string_with_an_undrawable_character_keeps_separate_runs() -> None:
    styler = TextStyler(default_library())
    _needs(styler, "regular", "만")
    markup = styler.markup(f"만 {NAZAR}")
    assert "[U+1F9FF]" in markup and "nk-chain" not in markup


def test_pure_ascii_needs_no_font_tags(styler: TextStyler) -> None:
    assert styler.markup("AT&T <Ltd>") == "AT&amp;T &lt;Ltd&gt;"


def test_missing_character_is_marked_and_recorded() -> None:
    styler = TextStyler(default_library())
    styler.context = "here"
    markup = styler.markup(f"amulet {NAZAR}")
    assert "[U+1F9FF]" in markup
    assert styler.missing == {NAZAR: ["here"]}


def test_library_without_fonts_still_renders_ascii(tmp_path: Path) -> None:
    lib = FontLibrary([tmp_path])
    styler = TextStyler(lib)
    assert lib.base_font("regular") == "Helvetica"
    assert styler.markup("plain") == "plain"
    assert "[U+D55C]" in styler.markup("한")


def test_cff_and_broken_fonts_are_skipped(tmp_path: Path) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({0x0410: "A"})
    pen = T2CharStringPen(500, None)
    fb.setupCFF("TestCFF", {}, {".notdef": pen.getCharString(), "A": pen.getCharString()}, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader()
    fb.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(tmp_path / "TestCFF.otf"))
    (tmp_path / "Broken.ttf").write_bytes(b"not a font at all")
    lib = FontLibrary([tmp_path])
    assert lib.font_for(0x0410, "regular") is None
    cff = FontFace(tmp_path / "TestCFF.otf", 0)
    assert lib.coverage(cff) == frozenset()
    assert lib.register(cff) is None
    assert lib.register(FontFace(tmp_path / "Broken.ttf", 0)) is None


def test_fallback_font_outside_the_chains_is_found(tmp_path: Path) -> None:
    lib = default_library()
    nanum = next((f for f in lib.chains["regular"] if "Nanum" in f.path.name), None)
    if nanum is None:
        pytest.skip("NanumGothic not available")
    (tmp_path / "Other.ttf").write_bytes(nanum.path.read_bytes())
    fallback = FontLibrary([tmp_path])
    assert fallback.chains["regular"] == []
    assert fallback.font_for(ord("한"), "regular") == "nk-Other"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_parses_and_keeps_its_characters(text: str) -> None:
    styler = TextStyler(default_library())
    styles = make_styles(styler)
    para = Paragraph(styler.markup(text), styles.body)
    shown = "".join(getattr(f, "text", "") for f in para.frags)
    for ch in text:
        if ch.isspace() or not ch.isprintable() or ch in styler.missing:
            continue
        assert ch in shown


def test_missing_glyph_produces_warning_in_result(build: BuildFn) -> None:
    doc = make_document()
    studio = replace(doc.entities[0], summary=f"Invented charm {NAZAR} and sign {LINEAR_B}.")
    path, result = build(replace(doc, entities=(studio,)))
    assert set(result.missing_characters) == {NAZAR, LINEAR_B}
    assert any("U+1F9FF" in w for w in result.warnings)
    assert any("U+10000" in w and "Sample Art Studio / summary" in w for w in result.warnings)
    assert "[U+1F9FF]" in pdftotext(path)


def test_build_with_explicit_library(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = build_dossier(make_document(), out, fonts=FontLibrary([tmp_path / "none"]))
    assert out.exists() and result.pages > 0
    assert result.missing_characters  # Hangul cannot be drawn with the PDF base fonts


def test_right_to_left_run_is_reversed_for_display(styler: TextStyler) -> None:
    _needs(styler, "regular", "שלום")
    markup = styler.markup("Firm שלום Ltd")
    assert "םולש" in markup and markup.startswith("Firm ") and markup.endswith(" Ltd")
