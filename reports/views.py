from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coaching import selectors as coaching_selectors
from coaching.access import get_session_for_user
from coaching.forms import FollowUpFilterForm
from coaching.reminders import followups_needing_attention
from ppsp_portal.decorators import post_only
from ppsp_portal.downloads import stored_file_response
from ppsp_portal.editing import submit_once
from ppsp_portal.pagination import paginate
from ppsp_portal.params import choice_param, int_param, pk_param, year_param
from programs.access import (
    get_agency_for_user,
    get_kabupaten_for_user,
    get_province_for_user,
    get_scope,
)
from programs.models import ActualValue, Agency, FundingLine, IndicatorTarget, Kabupaten, Sector
from programs.selectors import funding_years
from programs.views import pick_year

from . import exports, selectors, services
from .access import get_report_for_user, reports_visible_to
from .metrics import AT_RISK, ON_TRACK
from .models import Report


def _years(funding: dict | None = None, **filters) -> list[int]:
    """The years with targets (and, given `funding` filters, with funding lines): one query."""
    years = IndicatorTarget.objects.filter(**filters).order_by().values_list("year", flat=True)
    if funding is not None:
        lines = FundingLine.objects.filter(**funding).order_by().values_list("year", flat=True)
        years = years.union(lines).order_by()
    return sorted(set(years))


def _dashboard_year(request: HttpRequest, years: list[int], **filters) -> int:
    """The year asked for, else the latest year that already has verified values: early in a
    year nothing is verified yet, and a page of grey lights helps nobody."""
    asked = year_param(request)
    if asked in years:
        return asked
    verified = ActualValue.objects.filter(
        status=ActualValue.Status.VERIFIED,
        **{f"target__{key}": value for key, value in filters.items()},
    )
    # Year by year from the latest: the first look usually finds one, where ordering every
    # verified value of a province by year read them all.
    this_year = timezone.localdate().year
    for year in sorted((y for y in years if y <= this_year), reverse=True):
        if verified.filter(target__year=year).exists():
            return year
    return pick_year(request, years)


def _attention_for(request: HttpRequest, kabupaten_id: int, agency_id: int | None = None):
    """The reminder list, on the start page of the person it is for (and only theirs)."""
    scope = get_scope(request.user)
    own_page = (
        scope.is_bapperida_staff and scope.kabupaten_id == kabupaten_id and agency_id is None
    ) or (scope.is_agency_head and scope.agency_id == agency_id)
    if not own_page:
        return None
    # What the list shows (coaching/includes/_attention.html), not every column of the
    # follow-up, its session and its kabupaten.
    return list(
        followups_needing_attention(scope=scope, today=timezone.localdate())
        .select_related(None)
        .select_related("owner")
        .only("action", "due_date", "status", "owner__abbreviation")
    )


RULE = {"on_track": ON_TRACK, "at_risk": AT_RISK}


