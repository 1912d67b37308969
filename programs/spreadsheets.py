"""Excel in and out for targets and actual values.

Uploaded workbooks are inspected before anything parses them for real: size, container,
password protection, formulas, merged cells and runaway empty rows are refused with a clear
message. What passes becomes a tablib Dataset that django-import-export resources import with
a dry run first; the confirmed import runs in one transaction, all or nothing.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pghistory
import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .models import ActualValue, Agency, Indicator, IndicatorTarget, Kabupaten, period_label

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_DATA_ROWS = 20_000
MAX_SCANNED_ROWS = 200_000

# Column headers, the same in templates, exports and imports so that a round trip changes nothing.
KABUPATEN = "Kode wilayah"
CODE = "Kode indikator"
NAME = "Nama indikator"
UNIT = "Satuan"
AGENCY = "OPD"
YEAR = "Tahun"
PERIOD = "Periode"
PERIOD_NAME = "Nama periode"
TARGET = "Target"
VALUE = "Nilai"
NOTE = "Catatan"
STATUS = "Status"
VALUE_HEADERS = [
    KABUPATEN,
    CODE,
    NAME,
    UNIT,
    AGENCY,
    YEAR,
    PERIOD,
    PERIOD_NAME,
    TARGET,
    VALUE,
    NOTE,
    STATUS,
]
VALUE_REQUIRED = [KABUPATEN, CODE, YEAR, PERIOD, VALUE]

BASELINE = "Baseline"
PACKAGE = "Paket kebijakan"
TARGET_HEADERS = [KABUPATEN, CODE, NAME, UNIT, YEAR, BASELINE, TARGET, AGENCY]
TARGET_REQUIRED = [KABUPATEN, CODE, YEAR, BASELINE, TARGET, AGENCY]


def neutralise(value):
    """Keep a spreadsheet from executing text that looks like a formula (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def parse_number(raw) -> Decimal | None:
    """A number as people type it: 12,5 or 12.5 or 1.234,5; None for an empty cell."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")  # Indonesian: dot groups, comma decimals
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None


# --- Inspecting uploads ------------------------------------------------------------------------


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the workbook, cell values)

    def dataset(self) -> tablib.Dataset:
        data = tablib.Dataset(headers=[*self.headers, "_row"])
        for number, values in self.rows:
            data.append([*values, number])
        return data


def read_upload(upload, *, required: list[str], known: list[str]) -> Sheet:
    """Read the first sheet of an uploaded workbook (xlsx) or CSV, refusing hostile files."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    content = upload.read()
    upload.seek(0)
    name = (upload.name or "").lower()
    if name.endswith(".csv"):
        return _read_csv(content, required=required, known=known)
    if content.startswith(OLE2_MAGIC):
        raise ValidationError(
            _(
                "This workbook is password-protected or in the old .xls format. Remove the "
                "password and save it as an Excel workbook (.xlsx)."
            )
        )
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("This is not an Excel workbook (.xlsx). Download the template and fill it in.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = archive.namelist()
        if "xl/workbook.xml" not in names:
            raise ValidationError(
                _("This is not an Excel workbook (.xlsx). Download the template and fill it in.")
            )
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
            raise ValidationError(_("The workbook is too large once unpacked."))
        sheet_xml = next((n for n in names if n.startswith("xl/worksheets/sheet")), None)
        if sheet_xml and b"<mergeCell " in archive.read(sheet_xml):
            raise ValidationError(
                _("The sheet has merged cells. Unmerge all cells and upload it again.")
            )
    except zipfile.BadZipFile:
        raise ValidationError(_("The workbook is damaged and cannot be read.")) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors for broken files
        raise ValidationError(_("The workbook is damaged and cannot be read.")) from None
    try:
        return _read_rows(_iter_xlsx_rows(workbook.worksheets[0]), required=required, known=known)
    finally:
        workbook.close()


def _iter_xlsx_rows(sheet):
    for number, row in enumerate(sheet.iter_rows(), start=1):
        values = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                raise ValidationError(
                    _("Cell %(cell)s holds a formula. Type the value itself, not a formula.")
                    % {"cell": cell.coordinate}
                )
            values.append(cell.value)
        yield number, values


def _read_csv(content: bytes, *, required, known) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file must be saved as UTF-8 text.")) from None
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV text file."))
    import csv

    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _read_rows(
        ((n, row) for n, row in enumerate(rows, start=1)), required=required, known=known
    )


def _read_rows(rows, *, required, known) -> Sheet:
    """Find the header row (templates start with explanations), then the non-empty rows."""
    headers: list[str] | None = None
    data: list[tuple[int, list]] = []
    for number, values in rows:
        if number > MAX_SCANNED_ROWS:
            raise ValidationError(_("The sheet has too many rows."))
        cells = ["" if v is None else (v.strip() if isinstance(v, str) else v) for v in values]
        if headers is None:
            if KABUPATEN in cells and CODE in cells:
                headers = [str(c) for c in cells]
            continue
        if all(c == "" for c in cells):
            continue  # styled but empty rows are common in spreadsheets: skip, don't count
        if len(data) >= MAX_DATA_ROWS:
            raise ValidationError(
                _("The sheet has more than %(max)s data rows; split it into several files.")
                % {"max": MAX_DATA_ROWS}
            )
        cells = (cells + [""] * len(headers))[: len(headers)]
        data.append((number, cells))
    if headers is None:
        raise ValidationError(
            _("No header row found. The sheet needs the columns: %(columns)s.")
            % {"columns": ", ".join(required)}
        )
    missing = [c for c in required if c not in headers]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    columns = [h for h in headers if h in known]
    index = [headers.index(h) for h in columns]
    if not data:
        raise ValidationError(_("The sheet has no data rows."))
    return Sheet(headers=columns, rows=[(n, [cells[i] for i in index]) for n, cells in data])


# --- Importing actual values -------------------------------------------------------------------


class RowProblem(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class ActualValueResource(resources.ModelResource):
    """Values of one kabupaten and year; each imported value is submitted for verification."""

    kabupaten_code = fields.Field(column_name=KABUPATEN)
    indicator_code = fields.Field(column_name=CODE)
    year = fields.Field(column_name=YEAR)
    period_number = fields.Field(column_name=PERIOD)
    value_cell = fields.Field(column_name=VALUE)
    note_cell = fields.Field(column_name=NOTE)

    class Meta:
        model = ActualValue
        fields = (
            "kabupaten_code",
            "indicator_code",
            "year",
            "period_number",
            "value_cell",
            "note_cell",
        )
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        # The whole import runs in one transaction of ours (see _run): no savepoint per row.
        use_transactions = False
        skip_diff = True

    def __init__(
        self, *, kabupaten: Kabupaten, year: int, actor, allowed_agency_ids: set[int] | None = None
    ):
        super().__init__()
        self.kabupaten = kabupaten
        self.year = year
        self.actor = actor
        self.allowed_agency_ids = allowed_agency_ids  # None: every OPD of the kabupaten
        self.targets: dict[str, IndicatorTarget] = {}
        self.existing: dict[tuple[int, int], ActualValue] = {}
        self.indicator_codes: set[str] = set()
        self.seen: dict[tuple[str, int], int] = {}
        self.problems: dict[int, dict[str, str]] = {}

    def before_import(self, dataset, **kwargs):
        # Everything the rows refer to, read once: no query per row.
        self.indicator_codes = set(Indicator.objects.values_list("code", flat=True))
        self.targets = {
            t.indicator.code: t
            for t in IndicatorTarget.objects.filter(
                kabupaten=self.kabupaten, year=self.year
            ).select_related("indicator", "responsible_agency")
        }
        self.existing = {
            (v.target_id, v.period): v
            for v in ActualValue.objects.filter(target__in=list(self.targets.values()))
        }

    def _resolve(self, row) -> tuple[IndicatorTarget | None, int | None, dict[str, str]]:
        errors: dict[str, str] = {}
        code = str(row.get(CODE) or "").strip()
        kabupaten_code = str(row.get(KABUPATEN) or "").strip()
        if kabupaten_code != self.kabupaten.code:
            errors[KABUPATEN] = _(
                "The row belongs to kabupaten/kota %(code)s, not to yours (%(mine)s)."
            ) % {
                "code": kabupaten_code or "–",
                "mine": self.kabupaten.code,
            }
        target = None
        if code not in self.indicator_codes:
            errors[CODE] = _("Unknown indicator code %(code)s.") % {"code": code or "–"}
        else:
            target = self.targets.get(code)
        try:
            year = int(parse_number(row.get(YEAR)) or 0)
        except ValueError:
            year = 0
        if year != self.year:
            errors[YEAR] = _("The period is outside the year %(year)s.") % {"year": self.year}
        if target is None and CODE not in errors and YEAR not in errors:
            errors[CODE] = _("There is no %(year)s target for %(code)s.") % {
                "year": self.year,
                "code": code,
            }
        period = None
        try:
            number = parse_number(row.get(PERIOD))
            period = int(number) if number is not None and number == int(number) else None
        except ValueError:
            period = None
        if target is not None and (
            period is None or not 1 <= period <= target.indicator.periods_per_year
        ):
            errors[PERIOD] = _(
                "Period %(period)s does not exist for a %(frequency)s indicator."
            ) % {
                "period": row.get(PERIOD) or "–",
                "frequency": target.indicator.get_frequency_display().lower(),
            }
        if (
            target is not None
            and self.allowed_agency_ids is not None
            and target.responsible_agency_id not in self.allowed_agency_ids
        ):
            errors[CODE] = _("%(code)s is reported by %(agency)s, not by your OPD.") % {
                "code": code,
                "agency": target.responsible_agency.abbreviation,
            }
        return target, period, errors

    def get_or_init_instance(self, instance_loader, row):
        target, period, errors = self._resolve(row)
        number = int(row["_row"])
        if not errors:
            key = (target.indicator.code, period)
            if key in self.seen:
                errors[PERIOD] = _(
                    "Duplicate row: the same indicator and period as row %(row)s."
                ) % {"row": self.seen[key]}
            else:
                self.seen[key] = number
        if errors:
            self.problems[number] = errors
            return ActualValue(), True
        existing = self.existing.get((target.pk, period))
        if existing is not None:
            return existing, False
        return ActualValue(target=target, period=period, entered_by=self.actor), True

    def import_instance(self, instance, row, **kwargs):
        number = int(row["_row"])
        errors = dict(self.problems.get(number, {}))
        if not errors:
            try:
                value = parse_number(row.get(VALUE))
            except ValueError:
                value = None
                errors[VALUE] = _("%(value)s is not a number.") % {"value": row.get(VALUE)}
            if value is None and VALUE not in errors:
                return  # a row left empty is not an entry: nothing to import
            if value is not None:
                message = instance.target.indicator.value_error(value)
                if message:
                    errors[VALUE] = message
            note = str(row.get(NOTE) or "").strip()
            if not errors:
                changed = instance.pk is None or instance.value != value or instance.note != note
                if instance.is_locked and changed:
                    errors[VALUE] = _(
                        "The value is verified and locked; ask Bapperida to reopen it."
                    )
                elif changed:
                    instance._import_changes = {
                        "value": [str(instance.value) if instance.pk else None, str(value)]
                    }
                    instance.value = value
                    instance.note = note
                    instance.status = ActualValue.Status.SUBMITTED
                    instance.submitted_at = timezone.now()
                    instance.entered_by = self.actor
                    instance.verified_by = None
                    instance.verified_at = None
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        # Unchanged rows (e.g. the same file imported twice) are reported and left alone.
        return not hasattr(instance, "_import_changes")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.save()


@dataclass
class ImportRow:
    number: int
    kind: str  # new, update, skip, error
    cells: dict
    errors: dict[str, list[str]]

    @property
    def indicator_code(self):
        return self.cells.get(CODE, "")

    @property
    def period(self):
        return self.cells.get(PERIOD, "")

    @property
    def value(self):
        return self.cells.get(VALUE, "")

    @property
    def year(self):
        return self.cells.get(YEAR, "")

    @property
    def target(self):
        return self.cells.get(TARGET, "")


@dataclass
class ImportOutcome:
    rows: list[ImportRow]
    totals: dict[str, int]

    @property
    def has_errors(self) -> bool:
        return self.totals.get("error", 0) > 0


def _outcome(sheet: Sheet, result) -> ImportOutcome:
    errors_by_row = {}
    for invalid in result.invalid_rows:
        errors_by_row[invalid.number] = {
            k: [str(m) for m in v] for k, v in invalid.error_dict.items()
        }
    for number, row_errors in result.row_errors():
        errors_by_row[number] = {"": [str(e.error) for e in row_errors]}
    rows = []
    totals = {"new": 0, "update": 0, "skip": 0, "error": 0}
    for index, (row_result, (sheet_row, cells)) in enumerate(
        zip(result.rows, sheet.rows, strict=False), start=1
    ):
        kind = "error" if index in errors_by_row else row_result.import_type
        kind = {"new": "new", "update": "update", "skip": "skip"}.get(kind, "error")
        totals[kind] += 1
        rows.append(
            ImportRow(
                sheet_row,
                kind,
                dict(zip(sheet.headers, cells, strict=False)),
                errors_by_row.get(index, {}),
            )
        )
    # Errors raised outside any row (e.g. a broken header) count too.
    if result.base_errors:
        totals["error"] += len(result.base_errors)
    return ImportOutcome(rows=rows, totals=totals)


def _run(resource, sheet: Sheet, *, confirm: bool, action: str) -> ImportOutcome:
    """One transaction for the whole file: a dry run always rolls back and so does a confirmed
    import with any error, so the database checks every row and keeps none of a partial file."""
    with transaction.atomic(), pghistory.context(action=action):
        result = resource.import_data(sheet.dataset(), dry_run=not confirm, use_transactions=False)
        outcome = _outcome(sheet, result)
        if not confirm or outcome.has_errors:
            transaction.set_rollback(True)
    return outcome


def import_values(
    *,
    sheet: Sheet,
    kabupaten: Kabupaten,
    year: int,
    actor,
    confirm: bool,
    allowed_agency_ids: set[int] | None = None,
) -> ImportOutcome:
    """Dry run (confirm=False) or apply; applying writes all rows or, on any error, none."""
    resource = ActualValueResource(
        kabupaten=kabupaten, year=year, actor=actor, allowed_agency_ids=allowed_agency_ids
    )
    return _run(resource, sheet, confirm=confirm, action="values.import")


# --- Importing targets -----------------------------------------------------------------------


class TargetResource(resources.ModelResource):
    """Baseline and target per indicator and year, with the responsible OPD (by abbreviation)."""

    kabupaten_code = fields.Field(column_name=KABUPATEN)
    indicator_code = fields.Field(column_name=CODE)
    year_cell = fields.Field(column_name=YEAR)
    baseline_cell = fields.Field(column_name=BASELINE)
    target_cell = fields.Field(column_name=TARGET)
    agency_cell = fields.Field(column_name=AGENCY)

    class Meta:
        model = IndicatorTarget
        fields = (
            "kabupaten_code",
            "indicator_code",
            "year_cell",
            "baseline_cell",
            "target_cell",
            "agency_cell",
        )
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        # The whole import runs in one transaction of ours (see _run): no savepoint per row.
        use_transactions = False
        skip_diff = True

    def __init__(self, *, kabupaten: Kabupaten, actor):
        super().__init__()
        self.kabupaten = kabupaten
        self.actor = actor
        self.seen: dict[tuple[str, int], int] = {}

    def before_import(self, dataset, **kwargs):
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.agencies = {a.abbreviation.lower(): a for a in self.kabupaten.agencies.all()}
        self.targets = {
            (t.indicator_id, t.year): t
            for t in IndicatorTarget.objects.filter(kabupaten=self.kabupaten)
        }

    def get_or_init_instance(self, instance_loader, row):
        errors: dict[str, str] = {}
        if str(row.get(KABUPATEN) or "").strip() != self.kabupaten.code:
            errors[KABUPATEN] = _(
                "The row belongs to kabupaten/kota %(code)s, not to yours (%(mine)s)."
            ) % {
                "code": row.get(KABUPATEN) or "–",
                "mine": self.kabupaten.code,
            }
        indicator = self.indicators.get(str(row.get(CODE) or "").strip())
        if indicator is None:
            errors[CODE] = _("Unknown indicator code %(code)s.") % {"code": row.get(CODE) or "–"}
        try:
            year = int(parse_number(row.get(YEAR)) or 0)
        except ValueError:
            year = 0
        if not 2000 <= year <= 2100:
            errors[YEAR] = _("%(value)s is not a year.") % {"value": row.get(YEAR) or "–"}
        if not errors:
            key = (indicator.code, year)
            if key in self.seen:
                errors[YEAR] = _("Duplicate row: the same indicator and year as row %(row)s.") % {
                    "row": self.seen[key]
                }
            self.seen[key] = int(row["_row"])
        row["_errors"] = errors
        if errors:
            return IndicatorTarget(), True
        existing = self.targets.get((indicator.pk, year))
        if existing is not None:
            return existing, False
        return IndicatorTarget(kabupaten=self.kabupaten, indicator=indicator, year=year), True

    def import_instance(self, instance, row, **kwargs):
        errors = dict(row.get("_errors") or {})
        if not errors:
            values = {}
            for column in (BASELINE, TARGET):
                try:
                    values[column] = parse_number(row.get(column))
                except ValueError:
                    errors[column] = _("%(value)s is not a number.") % {"value": row.get(column)}
                    continue
                message = instance.indicator.value_error(values[column])
                if message:
                    errors[column] = message
            if values.get(TARGET) is None and not errors:
                return  # an indicator-year left without a target is not an entry
            agency = self.agencies.get(str(row.get(AGENCY) or "").strip().lower())
            if agency is None:
                errors[AGENCY] = _("Unknown OPD %(name)s for this kabupaten/kota.") % {
                    "name": row.get(AGENCY) or "–"
                }
            if not errors:
                changed = (
                    instance.pk is None
                    or instance.baseline != values[BASELINE]
                    or instance.target != values[TARGET]
                    or instance.responsible_agency_id != agency.pk
                )
                if changed:
                    instance._import_changes = {
                        "target": [
                            str(instance.target) if instance.pk else None,
                            str(values[TARGET]),
                        ]
                    }
                    instance.baseline = values[BASELINE]
                    instance.target = values[TARGET]
                    instance.responsible_agency = agency
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return not hasattr(instance, "_import_changes")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.save()


def import_targets(*, sheet: Sheet, kabupaten: Kabupaten, actor, confirm: bool) -> ImportOutcome:
    resource = TargetResource(kabupaten=kabupaten, actor=actor)
    return _run(resource, sheet, confirm=confirm, action="targets.import")


# --- Templates and exports -----------------------------------------------------------------


HEADER_FILL = PatternFill("solid", fgColor="E8F0F3")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")


def value_rows(*, kabupaten: Kabupaten, year: int, agency: Agency | None = None) -> list[list]:
    """One row per indicator and period of the year, with any value already entered."""
    targets = (
        IndicatorTarget.objects.filter(kabupaten=kabupaten, year=year)
        .select_related("indicator", "responsible_agency")
        .order_by("indicator__sort_order")
    )
    if agency is not None:
        targets = targets.filter(responsible_agency=agency)
    targets = list(targets)
    values = {(v.target_id, v.period): v for v in ActualValue.objects.filter(target__in=targets)}
    rows = []
    for target in targets:
        indicator = target.indicator
        for period in range(1, indicator.periods_per_year + 1):
            value = values.get((target.pk, period))
            rows.append(
                [
                    kabupaten.code,
                    indicator.code,
                    indicator.name,
                    indicator.unit,
                    target.responsible_agency.abbreviation,
                    year,
                    period,
                    period_label(indicator.frequency, period),
                    target.target,
                    value.value if value else None,
                    value.note if value else "",
                    value.get_status_display() if value else "",
                ]
            )
    return rows


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


def safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:80]
