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

One query measures any set of targets (a kabupaten, a province, the nation): each target finds
its latest verified value once, through a lateral join on the (kabupaten, indicator, year)
index, and progress and light are computed from that one row. The query is raw SQL because the
ORM can only express the latest value as a correlated subquery, which every expression using it
repeats: progress and light re-inlined it 17–19 times per target.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from programs.models import ActualValue, Indicator, IndicatorTarget

ON_TRACK = Decimal(90)
AT_RISK = Decimal(60)

GREEN, YELLOW, RED, GREY = "on_track", "at_risk", "off_track", "no_data"

MEASURE_FIELDS = ("latest_value", "latest_year", "latest_period", "progress", "light")

_LATEST_AND_PROGRESS = f"""
WITH target AS ({{targets}}),
measured AS (
    SELECT target.id, target.kabupaten_id, target.indicator_id, indicator.sector,
           latest.value AS latest_value, latest.year AS latest_year, latest.period AS latest_period,
           CASE
               WHEN latest.value IS NULL OR target.baseline IS NULL THEN NULL
               WHEN target.target = target.baseline THEN
                   CASE WHEN (indicator.direction = '{Indicator.Direction.HIGHER}'
                              AND latest.value >= target.target)
                          OR (indicator.direction = '{Indicator.Direction.LOWER}'
                              AND latest.value <= target.target)
                        THEN 100 ELSE 0 END
               ELSE CAST(latest.value - target.baseline AS numeric(20, 4)) * 100
                    / CAST(target.target - target.baseline AS numeric(20, 4))
           END AS progress
    FROM target
    JOIN {Indicator._meta.db_table} indicator ON indicator.id = target.indicator_id
    LEFT JOIN LATERAL (
        SELECT value.value, earlier.year, value.period
        FROM {IndicatorTarget._meta.db_table} earlier
        JOIN {ActualValue._meta.db_table} value ON value.target_id = earlier.id
        WHERE earlier.kabupaten_id = target.kabupaten_id
          AND earlier.indicator_id = target.indicator_id
          AND earlier.year <= target.year
          AND value.status = '{ActualValue.Status.VERIFIED}'
          {{as_of_quarter}}
        ORDER BY earlier.year DESC, value.period DESC
        LIMIT 1
    ) latest ON true
)
SELECT id, kabupaten_id, indicator_id, sector, latest_value, latest_year, latest_period, progress,
       CASE WHEN progress IS NULL THEN '{GREY}'
            WHEN progress >= {ON_TRACK} THEN '{GREEN}'
            WHEN progress >= {AT_RISK} THEN '{YELLOW}'
            ELSE '{RED}' END AS light
FROM measured
"""

# A report "as of" a quarter ignores the periods of the target's year that end after it.
_AS_OF_QUARTER = f"""AND (earlier.year < target.year OR value.period <= CASE indicator.frequency
              WHEN '{Indicator.Frequency.QUARTERLY}' THEN %s
              WHEN '{Indicator.Frequency.SEMESTER}' THEN %s
              ELSE %s END)"""


@dataclass(frozen=True, slots=True)
class Measure:
    """One target's latest verified value (with its year and period), progress and light."""

    target_id: int
    kabupaten_id: int
    indicator_id: int
    sector: str
    latest_value: Decimal | None
    latest_year: int | None
    latest_period: int | None
    progress: Decimal | None
    light: str


def measures(
    targets: QuerySet[IndicatorTarget], *, up_to_quarter: int | None = None
) -> list[Measure]:
    """Measure every target of the queryset (its filters only; its order and related objects do
    not matter) in one query."""
    columns = ("id", "kabupaten_id", "indicator_id", "year", "baseline", "target")
    subquery = targets.order_by().values(*columns)
    targets_sql, params = subquery.query.sql_with_params()
    as_of = ""
    params = list(params)
    if up_to_quarter is not None:
        as_of = _AS_OF_QUARTER
        params += [up_to_quarter, up_to_quarter // 2, up_to_quarter // 4]
    sql = _LATEST_AND_PROGRESS.replace("{targets}", targets_sql).replace("{as_of_quarter}", as_of)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Measure(*row) for row in cursor.fetchall()]


def with_progress(
    targets: QuerySet[IndicatorTarget], *, up_to_quarter: int | None = None
) -> list[IndicatorTarget]:
    """The targets of the queryset, in its order and with its related objects, each carrying
    latest_value, latest_year, latest_period, progress and light: two queries."""
    rows = list(targets)
    found = {m.target_id: m for m in measures(targets, up_to_quarter=up_to_quarter)}
    for target in rows:
        measure = found.get(target.pk)
        for name in MEASURE_FIELDS:
            setattr(target, name, getattr(measure, name) if measure else None)
        if measure is None:
            target.light = GREY
    return rows
