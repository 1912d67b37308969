"""Reads that pages and reports share. Each returns everything a page needs in a fixed number
of queries, whatever the size of the data."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from .history import HistoryEntry, Source, event_model, page_history
from .models import (
    ActualValue,
    Agency,
    FundingLine,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Milestone,
    MilestoneAchievement,
    PolicyPackage,
    Programme,
    Province,
    subject_filter,
    subject_kind,
    subject_label,
)
from .money import Amounts


@dataclass(frozen=True)
class KabupatenOverview:
    kabupaten: Kabupaten
    year: int
    agencies: list[Agency]
    programmes: list[Programme]
    targets: list[IndicatorTarget]
    milestones: list[MilestoneAchievement]

    @property
    def current_milestone(self) -> MilestoneAchievement | None:
        return self.milestones[-1] if self.milestones else None


def kabupaten_overview(*, kabupaten: Kabupaten, year: int) -> KabupatenOverview:
    packages = PolicyPackage.objects.prefetch_related(
        Prefetch("agencies", queryset=Agency.objects.order_by("abbreviation"))
    ).order_by("number")
    return KabupatenOverview(
        kabupaten=kabupaten,
        year=year,
        agencies=list(kabupaten.agencies.order_by("kind", "abbreviation")),
        programmes=list(
            kabupaten.programmes.prefetch_related(Prefetch("packages", queryset=packages))
        ),
        targets=list(
            IndicatorTarget.objects.filter(kabupaten=kabupaten, year=year)
            .select_related("indicator", "responsible_agency", "policy_package")
            .order_by("indicator__sector", "indicator__sort_order")
        ),
        milestones=list(kabupaten.milestones.order_by("milestone")),
    )


def target_years(*, kabupaten: Kabupaten) -> list[int]:
    return list(
        IndicatorTarget.objects.filter(kabupaten=kabupaten)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


def policy_packages(*, kabupaten: Kabupaten) -> QuerySet[PolicyPackage]:
    """The policy packages a kabupaten/kota's targets and follow-ups may name."""
    return PolicyPackage.objects.filter(programme__kabupaten=kabupaten).select_related("programme")


def province_kabupaten_rows(*, province: Province) -> QuerySet[Kabupaten]:
    """Each kabupaten/kota of a province with its highest SSK milestone and its number of OPDs."""
    return (
        Kabupaten.objects.filter(province=province)
        .annotate(
            highest_milestone=Max("milestones__milestone"),
            agency_count=Count("agencies", distinct=True),
        )
        .order_by("code")
    )


def provinces_in_scope(*, kabupaten_q: Q) -> QuerySet[Province]:
    return Province.objects.filter(
        pk__in=Kabupaten.objects.filter(kabupaten_q).values("province_id")
    ).annotate(kabupaten_count=Count("kabupaten_set"))


MILESTONE_LABELS = dict(Milestone.choices)


@dataclass(frozen=True)
class ValueCell:
    period: int
    label: str
    value: ActualValue | None


@dataclass(frozen=True)
class ValueEntryRow:
    target: IndicatorTarget
    cells: list[ValueCell]


def value_entry_rows(
    *, kabupaten: Kabupaten, year: int, agency: Agency | None = None
) -> list[ValueEntryRow]:
    """Each target of the year with a cell per reporting period: two queries in all."""
    targets = (
        IndicatorTarget.objects.filter(kabupaten=kabupaten, year=year)
        .select_related("indicator", "responsible_agency")
        .order_by("indicator__sort_order")
    )
    if agency is not None:
        targets = targets.filter(responsible_agency=agency)
    targets = list(targets)
    values = {
        (v.target_id, v.period): v
        for v in ActualValue.objects.filter(target__in=targets).select_related("entered_by")
    }
    return [
        ValueEntryRow(
            target=target,
            cells=[
                ValueCell(
                    period, target.indicator.period_label(period), values.get((target.pk, period))
                )
                for period in range(1, target.indicator.periods_per_year + 1)
            ],
        )
        for target in targets
    ]


def verification_queue(*, kabupaten: Kabupaten) -> QuerySet[ActualValue]:
    return (
        ActualValue.objects.filter(target__kabupaten=kabupaten, status=ActualValue.Status.SUBMITTED)
        .select_related("target__indicator", "target__responsible_agency", "entered_by")
        .order_by("submitted_at", "id")
    )


def target_grid_initial(*, kabupaten: Kabupaten, sector: str, years: list[int]) -> list[dict]:
    """One row per indicator of the sector, pre-filled from the kabupaten's targets."""
    indicators = list(Indicator.objects.filter(sector=sector).order_by("sort_order"))
    targets = {
        (t.indicator_id, t.year): t
        for t in IndicatorTarget.objects.filter(
            kabupaten=kabupaten, indicator__in=indicators, year__in=years
        )
    }
    rows = []
    for indicator in indicators:
        found = [targets[(indicator.pk, y)] for y in years if (indicator.pk, y) in targets]
        first = found[0] if found else None
        row = {
            "indicator": indicator.pk,
            "versions": version_stamp(targets, indicator.pk, years),
            "baseline": _shown(first.baseline, indicator.decimals) if first else None,
            "agency": first.responsible_agency_id if first else None,
            "policy_package": first.policy_package_id if first else None,
        }
        for y in years:
            target = targets.get((indicator.pk, y))
            row[f"target_{y}"] = _shown(target.target, indicator.decimals) if target else None
        rows.append(row)
    return rows


def version_stamp(targets: dict, indicator_id: int, years) -> str:
    """The versions of one grid row's targets, e.g. "2025:3,2026:1" (years without a target
    are left out): a save compares them to detect that someone else changed the row."""
    return ",".join(
        f"{year}:{targets[(indicator_id, year)].version}"
        for year in years
        if (indicator_id, year) in targets
    )


