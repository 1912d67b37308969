"""The numbers of the dashboards, computed by PostgreSQL in a fixed number of queries.

The PDF reports call the same functions, so a report prints exactly what its page shows. The
selectors are set-based: `kabupaten_dashboards` builds the dashboards of many kabupaten/kota and
`province_dashboards` those of many provinces with the same queries as one, so that the province
summary and the national summary make a fixed number of queries however large the region.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum, Value, When

from coaching.models import ClinicSession, FollowUp
from programs.models import (
    ActualValue,
    Agency,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Milestone,
    MilestoneAchievement,
    PolicyPackage,
    Province,
    Sector,
)

from .metrics import GREEN, GREY, RED, YELLOW, measures, with_progress

LIGHTS = [GREEN, YELLOW, RED, GREY]


def periods_elapsed(frequency: str, year: int, today: date) -> int:
    """How many reporting periods of `year` have ended by `today`."""
    per_year = {"annual": 1, "semester": 2, "quarterly": 4}[frequency]
    if year < today.year:
        return per_year
    if year > today.year:
        return 0
    months_done = today.month - 1
    return months_done * per_year // 12


def expected_values_expression(year: int, today: date) -> SqlCase:
    return SqlCase(
        *[
            When(
                indicator__frequency=frequency, then=Value(periods_elapsed(frequency, year, today))
            )
            for frequency in ("annual", "semester", "quarterly")
        ],
        default=Value(0),
        output_field=IntegerField(),
    )


@dataclass
class TrendPoint:
    label: str
    value: Decimal


@dataclass
class IndicatorRow:
    """One target with its progress, light and verified history."""

    target: IndicatorTarget
    trend: list[TrendPoint] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator:
        return self.target.indicator


@dataclass
class LightCounts:
    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0
    no_data: int = 0

    @property
    def total(self) -> int:
        return self.on_track + self.at_risk + self.off_track + self.no_data

    def add(self, light: str) -> None:
        setattr(self, light, getattr(self, light) + 1)


@dataclass
class Group:
    """A sector or a policy package, with its indicators rolled up."""

    key: str
    label: str
    rows: list[IndicatorRow] = field(default_factory=list)
    lights: LightCounts = field(default_factory=LightCounts)

    @property
    def average_progress(self) -> Decimal | None:
        values = [
            min(r.target.progress, Decimal(100)) for r in self.rows if r.target.progress is not None
        ]
        return sum(values) / len(values) if values else None


def _indicator_rows(
    targets: QuerySet[IndicatorTarget],
    *,
    year: int,
    up_to_quarter: int | None = None,
    trends: bool = True,
) -> list[IndicatorRow]:
    """Targets with progress (two queries) and, with `trends`, their verified history (one
    query), for any number of kabupaten/kota."""
    measured = with_progress(
        targets.select_related(
            "kabupaten", "indicator", "responsible_agency", "policy_package"
        ).order_by("indicator__sort_order", "indicator__code", "kabupaten_id"),
        up_to_quarter=up_to_quarter,
    )
    history: dict[tuple[int, int], list[TrendPoint]] = defaultdict(list)
    if trends and measured:
        for kabupaten_id, indicator_id, value_year, period, value, frequency in (
            ActualValue.objects.filter(
                target__kabupaten_id__in={t.kabupaten_id for t in measured},
                target__indicator_id__in={t.indicator_id for t in measured},
                target__year__lte=year,
                status=ActualValue.Status.VERIFIED,
            )
            .order_by("target__year", "period")
            .values_list(
                "target__kabupaten_id",
                "target__indicator_id",
                "target__year",
                "period",
                "value",
                "target__indicator__frequency",
            )
        ):
            suffix = {"quarterly": f"T{period}", "semester": f"S{period}"}.get(frequency, "")
            history[kabupaten_id, indicator_id].append(
                TrendPoint(f"{value_year}{' ' + suffix if suffix else ''}", value)
            )
    return [
        IndicatorRow(target=t, trend=history.get((t.kabupaten_id, t.indicator_id), []))
        for t in measured
    ]


def _open_followups(follow_ups: QuerySet[FollowUp], today: date):
    active = list(
        follow_ups.filter(status__in=FollowUp.ACTIVE)
        .select_related("owner", "session")
        .order_by("due_date", "id")
    )
    return active, sum(1 for f in active if f.due_date < today)


@dataclass
class OpdDashboard:
    agency: Agency
    year: int
    rows: list[IndicatorRow]
    lights: LightCounts
    follow_ups: list[FollowUp]
    overdue_count: int


def opd_dashboard(*, agency: Agency, year: int, today: date) -> OpdDashboard:
    rows = _indicator_rows(
        IndicatorTarget.objects.filter(responsible_agency=agency, year=year), year=year
    )
    lights = LightCounts()
    for row in rows:
        lights.add(row.target.light)
    follow_ups, overdue = _open_followups(FollowUp.objects.filter(owner=agency), today)
    return OpdDashboard(
        agency=agency,
        year=year,
        rows=rows,
        lights=lights,
        follow_ups=follow_ups,
        overdue_count=overdue,
    )


@dataclass
class KabupatenDashboard:
    kabupaten: Kabupaten
    year: int
    sectors: list[Group]
    packages: list[Group]
    lights: LightCounts
    milestone: MilestoneAchievement | None
    sessions: list[ClinicSession]
    pending_verification: int
    open_followups: int
    overdue_followups: int
    completeness: "Completeness"


@dataclass
class Completeness:
    expected: int = 0
    entered: int = 0
    verified: int = 0

    @property
    def percent_verified(self) -> Decimal | None:
        if not self.expected:
            return None
        return min(Decimal(100), Decimal(self.verified) * 100 / self.expected)


def _completeness_by_kabupaten(
    kabupaten_ids: Iterable[int], year: int, today: date
) -> dict[int, Completeness]:
    """Expected, entered and verified values per kabupaten: two grouped queries over the
    targets of the year only. A value counts once its period has ended, like the expected
    ones: a value entered early for the current quarter does not make a kabupaten look more
    than complete."""
    result: dict[int, Completeness] = defaultdict(Completeness)
    kabupaten_ids = list(kabupaten_ids)
    for kabupaten_id, expected in (
        IndicatorTarget.objects.filter(kabupaten_id__in=kabupaten_ids, year=year)
        .order_by()
        .values("kabupaten_id")
        .annotate(expected=Sum(expected_values_expression(year, today)))
        .values_list("kabupaten_id", "expected")
    ):
        result[kabupaten_id].expected = expected or 0
    ended = Q()
    for frequency in Indicator.Frequency.values:
        ended |= Q(
            target__indicator__frequency=frequency,
            period__lte=periods_elapsed(frequency, year, today),
        )
    for kabupaten_id, entered, verified in (
        ActualValue.objects.filter(ended, target__kabupaten_id__in=kabupaten_ids, target__year=year)
        .exclude(status=ActualValue.Status.DRAFT)
        .order_by()
        .values("target__kabupaten_id")
        .annotate(
            entered=Count("id"), verified=Count("id", filter=Q(status=ActualValue.Status.VERIFIED))
        )
        .values_list("target__kabupaten_id", "entered", "verified")
    ):
        completeness = result[kabupaten_id]
        completeness.entered = entered
        completeness.verified = verified
    return result


def _group(rows: list[IndicatorRow]) -> tuple[list[Group], list[Group], LightCounts]:
    """A kabupaten's indicator rows by sector and by policy package, with their lights."""
    sectors: dict[str, Group] = {}
    packages: dict[int, Group] = {}
    lights = LightCounts()
    for row in rows:
        sector = row.indicator.sector
        group = sectors.setdefault(sector, Group(key=sector, label=str(Sector(sector).label)))
        group.rows.append(row)
        group.lights.add(row.target.light)
        lights.add(row.target.light)
        package: PolicyPackage | None = row.target.policy_package
        if package is not None:
            pgroup = packages.setdefault(
                package.pk, Group(key=str(package.pk), label=f"{package}: {package.title}")
            )
            pgroup.rows.append(row)
            pgroup.lights.add(row.target.light)
    return (
        sorted(sectors.values(), key=lambda g: list(Sector.values).index(g.key)),
        sorted(packages.values(), key=lambda g: g.label),
        lights,
    )


