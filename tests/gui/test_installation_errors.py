"""The desktop app names a fault of the installation as such, not as a bug or a bad file."""

from __future__ import annotations

from nkcase.gui import errors as gui_errors


def test_a_missing_module_is_shown_as_an_installation_problem(recorded_messages) -> None:  # type: ignore[no-untyped-def]
    try:
        try:
            import lxml_html_clean_is_not_installed  # type: ignore[import-not-found]  # noqa: F401
        except ModuleNotFoundError as missing:
            raise ImportError("lxml.html.clean module is now a separate project") from missing
    except ImportError as err:
        gui_errors.show_error(None, err)
    [(title, text)] = recorded_messages
    assert text.startswith("nkcase is missing the module lxml_html_clean_is_not_installed:")
    assert "reinstall with" in text
    assert "unexpected" not in title
