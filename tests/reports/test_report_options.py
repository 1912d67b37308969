"""A report asked for a quarter and a year holds that period's data and no other: the progress
report as of quarter Q of year Y prints the latest value of the periods ended by then (a
quarterly, a semester and an annual indicator) with its progress, none of the later ones, not even in its trend charts; a
report of another year prints that year's targets. The expected figures are worked out from
the stored rows (tests/reports/figures.py), and read back from the PDF with pdftotext."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import ActualValue, IndicatorTarget
from reports.models import Report
from tests.reports.figures import indonesian, latest_verified, percent, progress
from tests.reports.test_pdf_reports import pdf_text

# Verified values of Kapuas, by indicator: {(year, period): value}; every number is unique in
# the report, so that finding it (or not) in the text says which period was printed.
QUARTERLY = {(2025, 1): "25.10", (2025, 2): "30.20", (2025, 3): "35.30", (2026, 1): "39.90"}
SEMESTER = {(2025, 1): "5.15", (2025, 2): "10.25"}
ANNUAL = {(2025, 1): "72.50"}  # the world's Dinas PUPR value, verified here
TARGETS = {("AL-04", 2025): "44.40", ("AL-04", 2026): "47.30", ("AL-06", 2025): "18.60"}
BASELINES = {"AL-04": "20.00", "AL-06": "0.00"}


@pytest.fixture
def periods(world):
    """Kapuas's AL-04 (quarterly), AL-06 (semester) and AL-01 (annual) with verified values."""
    targets = {}
    for (code, year), target in TARGETS.items():
        targets[code, year] = IndicatorTarget.objects.create(
            kabupaten=world.kapuas,
            indicator=world.indicators[code],
            year=year,
            baseline=Decimal(BASELINES[code]),
            target=Decimal(target),
            responsible_agency=world.kapuas_pupr,
        )
    for code, values in (("AL-04", QUARTERLY), ("AL-06", SEMESTER)):
        for (year, period), value in values.items():
            ActualValue.objects.create(
                target=targets[code, year],
                period=period,
                value=Decimal(value),
                status="verified",
                entered_by=world.users["pupr"],
                verified_by=world.users["kapuas"],
                verified_at=timezone.now(),
            )
    ActualValue.objects.filter(pk=world.kapuas_value.pk).update(
        status="verified", verified_by=world.users["kapuas"], verified_at=timezone.now()
    )
    targets["AL-01", 2025] = world.kapuas_target
    return targets


def report_text(client, **asked) -> str:
    response = client.post(reverse("reports:kabupaten-report", kwargs={"code": "62.03"}), asked)
    report = Report.objects.latest("id")
    assert response.url == reverse("reports:report-download", kwargs={"pk": report.pk})
    return pdf_text(report)


def shown(value: str) -> str:
    return indonesian(Decimal(value), 2)


class ReportOptionTests:
    @pytest.mark.parametrize("quarter", [1, 2, 3, 4])
    def test_a_report_as_of_a_quarter_prints_that_quarters_data_only(
        self, client_for, world, periods, quarter
    ):
        text = report_text(client_for("kapuas"), year="2025", period=str(quarter))
        assert f"Tahun 2025 per akhir triwulan {quarter}" in text
        ended = {"AL-04": quarter, "AL-06": quarter // 2, "AL-01": quarter // 4}
        for code, values in (("AL-04", QUARTERLY), ("AL-06", SEMESTER), ("AL-01", ANNUAL)):
            target = periods[code, 2025]
            latest = latest_verified(target, up_to_quarter=quarter)
            if latest is not None:  # printed with its progress, worked out from the rows
                assert shown(str(latest.value)) in text, code
                assert percent(progress(target, latest.value)) in text, code
            for (year, period), value in values.items():
                if year > 2025 or period > ended[code]:
                    assert shown(value) not in text, (code, year, period)

    def test_a_report_without_a_quarter_prints_the_latest_data(self, client_for, world, periods):
        text = report_text(client_for("kapuas"), year="2025")
        assert "triwulan" not in text
        for value in (QUARTERLY[2025, 3], SEMESTER[2025, 2], ANNUAL[2025, 1]):
            assert shown(value) in text
        assert shown(QUARTERLY[2026, 1]) not in text  # a later year's value

    @pytest.mark.parametrize(("asked", "other"), [(2025, 2026), (2026, 2025)])
    def test_a_report_of_a_year_prints_that_years_targets(
        self, client_for, world, periods, asked, other
    ):
        text = report_text(client_for("kapuas"), year=str(asked))
        assert f"Tahun {asked}" in text
        assert shown(TARGETS["AL-04", asked]) in text
        assert shown(TARGETS["AL-04", other]) not in text
        target = periods["AL-04", asked]
        latest = latest_verified(target)
        assert percent(progress(target, latest.value)) in text
        if asked == 2025:
            assert shown(QUARTERLY[2026, 1]) not in text

    @pytest.mark.parametrize(("asked", "other"), [(2025, 2026), (2026, 2025)])
    def test_an_opd_sheet_of_a_year_prints_that_years_targets(
        self, client_for, world, periods, asked, other
    ):
        client_for("pupr").post(
            reverse(
                "reports:opd-sheet", kwargs={"code": "62.03", "agency_pk": world.kapuas_pupr.pk}
            ),
            {"year": str(asked)},
        )
        text = pdf_text(Report.objects.latest("id"))
        assert shown(TARGETS["AL-04", asked]) in text
        assert shown(TARGETS["AL-04", other]) not in text