def _sessions_by_kabupaten(kabupaten_ids: set[int], year: int) -> dict[int, list[ClinicSession]]:
    """The clinics of the year each kabupaten held or took part in: one query."""
    result: dict[int, list[ClinicSession]] = defaultdict(list)
    sessions = (
        ClinicSession.objects.filter(
            Q(kabupaten_id__in=kabupaten_ids) | Q(participations__kabupaten_id__in=kabupaten_ids),
            date__year=year,
        )
        .annotate(participants=ArrayAgg("participations__kabupaten_id", default=Value([])))
        .order_by("date", "id")
    )
    for session in sessions:
        for kabupaten_id in {session.kabupaten_id, *session.participants} & kabupaten_ids:
            result[kabupaten_id].append(session)
    return result


def kabupaten_dashboards(
    *,
    kabupaten: Iterable[Kabupaten],
    year: int,
    today: date,
    up_to_quarter: int | None = None,
    trends: bool = True,
) -> list[KabupatenDashboard]:
    """The dashboards of many kabupaten/kota (in the order given) with the queries of one:
    the province summary prints each kabupaten's page from these. `trends=False` leaves out
    the verified history that only the kabupaten's own page and report draw."""
    kabupaten = list(kabupaten)
    ids = {k.pk for k in kabupaten}
    rows_by_kabupaten: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in _indicator_rows(
        IndicatorTarget.objects.filter(kabupaten_id__in=ids, year=year),
        year=year,
        up_to_quarter=up_to_quarter,
        trends=trends,
    ):
        rows_by_kabupaten[row.target.kabupaten_id].append(row)
    follow_ups = {
        row["kabupaten_id"]: row
        for row in FollowUp.objects.filter(kabupaten_id__in=ids)
        .order_by()
        .values("kabupaten_id")
        .annotate(
            open=Count("id", filter=Q(status__in=FollowUp.ACTIVE)),
            overdue=Count("id", filter=Q(status__in=FollowUp.ACTIVE, due_date__lt=today)),
        )
    }
    milestones = {
        m.kabupaten_id: m
        for m in MilestoneAchievement.objects.filter(kabupaten_id__in=ids)
        .order_by("kabupaten_id", "-milestone")
        .distinct("kabupaten_id")
    }
    pending = dict(
        ActualValue.objects.filter(
            target__kabupaten_id__in=ids, status=ActualValue.Status.SUBMITTED
        )
        .order_by()
        .values("target__kabupaten_id")
        .annotate(count=Count("id"))
        .values_list("target__kabupaten_id", "count")
    )
    sessions = _sessions_by_kabupaten(ids, year)
    completeness = _completeness_by_kabupaten(ids, year, today)
    dashboards = []
    for k in kabupaten:
        sectors, packages, lights = _group(rows_by_kabupaten[k.pk])
        counts = follow_ups.get(k.pk, {})
        dashboards.append(
            KabupatenDashboard(
                kabupaten=k,
                year=year,
                sectors=sectors,
                packages=packages,
                lights=lights,
                milestone=milestones.get(k.pk),
                sessions=sessions[k.pk],
                pending_verification=pending.get(k.pk, 0),
                open_followups=counts.get("open", 0),
                overdue_followups=counts.get("overdue", 0),
                completeness=completeness.get(k.pk, Completeness()),
            )
        )
    return dashboards


