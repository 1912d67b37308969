"""Indicators, targets for every plan year and the actual values of every ended period.

Rows are built as plain tuples and written with COPY (`bulk.py`): a national load writes about
600,000 values, which even `bulk_create` would take minutes to send.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from programs.catalogue import INDICATORS
from programs.models import ActualValue, Indicator, IndicatorTarget

from . import names
from .bulk import Table, reserve_ids
from .plan import (
    MARK,
    RECENT_DAYS,
    SYNTHETIC_INDICATOR_PREFIX,
    AgencyRow,
    DataSetSize,
    KabupatenPlan,
    period_end,
    rng_for,
)

Status = ActualValue.Status
# A value's status by a roll in [0, 1): the first whose bound the roll is below. Recent values
# are still on their way; older ones are nearly all verified.
RECENT_STATUSES = (
    (0.35, Status.VERIFIED),
    (0.75, Status.SUBMITTED),
    (0.9, Status.DRAFT),
    (1.0, Status.RETURNED),
)
SETTLED_STATUSES = (
    (0.95, Status.VERIFIED),
    (0.97, Status.SUBMITTED),
    (0.985, Status.RETURNED),
    (1.0, Status.DRAFT),
)


def ensure_indicators(size: DataSetSize, counts: Counter) -> list[Indicator]:
    """The catalogue (first N, when fewer are asked for) and synthetic quarterly ones after it."""
    catalogue = {
        i.code: i for i in Indicator.objects.filter(code__in=[s["code"] for s in INDICATORS])
    }
    chosen = [catalogue[s["code"]] for s in INDICATORS if s["code"] in catalogue][: size.indicators]
    extra = size.indicators - len(chosen)
    if extra > 0:
        specs = []
        for n in range(1, extra + 1):
            model = INDICATORS[(n - 1) % len(INDICATORS)]
            specs.append(
                Indicator(
                    **{
                        **model,
                        "code": f"{SYNTHETIC_INDICATOR_PREFIX}{n:03d}",
                        "name": f"{model['name']} – rincian {n} {MARK}",
                        "frequency": Indicator.Frequency.QUARTERLY,
                        "is_key": False,
                        "sort_order": 10_000 + n,
                    }
                )
            )
        existing = set(
            Indicator.objects.filter(code__in=[i.code for i in specs]).values_list(
                "code", flat=True
            )
        )
        created = Indicator.objects.bulk_create([i for i in specs if i.code not in existing])
        counts[Indicator] += len(created)
        chosen += list(
            Indicator.objects.filter(code__in=[i.code for i in specs]).order_by("sort_order")
        )
    return chosen


@dataclass(frozen=True)
class TargetRow:
    id: int
    plan: KabupatenPlan
    indicator: int  # index into the indicator list
    year: int
    baseline: float
    target: float
    owner: AgencyRow
    performance: float


def source_code(indicator: Indicator) -> str:
    """The catalogue indicator a synthetic one is modelled on (for levels and owners)."""
    if indicator.code.startswith(SYNTHETIC_INDICATOR_PREFIX):
        n = int(indicator.code[len(SYNTHETIC_INDICATOR_PREFIX) :])
        return INDICATORS[(n - 1) % len(INDICATORS)]["code"]
    return indicator.code


def fit(indicator: Indicator, value: float) -> float:
    value = max(0.0, value)
    if indicator.measure == Indicator.Measure.PERCENT:
        value = min(100.0, value)
    return round(value, indicator.decimals)


def yearly_step(indicator: Indicator, baseline: float) -> float:
    if indicator.measure == Indicator.Measure.COUNT:
        return max(1.0, round(baseline * 0.15))
    if indicator.direction == Indicator.Direction.LOWER:
        return -baseline * 0.08
    return (100.0 - baseline) * 0.12


def owner_for(plan: KabupatenPlan, indicator: Indicator) -> AgencyRow:
    code = source_code(indicator)
    by_abbreviation = {a.abbreviation: a for a in plan.agencies}
    wanted = [names.RESPONSIBLE_BY_CODE.get(code, "")] + names.RESPONSIBLE_KINDS[indicator.sector]
    for abbreviation in wanted:
        if abbreviation in by_abbreviation:
            return by_abbreviation[abbreviation]
    raise AssertionError(f"no OPD for {indicator.code} in {plan.code}")  # every line-up has one


def write_targets(
    size: DataSetSize, plans: list[KabupatenPlan], indicators: list[Indicator], now, counts: Counter
) -> list[TargetRow]:
    targets: list[TargetRow] = []
    ids = iter(reserve_ids(IndicatorTarget, len(plans) * len(indicators) * size.years))
    for plan in plans:
        rng = rng_for(size, plan.code, "targets")
        # Some kabupaten lead and some lag, so rankings and traffic lights show a real mix.
        performance = rng.uniform(-0.35, 0.1)
        for index, indicator in enumerate(indicators):
            owner = owner_for(plan, indicator)
            baseline = fit(
                indicator, names.NATIONAL_LEVELS[source_code(indicator)] * rng.uniform(0.5, 1.3)
            )
            step = yearly_step(indicator, baseline)
            for offset, year in enumerate(size.plan_years, start=1):
                targets.append(
                    TargetRow(
                        id=next(ids),
                        plan=plan,
                        indicator=index,
                        year=year,
                        baseline=baseline,
                        target=fit(indicator, baseline + offset * step),
                        owner=owner,
                        performance=performance,
                    )
                )
    formats = [f"{{:.{i.decimals}f}}" for i in indicators]
    updated_at = now
    rows = (
        (
            t.id,
            t.plan.id,
            indicators[t.indicator].pk,
            t.year,
            formats[t.indicator].format(t.baseline),
            formats[t.indicator].format(t.target),
            t.owner.id,
            t.plan.packages.get(indicators[t.indicator].sector),
            updated_at,
        )
        for t in targets
    )
    counts[IndicatorTarget] += Table(
        IndicatorTarget,
        [
            "id",
            "kabupaten_id",
            "indicator_id",
            "year",
            "baseline",
            "target",
            "responsible_agency_id",
            "policy_package_id",
            "updated_at",
        ],
        now=now,
    ).write(rows)
    return targets


def at_ten(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def write_values(
    size: DataSetSize,
    indicators: list[Indicator],
    targets: list[TargetRow],
    now,
    counts: Counter,
) -> None:
    """A value for every period that ended before the as-of date: most verified long since,
    the recent ones still draft, submitted or returned."""
    formats = [f"{{:.{i.decimals}f}}" for i in indicators]
    periods = [i.periods_per_year for i in indicators]
    as_of = size.as_of

    def rows():
        rng = None
        current_plan = None
        for t in targets:
            if t.year > as_of.year:
                continue
            if t.plan is not current_plan:
                current_plan = t.plan
                rng = rng_for(size, t.plan.code, "values")
            indicator = indicators[t.indicator]
            count = periods[t.indicator]
            for period in range(1, count + 1):
                ended = period_end(t.year, period, count)
                if ended >= as_of:
                    break
                drift = rng.uniform(-0.2, 0.25)
                value = fit(
                    indicator,
                    t.baseline + (t.target - t.baseline) * (period / count + t.performance + drift),
                )
                age = (as_of - ended).days
                roll = rng.random()
                ladder = RECENT_STATUSES if age <= RECENT_DAYS else SETTLED_STATUSES
                status = next(status for below, status in ladder if roll < below)
                entered = at_ten(min(ended + timedelta(days=rng.randint(3, 40)), as_of))
                submitted = (
                    None if status == Status.DRAFT else entered + timedelta(days=rng.randint(0, 4))
                )
                verified = (
                    submitted + timedelta(days=rng.randint(1, 20))
                    if status == Status.VERIFIED
                    else None
                )
                yield (
                    t.id,
                    period,
                    formats[t.indicator].format(value),
                    status,
                    t.owner.head_user_id,
                    entered,
                    verified or submitted or entered,
                    submitted,
                    t.plan.staff_user_id if verified else None,
                    verified,
                    rng.choice(names.REVIEW_NOTES) if status == Status.RETURNED else "",
                    MARK,
                )

    counts[ActualValue] += Table(
        ActualValue,
        [
            "target_id",
            "period",
            "value",
            "status",
            "entered_by_id",
            "entered_at",
            "updated_at",
            "submitted_at",
            "verified_by_id",
            "verified_at",
            "review_note",
            "note",
        ],
        now=now,
    ).write(rows())
