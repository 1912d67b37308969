"""The numbers of the dashboards, computed by PostgreSQL in a fixed number of queries.

The PDF reports call the same functions, so a report prints exactly what its page shows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum, Value, When

from coaching.models import ClinicSession, FollowUp
from programs.models import (
    ActualValue,
    Agency,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    MilestoneAchievement,
    PolicyPackage,
    Province,
    Sector,
)
from programs.money import Amounts

from .funding import (
    KabupatenFunding,
    PackageFunding,
    ProvinceFunding,
    kabupaten_funding,
    province_funding,
)
from .metrics import GREEN, GREY, RED, YELLOW, ending_after, with_progress

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

    @property
    def pairs(self) -> list[tuple[str, int]]:
        return [(light, getattr(self, light)) for light in LIGHTS]


@dataclass
class Group:
    """A sector or a policy package, with its indicators rolled up."""

    key: str
    label: str
    rows: list[IndicatorRow] = field(default_factory=list)
    lights: LightCounts = field(default_factory=LightCounts)
    # A policy package's funding lines of the year (see reports.funding).
    funding: PackageFunding | None = None

    @property
    def average_progress(self) -> Decimal | None:
        values = [
            min(r.target.progress, Decimal(100)) for r in self.rows if r.target.progress is not None
        ]
        return sum(values) / len(values) if values else None


def _indicator_rows(
    targets: QuerySet[IndicatorTarget],
    *,
    kabupaten_id: int,
    year: int,
    up_to_quarter: int | None = None,
) -> list[IndicatorRow]:
    """Targets with progress (one query) and their verified history (one query)."""
    annotated = list(
        with_progress(targets, up_to_quarter=up_to_quarter)
        .select_related("kabupaten", "indicator", "responsible_agency", "policy_package")
        .order_by("indicator__sort_order")
    )
    history: dict[int, list[TrendPoint]] = defaultdict(list)
    verified = ActualValue.objects.filter(
        target__kabupaten_id=kabupaten_id,
        target__indicator__in=[t.indicator_id for t in annotated],
        target__year__lte=year,
        status=ActualValue.Status.VERIFIED,
    )
    if up_to_quarter is not None:
        # The trend of a report as of a quarter ends where its figures do.
        verified = verified.exclude(Q(target__year=year) & ending_after(up_to_quarter))
    points = verified.order_by("target__year", "period").values_list(
        "target__indicator_id", "target__year", "period", "value", "target__indicator__frequency"
    )
    for indicator_id, value_year, period, value, frequency in points:
        suffix = {"quarterly": f"T{period}", "semester": f"S{period}"}.get(frequency, "")
        history[indicator_id].append(
            TrendPoint(f"{value_year}{' ' + suffix if suffix else ''}", value)
        )
    return [IndicatorRow(target=t, trend=history.get(t.indicator_id, [])) for t in annotated]


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
        IndicatorTarget.objects.filter(responsible_agency=agency, year=year),
        kabupaten_id=agency.kabupaten_id,
        year=year,
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
    funding: KabupatenFunding


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
    targets: QuerySet[IndicatorTarget], year: int, today: date
) -> dict[int, Completeness]:
    """Expected, entered and verified values per kabupaten: two grouped queries."""
    result: dict[int, Completeness] = defaultdict(Completeness)
    for row in targets.values("kabupaten_id").annotate(
        expected=Sum(expected_values_expression(year, today))
    ):
        result[row["kabupaten_id"]].expected = row["expected"] or 0
    for row in (
        ActualValue.objects.filter(target__in=targets)
        .exclude(status=ActualValue.Status.DRAFT)
        .values("target__kabupaten_id")
        .annotate(
            entered=Count("id"), verified=Count("id", filter=Q(status=ActualValue.Status.VERIFIED))
        )
    ):
        completeness = result[row["target__kabupaten_id"]]
        completeness.entered = row["entered"]
        completeness.verified = row["verified"]
    return result


def kabupaten_dashboard(
    *, kabupaten: Kabupaten, year: int, today: date, up_to_quarter: int | None = None
) -> KabupatenDashboard:
    targets = IndicatorTarget.objects.filter(kabupaten=kabupaten, year=year)
    rows = _indicator_rows(
        targets, kabupaten_id=kabupaten.pk, year=year, up_to_quarter=up_to_quarter
    )
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
    funding = kabupaten_funding(kabupaten=kabupaten, year=year)
    for package_id, package_funding in funding.packages.items():
        packages.setdefault(
            package_id, Group(key=str(package_id), label=package_funding.label)
        ).funding = package_funding
    follow_up_counts = FollowUp.objects.filter(kabupaten=kabupaten).aggregate(
        open=Count("id", filter=Q(status__in=FollowUp.ACTIVE)),
        overdue=Count("id", filter=Q(status__in=FollowUp.ACTIVE, due_date__lt=today)),
    )
    return KabupatenDashboard(
        kabupaten=kabupaten,
        year=year,
        sectors=sorted(sectors.values(), key=lambda g: list(Sector.values).index(g.key)),
        packages=sorted(packages.values(), key=lambda g: g.label),
        lights=lights,
        milestone=kabupaten.milestones.order_by("-milestone").first(),
        sessions=list(
            ClinicSession.objects.filter(
                Q(kabupaten=kabupaten) | Q(participations__kabupaten=kabupaten), date__year=year
            )
            .distinct()
            .order_by("date")
        ),
        pending_verification=ActualValue.objects.filter(
            target__kabupaten=kabupaten, status=ActualValue.Status.SUBMITTED
        ).count(),
        open_followups=follow_up_counts["open"],
        overdue_followups=follow_up_counts["overdue"],
        completeness=_completeness_by_kabupaten(targets, year, today).get(
            kabupaten.pk, Completeness()
        ),
        funding=funding,
    )


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
    funding: Amounts


@dataclass
class ProvinceDashboard:
    province: Province
    year: int
    indicators: list[Indicator]
    rows: list[ProvinceRow]
    funding: ProvinceFunding


def province_dashboard(
    *, province: Province, year: int, today: date, sector: str | None = None
) -> ProvinceDashboard:
    """Every kabupaten/kota of a province × the key indicators (or a sector's indicators)."""
    indicators = Indicator.objects.order_by("sort_order")
    indicators = list(
        indicators.filter(sector=sector) if sector else indicators.filter(is_key=True)
    )
    kabupaten_list = list(
        Kabupaten.objects.filter(province=province)
        .annotate(milestone=Max("milestones__milestone"))
        .order_by("code")
    )
    targets = IndicatorTarget.objects.filter(kabupaten__province=province, year=year)
    cells: dict[tuple[int, int], MatrixCell] = {}
    lights: dict[int, LightCounts] = defaultdict(LightCounts)
    progress_sum: dict[int, list[Decimal]] = defaultdict(list)
    for kabupaten_id, indicator_id, progress, light, latest in with_progress(
        targets.filter(indicator__in=indicators)
    ).values_list("kabupaten_id", "indicator_id", "progress", "light", "latest_value"):
        cells[(kabupaten_id, indicator_id)] = MatrixCell(progress, light, latest)
        lights[kabupaten_id].add(light)
        if progress is not None:
            progress_sum[kabupaten_id].append(min(progress, Decimal(100)))
    follow_ups = {
        row["kabupaten_id"]: row
        for row in FollowUp.objects.filter(kabupaten__province=province)
        .values("kabupaten_id")
        .annotate(
            open=Count("id", filter=Q(status__in=FollowUp.ACTIVE)),
            overdue=Count("id", filter=Q(status__in=FollowUp.ACTIVE, due_date__lt=today)),
        )
    }
    completeness = _completeness_by_kabupaten(targets, year, today)
    funding = province_funding(province=province, year=year)
    rows = [
        ProvinceRow(
            kabupaten=k,
            milestone=k.milestone,
            cells=[cells.get((k.pk, i.pk)) for i in indicators],
            lights=lights[k.pk],
            average_progress=(sum(progress_sum[k.pk]) / len(progress_sum[k.pk]))
            if progress_sum[k.pk]
            else None,
            open_followups=follow_ups.get(k.pk, {}).get("open", 0),
            overdue_followups=follow_ups.get(k.pk, {}).get("overdue", 0),
            completeness=completeness.get(k.pk, Completeness()),
            funding=funding.by_kabupaten.get(k.pk, Amounts()),
        )
        for k in kabupaten_list
    ]
    return ProvinceDashboard(
        province=province, year=year, indicators=indicators, rows=rows, funding=funding
    )


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
    "pagu": lambda r: r.funding.pagu,
}


def sort_rows(rows: list[ProvinceRow], key: str, descending: bool) -> list[ProvinceRow]:
    if key.startswith("indicator-"):
        index = int(key.split("-", 1)[1]) if key.split("-", 1)[1].isdigit() else 0

        def cell_key(row: ProvinceRow):
            cell = row.cells[index] if index < len(row.cells) else None
            return cell.progress if cell and cell.progress is not None else Decimal(-(10**9))

        return sorted(rows, key=cell_key, reverse=descending)
    return sorted(rows, key=SORT_KEYS.get(key, SORT_KEYS["code"]), reverse=descending)
