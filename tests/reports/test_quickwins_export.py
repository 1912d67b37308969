"""The quickwins export view."""

import io

from django.urls import reverse
from openpyxl import load_workbook


class QuickWinsExportTests:
    def test_it_exports_what_the_kabupaten_holds(self, client_for, world):
        quick_wins = client_for("kapuas").get(
            reverse("reports:quickwins-export", kwargs={"code": "62.03"}), {"format": "xlsx"}
        )
        assert quick_wins["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        sheet = load_workbook(io.BytesIO(quick_wins.content)).active
        assert "TPS3R percontohan" in [cell.value for row in sheet.iter_rows() for cell in row]
