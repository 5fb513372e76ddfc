"""``nkcase doctor``: each check says ok or what to install."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nkcase import doctor

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NANUM = Path("/usr/share/fonts/truetype/nanum")


def test_font_check_names_the_missing_hangul_font(tmp_path: Path) -> None:
    """A "machine" with only DejaVu Sans: the doctor says to install fonts-nanum."""
    source = DEJAVU / "DejaVuSans.ttf"
    if not source.is_file():
        pytest.skip("DejaVu Sans not installed (fonts-dejavu-core)")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(source, fonts)
    results = {r.name: r for r in doctor.check_fonts([fonts])}
    hangul = results["fonts for Hangul"]
    assert not hangul.ok
    assert "fonts-nanum" in hangul.remedy
    assert "한" in hangul.detail
    assert "MISSING" in hangul.line() and "sudo apt-get install fonts-nanum" in hangul.line()


def test_font_check_passes_with_a_korean_font(tmp_path: Path) -> None:
    source = NANUM / "NanumGothic.ttf"
    if not source.is_file():
        pytest.skip("NanumGothic not installed (fonts-nanum)")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(source, fonts)
    results = {r.name: r for r in doctor.check_fonts([fonts])}
    assert results["fonts for Hangul"].ok
    assert "NanumGothic" in results["fonts for Hangul"].detail
    # NanumGothic carries Hanja but not simplified Chinese: the Han check still names a package.
    han = results["fonts for Han (Hanja and Chinese)"]
    assert not han.ok and "国" in han.detail and han.remedy


def test_doctor_command_names_the_missing_fonts_and_packages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`nkcase doctor` on a "machine" with no Hangul or Chinese font: both packages, exit 1."""
    from nkcase.cli.main import main

    empty = tmp_path / "no-fonts"
    empty.mkdir()
    status = main(["doctor", "--no-qt", "--font-dir", str(empty)])
    out = capsys.readouterr().out
    assert status == 1
    lines = {line.split(":", 1)[0]: line for line in out.splitlines() if ":" in line}
    hangul = lines["MISSING  fonts for Hangul"]
    assert "sudo apt-get install fonts-nanum" in hangul
    han = lines["MISSING  fonts for Han (Hanja and Chinese)"]
    assert "sudo apt-get install fonts-wqy-microhei" in han
    assert "check(s) failed" in out.splitlines()[-1]


def test_without_system_fonts_the_bundled_hangul_font_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A machine without fonts-nanum and fonts-wqy-microhei (system font folders hidden):
    Hangul still passes with the bundled NanumGothic, and Han names fonts-wqy-microhei."""
    from nkcase.dossier import fonts

    if not any((d / "NanumGothic.ttf").is_file() for d in fonts.bundled_font_dirs()):
        pytest.skip("NanumGothic is not bundled in resources/fonts")
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [])
    results = {r.name: r for r in doctor.check_fonts()}
    assert results["fonts for Hangul"].ok, results["fonts for Hangul"].line()
    assert "NanumGothic" in results["fonts for Hangul"].detail
    han = results["fonts for Han (Hanja and Chinese)"]
    assert not han.ok
    assert han.line().endswith("sudo apt-get install fonts-wqy-microhei")


def test_sqlite_check_finds_fts5_trigram() -> None:
    result = doctor.check_sqlite()
    assert result.ok, result.line()


def test_writable_check_reports_a_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    bad = doctor.check_writable("data", lambda: blocker / "nkcase")
    assert not bad.ok and "cannot write" in bad.detail
    good = doctor.check_writable("data", lambda: tmp_path / "data")
    assert good.ok and (tmp_path / "data").is_dir()
    assert list((tmp_path / "data").iterdir()) == []  # the probe file is removed


def test_pdfium_check() -> None:
    assert doctor.check_pdfium().ok


def test_qt_platform_choice() -> None:
    assert doctor.qt_platform_for({"QT_QPA_PLATFORM": "xcb"})[0] == "xcb"
    if os.sys.platform.startswith("linux"):
        assert doctor.qt_platform_for({})[0] == "offscreen"
        assert doctor.qt_platform_for({"DISPLAY": ":0"})[0] is None


@pytest.mark.slow
def test_qt_check_loads_offscreen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    result = doctor.check_qt()
    assert result.ok, result.line()
    assert "offscreen" in result.detail


def test_qt_check_reports_a_plugin_that_does_not_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    result = doctor.check_qt()
    assert not result.ok
    assert "no-such-platform" in result.detail
    assert "apt-get install" in result.remedy
