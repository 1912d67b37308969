"""The province followups export view."""

import io

from django.urls import reverse
from openpyxl import load_workbook


class ProvinceFollowUpsExportTests:
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
