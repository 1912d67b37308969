"""Progress and traffic-light rules: each expected figure is worked out in the test from
its inputs, by the rule the dashboards state, or by hand in a comment."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from programs.models import ActualValue, IndicatorTarget
from reports.counts import periods_elapsed
from reports.metrics import measures, with_progress


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


# The rule as the dashboards state it, written out here on its own (not imported from
# reports.metrics), so that a change to the SQL is measured against the rule, not itself.
def expected_progress(baseline: str, target: str, latest: str, direction: str) -> Decimal:
    baseline, target, latest = Decimal(baseline), Decimal(target), Decimal(latest)
    if target == baseline:
        meets = latest >= target if direction == "higher" else latest <= target
        return Decimal(100) if meets else Decimal(0)
    return (latest - baseline) * 100 / (target - baseline)


def expected_light(progress: Decimal | None) -> str:
    if progress is None:
        return "no_data"
    if progress >= 90:
        return "on_track"
    return "at_risk" if progress >= 60 else "off_track"


class TestHigherIsBetter:
    # From a baseline of 60 to a target of 80, the latest values step through every band and
    # its edges: 78 is 90% of the way (on track, just), 72 is 60% (at risk, just), 71.9 just
    # under, 85 past the target, 60 no way at all.
    @pytest.mark.parametrize("latest", ["75", "78", "77.9", "70", "85", "72", "71.9", "60"])
    def test_it_measures_the_way_from_baseline_to_target(self, make, latest):
        result = measured(make("AL-01", "60", "80", [(1, latest)]))
        progress = expected_progress("60", "80", latest, "higher")
        assert result.progress == progress
        assert result.light == expected_light(progress)

    def test_a_hand_worked_example(self, make):
        # (75 − 60) ÷ (80 − 60) × 100 = 15 ÷ 20 × 100 = 75: at risk (60 ≤ 75 < 90).
        result = measured(make("AL-01", "60", "80", [(1, "75")]))
        assert (result.progress, result.light) == (Decimal(75), "at_risk")


class TestLowerIsBetter:
    # From 10 down to 5: 5.5 is 90% of the way, 12 is a step back (negative progress).
    @pytest.mark.parametrize("latest", ["6", "12", "5", "5.5", "5.6", "7", "7.1"])
    def test_it_honours_the_direction(self, make, latest):
        result = measured(make("AL-03", "10", "5", [(1, latest)]))
        progress = expected_progress("10", "5", latest, "lower")
        assert result.progress == progress
        assert result.light == expected_light(progress)

    def test_a_hand_worked_example(self, make):
        # (6 − 10) ÷ (5 − 10) × 100 = −4 ÷ −5 × 100 = 80: at risk, though 6 > 5.
        result = measured(make("AL-03", "10", "5", [(1, "6")]))
        assert (result.progress, result.light) == (Decimal(80), "at_risk")


class TestEdges:
    def test_it_has_no_progress_without_a_verified_value(self, make):
        result = measured(make("AL-01", "60", "80", [(1, "79")], status="submitted"))
        assert (result.progress, result.light, result.latest_value) == (None, "no_data", None)

    def test_it_has_no_progress_without_a_baseline(self, make):
        result = measured(make("AL-01", None, "80", [(1, "79")]))
        assert (result.progress, result.light) == (None, "no_data")

    @pytest.mark.parametrize(
        ("code", "base", "latest"),
        [
            ("AL-01", "80", "80"),
            ("AL-01", "80", "79.9"),
            ("AL-03", "5", "5"),
            ("AL-03", "5", "5.1"),
        ],
    )
    def test_it_judges_a_target_equal_to_its_baseline_by_meeting_it(self, make, code, base, latest):
        target = make(code, base, base, [(1, latest)])
        result = measured(target)
        direction = target.indicator.direction
        assert result.progress == expected_progress(base, base, latest, direction)

    def test_it_takes_the_most_recent_verified_period(self, make):
        values = [(1, "25"), (3, "35"), (2, "30")]  # entered out of order
        result = measured(make("AL-04", "20", "40", values))
        latest_period, latest = max(values)
        assert (result.latest_period, result.latest_value, result.progress) == (
            latest_period,
            Decimal(latest),
            expected_progress("20", "40", latest, "higher"),
        )

    def test_it_uses_last_years_annual_value_when_this_year_has_none(self, make):
        make("AL-01", "60", "70", [(1, "68")], year=2025)
        result = measured(make("AL-01", "60", "80", [], year=2026))
        # Measured against 2026's target: (68 − 60) ÷ (80 − 60) × 100 = 40.
        assert (result.latest_year, result.latest_value, result.progress) == (
            2025,
            Decimal(68),
            expected_progress("60", "80", "68", "higher"),
        )

    @pytest.mark.parametrize("quarter", [1, 2, 3, 4])
    def test_a_report_as_of_a_quarter_ignores_later_periods(self, make, quarter):
        quarterly = {1: "25", 2: "30", 3: "35"}
        target = make("AL-04", "20", "40", list(quarterly.items()))
        latest = quarterly[min(quarter, max(quarterly))]
        assert measured(target, up_to_quarter=quarter).latest_value == Decimal(latest)
        # A semester ends with the second and fourth quarters.
        by_semester = {1: "5", 2: "10"}
        semester = make("AL-06", "0", "20", list(by_semester.items()))
        ended = quarter // 2
        expected = Decimal(by_semester[ended]) if ended else None
        assert measured(semester, up_to_quarter=quarter).latest_value == expected

    @pytest.mark.parametrize("quarter", [1, 2, 3, 4])
    def test_the_plain_measures_of_a_matrix_honour_the_quarter_too(self, make, quarter):
        quarterly = {1: "25", 2: "30", 3: "35"}
        target = make("AL-04", "20", "40", list(quarterly.items()))
        latest = quarterly[min(quarter, max(quarterly))]

        (measure,) = measures(IndicatorTarget.objects.filter(pk=target.pk), up_to_quarter=quarter)

        assert (measure.latest_period, measure.latest_value, measure.progress) == (
            min(quarter, max(quarterly)),
            Decimal(latest),
            expected_progress("20", "40", latest, "higher"),
        )


class TestPeriodsElapsed:
    # By 24 November 2026 ten months of 2026 have ended: three quarters, one semester and no
    # year; every period of 2025 has ended, and none of 2027.
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
