"""Spreadsheet import and export: a corpus of good and hostile files, built here with openpyxl,
each with its expected outcome."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from PIL import Image

from programs import spreadsheets
from programs.models import ActualValue, IndicatorTarget
from tests.history import events

HEADER_ROW = 5  # three lines of explanation, a blank line, then the headers


def template_bytes(client, year=2025) -> bytes:
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


def upload(client, content: bytes, name="realisasi.xlsx", year=2025):
    return client.post(
        reverse("programs:values-import", kwargs={"code": "62.03"}),
        {"year": str(year), "file": SimpleUploadedFile(name, content)},
    )


def job_id(response) -> str:
    return re.search(r'name="job" value="([^"]+)"', response.content.decode()).group(1)


def confirm(client, response):
    return client.post(
        reverse("programs:values-import-confirm", kwargs={"code": "62.03"}),
        {"job": job_id(response)},
    )


class TestTemplate:
    def test_it_lists_each_indicator_and_period_with_protected_labels(self, client_for, world):
        workbook = load_workbook(io.BytesIO(template_bytes(client_for("kapuas"))))
        sheet = workbook.active
        headers = [c.value for c in sheet[HEADER_ROW]]
        assert headers == spreadsheets.VALUE_HEADERS
        rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
        # AL-01 annual (1), AL-03 semester (2), PS-02 semester (2)
        assert [(r[1], r[6]) for r in rows] == [
            ("AL-01", 1),
            ("AL-03", 1),
            ("AL-03", 2),
            ("PS-02", 1),
            ("PS-02", 2),
        ]
        assert rows[0][9] == Decimal("72.5") or rows[0][9] == 72.5  # the value already entered
        assert sheet.protection.sheet is True
        assert sheet.cell(HEADER_ROW + 1, 2).protection.locked is True
        assert sheet.cell(HEADER_ROW + 1, 10).protection.locked is False
        assert sheet.data_validations.dataValidation, "the value column has data validation"

    def test_it_gives_an_opd_head_only_the_rows_of_their_opd(self, client_for, world):
        workbook = load_workbook(io.BytesIO(template_bytes(client_for("pupr"))))
        codes = {r[1] for r in workbook.active.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
        assert codes == {"AL-01"}


class TestValuesImport:
    def test_it_previews_then_imports_values_as_submitted(self, client_for, world):
        client = client_for("kapuas")
        content = fill(template_bytes(client), {("AL-03", "1"): "3,5", ("PS-02", "2"): 66})
        before = ActualValue.objects.count()
        preview = upload(client, content)
        assert preview.status_code == 200
        page = preview.content.decode()
        # AL-01 and DLH's PS-02 period 1 keep their values, AL-03 period 2 was left empty.
        assert "2 baru" in page and "3 tidak berubah" in page and "0 bermasalah" in page
        assert ActualValue.objects.count() == before, "dry run writes nothing"

        done = confirm(client, preview)
        assert done.status_code == 302
        imported = ActualValue.objects.get(
            target__indicator__code="AL-03", target__kabupaten=world.kapuas
        )
        assert imported.value == Decimal("3.5")
        assert imported.status == ActualValue.Status.SUBMITTED
        assert imported.entered_by == world.users["kapuas"]
        imported_events = events(ActualValue, pgh_context__metadata__action="values.import")
        assert imported_events.count() == 2

    def test_it_changes_nothing_when_the_same_file_is_imported_twice(self, client_for, world):
        client = client_for("kapuas")
        content = fill(template_bytes(client), {("AL-03", "1"): 4})
        confirm(client, upload(client, content))
        before = list(
            ActualValue.objects.order_by("pk").values_list("pk", "value", "version", "updated_at")
        )
        second = upload(client, content)
        assert "0 baru" in second.content.decode() and "0 diperbarui" in second.content.decode()
        confirm(client, second)
        after = list(
            ActualValue.objects.order_by("pk").values_list("pk", "value", "version", "updated_at")
        )
        assert after == before

    def test_it_round_trips_an_export_without_changes(self, client_for, world):
        client = client_for("kapuas")
        confirm(client, upload(client, fill(template_bytes(client), {("PS-02", "1"): "61,25"})))
        exported = client.get(
            reverse("reports:values-export", kwargs={"code": "62.03"}) + "?year=2025&format=xlsx"
        )
        before = list(ActualValue.objects.order_by("pk").values_list("pk", "value", "version"))
        # The export has no explanatory header: the importer finds the header row anyway.
        preview = upload(client, exported.content, name="export.xlsx")
        assert preview.status_code == 200
        assert "0 baru" in preview.content.decode() and "0 diperbarui" in preview.content.decode()
        confirm(client, preview)
        assert (
            list(ActualValue.objects.order_by("pk").values_list("pk", "value", "version")) == before
        )

    @pytest.mark.parametrize(
        ("edits", "message"),
        [
            ({("AL-03", "1"): "abc"}, "bukan angka"),
            ({("AL-03", "1"): 150}, "Persentase harus di antara 0 dan 100."),
            ({("AL-03", "1"): -2}, "Nilai tidak boleh negatif."),
        ],
    )
    def test_it_names_row_column_and_problem(self, client_for, world, edits, message):
        client = client_for("kapuas")
        response = upload(client, fill(template_bytes(client), edits))
        page = response.content.decode()
        assert response.status_code == 400
        assert message in page
        assert "Kolom Nilai" in page
        assert (
            f'<td class="small">{HEADER_ROW + 2}</td>' in page
        )  # AL-03 period 1 is the second data row
        assert 'name="job"' not in page, "no confirmation is offered for a file with errors"

    def test_it_refuses_rows_of_another_kabupaten_unknown_codes_wrong_periods_and_duplicates(
        self, client_for, world
    ):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(spreadsheets.VALUE_HEADERS)
        base = ["62.03", "AL-01", "", "", "", 2025, 1, "", "", 70, "", ""]
        sheet.append(["62.07", *base[1:]])  # Seruyan's row in Kapuas's file
        sheet.append([base[0], "XX-99", *base[2:]])  # unknown indicator
        sheet.append([*base[:5], 2024, *base[6:]])  # outside the year
        sheet.append([*base[:6], 3, *base[7:]])  # annual indicator has no period 3
        sheet.append(base)
        sheet.append(base)  # duplicate of the row above
        buffer = io.BytesIO()
        workbook.save(buffer)
        page = upload(client_for("kapuas"), buffer.getvalue()).content.decode()
        assert "bukan milik Anda" in page or "not to yours" in page
        assert "XX-99" in page
        assert "di luar tahun 2025" in page or "outside the year 2025" in page
        assert "Periode 3 tidak ada" in page
        assert "Baris ganda" in page or "Duplicate row" in page

    def test_it_refuses_a_locked_verified_value(self, client_for, world):
        value = world.kapuas_value
        ActualValue.objects.filter(pk=value.pk).update(
            status="verified", verified_by=world.users["kapuas"], verified_at=value.entered_at
        )
        client = client_for("kapuas")
        page = upload(client, fill(template_bytes(client), {("AL-01", "1"): 80})).content.decode()
        assert "terkunci" in page or "locked" in page

    def test_it_lets_an_opd_head_import_only_their_opd(self, client_for, world):
        client = client_for("kapuas")
        content = fill(template_bytes(client), {("PS-02", "1"): 60})
        page = upload(client_for("pupr"), content).content.decode()
        assert "DLH" in page and ("bukan oleh OPD Anda" in page or "not by your OPD" in page)

    def test_it_writes_nothing_when_the_data_changed_between_preview_and_confirm(
        self, client_for, world
    ):
        client = client_for("kapuas")
        preview = upload(
            client, fill(template_bytes(client), {("AL-01", "1"): 80, ("AL-03", "1"): 3})
        )
        ActualValue.objects.filter(pk=world.kapuas_value.pk).update(
            status="verified",
            verified_by=world.users["kapuas"],
            verified_at=world.kapuas_value.entered_at,
        )
        response = confirm(client, preview)
        assert response.status_code == 409
        assert not ActualValue.objects.filter(target__indicator__code="AL-03").exists()


def xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


def encrypted_like() -> bytes:
    # Excel saves password-protected workbooks as an OLE2 compound file, not a zip.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


def zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return buffer.getvalue()


def with_formula(sheet):
    sheet.append(spreadsheets.VALUE_HEADERS)
    sheet.append(["62.03", "AL-01", "", "", "", 2025, 1, "", "", "=1+1", "", ""])


def with_merged_cells(sheet):
    sheet.append(spreadsheets.VALUE_HEADERS)
    sheet.append(["62.03", "AL-01", "", "", "", 2025, 1, "", "", 70, "", ""])
    sheet.merge_cells("A2:B2")


def with_wrong_headers(sheet):
    sheet.append(["Kode wilayah", "Kode indikator", "Something"])
    sheet.append(["62.03", "AL-01", 1])


def with_thousands_of_empty_styled_rows(sheet):
    from openpyxl.styles import PatternFill

    sheet.append(spreadsheets.VALUE_HEADERS)
    sheet.append(["62.03", "AL-01", "", "", "", 2025, 1, "", "", 71, "", ""])
    fill_style = PatternFill("solid", fgColor="FFFF00")
    for row in range(3, 5003):
        sheet.cell(row=row, column=10).fill = fill_style


HOSTILE = [
    ("empty", b"", "kosong"),
    ("csv renamed", b"Kode wilayah,Kode indikator\n62.03,AL-01\n", "bukan buku kerja Excel"),
    ("image renamed", png_bytes(), "bukan buku kerja Excel"),
    ("password protected", encrypted_like(), "dilindungi kata sandi"),
    ("zip without workbook", zip_without_workbook(), "bukan buku kerja Excel"),
    ("formula", xlsx(with_formula), "rumus"),
    ("merged cells", xlsx(with_merged_cells), "digabung"),
    ("wrong headers", xlsx(with_wrong_headers), "Kolom tidak ada"),
    ("no data", xlsx(lambda s: s.append(spreadsheets.VALUE_HEADERS)), "tidak memiliki baris data"),
]


class TestHostileFiles:
    @pytest.mark.parametrize(("label", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
    def test_it_refuses_clearly_and_writes_nothing(
        self, client_for, world, label, content, message
    ):
        before = ActualValue.objects.count()
        response = upload(client_for("kapuas"), content)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert ActualValue.objects.count() == before

    def test_it_refuses_a_huge_file(self, client_for, world):
        response = upload(
            client_for("kapuas"), b"PK\x03\x04" + b"0" * (spreadsheets.MAX_UPLOAD_BYTES + 1)
        )
        assert response.status_code == 400
        assert "terlalu besar" in response.content.decode()

    def test_it_skips_thousands_of_empty_styled_rows(self, client_for, world):
        response = upload(client_for("kapuas"), xlsx(with_thousands_of_empty_styled_rows))
        assert response.status_code == 200
        assert "1 diperbarui" in response.content.decode()


class TestTargetsImport:
    def test_it_imports_targets_from_the_template(self, client_for, world):
        client = client_for("kapuas")
        content = client.get(reverse("programs:targets-template", kwargs={"code": "62.03"})).content
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.active
        headers = [c.value for c in sheet[4]]
        for row in range(5, sheet.max_row + 1):
            if sheet.cell(row, 2).value == "AL-02" and sheet.cell(row, 5).value == 2026:
                sheet.cell(row, headers.index("Baseline") + 1).value = "11,2"
                sheet.cell(row, headers.index("Target") + 1).value = "14,5"
                sheet.cell(row, headers.index("OPD") + 1).value = "Dinas PUPR"
        buffer = io.BytesIO()
        workbook.save(buffer)
        preview = client.post(
            reverse("programs:targets-import", kwargs={"code": "62.03"}),
            {"file": SimpleUploadedFile("target.xlsx", buffer.getvalue())},
        )
        assert preview.status_code == 200, preview.content.decode()[-2000:]
        client.post(
            reverse("programs:targets-import-confirm", kwargs={"code": "62.03"}),
            {"job": job_id(preview)},
        )
        target = IndicatorTarget.objects.get(
            kabupaten=world.kapuas, indicator__code="AL-02", year=2026
        )
        assert (target.baseline, target.target) == (Decimal("11.2"), Decimal("14.5"))
        assert target.responsible_agency == world.kapuas_pupr


class TestExports:
    def test_it_neutralises_text_that_looks_like_a_formula(self, client_for, world):
        world.kapuas_followup.action = '=HYPERLINK("http://evil")'
        world.kapuas_followup.save()
        response = client_for("kapuas").get(
            reverse("reports:followups-export", kwargs={"code": "62.03"}) + "?format=csv"
        )
        text = response.content.decode()
        assert "'=HYPERLINK" in text
        assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text

    def test_it_exports_only_what_the_filters_and_scope_allow(self, client_for, world):
        response = client_for("province").get(
            reverse("reports:province-followups-export", kwargs={"code": "62"})
            + "?status=done&format=csv"
        )
        assert "Memilih teknologi" not in response.content.decode()  # the world's follow-up is open
        response = client_for("province").get(
            reverse("reports:province-followups-export", kwargs={"code": "62"}) + "?format=xlsx"
        )
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows[0][:3] == ("Kabupaten/kota", "Rencana tindak lanjut", "OPD penanggung jawab")
        assert any("Memilih teknologi" in str(r[1]) for r in rows[1:])
