from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppsp_portal.decorators import post_only
from ppsp_portal.downloads import stored_file_response
from ppsp_portal.editing import Conflict, ConflictRow, apply_service_error, conflict_for, shown
from ppsp_portal.pagination import paginate
from ppsp_portal.params import pk_param, year_param

from . import forms, selectors, services
from .access import (
    get_kabupaten_for_user,
    get_province_for_user,
    get_scope,
    get_target_for_user,
    get_value_for_user,
)
from .models import ActualValue, Indicator, IndicatorTarget, PolicyPackage, Province, Sector


def pick_year(request: HttpRequest, available: list[int]) -> int:
    """The year asked for in ?year=, else this year when it has data, else the latest that has."""
    asked = year_param(request)
    if asked in available:
        return asked
    this_year = timezone.localdate().year
    if this_year in available or not available:
        return this_year
    return (
        max(y for y in available if y <= this_year) if min(available) <= this_year else available[0]
    )


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


# --- Targets and actual values ---------------------------------------------------------------


@login_required
def targets_grid(request: HttpRequest, code: str, sector: str) -> HttpResponse:
    """Baselines and 2025–2029 targets of one sector, edited as one grid."""
    kabupaten = get_kabupaten_for_user(request.user, code, manage=True)
    if sector not in Sector.values:
        raise Http404
    indicators = Indicator.objects.filter(sector=sector).order_by("sort_order")
    agencies = kabupaten.agencies.order_by("abbreviation")
    packages = PolicyPackage.objects.filter(programme__kabupaten=kabupaten).select_related(
        "programme"
    )
    formset = forms.TargetGridFormSet(
        request.POST or None,
        prefix="targets",
        indicators=indicators,
        agencies=agencies,
        packages=packages,
        initial=None
        if request.method == "POST"
        else selectors.target_grid_initial(
            kabupaten=kabupaten, sector=sector, years=forms.PLAN_YEARS
        ),
    )
    conflict = None
    if request.method == "POST" and formset.is_valid():
        forms_by_entry, entries = [], []
        for form in formset.forms:
            if not form.cleaned_data.get("agency"):
                continue  # a row without its OPD is not saved (the grid says so)
            expected = form.expected_versions()
            for year in forms.PLAN_YEARS:
                forms_by_entry.append(form)
                entries.append(
                    services.TargetEntry(
                        indicator=form.cleaned_data["indicator"],
                        year=year,
                        target=form.cleaned_data[f"target_{year}"],
                        baseline=form.cleaned_data["baseline"],
                        agency=form.cleaned_data["agency"],
                        policy_package=form.cleaned_data["policy_package"],
                        expected_version=expected[year],
                    )
                )
        try:
            plan = services.targets_save(actor=request.user, kabupaten=kabupaten, entries=entries)
        except services.EditConflict as error:
            conflict = _grid_conflict(kabupaten, formset, [entries[i] for i in error.current])
        except services.Refused as error:
            for index, problems in error.problems.items():
                form, year = forms_by_entry[index], entries[index].year
                for name, message in problems.items():
                    name = f"target_{year}" if name == "target" else name
                    form.add_error(name if name in form.fields else None, message)
        else:
            changed = len(entries) - plan.count(services.SKIP)
            messages.success(request, _("Targets saved (%(count)s changes).") % {"count": changed})
            return redirect("programs:targets-grid", code=code, sector=sector)
    return render(
        request,
        "programs/targets_grid.html",
        {
            "kabupaten": kabupaten,
            "sector": Sector(sector),
            "sectors": Sector.choices,
            "formset": formset,
            "years": forms.PLAN_YEARS,
            "agency_choices": list(agencies),
            "package_choices": list(packages),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _grid_conflict(kabupaten, formset, stale: list) -> Conflict:
    """The targets someone else changed while the grid was open: stored beside typed. The
    grid moves onto the stored versions, so that saving again keeps the typed values."""
    indicators = [form.cleaned_data["indicator"] for form in formset.forms]
    stored = {
        (t.indicator_id, t.year): t
        for t in IndicatorTarget.objects.filter(
            kabupaten=kabupaten, indicator__in={e.indicator for e in stale}
        ).select_related("responsible_agency")
    }
    rows = []
    for entry in stale:
        target = stored.get((entry.indicator.pk, entry.year))
        label = f"{entry.indicator.code} · {entry.year}"
        rows.append(
            ConflictRow(
                label,
                shown(target.target) + f" ({target.responsible_agency.abbreviation})"
                if target
                else "–",
                shown(entry.target) + (f" ({entry.agency.abbreviation})" if entry.agency else ""),
            )
        )
    current = selectors.target_versions(
        kabupaten=kabupaten, indicators=indicators, years=forms.PLAN_YEARS
    )
    formset.data = formset.data.copy()
    for form in formset.forms:
        form.data = formset.data
        formset.data[form.add_prefix("versions")] = current[form.cleaned_data["indicator"].pk]
    return Conflict(rows=rows)


@login_required
def values_entry(request: HttpRequest, code: str) -> HttpResponse:
    """The actual values of a year: an OPD head sees its own indicators, Bapperida any OPD's."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    scope = get_scope(request.user)
    agencies = list(kabupaten.agencies.order_by("abbreviation"))
    agency = None
    if scope.is_agency_head:
        agency = next((a for a in agencies if a.pk == scope.agency_id), None)
    elif (asked := pk_param(request, "agency")) is not None:
        agency = next((a for a in agencies if a.pk == asked), None)
    years = selectors.target_years(kabupaten=kabupaten)
    year = pick_year(request, years)
    rows = selectors.value_entry_rows(kabupaten=kabupaten, year=year, agency=agency)
    return render(
        request,
        "programs/values_entry.html",
        {
            "kabupaten": kabupaten,
            "rows": rows,
            "year": year,
            "years": years,
            "agency": agency,
            "agencies": agencies,
            "can_choose_agency": not scope.is_agency_head,
            "actable_agency_ids": {a.pk for a in agencies if scope.can_act_for_agency(a)},
        },
    )


@login_required
def value_edit(request: HttpRequest, pk: int, period: int) -> HttpResponse:
    target = get_target_for_user(request.user, pk, act=True)
    if not 1 <= period <= target.indicator.periods_per_year:
        raise Http404
    existing = ActualValue.objects.filter(target=target, period=period).first()
    if existing is not None and existing.is_locked:
        messages.info(request, _("This value is verified and locked."))
        return redirect(existing_value_url(existing))
    initial = (
        {"value": existing.value, "note": existing.note, "version": existing.version}
        if existing
        else {"version": services.ABSENT}
    )
    form = forms.ValueForm(
        request.POST or None, request.FILES or None, indicator=target.indicator, initial=initial
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            value = services.value_save(
                actor=request.user,
                target=target,
                period=period,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                submit="submit" in request.POST,
                expected_version=form.cleaned_data["version"] or services.ABSENT,
                evidence=form.cleaned_data.get("evidence"),
            )
        except services.EditConflict as error:
            conflict = conflict_for(form, error.current, ["value", "note"])
            existing = error.current
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if value.status == ActualValue.Status.SUBMITTED:
                messages.success(request, _("The value has been submitted for verification."))
            else:
                messages.success(request, _("The value has been saved as a draft."))
            return redirect(
                f"{reverse('programs:values-entry', kwargs={'code': target.kabupaten.code})}?year={target.year}"
            )
    return render(
        request,
        "programs/value_form.html",
        {
            "target": target,
            "kabupaten": target.kabupaten,
            "period": period,
            "period_label": target.indicator.period_label(period),
            "existing": existing,
            "form": form,
            "conflict": conflict,
            "change_history": selectors.value_history(value=existing) if existing else [],
        },
        status=409 if conflict else 200,
    )


def existing_value_url(value: ActualValue) -> str:
    return reverse("programs:value-detail", kwargs={"pk": value.pk})


@login_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    value = get_value_for_user(request.user, pk)
    scope = get_scope(request.user)
    can_review = scope.can_manage_kabupaten(value.target.kabupaten)
    return render(
        request,
        "programs/value_detail.html",
        {
            "value": value,
            "kabupaten": value.target.kabupaten,
            "can_review": can_review,
            "can_edit": scope.can_act_for_agency(value.target.responsible_agency)
            and not value.is_locked,
            "change_history": selectors.value_history(value=value),
        },
    )


@login_required
def verification_queue(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code, manage=True)
    page = paginate(request, selectors.verification_queue(kabupaten=kabupaten))
    return render(
        request,
        "programs/verification_queue.html",
        {"kabupaten": kabupaten, "values": page.object_list, "page": page},
    )


def _review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    value = get_value_for_user(request.user, pk, review=True)
    form_class = forms.ReopenForm if action == "reopen" else forms.ReviewForm
    form = form_class(request.POST)
    if form.is_valid():
        try:
            if action == "verify":
                services.value_verify(
                    actor=request.user, value=value, expected_version=form.cleaned_data["version"]
                )
                messages.success(request, _("The value has been verified."))
            elif action == "return":
                services.value_return(
                    actor=request.user,
                    value=value,
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("The value has been returned to its OPD."))
            else:
                services.value_reopen(
                    actor=request.user,
                    value=value,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("The value has been reopened."))
        except services.EditConflict:
            messages.error(request, _("The value changed meanwhile; review it again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Please give the note the form asks for."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect(existing_value_url(value))


@post_only("programs:value-detail")
@login_required
def value_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, "verify")


@post_only("programs:value-detail")
@login_required
def value_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, "return")


@post_only("programs:value-detail")
@login_required
def value_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, "reopen")


@login_required
def value_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    value = get_value_for_user(request.user, pk)
    if not value.evidence:
        raise Http404
    inline = value.evidence_type in ("application/pdf", "image/jpeg", "image/png", "image/webp")
    return stored_file_response(
        request,
        value.evidence,
        as_attachment=not inline,
        filename=value.evidence_name,
        content_type=value.evidence_type,
    )
