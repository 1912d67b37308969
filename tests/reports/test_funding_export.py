"""The funding export: every reader of a kabupaten/kota downloads its lines of a year, in the
columns the import reads."""

import csv
import io
from decimal import Decimal

from django.urls import reverse

from programs.spreadsheets import FUNDING_HEADERS
from tests.funding import make_line
from tests.spreadsheets import funding_sheet


def export(client, query="year=2025&format=xlsx", code="62.03"):
    return client.get(reverse("reports:funding-export", kwargs={"code": code}) + f"?{query}")


class FundingExportTests:
    def test_province_staff_download_every_line_of_the_year(self, client_for, world):
        pupr = make_line(world, pagu="1234567890123.45", realisasi="999999.99")
        dlh = make_line(world, subject=world.kapuas_quickwin, agency=world.kapuas_dlh)
        make_line(world, year=2026, reference="another year")
        response = export(client_for("province"))

        assert response.status_code == 200
        assert (
            response["Content-Disposition"] == 'attachment; filename="pendanaan-Kapuas-2025.xlsx"'
        )
        sheet, header_row, rows = funding_sheet(response.content)
        assert [c.value for c in sheet[header_row]] == FUNDING_HEADERS
        assert {row["ID baris"] for row in rows} == {pupr.pk, dlh.pk}
        exported = next(row for row in rows if row["ID baris"] == pupr.pk)
        assert Decimal(str(exported["Pagu"])) == Decimal("1234567890123.45")
        assert Decimal(str(exported["Realisasi"])) == Decimal("999999.99")

    def test_it_keeps_to_one_opd_when_asked(self, client_for, world):
        make_line(world)
        dlh = make_line(world, agency=world.kapuas_dlh)
        response = export(client_for("pupr"), f"year=2025&agency={world.kapuas_dlh.pk}")
        _sheet, _header, rows = funding_sheet(response.content)
        assert [row["ID baris"] for row in rows] == [dlh.pk]
        assert response["Content-Disposition"].endswith('-DLH.xlsx"')

    def test_a_csv_writes_amounts_the_indonesian_way(self, client_for, world):
        line = make_line(world, pagu="1234567890.50", note='=HYPERLINK("x")')
        response = export(client_for("kapuas"), "year=2025&format=csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0]["ID baris"] == str(line.pk)
        assert rows[0]["Pagu"] == "1.234.567.890,50"
        assert rows[0]["Realisasi"] == "0"
        assert rows[0]["Catatan"] == '\'=HYPERLINK("x")'  # never run as a formula

    def test_outsiders_find_nothing(self, client_for, world):
        make_line(world)
        assert export(client_for("seruyan")).status_code == 404
        assert export(client_for("kalsel")).status_code == 404
        assert export(client_for("kapuas"), "year=2025&format=pdf").status_code == 404
