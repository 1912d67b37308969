from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from . import selectors
from .access import get_kabupaten_for_user, get_scope
from .models import Province


def pick_year(request: HttpRequest, available: list[int]) -> int:
    """The year asked for in ?year=, else this year when it has data, else the latest that has."""
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in available:
        return int(asked)
    this_year = timezone.localdate().year
    if this_year in available or not available:
        return this_year
    return (
        max(y for y in available if y <= this_year) if min(available) <= this_year else available[0]
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    scope = get_scope(request.user)
    if scope.is_province_staff:
        return redirect(
            "programs:province-detail", code=Province.objects.get(pk=scope.province_id).code
        )
    if scope.kabupaten_id:
        return redirect("programs:kabupaten-detail", code=request.user.membership.kabupaten.code)
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
    scope = get_scope(request.user)
    province = Province.objects.filter(code=code).first()
    if province is None or not (scope.is_admin or scope.province_id == province.pk):
        raise Http404
    if not (scope.is_admin or scope.is_province_staff):
        raise Http404
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