@login_required
def opd_dashboard(request: HttpRequest, code: str, agency_pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_pk)
    if agency.kabupaten.code != code:
        raise Http404
    years = _years(responsible_agency=agency)
    year = _dashboard_year(request, years, responsible_agency=agency)
    dashboard = selectors.opd_dashboard(agency=agency, year=year, today=timezone.localdate())
    attention = _attention_for(request, agency.kabupaten_id, agency_id=agency.pk)
    return render(
        request,
        "reports/opd_dashboard.html",
        {
            "dashboard": dashboard,
            "attention": attention,
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
    years = _years(funding={"kabupaten": kabupaten}, kabupaten=kabupaten)
    year = _dashboard_year(request, years, kabupaten=kabupaten)
    dashboard = selectors.kabupaten_dashboard(
        kabupaten=kabupaten, year=year, today=timezone.localdate()
    )
    attention = _attention_for(request, kabupaten.pk)
    return render(
        request,
        "reports/kabupaten_dashboard.html",
        {
            "dashboard": dashboard,
            "attention": attention,
            "kabupaten": kabupaten,
            "years": years,
            "year": year,
            "rule": RULE,
        },
    )


@login_required
def province_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    years = _years(funding={"kabupaten__province": province}, kabupaten__province=province)
    year = _dashboard_year(request, years, kabupaten__province=province)
    sector = choice_param(request, "sector", Sector.values)
    dashboard = selectors.province_dashboard(
        province=province, year=year, today=timezone.localdate(), sector=sector
    )
    indicator_keys = [f"indicator-{index}" for index in range(len(dashboard.indicators))]
    sort = choice_param(request, "sort", [*selectors.SORT_KEYS, *indicator_keys], default="code")
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


# --- PDF reports and their archive ---------------------------------------------------------------


def _year_param(request: HttpRequest) -> int:
    year = year_param(request, source=request.POST)
    if year is None:
        raise BadRequest("a report needs a year")
    return year


def _request_report(request: HttpRequest, **request_arguments) -> HttpResponse:
    """Archive and generate a report once per form submission: a double click on "PDF" makes
    one report, and the second click lands on it."""
    outcome = submit_once(
        request,
        create=lambda: services.report_request(actor=request.user, **request_arguments),
    )
    if outcome.repeated:
        return redirect(outcome.url)
    return _after_request(request, outcome.created)


def _after_request(request: HttpRequest, report: Report) -> HttpResponse:
    if report.status == Report.Status.DONE:
        return redirect("reports:report-download", pk=report.pk)
    if report.status == Report.Status.FAILED:
        messages.error(request, _("The report could not be generated."))
    else:
        messages.info(request, _("The report is being generated; it will appear in the archive."))
    return redirect(report)


@post_only("reports:kabupaten-dashboard")
@login_required
def kabupaten_report(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    year = _year_param(request)
    period = int_param(request, "period", lo=1, hi=4, source=request.POST)
    parameters = {"year": year}
    title = _("Progress report %(name)s %(year)s") % {"name": kabupaten.full_name, "year": year}
    if period is not None:
        parameters["up_to_quarter"] = period
    return _request_report(
        request,
        kind=Report.Kind.KABUPATEN,
        title=title,
        parameters=parameters,
        kabupaten=kabupaten,
    )


@post_only("reports:opd-dashboard")
@login_required
def opd_sheet(request: HttpRequest, code: str, agency_pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_pk)
    if agency.kabupaten.code != code:
        raise Http404
    year = _year_param(request)
    return _request_report(
        request,
        kind=Report.Kind.OPD_SHEET,
        title=_("Target sheet %(agency)s %(name)s %(year)s")
        % {"agency": agency.abbreviation, "name": agency.kabupaten.full_name, "year": year},
        parameters={"agency": agency.pk, "year": year},
        kabupaten=agency.kabupaten,
    )


@post_only("reports:province-dashboard")
@login_required
def province_report(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    year = _year_param(request)
    return _request_report(
        request,
        kind=Report.Kind.PROVINCE,
        title=_("PPSP summary, Province of %(name)s %(year)s")
        % {"name": province.name, "year": year},
        parameters={"year": year},
        province=province,
    )


@post_only("programs:province-list")
@login_required
def national_report(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise Http404
    year = _year_param(request)
    return _request_report(
        request,
        kind=Report.Kind.NATIONAL,
        title=_("National PPSP summary %(year)s") % {"year": year},
        parameters={"year": year},
    )


@post_only("coaching:session-detail")
@login_required
def minutes_report(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    scope = get_scope(request.user)
    if session.is_province_level and not scope.can_manage_province(session.province_id):
        raise PermissionDenied  # kabupaten users see only their own part of a province clinic
    return _request_report(
        request,
        kind=Report.Kind.MINUTES,
        title=_("Minutes: %(title)s, %(date)s")
        % {"title": session.title, "date": date_format(session.date)},
        parameters={"session": session.pk},
        kabupaten=session.kabupaten,
        province=session.province,
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, reports_visible_to(request.user))
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": page.object_list,
            "page": page,
            "any_pending": any(report.is_pending for report in page.object_list),
        },
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "reports/report_detail.html", {"report": get_report_for_user(request.user, pk)}
    )


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    if report.status != Report.Status.DONE:
        raise Http404
    return stored_file_response(
        request,
        report.file,
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
        uploaded=False,
    )


# --- Spreadsheet exports ---------------------------------------------------------------------------


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in exports.FORMATS:
        raise Http404
    return fmt


@login_required
def values_export(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    years = _years(kabupaten=kabupaten)
    year = pick_year(request, years)
    agency = None
    if (asked := pk_param(request, "agency")) is not None:
        agency = kabupaten.agencies.filter(pk=asked).first()
    dataset = exports.values_dataset(kabupaten=kabupaten, year=year, agency=agency)
    return exports.dataset_response(
        dataset, fmt=_format(request), filename=f"realisasi-{kabupaten.name}-{year}"
    )


@login_required
def funding_export(request: HttpRequest, code: str) -> HttpResponse:
    """A kabupaten's funding lines of one year, for everyone who reads them."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    year = pick_year(request, funding_years(kabupaten=kabupaten))
    agency = None
    if (asked := pk_param(request, "agency")) is not None:
        agency = kabupaten.agencies.filter(pk=asked).first()
    fmt = _format(request)
    dataset = exports.funding_dataset(kabupaten=kabupaten, year=year, agency=agency, fmt=fmt)
    suffix = f"-{agency.abbreviation}" if agency else ""
    return exports.dataset_response(
        dataset, fmt=fmt, filename=f"pendanaan-{kabupaten.name}-{year}{suffix}"
    )


@login_required
def targets_export(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    targets = (
        IndicatorTarget.objects.filter(kabupaten=kabupaten)
        .select_related("kabupaten", "indicator", "responsible_agency")
        .order_by("indicator__sort_order", "year")
    )
    dataset = exports.TargetResource().export(queryset=targets)
    return exports.dataset_response(
        dataset, fmt=_format(request), filename=f"target-{kabupaten.name}"
    )


def _followups_export(
    request: HttpRequest, *, scope_q, kabupaten_choices, agency_choices, name: str
):
    form = FollowUpFilterForm(
        request.GET, kabupaten_choices=kabupaten_choices, agency_choices=agency_choices
    )
    form.full_clean()  # a bad filter is left out of cleaned_data; the others still apply
    filters = form.cleaned_data
    rows, _counts = coaching_selectors.followup_tracker(
        scope_q=scope_q,
        today=timezone.localdate(),
        kabupaten=filters.get("kabupaten"),
        owner=filters.get("owner"),
        status=filters.get("status", ""),
        overdue=filters.get("overdue", False),
        due_from=filters.get("due_from"),
        due_to=filters.get("due_to"),
    )
    dataset = exports.FollowUpResource().export(queryset=rows)
    return exports.dataset_response(dataset, fmt=_format(request), filename=f"rtl-{name}")


@login_required
def followups_export(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    return _followups_export(
        request,
        scope_q=Q(kabupaten=kabupaten),
        kabupaten_choices=None,
        agency_choices=kabupaten.agencies.all(),
        name=kabupaten.name,
    )


@login_required
def province_followups_export(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    return _followups_export(
        request,
        scope_q=Q(kabupaten__province=province),
        kabupaten_choices=Kabupaten.objects.filter(province=province),
        agency_choices=Agency.objects.filter(kabupaten__province=province),
        name=province.name,
    )


@login_required
def quickwins_export(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    quick_wins = kabupaten.quick_wins.select_related("kabupaten", "agency").order_by(
        "target_date", "id"
    )
    dataset = exports.QuickWinResource().export(queryset=quick_wins)
    return exports.dataset_response(
        dataset, fmt=_format(request), filename=f"quick-win-{kabupaten.name}"
    )
