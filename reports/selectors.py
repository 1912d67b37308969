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

from django.db.models import (
    QuerySet,
)

from coaching.models import ClinicSession, FollowUp, Participation
from programs.models import (
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
from programs.money import Amounts

from .counts import Completeness, kabupaten_counts
from .funding import (
    KabupatenFunding,
    PackageFunding,
    ProvinceFunding,
    kabupaten_fundings,
    province_fundings,
)
from .metrics import GREEN, GREY, RED, YELLOW, measures, with_progress

LIGHTS = [GREEN, YELLOW, RED, GREY]


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


def _trend(target: IndicatorTarget) -> list[TrendPoint]:
    suffix = {"quarterly": "T", "semester": "S"}.get(target.indicator.frequency)
    return [
        TrendPoint(f"{year} {suffix}{period}" if suffix else str(year), value)
        for year, period, value in zip(
            target.history_years or [],
            target.history_periods or [],
            target.history_values or [],
            strict=True,
        )
    ]


def _indicator_rows(
    targets: QuerySet[IndicatorTarget],
    *,
    kabupaten: Iterable[Kabupaten],
    up_to_quarter: int | None = None,
    trends: bool = True,
) -> list[IndicatorRow]:
    """Targets with progress, their indicators, OPDs and policy packages and, with `trends`,
    their verified history (one query), for any number of kabupaten/kota (given, so that
    their rows share them), in the indicators' order."""
    measured = with_progress(targets, up_to_quarter=up_to_quarter, history=trends)
    by_id = {k.pk: k for k in kabupaten}
    for target in measured:
        target.kabupaten = by_id[target.kabupaten_id]
    return [IndicatorRow(target=t, trend=_trend(t) if trends else []) for t in measured]


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
        kabupaten=[agency.kabupaten],
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


def _group(
    rows: list[IndicatorRow], funding: KabupatenFunding
) -> tuple[list[Group], list[Group], LightCounts]:
    """A kabupaten's indicator rows by sector and by policy package, with their lights; a
    package with funding lines of the year is listed even without a target."""
    sectors: dict[str, Group] = {}
    packages: dict[int, Group] = {}
    lights = LightCounts()
    for row in rows:
        sector = row.indicator.sector
        group = sectors.get(sector)
        if group is None:
            group = sectors[sector] = Group(key=sector, label=str(Sector(sector).label))
        group.rows.append(row)
        group.lights.add(row.target.light)
        lights.add(row.target.light)
        package: PolicyPackage | None = row.target.policy_package
        if package is not None:
            pgroup = packages.get(package.pk)
            if pgroup is None:
                pgroup = packages[package.pk] = Group(
                    key=str(package.pk), label=f"{package}: {package.title}"
                )
            pgroup.rows.append(row)
            pgroup.lights.add(row.target.light)
    for package_id, package_funding in funding.packages.items():
        packages.setdefault(
            package_id, Group(key=str(package_id), label=package_funding.label)
        ).funding = package_funding
    return (
        sorted(sectors.values(), key=lambda g: list(Sector.values).index(g.key)),
        sorted(packages.values(), key=lambda g: g.label),
        lights,
    )


_SESSIONS = f"""
SELECT session.*, link.kabupaten_id AS for_kabupaten
FROM (
    SELECT id, kabupaten_id FROM {ClinicSession._meta.db_table}
    WHERE kabupaten_id = ANY(%(ids)s) AND date >= %(start)s AND date < %(end)s
    UNION
    SELECT participation.session_id, participation.kabupaten_id
    FROM {Participation._meta.db_table} participation
    JOIN {ClinicSession._meta.db_table} held ON held.id = participation.session_id
    WHERE participation.kabupaten_id = ANY(%(ids)s) AND held.date >= %(start)s
      AND held.date < %(end)s
) link
JOIN {ClinicSession._meta.db_table} session ON session.id = link.id
ORDER BY session.date, session.id
"""


def _sessions_by_kabupaten(kabupaten_ids: set[int], year: int) -> dict[int, list[ClinicSession]]:
    """The clinics of the year each kabupaten held or took part in: one query. Raw SQL: the
    ORM's OR across the participations join needed an aggregate over every column, and cost
    three times as much on a kabupaten's page."""
    result: dict[int, list[ClinicSession]] = defaultdict(list)
    params = {"ids": list(kabupaten_ids), "start": date(year, 1, 1), "end": date(year + 1, 1, 1)}
    for session in ClinicSession.objects.raw(_SESSIONS, params):
        result[session.for_kabupaten].append(session)
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
        kabupaten=kabupaten,
        up_to_quarter=up_to_quarter,
        trends=trends,
    ):
        rows_by_kabupaten[row.target.kabupaten_id].append(row)
    counts = kabupaten_counts(list(ids), year=year, today=today)
    sessions = _sessions_by_kabupaten(ids, year)
    funding = kabupaten_fundings(kabupaten_ids=ids, year=year)
    dashboards = []
    for k in kabupaten:
        sectors, packages, lights = _group(rows_by_kabupaten[k.pk], funding[k.pk])
        counted = counts[k.pk]
        dashboards.append(
            KabupatenDashboard(
                kabupaten=k,
                year=year,
                sectors=sectors,
                packages=packages,
                lights=lights,
                milestone=counted.milestone,
                sessions=sessions[k.pk],
                pending_verification=counted.pending_verification,
                open_followups=counted.open_followups,
                overdue_followups=counted.overdue_followups,
                completeness=counted.completeness,
                funding=funding[k.pk],
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
    funding: Amounts


@dataclass
class ProvinceDashboard:
    province: Province
    year: int
    indicators: list[Indicator]
    rows: list[ProvinceRow]
    funding: ProvinceFunding

    @property
    def rows_with_targets(self) -> list[ProvinceRow]:
        """The kabupaten/kota with a target for at least one of the indicators shown."""
        return [row for row in self.rows if row.lights.total]

    @property
    def rows_without_targets(self) -> list[ProvinceRow]:
        return [row for row in self.rows if not row.lights.total]

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
    def overdue_followups(self) -> int:
        return sum(row.overdue_followups for row in self.rows)

    @property
    def completeness(self) -> Completeness:
        return Completeness(
            expected=sum(row.completeness.expected for row in self.rows),
            entered=sum(row.completeness.entered for row in self.rows),
            verified=sum(row.completeness.verified for row in self.rows),
        )

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
    for kabupaten in Kabupaten.objects.filter(province__in=provinces).order_by("code"):
        kabupaten_by_province[kabupaten.province_id].append(kabupaten)
    ids = [k.pk for group in kabupaten_by_province.values() for k in group]
    cells: dict[tuple[int, int], MatrixCell] = {}
    lights: dict[int, LightCounts] = defaultdict(LightCounts)
    progress_sum: dict[int, list[Decimal]] = defaultdict(list)
    for measure in measures(
        IndicatorTarget.objects.filter(kabupaten_id__in=ids, year=year, indicator__in=indicators)
    ):
        kabupaten_id = measure.kabupaten_id
        cells[kabupaten_id, measure.indicator_id] = MatrixCell(
            measure.progress, measure.light, measure.latest_value
        )
        lights[kabupaten_id].add(measure.light)
        if measure.progress is not None:
            progress_sum[kabupaten_id].append(min(measure.progress, Decimal(100)))
    counts = kabupaten_counts(ids, year=year, today=today, pending=False)
    funding = province_fundings(provinces=provinces, year=year)

    def row(k: Kabupaten) -> ProvinceRow:
        progress = progress_sum[k.pk]
        counted = counts[k.pk]
        return ProvinceRow(
            kabupaten=k,
            milestone=counted.milestone.milestone if counted.milestone else None,
            cells=[cells.get((k.pk, i.pk)) for i in indicators],
            lights=lights[k.pk],
            average_progress=sum(progress) / len(progress) if progress else None,
            open_followups=counted.open_followups,
            overdue_followups=counted.overdue_followups,
            completeness=counted.completeness,
            funding=funding[k.province_id].by_kabupaten.get(k.pk, Amounts()),
        )

    return [
        ProvinceDashboard(
            province=p,
            year=year,
            indicators=indicators,
            rows=[row(k) for k in kabupaten_by_province[p.pk]],
            funding=funding[p.pk],
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
