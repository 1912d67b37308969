"""Confirming a previewed import: it writes what the preview said, once, and nothing when the
data changed since."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import ActualValue, IndicatorTarget
from tests.history import events
from tests.spreadsheets import confirm_preview, fill, job_id, template_bytes, upload_values


class ImportConfirmTests:
    def test_it_previews_then_imports_values_as_submitted(self, client_for, world):
        client = client_for("kapuas")
        content = fill(template_bytes(client), {("AL-03", "1"): "3,5", ("PS-02", "2"): 66})
        before = ActualValue.objects.count()
        preview = upload_values(client, content)
        assert preview.status_code == 200
        page = preview.content.decode()
        # AL-01 and DLH's PS-02 period 1 keep their values, AL-03 period 2 was left empty.
        assert "2 baru" in page and "3 tidak berubah" in page and "0 bermasalah" in page
        assert ActualValue.objects.count() == before, "dry run writes nothing"

        done = confirm_preview(client, preview)
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
        confirm_preview(client, upload_values(client, content))
        before = list(
            ActualValue.objects.order_by("pk").values_list("pk", "value", "version", "updated_at")
        )
        second = upload_values(client, content)
        assert "0 baru" in second.content.decode() and "0 diperbarui" in second.content.decode()
        confirm_preview(client, second)
        after = list(
            ActualValue.objects.order_by("pk").values_list("pk", "value", "version", "updated_at")
        )
        assert after == before

    def test_it_round_trips_an_export_without_changes(self, client_for, world):
        client = client_for("kapuas")
        confirm_preview(
            client, upload_values(client, fill(template_bytes(client), {("PS-02", "1"): "61,25"}))
        )
        exported = client.get(
            reverse("reports:values-export", kwargs={"code": "62.03"}) + "?year=2025&format=xlsx"
        )
        before = list(ActualValue.objects.order_by("pk").values_list("pk", "value", "version"))
        # The export has no explanatory header: the importer finds the header row anyway.
        preview = upload_values(client, exported.content, name="export.xlsx")
        assert preview.status_code == 200
        assert "0 baru" in preview.content.decode() and "0 diperbarui" in preview.content.decode()
        confirm_preview(client, preview)
        assert (
            list(ActualValue.objects.order_by("pk").values_list("pk", "value", "version")) == before
        )

    def test_it_writes_nothing_when_the_data_changed_between_preview_and_confirm(
        self, client_for, world
    ):
        client = client_for("kapuas")
        preview = upload_values(
            client, fill(template_bytes(client), {("AL-01", "1"): 80, ("AL-03", "1"): 3})
        )
        ActualValue.objects.filter(pk=world.kapuas_value.pk).update(
            status="verified",
            verified_by=world.users["kapuas"],
            verified_at=world.kapuas_value.entered_at,
        )
        response = confirm_preview(client, preview)
        assert response.status_code == 409
        assert not ActualValue.objects.filter(target__indicator__code="AL-03").exists()

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
