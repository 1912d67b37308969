"""Follow-ups (RTL): added several at a time at a session, tracked for a kabupaten/kota or a
province, and each one's page with its two actions: progress reported by the owner OPD, a new
owner chosen by Bapperida."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ppsp_portal.decorators import post_only
from ppsp_portal.editing import already_saved, save_form, submit_once
from ppsp_portal.pagination import paginate
from programs import selectors as programs_selectors
from programs.access import get_kabupaten_for_user, get_province_for_user, get_scope
from programs.models import Agency, Kabupaten

from .. import forms, selectors, services
from ..access import (
    can_reassign_followup,
    can_update_followup,
    get_followup_for_user,
    get_session_for_user,
    participation_of,
)


@login_required
def session_followups_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, manage=True)
    if session.is_province_level:
        code = request.POST.get("kabupaten") or request.GET.get("kabupaten", "")
        kabupaten = participation_of(session, code).kabupaten
    else:
        kabupaten = session.kabupaten
    agencies = kabupaten.agencies.order_by("abbreviation")
    packages = programs_selectors.policy_packages(kabupaten=kabupaten)
    formset = forms.FollowUpFormSet(
        request.POST or None,
        prefix="followups",
        agencies=agencies,
        packages=packages,
        session_date=session.date,
    )
    if request.method == "POST" and formset.is_valid():
        rows = [
            services.FollowUpRow(
                owner=f.cleaned_data["owner"],
                action=f.cleaned_data["action"],
                due_date=f.cleaned_data["due_date"],
                policy_package=f.cleaned_data.get("policy_package"),
            )
            for f in formset.forms
            if f.cleaned_data and f.has_content()
        ]
        try:
            outcome = submit_once(
                request,
                create=lambda: services.followups_create(
                    actor=request.user, session=session, kabupaten=kabupaten, rows=rows
                ),
                url=lambda created: session.get_absolute_url(),
            )
        except ValidationError as error:
            formset.forms[0].add_error(None, error)
        else:
            if outcome.repeated:
                return already_saved(request, outcome.url)
            messages.success(
                request,
                _("%(count)s follow-up actions have been added.") % {"count": len(outcome.created)},
            )
            return redirect(session)
    return render(
        request,
        "coaching/followups_form.html",
        {
            "session": session,
            "kabupaten": kabupaten,
            "formset": formset,
            "agency_choices": list(agencies),
            "package_choices": list(packages),
        },
    )


def _tracker(
    request: HttpRequest, *, scope_q, kabupaten_choices, agency_choices, context
) -> HttpResponse:
    """The follow-ups of a kabupaten/kota or of a province, filtered and in pages: one tracker
    whatever its scope."""
    scope = get_scope(request.user)
    data = request.GET.copy()
    if not data and scope.is_agency_head:
        data["owner"] = str(scope.agency_id)  # an OPD head starts from their own follow-ups
    form = forms.FollowUpFilterForm(
        data, kabupaten_choices=kabupaten_choices, agency_choices=agency_choices
    )
    rows, counts = selectors.followup_tracker(
        scope_q=scope_q, today=timezone.localdate(), **form.tracker_filters()
    )
    page = paginate(request, rows, count=counts.total)
    return render(
        request,
        "coaching/followup_list.html",
        {
            **context,
            "filter_form": form,
            "follow_ups": page.object_list,
            "page": page,
            "counts": counts,
            "today": timezone.localdate(),
        },
    )


@login_required
def followup_list(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    return _tracker(
        request,
        scope_q=Q(kabupaten=kabupaten),
        kabupaten_choices=None,
        agency_choices=kabupaten.agencies.order_by("abbreviation"),
        context={"kabupaten": kabupaten},
    )


@login_required
def province_followup_list(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    return _tracker(
        request,
        scope_q=Q(kabupaten__province=province),
        kabupaten_choices=Kabupaten.objects.filter(province=province).order_by("code"),
        agency_choices=Agency.objects.filter(kabupaten__province=province).select_related(
            "kabupaten"
        ),
        context={"province": province},
    )


@login_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_followup_for_user(request.user, pk)
    scope = get_scope(request.user)
    can_update = can_update_followup(scope, follow_up)
    can_reassign = can_reassign_followup(scope, follow_up)
    return render(
        request,
        "coaching/followup_detail.html",
        {
            "follow_up": follow_up,
            "kabupaten": follow_up.kabupaten,
            "history": selectors.followup_history(follow_up=follow_up),
            "evidence": follow_up.evidence.select_related("uploaded_by"),
            "progress_form": forms.ProgressForm(follow_up=follow_up) if can_update else None,
            "reassign_form": forms.ReassignForm(follow_up=follow_up) if can_reassign else None,
            "evidence_form": forms.EvidenceForm() if can_update else None,
            "change_history": selectors.followup_changes(follow_up=follow_up),
            "funding": programs_selectors.subject_funding_panel(subject=follow_up, scope=scope),
        },
    )


def _followup_action(request, follow_up, form, *, action: str, perform, done: str, fields):
    """Run one follow-up action's service; on a refusal or a conflict show its form again,
    with what was typed, the reason and (for a conflict) the stored follow-up beside it."""
    conflict = None
    if form.is_valid():
        response, conflict = save_form(
            request, form, perform=perform, done=done, once=True, then=follow_up, fields=fields
        )
        if response:
            return response
    return render(
        request,
        "coaching/followup_action_form.html",
        {"follow_up": follow_up, "form": form, "action": action, "conflict": conflict},
        status=409 if conflict else 400,
    )


@post_only("coaching:followup-detail")
@login_required
def followup_progress(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_followup_for_user(request.user, pk, update=True)
    form = forms.ProgressForm(request.POST, follow_up=follow_up)
    return _followup_action(
        request,
        follow_up,
        form,
        action="progress",
        perform=lambda: services.followup_report_progress(
            actor=request.user,
            follow_up=follow_up,
            on=form.cleaned_data["date"],
            note=form.cleaned_data["note"],
            status=form.cleaned_data["status"],
            drop_reason=form.cleaned_data["drop_reason"],
            expected_version=form.cleaned_data["version"],
        ),
        done=_("The progress has been recorded."),
        fields=["status", "drop_reason"],
    )


@post_only("coaching:followup-detail")
@login_required
def followup_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_followup_for_user(request.user, pk, reassign=True)
    form = forms.ReassignForm(request.POST, follow_up=follow_up)
    return _followup_action(
        request,
        follow_up,
        form,
        action="reassign",
        perform=lambda: services.followup_reassign(
            actor=request.user,
            follow_up=follow_up,
            owner=form.cleaned_data["owner"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        done=_("The follow-up has been reassigned."),
        fields=["owner"],
    )
