"""Uploading a values or targets file: the preview names every problem by row and column,
and a hostile file (a corpus built here with openpyxl) is refused clearly, writing nothing."""

import io
import zipfile

import pytest
from openpyxl import Workbook
from PIL import Image

from programs import spreadsheets
from programs.models import ActualValue
from tests.spreadsheets import HEADER_ROW, fill, template_bytes, upload_values


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


class ImportPageTests:
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
        response = upload_values(client, fill(template_bytes(client), edits))
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
        page = upload_values(client_for("kapuas"), buffer.getvalue()).content.decode()
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
        page = upload_values(
            client, fill(template_bytes(client), {("AL-01", "1"): 80})
        ).content.decode()
        assert "terkunci" in page or "locked" in page

    def test_it_lets_an_opd_head_import_only_their_opd(self, client_for, world):
        client = client_for("kapuas")
        content = fill(template_bytes(client), {("PS-02", "1"): 60})
        page = upload_values(client_for("pupr"), content).content.decode()
        assert "DLH" in page and ("bukan oleh OPD Anda" in page or "not by your OPD" in page)

    @pytest.mark.parametrize(("label", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
    def test_it_refuses_a_hostile_file_clearly_and_writes_nothing(
        self, client_for, world, label, content, message
    ):
        before = ActualValue.objects.count()
        response = upload_values(client_for("kapuas"), content)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert ActualValue.objects.count() == before

    def test_it_refuses_a_huge_file(self, client_for, world):
        response = upload_values(
            client_for("kapuas"), b"PK\x03\x04" + b"0" * (spreadsheets.MAX_UPLOAD_BYTES + 1)
        )
        assert response.status_code == 400
        assert "terlalu besar" in response.content.decode()

    def test_it_skips_thousands_of_empty_styled_rows(self, client_for, world):
        response = upload_values(client_for("kapuas"), xlsx(with_thousands_of_empty_styled_rows))
        assert response.status_code == 200
        assert "1 diperbarui" in response.content.decode()
