"""The xlsx templates offices fill in: explanations on top, locked label columns, validated
numbers, one row per indicator and period (values) or indicator and year (targets), with what
is already entered so that a downloaded template imports back without a change."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from programs.models import Agency, Indicator, IndicatorTarget, Kabupaten
from programs.selectors import value_entry_rows

from .columns import (
    AGENCY,
    BASELINE,
    NAME,
    NOTE,
    TARGET,
    TARGET_HEADERS,
    UNIT,
    VALUE,
    VALUE_HEADERS,
    neutralise,
)

HEADER_FILL = PatternFill("solid", fgColor="E8F0F3")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")


def value_rows(*, kabupaten: Kabupaten, year: int, agency: Agency | None = None) -> list[list]:
    """One row per indicator and period of the year, with any value already entered: the
    rows of the values page, as cells."""
    return [
        [
            kabupaten.code,
            row.target.indicator.code,
            row.target.indicator.name,
            row.target.indicator.unit,
            row.target.responsible_agency.abbreviation,
            year,
            cell.period,
            cell.label,
            row.target.target,
            cell.value.value if cell.value else None,
            cell.value.note if cell.value else "",
            cell.value.get_status_display() if cell.value else "",
        ]
        for row in value_entry_rows(kabupaten=kabupaten, year=year, agency=agency)
        for cell in row.cells
    ]


def _workbook(
    *,
    title: str,
    intro: list[str],
    headers: list[str],
    rows: list[list],
    editable: list[str],
    numeric: list[str],
) -> bytes:
    """An xlsx offices fill in: explanations on top, locked label columns, validated numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for line in intro:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    header_row = len(intro) + 2
    sheet.append(headers)
    for column in range(1, len(headers) + 1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append([neutralise(v) for v in values])
    last_row = header_row + len(rows)
    editable_columns = {headers.index(h) + 1 for h in editable}
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=max(last_row, header_row + 1)):
        for cell in row:
            if cell.column in editable_columns:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = LABEL_FILL
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Invalid value"),
        error=_("Type a number of 0 or more."),
    )
    sheet.add_data_validation(validation)
    for header in numeric:
        letter = get_column_letter(headers.index(header) + 1)
        if rows:
            validation.add(f"{letter}{header_row + 1}:{letter}{last_row}")
    for column, header in enumerate(headers, start=1):
        width = {NAME: 38, NOTE: 30, UNIT: 16}.get(header, 13)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    # Protection without a password: it stops accidental edits of labels, not a determined user.
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def values_template(*, kabupaten: Kabupaten, year: int, agency: Agency | None = None) -> bytes:
    return _workbook(
        title=f"Realisasi {year}",
        intro=[
            _("Actual values %(name)s, year %(year)s")
            % {"name": kabupaten.full_name, "year": year},
            _(
                "Fill in only the columns Nilai (value) and Catatan (note). Type numbers as they are; "
                "percentages between 0 and 100. Do not use formulas, merged cells or extra columns."
            ),
            _(
                "Imported values are submitted to Bapperida for verification. Verified values are locked."
            ),
        ],
        headers=VALUE_HEADERS,
        rows=value_rows(kabupaten=kabupaten, year=year, agency=agency),
        editable=[VALUE, NOTE],
        numeric=[VALUE],
    )


PLAN_YEARS = range(2025, 2030)


def target_rows(*, kabupaten: Kabupaten) -> list[list]:
    """Every indicator × plan year, with the targets already set."""
    existing = {
        (t.indicator_id, t.year): t
        for t in IndicatorTarget.objects.filter(kabupaten=kabupaten).select_related(
            "responsible_agency"
        )
    }
    rows = []
    for indicator in Indicator.objects.order_by("sort_order"):
        years = sorted({*PLAN_YEARS, *(y for (i, y) in existing if i == indicator.pk)})
        for year in years:
            target = existing.get((indicator.pk, year))
            rows.append(
                [
                    kabupaten.code,
                    indicator.code,
                    indicator.name,
                    indicator.unit,
                    year,
                    target.baseline if target else None,
                    target.target if target else None,
                    target.responsible_agency.abbreviation if target else "",
                ]
            )
    return rows


def targets_template(*, kabupaten: Kabupaten) -> bytes:
    return _workbook(
        title="Target",
        intro=[
            _("Baselines and targets %(name)s") % {"name": kabupaten.full_name},
            _(
                "Fill in Baseline, Target and OPD (its abbreviation, e.g. %(example)s) for each "
                "indicator and year. Rows left without a target are ignored."
            )
            % {"example": ", ".join(kabupaten.agencies.values_list("abbreviation", flat=True)[:4])},
        ],
        headers=TARGET_HEADERS,
        rows=target_rows(kabupaten=kabupaten),
        editable=[BASELINE, TARGET, AGENCY],
        numeric=[BASELINE, TARGET],
    )