def target_versions(*, kabupaten: Kabupaten, indicators, years) -> dict[int, str]:
    """The current version stamp of each grid row, by indicator."""
    targets = {
        (t.indicator_id, t.year): t
        for t in IndicatorTarget.objects.filter(
            kabupaten=kabupaten, indicator__in=indicators, year__in=years
        ).only("indicator_id", "year", "version")
    }
    return {indicator.pk: version_stamp(targets, indicator.pk, years) for indicator in indicators}


def value_history(*, value: ActualValue) -> list[HistoryEntry]:
    """Everything that happened to an actual value, for whoever may read the value."""
    return page_history(
        sources=[Source(references=(value,), event_models=(event_model(ActualValue),))],
        legacy=[value],
    )


def _shown(value: Decimal | None, decimals: int) -> Decimal | None:
    """A stored number with the indicator's decimals (70,00 rather than 70,0000), but never
    fewer digits than it holds: saving the grid again must not round away what was entered."""
    if value is None:
        return None
    places = max(decimals, -value.normalize().as_tuple().exponent)
    return value.quantize(Decimal(1).scaleb(-places))


# --- Funding ---------------------------------------------------------------------------------


def funding_years(*, kabupaten: Kabupaten) -> list[int]:
    """Years a kabupaten may plan funding for: its programmes' years, the years that already
    have lines, and this year."""
    years = {timezone.localdate().year}
    for start, end in kabupaten.programmes.values_list("start_year", "end_year"):
        years.update(range(start, end + 1))
    years.update(
        FundingLine.objects.filter(kabupaten=kabupaten).values_list("year", flat=True).distinct()
    )
    return sorted(years)


@dataclass
class SubjectFunding:
    """A package, follow-up or quick win with its lines of one year."""

    kind: str
    subject: Model
    lines: list[FundingLine]
    totals: Amounts

    @property
    def label(self) -> str:
        return subject_label(self.subject)


@dataclass(frozen=True)
class FundingOverview:
    subjects: list[SubjectFunding]
    totals: Amounts


_LINE_RELATED = ("source", "agency", "policy_package", "follow_up", "quick_win")


def funding_overview(
    *, kabupaten: Kabupaten, year: int, agency: Agency | None = None
) -> FundingOverview:
    """Every funding line of a kabupaten's year by subject (two queries): all its packages
    first, funded or not, then the follow-ups and quick wins that carry lines. With `agency`,
    only that OPD's lines and the subjects that have some."""
    lines = FundingLine.objects.filter(kabupaten=kabupaten, year=year).select_related(
        *_LINE_RELATED
    )
    if agency is not None:
        lines = lines.filter(agency=agency)
    by_subject: dict[tuple[str, int], SubjectFunding] = {}
    if agency is None:
        for package in PolicyPackage.objects.filter(programme__kabupaten=kabupaten).order_by(
            "programme__name", "number"
        ):
            by_subject[("package", package.pk)] = SubjectFunding("package", package, [], Amounts())
    totals = Amounts()
    for line in lines.order_by("source__sort_order", "agency__abbreviation", "id"):
        key = (line.subject_kind, line.subject.pk)
        group = by_subject.setdefault(key, SubjectFunding(key[0], line.subject, [], Amounts()))
        group.lines.append(line)
        group.totals.add(line.pagu, line.realisasi)
        totals.add(line.pagu, line.realisasi)
    order = {"package": 0, "follow-up": 1, "quick-win": 2}
    subjects = sorted(by_subject.values(), key=lambda s: order[s.kind])
    return FundingOverview(subjects=subjects, totals=totals)


def funding_lines(*, subject: Model, year: int | None = None) -> list[FundingLine]:
    """A subject's lines (of one year, or of every year), in the grid's order: one query."""
    lines = FundingLine.objects.filter(**subject_filter(subject)).select_related("source", "agency")
    if year is not None:
        lines = lines.filter(year=year)
    return list(lines.order_by("year", "source__sort_order", "agency__abbreviation", "id"))


def funding_grid_initial(lines: list[FundingLine]) -> list[dict]:
    return [
        {
            "line": line.pk,
            "version": line.version,
            "source": line.source_id,
            "agency": line.agency_id,
            "planning_reference": line.planning_reference,
            "pagu": line.pagu,
            "realisasi": line.realisasi,
            "status": line.status,
            "note": line.note,
        }
        for line in lines
    ]


def funding_line_history(*, line: FundingLine) -> list[HistoryEntry]:
    return page_history(
        sources=[Source(references=(line,), event_models=(event_model(FundingLine),))]
    )


@dataclass(frozen=True)
class SubjectFundingPanel:
    """The funding section of a follow-up's or a quick win's page."""

    kind: str
    subject: Model
    lines: list[FundingLine]
    year: int
    can_manage: bool
    actable_agency_ids: set[int]


def subject_funding_panel(*, subject: Model, scope) -> SubjectFundingPanel:
    lines = funding_lines(subject=subject)
    can_manage = scope.can_manage_kabupaten(subject.kabupaten)
    return SubjectFundingPanel(
        kind=subject_kind(subject),
        subject=subject,
        lines=lines,
        year=timezone.localdate().year,
        can_manage=can_manage,
        # Bapperida acts for all its OPDs; an OPD head for its own (Scope.can_act_for_agency).
        actable_agency_ids={
            line.agency_id
            for line in lines
            if can_manage or (scope.is_agency_head and line.agency_id == scope.agency_id)
        },
    )
