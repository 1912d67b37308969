"""The funding template: what each importer downloads, and that it imports back unchanged."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import FundingLine
from programs.spreadsheets import FUNDING_HEADERS
from tests.funding import make_line
from tests.spreadsheets import funding_sheet, upload


def template(client, year=2025, code="62.03"):
    return client.get(reverse("programs:funding-template", kwargs={"code": code}) + f"?year={year}")


class FundingTemplateTests:
    def test_bapperidas_holds_every_line_and_a_spare_row_per_subject(self, client_for, world):
        pupr = make_line(world, pagu="1500000000.50", realisasi="250000000", reference="1.03")
        dlh = make_line(world, subject=world.dlh_quickwin, agency=world.kapuas_dlh, source="dak")
        make_line(world, year=2026, reference="another year")
        response = template(client_for("kapuas"))

        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="pendanaan-Kapuas-2025.xlsx"'
        )
        sheet, header_row, rows = funding_sheet(response.content)
        assert [c.value for c in sheet[header_row]] == FUNDING_HEADERS
        lines = {row["ID baris"]: row for row in rows if row["ID baris"]}
        assert set(lines) == {pupr.pk, dlh.pk}
        assert (lines[pupr.pk]["Pagu"], lines[pupr.pk]["Realisasi"]) == (
            Decimal("1500000000.5"),
            250000000,
        )
        assert lines[pupr.pk]["Jenis"] == "RTL" and lines[dlh.pk]["Jenis"] == "Quick win"
        assert (lines[dlh.pk]["Sumber dana"], lines[dlh.pk]["OPD"]) == ("DAK", "DLH")
        assert lines[dlh.pk]["Status"] == "Dianggarkan"
        # One spare row for each follow-up and quick win still under way, to add a line in.
        spare = {(r["Jenis"], r["ID subjek"]) for r in rows if not r["ID baris"]}
        assert spare == {
            ("RTL", world.kapuas_followup.pk),
            ("RTL", world.dlh_followup.pk),
            ("Quick win", world.kapuas_quickwin.pk),
            ("Quick win", world.dlh_quickwin.pk),
        }
        assert sheet.protection.sheet is not True  # rows may be copied to add lines

    def test_it_imports_back_without_a_change(self, client_for, world):
        make_line(world, pagu="1500000000.50", realisasi="250000000", note="=SUM(A1) bukan rumus")
        make_line(world, subject=world.dlh_quickwin, agency=world.kapuas_dlh, source="dak")
        before = list(FundingLine.objects.values_list("pk", "version", "note").order_by("pk"))
        client = client_for("kapuas")
        content = template(client).content
        preview = upload(client, "funding", content)

        page = preview.content.decode()
        assert preview.status_code == 200, page[-2000:]
        # The spare rows ask for nothing: they count as unchanged too.
        assert "0 baru" in page and "0 diperbarui" in page and "6 tidak berubah" in page
        assert list(FundingLine.objects.values_list("pk", "version", "note").order_by("pk")) == (
            before
        )

    def test_an_opd_heads_holds_its_own_lines_with_only_the_realisasi_open(self, client_for, world):
        own = make_line(world)
        make_line(world, agency=world.kapuas_dlh)
        client = client_for("pupr")
        response = template(client)

        assert response["Content-Disposition"].endswith('-Dinas-PUPR.xlsx"')
        sheet, header_row, rows = funding_sheet(response.content)
        assert [row["ID baris"] for row in rows] == [own.pk]
        assert sheet.protection.sheet is True
        open_columns = {
            FUNDING_HEADERS[cell.column - 1]
            for cell in sheet[header_row + 1]
            if not cell.protection.locked
        }
        assert open_columns == {"Realisasi", "Status", "Catatan"}
        preview = upload(client, "funding", response.content)
        assert "1 tidak berubah" in preview.content.decode()

    def test_province_staff_are_refused_and_outsiders_find_nothing(self, client_for, world):
        assert template(client_for("province")).status_code == 403
        assert template(client_for("seruyan")).status_code == 404
        assert template(client_for("seruyan_pupr")).status_code == 404

    def test_a_csv_the_export_wrote_imports_back_too(self, client_for, world):
        make_line(world, pagu="1234567890.50", realisasi="1000000")
        client = client_for("kapuas")
        export = client.get(
            reverse("reports:funding-export", kwargs={"code": "62.03"}) + "?year=2025&format=csv"
        )
        assert "1.234.567.890,50" in export.content.decode()
        response = client.post(
            reverse("programs:funding-import", kwargs={"code": "62.03"}),
            {"year": "2025", "file": SimpleUploadedFile("pendanaan.csv", export.content)},
        )
        assert response.status_code == 200, response.content.decode()[-2000:]
        assert "1 tidak berubah" in response.content.decode()
