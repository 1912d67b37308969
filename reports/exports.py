"""Spreadsheet exports: one row per item, Indonesian headers, limited to what the user may see,
and text that a spreadsheet could take for a formula neutralised."""

import tablib
from django.http import HttpResponse
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX

from coaching.models import FollowUp, QuickWin
from programs.models import IndicatorTarget
from programs.money import rupiah_input
from programs.spreadsheets import (
    FUNDING_HEADERS,
    TARGET_HEADERS,
    VALUE_HEADERS,
    funding_rows,
    neutralise,
    safe_filename,
    value_rows,
)

FORMATS = {"xlsx": XLSX, "csv": CSV}


class NeutralisingResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


class FollowUpResource(NeutralisingResource):
    kabupaten = fields.Field(column_name="Kabupaten/kota", attribute="kabupaten__name")
    action = fields.Field(column_name="Rencana tindak lanjut", attribute="action")
    owner = fields.Field(column_name="OPD penanggung jawab", attribute="owner__abbreviation")
    due_date = fields.Field(column_name="Tenggat", attribute="due_date")
    status = fields.Field(column_name="Status")
    package = fields.Field(column_name="Paket kebijakan")
    session = fields.Field(column_name="Disepakati pada", attribute="session__title")
    session_date = fields.Field(column_name="Tanggal sesi", attribute="session__date")
    overdue = fields.Field(column_name="Lewat tenggat")

    class Meta:
        model = FollowUp
        fields = (
            "kabupaten",
            "action",
            "owner",
            "due_date",
            "status",
            "package",
            "session",
            "session_date",
            "overdue",
        )
        export_order = fields

    def dehydrate_status(self, follow_up):
        return follow_up.get_status_display()

    def dehydrate_package(self, follow_up):
        return str(follow_up.policy_package) if follow_up.policy_package else ""

    def dehydrate_overdue(self, follow_up):
        return "ya" if follow_up.is_overdue else "tidak"


class QuickWinResource(NeutralisingResource):
    kabupaten = fields.Field(column_name="Kabupaten/kota", attribute="kabupaten__name")
    title = fields.Field(column_name="Quick win", attribute="title")
    agency = fields.Field(column_name="OPD", attribute="agency__abbreviation")
    target_date = fields.Field(column_name="Tanggal target", attribute="target_date")
    status = fields.Field(column_name="Status")
    description = fields.Field(column_name="Uraian", attribute="description")

    class Meta:
        model = QuickWin
        fields = ("kabupaten", "title", "agency", "target_date", "status", "description")
        export_order = fields

    def dehydrate_status(self, quick_win):
        return quick_win.get_status_display()


class TargetResource(NeutralisingResource):
    kabupaten_code = fields.Field(column_name=TARGET_HEADERS[0], attribute="kabupaten__code")
    code = fields.Field(column_name=TARGET_HEADERS[1], attribute="indicator__code")
    name = fields.Field(column_name=TARGET_HEADERS[2], attribute="indicator__name")
    unit = fields.Field(column_name=TARGET_HEADERS[3], attribute="indicator__unit")
    year = fields.Field(column_name=TARGET_HEADERS[4], attribute="year")
    baseline = fields.Field(column_name=TARGET_HEADERS[5], attribute="baseline")
    target = fields.Field(column_name=TARGET_HEADERS[6], attribute="target")
    agency = fields.Field(
        column_name=TARGET_HEADERS[7], attribute="responsible_agency__abbreviation"
    )

    class Meta:
        model = IndicatorTarget
        fields = ("kabupaten_code", "code", "name", "unit", "year", "baseline", "target", "agency")
        export_order = fields


def dataset_response(dataset: tablib.Dataset, *, fmt: str, filename: str) -> HttpResponse:
    export_format = FORMATS[fmt]()
    content = export_format.export_data(dataset)
    response = HttpResponse(content, content_type=export_format.get_content_type())
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}.{fmt}"'
    return response


def values_dataset(*, kabupaten, year, agency=None) -> tablib.Dataset:
    """The same columns as the import template, so that exporting and re-importing changes nothing."""
    dataset = tablib.Dataset(headers=VALUE_HEADERS)
    for row in value_rows(kabupaten=kabupaten, year=year, agency=agency):
        dataset.append([neutralise(v) for v in row])
    return dataset


def funding_dataset(*, kabupaten, year, agency=None, fmt: str = "xlsx") -> tablib.Dataset:
    """Every funding line of the year in the import's columns, so that exporting and
    re-importing changes nothing. A CSV holds text only: its amounts are written the
    Indonesian way (1.234.567.890,50), as the import reads them."""
    dataset = tablib.Dataset(headers=FUNDING_HEADERS)
    amounts = {FUNDING_HEADERS.index(h) for h in ("Pagu", "Realisasi")}
    for row in funding_rows(kabupaten=kabupaten, year=year, agency=agency):
        if fmt == "csv":
            row = [rupiah_input(v) if i in amounts else v for i, v in enumerate(row)]
        dataset.append([neutralise(v) for v in row])
    return dataset
