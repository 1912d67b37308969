"""Reads that pages and reports share. Each returns everything a page needs in a fixed number
of queries, whatever the size of the data."""

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from .models import (
    Agency,
    IndicatorTarget,
    Kabupaten,
    Milestone,
    MilestoneAchievement,
    PolicyPackage,
    Programme,
    Province,
)


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
