"""The xlsx templates offices fill in: explanations on top, locked label columns, validated
numbers, one row per indicator and period (values), indicator and year (targets) or funding
line (funding), with what is already entered so that a downloaded template imports back
without a change."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from coaching.models import FollowUp, QuickWin
from programs.models import (
    Agency,
    FundingLine,
    FundingSource,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    subject_label,
)
from programs.selectors import funding_overview, value_entry_rows

from .columns import (
    AGENCY,
    BASELINE,
    FUNDING_HEADERS,
    NAME,
    NOTE,
    PAGU,
    REALISASI,
    REFERENCE,
    REMOVE,
    SOURCE,
    STATUS,
    SUBJECT,
    TARGET,
    TARGET_HEADERS,
    UNIT,
    VALUE,
    VALUE_HEADERS,
    neutralise,
)
from .funding import KIND_LABELS

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
    money: tuple[str, ...] = (),
    choices: dict[str, list[str]] | None = None,
    protect: bool = True,
) -> bytes:
    """An xlsx offices fill in: explanations on top, locked label columns, validated numbers.

    `money` columns show rupiah grouped; `choices` offer a list in a column's cells."""
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
    if numeric:
        sheet.add_data_validation(validation)
    for header in numeric:
        letter = get_column_letter(headers.index(header) + 1)
        if rows:
            validation.add(f"{letter}{header_row + 1}:{letter}{last_row}")
    for header, options in (choices or {}).items():
        _offer_choices(sheet, headers.index(header) + 1, options, header_row + 1, last_row)
    for header in money:
        column = headers.index(header) + 1
        for row in range(header_row + 1, last_row + 1):
            sheet.cell(row=row, column=column).number_format = "#,##0.00"
    for column, header in enumerate(headers, start=1):
        width = {NAME: 38, NOTE: 30, UNIT: 16, SUBJECT: 38, PAGU: 18, REALISASI: 18}.get(header, 13)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if protect:
        # Without a password: it stops accidental edits of labels, not a determined user.
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


def _offer_choices(sheet, column: int, options: list[str], first: int, last: int) -> None:
    """A drop-down list in a column, warning (not stopping) on anything else: the import reads
    other spellings too. Left out when Excel could not hold the list (a comma in an option,
    or more than 255 characters)."""
    joined = ",".join(options)
    if not options or last < first or any("," in o or '"' in o for o in options):
        return
    if len(joined) > 255:
        return
    validation = DataValidation(
        type="list", formula1=f'"{joined}"', allow_blank=True, errorStyle="warning"
    )
    sheet.add_data_validation(validation)
    letter = get_column_letter(column)
    validation.add(f"{letter}{first}:{letter}{last}")


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


def funding_rows(
    *, kabupaten: Kabupaten, year: int, agency: Agency | None = None, empty_rows: bool = False
) -> list[list]:
    """Every funding line of the year by subject (of `agency` only, when given), in the order
    of the funding page (its selector), as the template, the export and the import share them.
    With `empty_rows`, each policy package and each follow-up or quick win still under way gets
    an empty row to add a line in."""
    overview = funding_overview(kabupaten=kabupaten, year=year, agency=agency)
    groups = {(group.kind, group.subject.pk): group for group in overview.subjects}
    by_kind: dict[str, list] = {"package": [], "follow-up": [], "quick-win": []}
    for group in overview.subjects:
        by_kind[group.kind].append(group.subject)
    if empty_rows:
        under_way = {
            "follow-up": FollowUp.objects.filter(
                kabupaten=kabupaten, status__in=FollowUp.ACTIVE
            ).order_by("due_date", "pk"),
            "quick-win": QuickWin.objects.filter(kabupaten=kabupaten)
            .exclude(status__in=[QuickWin.Status.ACHIEVED, QuickWin.Status.CANCELLED])
            .order_by("target_date", "pk"),
        }
        for kind, actions in under_way.items():
            by_kind[kind] += [action for action in actions if (kind, action.pk) not in groups]
    subjects = [(kind, subject) for kind, items in by_kind.items() for subject in items]
    rows = []
    for kind, subject in subjects:
        named = [kabupaten.code, year, KIND_LABELS[kind], subject.pk, subject_label(subject)]
        group = groups.get((kind, subject.pk))
        for line in group.lines if group else []:
            rows.append(
                [
                    *named,
                    line.pk,
                    line.source.name,
                    line.agency.abbreviation,
                    line.planning_reference,
                    line.pagu,
                    line.realisasi,
                    line.get_status_display(),
                    line.note,
                    "",
                ]
            )
        if empty_rows:
            rows.append([*named, "", "", "", "", None, None, "", "", ""])
    return rows


def funding_template(*, kabupaten: Kabupaten, year: int, agency: Agency | None = None) -> bytes:
    """Bapperida's template holds every line and an empty row per subject, unprotected so that
    rows can be copied to add lines; an OPD head's holds their OPD's lines, only their
    realisasi, status and note open."""
    statuses = [str(label) for _code, label in FundingLine.Status.choices]
    intro = [
        _("Funding %(name)s, year %(year)s") % {"name": kabupaten.full_name, "year": year},
    ]
    if agency is None:
        intro += [
            _(
                "One row per funding line, by subject (policy package, follow-up, quick win). Fill "
                "in Sumber dana, OPD (its abbreviation, e.g. %(example)s), Acuan perencanaan, Pagu "
                "and Realisasi in rupiah (1.234.567.890 or 1.234.567.890,50), Status (%(statuses)s) "
                "and Catatan."
            )
            % {
                "example": ", ".join(kabupaten.agencies.values_list("abbreviation", flat=True)[:4]),
                "statuses": ", ".join(statuses),
            },
            _(
                "To add a line, fill in the empty row of its subject, or copy a row of the subject "
                "and empty its ID baris. Leave Kode wilayah, Tahun, Jenis, ID subjek and ID baris "
                "as they are."
            ),
            _(
                "Deleting a row removes nothing: to remove a line, write ya in Hapus. A realisasi "
                "above the pagu needs a note."
            ),
        ]
        editable = [SOURCE, AGENCY, REFERENCE, PAGU, REALISASI, STATUS, NOTE, REMOVE]
        choices = {
            STATUS: statuses,
            SOURCE: list(FundingSource.objects.filter(active=True).values_list("name", flat=True)),
            REMOVE: ["ya"],
        }
    else:
        intro += [
            _(
                "The funding lines of %(agency)s: fill in Realisasi in rupiah (1.234.567.890 or "
                "1.234.567.890,50), Status (%(statuses)s) and Catatan; the other columns are "
                "kept by Bapperida. A realisasi above the pagu needs a note."
            )
            % {"agency": agency.abbreviation, "statuses": ", ".join(statuses)},
        ]
        editable = [REALISASI, STATUS, NOTE]
        choices = {STATUS: statuses}
    return _workbook(
        title=f"Pendanaan {year}",
        intro=intro,
        headers=FUNDING_HEADERS,
        rows=funding_rows(kabupaten=kabupaten, year=year, agency=agency, empty_rows=agency is None),
        editable=editable,
        numeric=[],
        money=(PAGU, REALISASI),
        choices=choices,
        protect=agency is not None,
    )
