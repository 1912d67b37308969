"""Building spreadsheets and driving the import pages, for the import tests."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook

from programs.models import Kabupaten, subject_kabupaten_id, subject_kind
from programs.spreadsheets import FUNDING_HEADERS, TARGET_HEADERS, VALUE_HEADERS
from programs.spreadsheets.funding import KIND_LABELS

HEADER_ROW = 5  # of a downloaded template: three lines of explanation, a blank line, the headers


def workbook(headers: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def value_row(code: str, period: int, value, note: str = "", *, kabupaten="62.03", year=2025):
    return [kabupaten, code, "", "", "", year, period, "", "", value, note, ""]


def values_file(rows: list[list]) -> bytes:
    return workbook(VALUE_HEADERS, rows)


def target_row(code: str, year: int, baseline, target, agency: str, *, kabupaten="62.03"):
    return [kabupaten, code, "", "", year, baseline, target, agency]


def targets_file(rows: list[list]) -> bytes:
    return workbook(TARGET_HEADERS, rows)


def funding_row(
    subject,
    *,
    line="",
    source="APBD Kabupaten/Kota",
    agency="Dinas PUPR",
    reference="",
    pagu="1.000.000.000",
    realisasi="",
    status="Dianggarkan",
    note="",
    remove="",
    year=2025,
    kabupaten=None,
):
    """A row of the funding sheet for a line of `subject` (a package, follow-up or quick win)."""
    if kabupaten is None:
        kabupaten = Kabupaten.objects.get(pk=subject_kabupaten_id(subject)).code
    kind = KIND_LABELS[subject_kind(subject)]
    return [
        kabupaten,
        year,
        kind,
        subject.pk,
        "",
        line,
        source,
        agency,
        reference,
        pagu,
        realisasi,
        status,
        note,
        remove,
    ]


def funding_file(rows: list[list]) -> bytes:
    return workbook(FUNDING_HEADERS, rows)


def funding_sheet(content: bytes):
    """A downloaded funding template or export: its sheet, header row number and rows as dicts
    by header (the explanations above the headers differ by who downloads it)."""
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if "ID baris" in row)
    names = rows[header]
    return sheet, header + 1, [dict(zip(names, row, strict=False)) for row in rows[header + 1 :]]


def upload(client, kind: str, content: bytes, *, code="62.03", year=2025, name="impor.xlsx"):
    data = {"file": SimpleUploadedFile(name, content)}
    if kind in ("values", "funding"):
        data["year"] = str(year)
    return client.post(reverse(f"programs:{kind}-import", kwargs={"code": code}), data)


def job_id(response) -> str:
    found = re.search(r'name="job" value="([^"]+)"', response.content.decode())
    assert found, "the page offers no confirmation"
    return found.group(1)


def confirm(client, kind: str, job, *, code="62.03"):
    return client.post(
        reverse(f"programs:{kind}-import-confirm", kwargs={"code": code}), {"job": str(job)}
    )


def import_file(client, kind: str, content: bytes, **kwargs):
    """Upload, then confirm the preview: what a person does with a file without errors."""
    preview = upload(client, kind, content, **kwargs)
    assert preview.status_code == 200, preview.content.decode()[-3000:]
    return confirm(client, kind, job_id(preview), code=kwargs.get("code", "62.03"))


def waiting_job(world, status="ready", **fields):
    """An import of Kapuas's Bapperida, made without a file upload."""
    from programs.models import ImportJob

    return ImportJob.objects.create(
        kind="values",
        kabupaten=world.kapuas,
        year=2025,
        requested_by=world.users["kapuas"],
        file_name="realisasi.xlsx",
        checksum="",
        status=status,
        **fields,
    )


def run_queued_tasks() -> int:
    """What a worker does with the queue, in this process: each waiting import task, once."""
    ran = 0
    for result in DBTaskResult.objects.filter(task_path__startswith="programs.tasks."):
        task = import_string(result.task_path)
        task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.delete()
        ran += 1
    return ran


def template_bytes(client, year=2025) -> bytes:
    """Kapuas's values template of `year`, as its Bapperida downloads it."""
    response = client.get(
        reverse("programs:values-template", kwargs={"code": "62.03"}) + f"?year={year}"
    )
    assert response.status_code == 200
    return response.content


def fill(content: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    """Set cells by (indicator code, period) → value in a downloaded template."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    headers = [c.value for c in sheet[HEADER_ROW]]
    code_col = headers.index("Kode indikator") + 1
    period_col = headers.index("Periode") + 1
    value_col = headers.index("Nilai") + 1
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        key = (sheet.cell(row, code_col).value, str(sheet.cell(row, period_col).value))
        if key in edits:
            sheet.cell(row, value_col).value = edits[key]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_values(client, content: bytes, name="realisasi.xlsx", year=2025):
    """Upload a values file of Kapuas for its preview."""
    return upload(client, "values", content, year=year, name=name)


def confirm_preview(client, preview):
    """Confirm the values import a preview page offers."""
    return confirm(client, "values", job_id(preview))