def kabupaten_dashboard(
    *, kabupaten: Kabupaten, year: int, today: date, up_to_quarter: int | None = None
) -> KabupatenDashboard:
    (dashboard,) = kabupaten_dashboards(
        kabupaten=[kabupaten], year=year, today=today, up_to_quarter=up_to_quarter
    )
    return dashboard


@dataclass
class MatrixCell:
    progress: Decimal | None
    light: str
    latest_value: Decimal | None


@dataclass
class ProvinceRow:
    kabupaten: Kabupaten
    milestone: str | None
    cells: list[MatrixCell | None]
    lights: LightCounts
    average_progress: Decimal | None
    open_followups: int
    overdue_followups: int
    completeness: Completeness


@dataclass
class ProvinceDashboard:
    province: Province
    year: int
    indicators: list[Indicator]
    rows: list[ProvinceRow]

    @property
    def rows_with_targets(self) -> list[ProvinceRow]:
        return [row for row in self.rows if row.lights.total]

    @property
    def average_progress(self) -> Decimal | None:
        """The mean of its kabupaten/kota's average progress: each counts the same."""
        values = [r.average_progress for r in self.rows if r.average_progress is not None]
        return sum(values) / len(values) if values else None

    @property
    def lights(self) -> LightCounts:
        total = LightCounts()
        for row in self.rows:
            for light in LIGHTS:
                setattr(total, light, getattr(total, light) + getattr(row.lights, light))
        return total

    @property
    def milestones(self) -> dict[str, int]:
        """How many of its kabupaten/kota reached each SSK milestone (as their latest); ""
        counts those without one."""
        counts = dict.fromkeys([*Milestone.values, ""], 0)
        for row in self.rows:
            counts[row.milestone or ""] += 1
        return counts


