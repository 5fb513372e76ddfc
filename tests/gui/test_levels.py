"""Handling levels in the app: badges, "View as public", release, and the export dialog's list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer

from nkcase.gui.mainwindow import MainWindow
from nkcase.services.dossier_data import gather_dossier
from tests.fixtures.informant import (
    ACCOUNT_FACT,
    DEBRIEF_TITLE,
    INFORMANT,
    NOTE_TEXT,
    ROLE,
    InformantCase,
    build_informant_case,
)


@pytest.fixture
def informant(opened: MainWindow, tmp_path: Path) -> InformantCase:
    casebook = opened.session.casebook
    assert casebook is not None
    case = build_informant_case(casebook, tmp_path)
    opened.navigator.entities.reload()
    return case


def shown_rows(model) -> list[list[str]]:
    return [
        [str(model.data(model.index(r, c)) or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_badges_name_the_level_and_the_source_it_derives_from(
    opened: MainWindow, informant: InformantCase
) -> None:
    nav = opened.navigator.entities
    levels = {nav.data(nav.index(r, 0)): nav.data(nav.index(r, 5)) for r in range(nav.rowCount())}
    assert levels == {"Albatross Trading": "public", INFORMANT: "protected"}
    row = next(r for r in range(nav.rowCount()) if nav.data(nav.index(r, 0)) == INFORMANT)
    assert DEBRIEF_TITLE in nav.data(nav.index(row, 5), Qt.ItemDataRole.ToolTipRole)

    opened.open_entity(informant.informant)
    levels_ui = opened.casefile.levels
    assert "PROTECTED" in levels_ui.badge.text()
    assert levels_ui.reason.text() == (
        f"Protected: derives from the protected source “{DEBRIEF_TITLE}”")
    assert not levels_ui.reason.isHidden()

    opened.open_entity(informant.company)
    view = opened.casefile
    assert "PUBLIC" in view.levels.badge.text()
    facts = {row[0]: row for row in shown_rows(view.facts)}
    assert facts["Notes"][4] == "protected"
    notes_row = next(r for r, f in enumerate(view.facts.rows) if f.prop == "notes")
    tip = view.facts.data(view.facts.index(notes_row, 4), Qt.ItemDataRole.ToolTipRole)
    assert tip == f"protected — derives from the protected source “{DEBRIEF_TITLE}”"
    assert shown_rows(view.rels)[0][6] == "protected"
    assert shown_rows(view.notes)[0][1] == "protected"


def test_view_as_public_hides_exactly_what_the_public_dossier_hides(
    opened: MainWindow, informant: InformantCase
) -> None:
    opened.open_entity(informant.company)
    view = opened.casefile
    view.levels.view_as.setCurrentIndex(2)  # as a public recipient
    assert view.levels.view_level == "public"
    assert view.levels.banner.isVisible() or not view.isVisible()
    assert "Preview as a public recipient" in view.levels.banner.text()
    facts = {row[0]: row[1] for row in shown_rows(view.facts)}
    assert facts["Notes"] == "withheld"
    assert view.rels.rowCount() == 0 and view.notes.rowCount() == 0
    assert not view.add_fact_button.isEnabled() and not view.facts.flags(
        view.facts.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    everything = " ".join(" ".join(row) for m in (view.facts, view.rels, view.notes)
                          for row in shown_rows(m))
    for secret in (ACCOUNT_FACT, ROLE, INFORMANT, NOTE_TEXT):
        assert secret not in everything

    # the preview and the public dossier are the same view of the core
    casebook = opened.session.casebook
    doc = gather_dossier(casebook, [informant.company], "public", with_page_images=False)
    [entity] = doc.entities
    dossier_facts = {f.label: ("withheld" if f.withheld else f.value) for f in entity.facts}
    preview_facts = {f.label: ("withheld" if f.withheld else f.display or f.value)
                     for f in view.facts.rows if f.prop not in ("name", "alias")}
    assert dossier_facts == preview_facts
    assert [r.other for r in entity.relationships] == [] == view.rels.rows
    assert len(entity.notes) == view.notes.rowCount() == 0
    assert view.shown is not None
    assert {q.text for q in entity.quotes} == {r.text for r in view.shown.all_evidence()}

    opened.open_entity(informant.informant)
    assert "this whole case file is withheld" in view.levels.banner.text()
    assert view.facts.rowCount() == 0 and view.title.text() == "(withheld)"

    view.levels.view_as.setCurrentIndex(0)
    assert not view.levels.banner.isVisible() and view.title.text() == INFORMANT
    assert view.add_fact_button.isEnabled()


def test_release_from_the_context_menu_with_a_reason(
    opened: MainWindow, informant: InformantCase, qtbot
) -> None:
    opened.open_entity(informant.company)
    view = opened.casefile
    row = next(r for r, f in enumerate(view.facts.rows) if f.prop == "notes")
    target = view.levels._fact_target(row)
    assert target is not None
    actions = {a.text(): a for a in view.levels.actions_for(target)}
    assert actions["Release to a lower level…"].isEnabled()
    assert not actions["Withdraw the release"].isEnabled()

    def fill() -> None:
        dialog = view.levels.dialog
        ok = dialog.buttons.buttons()[0]
        assert not ok.isEnabled()  # no reason yet
        assert [dialog.level.itemText(i) for i in range(dialog.level.count())] == [
            "public", "internal"]
        qtbot.keyClicks(dialog.reason, "the bank confirmed it in court filing 117")
        dialog.accept()

    QTimer.singleShot(0, fill)
    actions["Release to a lower level…"].trigger()
    fact = next(f for f in view.facts.rows if f.prop == "notes")
    assert fact.level.level == "public" and fact.level.released
    assert shown_rows(view.facts)[row][4] == "public · released"
    assert "released to public by test-investigator" in fact.level.explanation
    shown = view.levels.reason.text()  # the release is shown in the case file, not only a tip
    assert shown.startswith(f"Notes “{ACCOUNT_FACT}”: released to public by test-investigator on ")
    assert shown.endswith(": the bank confirmed it in court filing 117")
    assert opened.session.undo_stack.undoText().startswith("Release Albatross Trading: Notes")

    view.levels.view_as.setCurrentIndex(2)
    assert {r[0]: r[1] for r in shown_rows(view.facts)}["Notes"] == ACCOUNT_FACT
    view.levels.view_as.setCurrentIndex(0)
    opened.session.undo()
    assert next(f for f in view.facts.rows if f.prop == "notes").level.level == "protected"


def test_export_dialog_lists_what_is_withheld_and_what_was_released(
    opened: MainWindow, informant: InformantCase
) -> None:
    from nkcase.services import releases

    casebook = opened.session.casebook
    releases.release(casebook, informant.account_fact, "public", "court filing 117")
    opened.open_entity(informant.company)
    dialog = opened.show_export()
    assert dialog is not None
    dialog.scope_all.setChecked(True)
    dialog.level.setCurrentIndex(0)  # public
    listing = dialog.level_report.listing.toPlainText().splitlines()
    assert f"WITHHELD  case file: {INFORMANT}  [protected — derives from the protected source " \
        f"“{DEBRIEF_TITLE}”]" in listing
    assert any(line.startswith("WITHHELD  relationship: Link (informant inside)")
               for line in listing)
    assert any(line.startswith("WITHHELD  note: note on Albatross Trading") for line in listing)
    released = [line for line in listing if line.startswith("RELEASED")]
    assert len(released) == 1 and "released to public by test-investigator" in released[0]
    assert "court filing 117" in released[0]
    assert "3 item(s) will be withheld" in dialog.level_report.summary.text()
    dialog.level.setCurrentIndex(2)  # protected
    assert dialog.level_report.summary.text() == "Nothing is withheld at level protected."
    dialog.scope_current.setChecked(True)
    dialog.level.setCurrentIndex(0)
    lines = dialog.level_report.listing.toPlainText().splitlines()
    assert lines and not any(line.startswith("WITHHELD  case file") for line in lines)
    dialog.reject()


def test_view_as_on_the_threaded_runner_with_real_keys(
    opened: MainWindow, informant: InformantCase, qtbot
) -> None:
    from nkcase.gui.tasks import TaskRunner

    opened.session.runner = TaskRunner()
    try:
        opened.show()
        opened.open_entity(informant.company)
        view = opened.casefile
        qtbot.waitUntil(lambda: view.facts.rowCount() > 0, timeout=10_000)
        combo = view.levels.view_as
        qtbot.mouseClick(combo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        combo.hidePopup()
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_End)  # the last choice: as a public recipient
        qtbot.waitUntil(lambda: view.levels.banner.isVisible(), timeout=10_000)
        qtbot.waitUntil(
            lambda: {r[0]: r[1] for r in shown_rows(view.facts)}.get("Notes") == "withheld",
            timeout=10_000,
        )
    finally:
        opened.session.runner.wait_idle()
