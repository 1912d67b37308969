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

from programs.models import ActualValue, Agency, Indicator, IndicatorTarget, PolicyPackage

ON_TRACK = Decimal(90)
AT_RISK = Decimal(60)

GREEN, YELLOW, RED, GREY = "on_track", "at_risk", "off_track", "no_data"

MEASURE_FIELDS = ("latest_value", "latest_year", "latest_period", "progress", "light")

_LATEST_AND_PROGRESS = f"""
WITH target AS ({{targets}}),
measured AS (
    SELECT target.*, indicator.sector, indicator.sort_order, indicator.code,
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
SELECT {{columns}},
       CASE WHEN measured.progress IS NULL THEN '{GREY}'
            WHEN measured.progress >= {ON_TRACK} THEN '{GREEN}'
            WHEN measured.progress >= {AT_RISK} THEN '{YELLOW}'
            ELSE '{RED}' END AS light
FROM measured
{{joins}}
ORDER BY measured.sort_order, measured.code, measured.kabupaten_id
"""

# A report "as of" a quarter ignores the periods of the target's year that end after it.
_AS_OF_QUARTER = f"""AND (earlier.year < target.year OR value.period <= CASE indicator.frequency
              WHEN '{Indicator.Frequency.QUARTERLY}' THEN %s
              WHEN '{Indicator.Frequency.SEMESTER}' THEN %s
              ELSE %s END)"""

# Every verified value of the target's kabupaten and indicator up to its year, oldest first:
# the trend the kabupaten's page and report draw.
_HISTORY = f"""LEFT JOIN LATERAL (
    SELECT array_agg(earlier.year ORDER BY earlier.year, value.period) AS years,
           array_agg(value.period ORDER BY earlier.year, value.period) AS periods,
           array_agg(value.value ORDER BY earlier.year, value.period) AS figures
    FROM {IndicatorTarget._meta.db_table} earlier
    JOIN {ActualValue._meta.db_table} value ON value.target_id = earlier.id
    WHERE earlier.kabupaten_id = measured.kabupaten_id
      AND earlier.indicator_id = measured.indicator_id
      AND earlier.year <= measured.year
      AND value.status = '{ActualValue.Status.VERIFIED}'
) history ON true"""
HISTORY_FIELDS = ("history_years", "history_periods", "history_values")
_HISTORY_COLUMNS = ["history.years", "history.periods", "history.figures"]

# The related objects every dashboard row shows, joined here as select_related would.
_RELATED = [
    ("indicator", Indicator, "JOIN", "indicator_id"),
    ("responsible_agency", Agency, "JOIN", "responsible_agency_id"),
    ("policy_package", PolicyPackage, "LEFT JOIN", "policy_package_id"),
]

_MEASURE_COLUMNS = [
    f"measured.{name}"
    for name in (
        "id",
        "kabupaten_id",
        "indicator_id",
        "sector",
        "latest_value",
        "latest_year",
        "latest_period",
        "progress",
    )
]


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


def _measuring_sql(
    targets: QuerySet[IndicatorTarget],
    *,
    target_columns: list[str],
    columns: list[str],
    joins: list[str],
    up_to_quarter: int | None,
) -> tuple[str, list]:
    subquery = targets.order_by().values(*target_columns)
    targets_sql, params = subquery.query.sql_with_params()
    params = list(params)
    as_of = ""
    if up_to_quarter is not None:
        as_of = _AS_OF_QUARTER
        params += [up_to_quarter, up_to_quarter // 2, up_to_quarter // 4]
    sql = (
        _LATEST_AND_PROGRESS.replace("{targets}", targets_sql)
        .replace("{as_of_quarter}", as_of)
        .replace("{columns}", ", ".join(columns))
        .replace("{joins}", "\n".join(joins))
    )
    return sql, params


def measures(
    targets: QuerySet[IndicatorTarget], *, up_to_quarter: int | None = None
) -> list[Measure]:
    """Measure every target of the queryset (its filters count, not its order) in one query,
    as plain rows: what a matrix of many kabupaten/kota needs."""
    sql, params = _measuring_sql(
        targets,
        target_columns=["id", "kabupaten_id", "indicator_id", "year", "baseline", "target"],
        columns=_MEASURE_COLUMNS,
        joins=[],
        up_to_quarter=up_to_quarter,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Measure(*row) for row in cursor.fetchall()]


def with_progress(
    targets: QuerySet[IndicatorTarget],
    *,
    up_to_quarter: int | None = None,
    history: bool = False,
) -> list[IndicatorTarget]:
    """The targets of the queryset (its filters count, not its order or related objects) in
    the indicators' order, each carrying latest_value, latest_year, latest_period, progress and
    light, its indicator, OPD and policy package, and with `history` its verified values up to
    its year (history_years, history_periods, history_values, oldest first).

    One query: the related objects are joined in the same statement rather than by
    select_related, which would need the measures in a second query, and each related object
    is built once and shared by the rows that name it."""
    target_fields = [f.attname for f in IndicatorTarget._meta.concrete_fields]
    columns = [f"measured.{name}" for name in target_fields]
    joins = []
    related_fields = []
    for alias, model, join, key in _RELATED:
        fields = [f.attname for f in model._meta.concrete_fields]
        related_fields.append((alias, model, fields))
        columns += [f"{alias}.{model._meta.get_field(name).column}" for name in fields]
        # Each row looks its object up by primary key (LIMIT keeps PostgreSQL from flattening
        # the lookup into a join): a plain join hashes the whole table, every OPD of the
        # country, for a page of 66 rows.
        joins.append(
            f"{join} LATERAL (SELECT * FROM {model._meta.db_table} "
            f"WHERE id = measured.{key} LIMIT 1) {alias} ON true"
        )
    measure_names = ["latest_value", "latest_year", "latest_period", "progress"]
    columns += [f"measured.{name}" for name in measure_names]
    if history:
        columns += _HISTORY_COLUMNS
        joins.append(_HISTORY)
    sql, params = _measuring_sql(
        targets,
        target_columns=target_fields,
        columns=columns,
        joins=joins,
        up_to_quarter=up_to_quarter,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    db = connection.alias
    shared: dict[tuple[str, int], object] = {}
    # Cached as select_related caches them (the foreign key's own id is already set).
    caches = [IndicatorTarget._meta.get_field(alias) for alias, _model, _fields in related_fields]
    result = []
    for row in rows:
        start = len(target_fields)
        target = IndicatorTarget.from_db(db, target_fields, row[:start])
        for (alias, model, fields), cache in zip(related_fields, caches, strict=True):
            values = row[start : start + len(fields)]
            start += len(fields)
            if values[0] is None:
                cache.set_cached_value(target, None)
                continue
            key = (alias, values[0])
            if key not in shared:
                shared[key] = model.from_db(db, fields, values)
            cache.set_cached_value(target, shared[key])
        extra = [*measure_names, *(HISTORY_FIELDS if history else ()), "light"]
        for name, value in zip(extra, row[start:], strict=True):
            setattr(target, name, value)
        result.append(target)
    return result
