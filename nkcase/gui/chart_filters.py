"""The filters of the link chart toolbar: handling level, quote grade, schemata, dates.

Apart from :mod:`nkcase.gui.chart_panel`, which loads, lays out and saves charts: this owns
the filter widgets and turns them into a :class:`~nkcase.graph.model.ChartFilter` and back
(a saved chart brings its filter along), with the choice of grading lines by their strongest
or weakest quote that sits among them. The level and schemata widgets are the ones the
timeline uses too (:class:`~nkcase.gui.level_schema_filters.LevelSchemaFilters`). The panel
places the widgets in its toolbar, reloads when :attr:`ChartFilters.changed` fires and redraws
the lines on ``grade_by_changed``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from nkcase.graph.model import ChartFilter
from nkcase.gui.level_schema_filters import LevelSchemaFilters

GRADES = (("any grade", None), ("B2 or better", "B2"), ("C3 or better", "C3"),
          ("E5 or better", "E5"))


class ChartFilters(LevelSchemaFilters):
    """The chart's filter widgets (for the toolbar) and the :class:`ChartFilter` they set.

    :attr:`changed` (inherited) fires when any filter is changed by hand, not by :meth:`show`.
    """

    grade_by_changed = Signal(str)  # "strongest" or "weakest", chosen by hand

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, schemata_tip="Only entities of these schemata")
        self.min_grade = QComboBox()
        for label, value in GRADES:
            self.min_grade.addItem(label, value)
        self.min_grade.setToolTip("Only links with a quote of at least this grade")
        self.min_grade.activated.connect(lambda _i: self.changed.emit())
        self.grade_by = QComboBox()
        self.grade_by.addItem("Lines by strongest quote", "strongest")
        self.grade_by.addItem("Lines by weakest quote", "weakest")
        self.grade_by.activated.connect(
            lambda _i: self.grade_by_changed.emit(self.grade_by.currentData()))
        self.date_from = QLineEdit(placeholderText="from (2017)")
        self.date_to = QLineEdit(placeholderText="to (2020-06)")
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(96)
            edit.editingFinished.connect(self.changed)

    def widgets(self) -> list[QWidget]:
        """The widgets, in their toolbar order."""
        return [self.level, self.min_grade, self.grade_by, self.schema_button, self.date_from,
                self.date_to]

    def current(self) -> ChartFilter:
        """The filter the widgets show; a date that does not parse is marked and ignored."""
        from nkcase.errors import ValidationError
        from nkcase.vocabulary.dates import clean_date

        def date(edit: QLineEdit) -> str | None:
            text = edit.text().strip()
            if not text:
                edit.setStyleSheet("")
                return None
            try:
                value = clean_date(text)
            except ValidationError as err:
                edit.setStyleSheet("color: #b3261e;")
                edit.setToolTip(err.message)
                return None
            edit.setStyleSheet("")
            return value

        return ChartFilter(
            schemata=self.chosen_schemata(),
            date_from=date(self.date_from),
            date_to=date(self.date_to),
            min_grade=self.min_grade.currentData(),
            level=self.chosen_level(),
        )

    def show(self, chart_filter: ChartFilter) -> None:
        """Set the widgets to ``chart_filter`` (a saved chart's) without firing :attr:`changed`."""
        self.show_level_and_schemata(chart_filter.level, chart_filter.schemata)
        self.min_grade.setCurrentIndex(max(0, self.min_grade.findData(chart_filter.min_grade)))
        self.date_from.setText(chart_filter.date_from or "")
        self.date_to.setText(chart_filter.date_to or "")

    def show_grade_by(self, grade_by: str) -> None:
        """Show how a saved chart grades its lines (without firing ``grade_by_changed``)."""
        self.grade_by.setCurrentIndex(max(0, self.grade_by.findData(grade_by)))
