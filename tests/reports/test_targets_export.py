"""The targets export view."""

import csv
import io

from django.urls import reverse


class TargetsExportTests:
    def test_it_exports_what_the_kabupaten_holds(self, client_for, world):
        targets = client_for("kapuas").get(
            reverse("reports:targets-export", kwargs={"code": "62.03"}), {"format": "csv"}
        )
        rows = list(csv.reader(io.StringIO(targets.content.decode("utf-8-sig"))))
        assert any("AL-01" in row for row in rows)
        assert not any("Seruyan" in cell for row in rows for cell in row)
