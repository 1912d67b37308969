from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from programs.access import get_agency_for_user, get_kabupaten_for_user, get_scope
from programs.models import ActualValue, IndicatorTarget, Province, Sector
from programs.views import pick_year

from . import selectors
from .metrics import AT_RISK, ON_TRACK


def _years(**filters) -> list[int]:
    return list(
        IndicatorTarget.objects.filter(**filters)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


def _dashboard_year(request: HttpRequest, years: list[int], **filters) -> int:
    """The year asked for, else the latest year that already has verified values: early in a
    year nothing is verified yet, and a page of grey lights helps nobody."""
    if request.GET.get("year", "").isdigit() and int(request.GET["year"]) in years:
        return int(request.GET["year"])
    latest = (
        ActualValue.objects.filter(
            status=ActualValue.Status.VERIFIED,
            target__year__lte=timezone.localdate().year,
            **{f"target__{key}": value for key, value in filters.items()},
        )
        .order_by("-target__year")
        .values_list("target__year", flat=True)
        .first()
    )
    return latest if latest is not None else pick_year(request, years)


RULE = {"on_track": ON_TRACK, "at_risk": AT_RISK}


@login_required
def opd_dashboard(request: HttpRequest, code: str, agency_pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_pk)
    if agency.kabupaten.code != code:
        raise Http404
    years = _years(responsible_agency=agency)
    year = _dashboard_year(request, years, responsible_agency=agency)
    dashboard = selectors.opd_dashboard(agency=agency, year=year, today=timezone.localdate())
    return render(
        request,
        "reports/opd_dashboard.html",
        {
            "dashboard": dashboard,
            "kabupaten": agency.kabupaten,
            "agency": agency,
            "years": years,
            "year": year,
            "rule": RULE,
        },
    )


@login_required
def kabupaten_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    years = _years(kabupaten=kabupaten)
    year = _dashboard_year(request, years, kabupaten=kabupaten)
    dashboard = selectors.kabupaten_dashboard(
        kabupaten=kabupaten, year=year, today=timezone.localdate()
    )
    return render(
        request,
        "reports/kabupaten_dashboard.html",
        {
            "dashboard": dashboard,
            "kabupaten": kabupaten,
            "years": years,
            "year": year,
            "rule": RULE,
        },
    )


@login_required
def province_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    scope = get_scope(request.user)
    province = Province.objects.filter(code=code).first()
    if province is None or not (
        scope.is_admin or (scope.is_province_staff and scope.province_id == province.pk)
    ):
        raise Http404
    years = _years(kabupaten__province=province)
    year = _dashboard_year(request, years, kabupaten__province=province)
    sector = request.GET.get("sector") if request.GET.get("sector") in Sector.values else None
    dashboard = selectors.province_dashboard(
        province=province, year=year, today=timezone.localdate(), sector=sector
    )
    sort = request.GET.get("sort", "code")
    descending = request.GET.get("dir") == "desc"
    rows = selectors.sort_rows(dashboard.rows, sort, descending)
    return render(
        request,
        "reports/province_dashboard.html",
        {
            "dashboard": dashboard,
            "rows": rows,
            "province": province,
            "years": years,
            "year": year,
            "sector": sector,
            "sectors": Sector.choices,
            "sort": sort,
            "descending": descending,
            "rule": RULE,
        },
    )
