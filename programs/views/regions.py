"""Where people start: the start page sends each role to its dashboard; provinces, a
province's kabupaten/kota, and a kabupaten/kota's page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import selectors
from ..access import get_kabupaten_for_user, get_province_for_user, get_scope
from ..models import Province
from . import pick_year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts: its dashboard."""
    scope = get_scope(request.user)
    if scope.is_province_staff:
        code = Province.objects.values_list("code", flat=True).get(pk=scope.province_id)
        return redirect("reports:province-dashboard", code=code)
    if scope.is_agency_head:
        membership = request.user.membership
        return redirect(
            "reports:opd-dashboard", code=membership.kabupaten.code, agency_pk=membership.agency_id
        )
    if scope.kabupaten_id:
        return redirect("reports:kabupaten-dashboard", code=request.user.membership.kabupaten.code)
    if scope.is_admin:
        return redirect("programs:province-list")
    return render(request, "programs/no_membership.html", status=403)


@login_required
def province_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    provinces = selectors.provinces_in_scope(kabupaten_q=scope.kabupaten_q())
    return render(request, "programs/province_list.html", {"provinces": provinces})


@login_required
def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    rows = selectors.province_kabupaten_rows(province=province)
    return render(
        request,
        "programs/province_detail.html",
        {"province": province, "rows": rows, "milestone_labels": selectors.MILESTONE_LABELS},
    )


@login_required
def kabupaten_detail(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    years = selectors.target_years(kabupaten=kabupaten)
    year = pick_year(request, years)
    overview = selectors.kabupaten_overview(kabupaten=kabupaten, year=year)
    return render(
        request,
        "programs/kabupaten_detail.html",
        {"overview": overview, "kabupaten": kabupaten, "years": years, "year": year},
    )