def province_dashboards(
    *, provinces: Iterable[Province], year: int, today: date, sector: str | None = None
) -> list[ProvinceDashboard]:
    """The dashboards of many provinces (in the order given) with the queries of one: every
    kabupaten/kota × the key indicators (or a sector's indicators)."""
    provinces = list(provinces)
    indicators = Indicator.objects.order_by("sort_order", "code")
    indicators = list(
        indicators.filter(sector=sector) if sector else indicators.filter(is_key=True)
    )
    kabupaten_by_province: dict[int, list[Kabupaten]] = defaultdict(list)
    for kabupaten in (
        Kabupaten.objects.filter(province__in=provinces)
        .annotate(milestone=Max("milestones__milestone"))
        .order_by("code")
    ):
        kabupaten_by_province[kabupaten.province_id].append(kabupaten)
    ids = [k.pk for group in kabupaten_by_province.values() for k in group]
    cells: dict[tuple[int, int], MatrixCell] = {}
    lights: dict[int, LightCounts] = defaultdict(LightCounts)
    progress_sum: dict[int, list[Decimal]] = defaultdict(list)
    for measure in measures(
        IndicatorTarget.objects.filter(
            kabupaten__province__in=provinces, year=year, indicator__in=indicators
        )
    ):
        kabupaten_id = measure.kabupaten_id
        cells[kabupaten_id, measure.indicator_id] = MatrixCell(
            measure.progress, measure.light, measure.latest_value
        )
        lights[kabupaten_id].add(measure.light)
        if measure.progress is not None:
            progress_sum[kabupaten_id].append(min(measure.progress, Decimal(100)))
    follow_ups = {
        row["kabupaten_id"]: row
        for row in FollowUp.objects.filter(kabupaten__province__in=provinces)
        .order_by()
        .values("kabupaten_id")
        .annotate(
            open=Count("id", filter=Q(status__in=FollowUp.ACTIVE)),
            overdue=Count("id", filter=Q(status__in=FollowUp.ACTIVE, due_date__lt=today)),
        )
    }
    completeness = _completeness_by_kabupaten(ids, year, today)

    def row(k: Kabupaten) -> ProvinceRow:
        progress = progress_sum[k.pk]
        return ProvinceRow(
            kabupaten=k,
            milestone=k.milestone,
            cells=[cells.get((k.pk, i.pk)) for i in indicators],
            lights=lights[k.pk],
            average_progress=sum(progress) / len(progress) if progress else None,
            open_followups=follow_ups.get(k.pk, {}).get("open", 0),
            overdue_followups=follow_ups.get(k.pk, {}).get("overdue", 0),
            completeness=completeness.get(k.pk, Completeness()),
        )

    return [
        ProvinceDashboard(
            province=p,
            year=year,
            indicators=indicators,
            rows=[row(k) for k in kabupaten_by_province[p.pk]],
        )
        for p in provinces
    ]


def province_dashboard(
    *, province: Province, year: int, today: date, sector: str | None = None
) -> ProvinceDashboard:
    (dashboard,) = province_dashboards(provinces=[province], year=year, today=today, sector=sector)
    return dashboard


SORT_KEYS = {
    "code": lambda r: r.kabupaten.code,
    "name": lambda r: r.kabupaten.name,
    "milestone": lambda r: r.milestone or "",
    "progress": lambda r: r.average_progress if r.average_progress is not None else Decimal(-1),
    "on_track": lambda r: r.lights.on_track,
    "off_track": lambda r: r.lights.off_track,
    "open": lambda r: r.open_followups,
    "overdue": lambda r: r.overdue_followups,
    "completeness": lambda r: r.completeness.percent_verified or Decimal(-1),
}


def sort_rows(rows: list[ProvinceRow], key: str, descending: bool) -> list[ProvinceRow]:
    if key.startswith("indicator-"):
        index = int(key.split("-", 1)[1]) if key.split("-", 1)[1].isdigit() else 0

        def cell_key(row: ProvinceRow):
            cell = row.cells[index] if index < len(row.cells) else None
            return cell.progress if cell and cell.progress is not None else Decimal(-(10**9))

        return sorted(rows, key=cell_key, reverse=descending)
    return sorted(rows, key=SORT_KEYS.get(key, SORT_KEYS["code"]), reverse=descending)
