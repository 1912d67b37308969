"""Actual values: a year's values of a kabupaten/kota (an OPD head's own), the form of one
period's value (draft, then submit), a value's page, and its review by Bapperida (verify,
return, reopen) from the verification queue."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppsp_portal.decorators import post_only
from ppsp_portal.downloads import evidence_response
from ppsp_portal.editing import apply_service_error, conflict_for
from ppsp_portal.pagination import paginate
from ppsp_portal.params import pk_param

from .. import forms, selectors, services
from ..access import get_kabupaten_for_user, get_scope, get_target_for_user, get_value_for_user
from ..models import ActualValue
from . import pick_year


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


@dataclass(frozen=True)
class Review:
    """One of Bapperida's review actions on a submitted or verified value."""

    form: type[forms.ReviewForm | forms.ReopenForm]
    perform: Callable[..., ActualValue]
    typed: str | None  # the form's text the service takes too: a note, a reason
    done: str


REVIEWS = {
    "verify": Review(
        forms.ReviewForm, services.value_verify, None, gettext_lazy("The value has been verified.")
    ),
    "return": Review(
        forms.ReviewForm,
        services.value_return,
        "note",
        gettext_lazy("The value has been returned to its OPD."),
    ),
    "reopen": Review(
        forms.ReopenForm,
        services.value_reopen,
        "reason",
        gettext_lazy("The value has been reopened."),
    ),
}


@post_only(lambda pk, action: reverse("programs:value-detail", kwargs={"pk": pk}))
@login_required
def value_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Verify, return or reopen a value (`action` comes with the address), then go back to
    where it was asked from (the verification queue names itself in `next`), else to the
    value's page."""
    value = get_value_for_user(request.user, pk, review=True)
    review = REVIEWS[action]
    form = review.form(request.POST)
    if form.is_valid():
        typed = {review.typed: form.cleaned_data[review.typed]} if review.typed else {}
        try:
            review.perform(
                actor=request.user,
                value=value,
                expected_version=form.cleaned_data["version"],
                **typed,
            )
        except services.EditConflict:
            messages.error(request, _("The value changed meanwhile; review it again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, review.done)
    else:
        messages.error(request, _("Please give the note the form asks for."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect(existing_value_url(value))


@login_required
def value_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    value = get_value_for_user(request.user, pk)
    if not value.evidence:
        raise Http404
    return evidence_response(
        request, value.evidence, filename=value.evidence_name, content_type=value.evidence_type
    )
