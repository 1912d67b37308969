"""The national report view."""

from django.urls import reverse

from reports.models import Report


class NationalReportTests:
    def test_it_lets_administrators_request_the_summary_in_the_background(self, client_for, world):
        response = client_for("admin").post(reverse("reports:national-report"), {"year": "2025"})
        report = Report.objects.get(kind="national")
        assert response.status_code == 302 and response.url == report.get_absolute_url()
        assert report.status == "queued" and report.parameters == {"year": 2025}
        assert client_for("province").post(reverse("reports:national-report")).status_code == 404
