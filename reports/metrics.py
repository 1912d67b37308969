"""Progress toward a target and its traffic light, computed by PostgreSQL.

The rules, as the dashboards state them (the latest verified value is the most recent one of
the kabupaten and indicator up to the target's year):
- progress = (latest verified value − baseline) / (target − baseline) × 100. The same formula
  honours both directions: for a lower-is-better indicator both differences are negative.
- when the target equals the baseline, progress is 100 if the latest value meets the target
  (≥ for higher-is-better, ≤ for lower-is-better), else 0;
- without a verified value or without a baseline there is no progress;
- light: on track (green) at ≥ 90, at risk (yellow) from 60 to under 90, off track (red)
  below 60, no data (grey) without progress.
"""

from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from programs.models import ActualValue, Indicator, IndicatorTarget

ON_TRACK = Decimal(90)
AT_RISK = Decimal(60)

GREEN, YELLOW, RED, GREY = "on_track", "at_risk", "off_track", "no_data"

PROGRESS_FIELD = DecimalField(max_digits=20, decimal_places=4)


def latest_verified(field: str, *, up_to_quarter: int | None = None):
    """The most recent verified value of the target's kabupaten and indicator, up to the
    target's year: mid-year, an annual indicator's latest figure is last year's."""
    values = ActualValue.objects.filter(
        target__kabupaten=OuterRef("kabupaten"),
        target__indicator=OuterRef("indicator"),
        target__year__lte=OuterRef("year"),
        status=ActualValue.Status.VERIFIED,
    )
    if up_to_quarter is not None:
        # A report "as of" a quarter ignores the periods of that year that end after it.
        values = values.exclude(Q(target__year=OuterRef("year")) & ending_after(up_to_quarter))
    return Subquery(values.order_by("-target__year", "-period").values(field)[:1])


def ending_after(quarter: int) -> Q:
    """Actual values whose period ends after the given quarter of its year."""
    F_ = Indicator.Frequency
    return (
        Q(target__indicator__frequency=F_.QUARTERLY, period__gt=quarter)
        | Q(target__indicator__frequency=F_.SEMESTER, period__gt=quarter // 2)
        | Q(target__indicator__frequency=F_.ANNUAL, period__gt=quarter // 4)
    )


def progress_expression() -> Case:
    """Progress in percent of the way from baseline to target; expects `latest_value`."""
    meets = Q(indicator__direction=Indicator.Direction.HIGHER, latest_value__gte=F("target")) | Q(
        indicator__direction=Indicator.Direction.LOWER, latest_value__lte=F("target")
    )
    return Case(
        When(Q(latest_value__isnull=True) | Q(baseline__isnull=True), then=Value(None)),
        When(Q(target=F("baseline")) & meets, then=Value(Decimal(100))),
        When(target=F("baseline"), then=Value(Decimal(0))),
        default=ExpressionWrapper(
            Cast(F("latest_value") - F("baseline"), PROGRESS_FIELD)
            * Value(Decimal(100))
            / Cast(F("target") - F("baseline"), PROGRESS_FIELD),
            output_field=PROGRESS_FIELD,
        ),
        output_field=PROGRESS_FIELD,
    )


def light_expression() -> Case:
    """The traffic light of `progress`."""
    return Case(
        When(progress__isnull=True, then=Value(GREY)),
        When(progress__gte=ON_TRACK, then=Value(GREEN)),
        When(progress__gte=AT_RISK, then=Value(YELLOW)),
        default=Value(RED),
    )


def with_progress(targets: QuerySet[IndicatorTarget], *, up_to_quarter: int | None = None):
    """Annotate targets with latest_value, latest_year, latest_period, progress and light."""
    return (
        targets.annotate(
            latest_value=latest_verified("value", up_to_quarter=up_to_quarter),
            latest_year=latest_verified("target__year", up_to_quarter=up_to_quarter),
            latest_period=latest_verified("period", up_to_quarter=up_to_quarter),
        )
        .annotate(progress=progress_expression())
        .annotate(light=light_expression())
    )
