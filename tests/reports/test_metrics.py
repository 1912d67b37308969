"""Progress and traffic-light rules, with exact expected values."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from programs.models import ActualValue, IndicatorTarget
from reports.counts import periods_elapsed
from reports.metrics import with_progress


@pytest.fixture
def make(world):
    def build(code, baseline, target, values=(), year=2026, status="verified"):
        target_row = IndicatorTarget.objects.create(
            kabupaten=world.seruyan,
            indicator=world.indicators[code],
            year=year,
            baseline=None if baseline is None else Decimal(baseline),
            target=Decimal(target),
            responsible_agency=world.seruyan_pupr,
        )
        for period, value in values:
            ActualValue.objects.create(
                target=target_row,
                period=period,
                value=Decimal(value),
                status=status,
                entered_by=world.users["pupr"],
                verified_by=world.users["kapuas"] if status == "verified" else None,
                verified_at=timezone.now() if status == "verified" else None,
            )
        return target_row

    return build


def measured(target, **kwargs):
    (result,) = with_progress(IndicatorTarget.objects.filter(pk=target.pk), **kwargs)
    return result


class TestHigherIsBetter:
    @pytest.mark.parametrize(
        ("latest", "progress", "light"),
        [
            ("75", "75", "at_risk"),
            ("78", "90", "on_track"),
            ("70", "50", "off_track"),
            ("85", "125", "on_track"),
            ("72", "60", "at_risk"),
            ("60", "0", "off_track"),
        ],
    )
    def test_it_measures_the_way_from_baseline_to_target(self, make, latest, progress, light):
        result = measured(make("AL-01", "60", "80", [(1, latest)]))
        assert result.progress == Decimal(progress)
        assert result.light == light


class TestLowerIsBetter:
    @pytest.mark.parametrize(
        ("latest", "progress", "light"),
        [
            ("6", "80", "at_risk"),
            ("12", "-40", "off_track"),
            ("5", "100", "on_track"),
            ("5.5", "90", "on_track"),
        ],
    )
    def test_it_honours_the_direction(self, make, latest, progress, light):
        result = measured(make("AL-03", "10", "5", [(1, latest)]))
        assert result.progress == Decimal(progress)
        assert result.light == light


class TestEdges:
    def test_it_has_no_progress_without_a_verified_value(self, make):
        result = measured(make("AL-01", "60", "80", [(1, "79")], status="submitted"))
        assert (result.progress, result.light, result.latest_value) == (None, "no_data", None)

    def test_it_has_no_progress_without_a_baseline(self, make):
        result = measured(make("AL-01", None, "80", [(1, "79")]))
        assert (result.progress, result.light) == (None, "no_data")

    @pytest.mark.parametrize(
        ("code", "latest", "progress"),
        [
            ("AL-01", "80", "100"),
            ("AL-01", "79.9", "0"),
            ("AL-03", "5", "100"),
            ("AL-03", "5.1", "0"),
        ],
    )
    def test_it_judges_a_target_equal_to_its_baseline_by_meeting_it(
        self, make, code, latest, progress
    ):
        base = "80" if code == "AL-01" else "5"
        result = measured(make(code, base, base, [(1, latest)]))
        assert result.progress == Decimal(progress)

    def test_it_takes_the_most_recent_verified_period(self, make):
        result = measured(make("AL-04", "20", "40", [(1, "25"), (3, "35"), (2, "30")]))
        assert (result.latest_period, result.latest_value, result.progress) == (
            3,
            Decimal(35),
            Decimal(75),
        )

    def test_it_uses_last_years_annual_value_when_this_year_has_none(self, make):
        make("AL-01", "60", "70", [(1, "68")], year=2025)
        result = measured(make("AL-01", "60", "80", [], year=2026))
        assert (result.latest_year, result.latest_value, result.progress) == (
            2025,
            Decimal(68),
            Decimal(40),
        )

    def test_a_report_as_of_a_quarter_ignores_later_periods(self, make):
        target = make("AL-04", "20", "40", [(1, "25"), (2, "30"), (3, "35")])
        assert measured(target, up_to_quarter=2).latest_value == Decimal(30)
        semester = make("AL-06", "0", "20", [(1, "5"), (2, "10")])
        assert measured(semester, up_to_quarter=3).latest_value == Decimal(5)


class TestPeriodsElapsed:
    @pytest.mark.parametrize(
        ("frequency", "year", "expected"),
        [
            ("quarterly", 2026, 3),
            ("semester", 2026, 1),
            ("annual", 2026, 0),
            ("quarterly", 2025, 4),
            ("semester", 2025, 2),
            ("annual", 2025, 1),
            ("quarterly", 2027, 0),
        ],
    )
    def test_it_counts_the_periods_ended(self, frequency, year, expected):
        assert periods_elapsed(frequency, year, date(2026, 11, 24)) == expected
