from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ppsp_portal.decorators import post_only
from ppsp_portal.downloads import stored_file_response
from ppsp_portal.editing import (
    Conflict,
    ConflictRow,
    apply_service_error,
    conflict_for,
    shown,
    submit_once,
)
from ppsp_portal.pagination import paginate
from ppsp_portal.params import choice_param, int_param, year_param
from programs import selectors as programs_selectors
from programs.access import get_kabupaten_for_user, get_province_for_user, get_scope
from programs.models import Agency, Kabupaten, PolicyPackage

from . import forms, selectors, services
from .access import (
    can_edit_quickwin,
    can_manage_session,
    can_reassign_followup,
    can_update_followup,
    get_evidence_for_user,
    get_followup_for_user,
    get_quickwin_for_user,
    get_session_for_user,
)
from .models import ClinicSession, QuickWin

CLINIC_NUMBER_MAX = 32767  # the column is a small integer


def _already_saved(request: HttpRequest, url: str) -> HttpResponse:
    """A create form sent twice (a double click, a resent page) lands on what the first made."""
    messages.info(request, _("This form was already sent; this is what it saved."))
    return redirect(url)


# --- Sessions -------------------------------------------------------------------------------


def _session_list(
    request: HttpRequest, *, kabupaten: Kabupaten | None = None, province=None
) -> HttpResponse:
    """The sessions of a kabupaten/kota or of a province, filtered and in pages: one list
    whatever its scope, as the follow-up tracker is."""
    scope = get_scope(request.user)
    where = {"kabupaten": kabupaten} if kabupaten else {"province_id": province.pk}
    sessions = selectors.session_list(
        scope=scope,
        **where,
        year=year_param(request),
        clinic_number=int_param(request, "clinic", lo=1, hi=CLINIC_NUMBER_MAX),
        level=choice_param(request, "level", ClinicSession.Level.values),
    )
    page = paginate(request, sessions)
    return render(
        request,
        "coaching/session_list.html",
        {
            "kabupaten": kabupaten,
            "province": province,
            "sessions": page.object_list,
            "page": page,
            "years": selectors.session_years(sessions=selectors.session_list(scope=scope, **where)),
            "levels": ClinicSession.Level.choices,
            "can_create": scope.can_manage_kabupaten(kabupaten) if kabupaten else True,
        },
    )


@login_required
def session_list(request: HttpRequest, code: str) -> HttpResponse:
    return _session_list(request, kabupaten=get_kabupaten_for_user(request.user, code))


@login_required
def province_session_list(request: HttpRequest, code: str) -> HttpResponse:
    return _session_list(request, province=get_province_for_user(request.user, code))


def _session_form_page(request: HttpRequest, session: ClinicSession) -> HttpResponse:
    """Create or edit a session with its attendance (internal round) or participants
    (province clinic) and guests; all parts are validated before anything is written."""
    is_province = session.is_province_level
    agencies = None if is_province else session.kabupaten.agencies.order_by("kind", "abbreviation")
    participants = (
        Kabupaten.objects.filter(province=session.province).order_by("code")
        if is_province
        else None
    )
    data = request.POST if request.method == "POST" else None
    form = forms.SessionForm(data, instance=session, participants_queryset=participants)
    attendance = None
    if agencies is not None:
        attendance = forms.AttendanceFormSet(
            data,
            prefix="attendance",
            agencies=agencies,
            initial=None if data else forms.attendance_initial(agencies, session),
        )
    guests = forms.GuestFormSet(
        data,
        prefix="guests",
        initial=None
        if data
        else [{"organisation": g.organisation, "names": g.names} for g in session.guests.all()]
        if session.pk
        else None,
    )
    conflict = None
    if request.method == "POST":
        valid = form.is_valid() & guests.is_valid() & (attendance is None or attendance.is_valid())
        if valid:

            def save():
                return services.session_save(
                    actor=request.user,
                    session=form.instance,
                    expected_version=form.cleaned_data["version"],
                    attendances=None
                    if attendance is None
                    else [
                        services.AttendanceRow(
                            f.cleaned_data["agency"], f.cleaned_data["attendee_names"].strip()
                        )
                        for f in attendance.forms
                        if f.cleaned_data.get("present")
                    ],
                    guests=[
                        services.GuestRow(
                            g.cleaned_data["organisation"].strip(), g.cleaned_data["names"].strip()
                        )
                        for g in guests.forms
                        if g.cleaned_data.get("organisation", "").strip()
                    ],
                    participants=list(form.cleaned_data["participants"]) if is_province else None,
                )

            try:
                outcome = submit_once(request, create=save) if session.pk is None else None
                saved = outcome.created if outcome else save()
            except services.EditConflict as error:
                conflict = conflict_for(form, error.current)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if outcome and outcome.repeated:
                    return _already_saved(request, outcome.url)
                messages.success(request, _("The session has been saved."))
                return redirect(saved)
    return render(
        request,
        "coaching/session_form.html",
        {
            "form": form,
            "attendance": attendance,
            "guests": guests,
            "session": session,
            "kabupaten": session.kabupaten,
            "province": session.province,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@login_required
def session_create(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code, manage=True)
    session = ClinicSession(
        level=ClinicSession.Level.KABUPATEN, kabupaten=kabupaten, province=kabupaten.province
    )
    return _session_form_page(request, session)


@login_required
def province_session_create(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code, manage=True)
    session = ClinicSession(level=ClinicSession.Level.PROVINCE, province=province)
    return _session_form_page(request, session)


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_form_page(request, get_session_for_user(request.user, pk, manage=True))


def _own_part_only(scope, session: ClinicSession) -> Kabupaten | None:
    """Kabupaten users see only their own part of a province clinic."""
    if session.is_province_level and not (scope.is_admin or scope.is_province_staff):
        return Kabupaten.objects.get(pk=scope.kabupaten_id)
    return None


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    scope = get_scope(request.user)
    own_part = _own_part_only(scope, session)
    detail = selectors.session_detail(session=session, only_kabupaten=own_part)
    can_manage = can_manage_session(scope, session)
    return render(
        request,
        "coaching/session_detail.html",
        {
            "session": session,
            "detail": detail,
            "can_manage": can_manage,
            "evidence_form": forms.EvidenceForm() if can_manage else None,
            "change_history": selectors.session_history(session=session, only_kabupaten=own_part),
            "today": timezone.localdate(),
        },
    )


@login_required
def session_presentations(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, manage=True)
    if session.is_province_level:
        raise Http404
    agencies = session.kabupaten.agencies.order_by("kind", "abbreviation")
    existing = {p.agency_id: p for p in session.presentations.prefetch_related("indicators")}
    attended = {a.agency_id for a in session.attendances.all()}
    # Those who attended or already presented come first: they are who presents.
    ordered = sorted(
        agencies, key=lambda a: (a.pk not in attended and a.pk not in existing, a.abbreviation)
    )
    initial = [
        {
            "agency": agency.pk,
            "achievements": existing[agency.pk].achievements if agency.pk in existing else "",
            "indicators": list(existing[agency.pk].indicators.all())
            if agency.pk in existing
            else [],
            "version": existing[agency.pk].version if agency.pk in existing else services.ABSENT,
        }
        for agency in ordered
    ]
    formset = forms.PresentationFormSet(
        request.POST or None, prefix="presentations", agencies=agencies, initial=initial
    )
    conflict = None
    if request.method == "POST" and formset.is_valid():
        try:
            services.presentations_save(
                actor=request.user,
                session=session,
                rows=[
                    services.PresentationRow(
                        agency=f.cleaned_data["agency"],
                        achievements=f.cleaned_data["achievements"],
                        indicators=list(f.cleaned_data["indicators"]),
                        expected_version=f.cleaned_data["version"],
                    )
                    for f in formset.forms
                ],
            )
        except services.EditConflict as error:
            conflict = _presentations_conflict(session, formset, error.current)
        except ValidationError as error:
            formset.forms[0].add_error(None, error)
        else:
            messages.success(request, _("The presentations have been saved."))
            return redirect(session)
    return render(
        request,
        "coaching/presentations_form.html",
        {
            "session": session,
            "formset": formset,
            "attended": attended,
            "agencies": {a.pk: a for a in agencies},
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _presentations_conflict(session: ClinicSession, formset, stale_agencies) -> Conflict:
    """What the OPDs' stored presentations say now, beside what was typed; every row moves
    onto its stored version so that saving again keeps the typed text."""
    stored = {p.agency_id: p for p in session.presentations.prefetch_related("indicators")}
    typed = {f.cleaned_data["agency"].pk: f for f in formset.forms}
    rows = []
    for agency in stale_agencies:
        presentation = stored.get(agency.pk)
        form = typed[agency.pk]
        rows.append(
            ConflictRow(
                agency.abbreviation,
                shown(presentation.achievements) if presentation else "–",
                shown(form.cleaned_data["achievements"]),
            )
        )
    formset.data = formset.data.copy()
    for form in formset.forms:
        form.data = formset.data
        presentation = stored.get(form.cleaned_data["agency"].pk)
        formset.data[form.add_prefix("version")] = (
            presentation.version if presentation else services.ABSENT
        )
    return Conflict(rows=rows)


@login_required
def session_followups_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, manage=True)
    if session.is_province_level:
        code = request.POST.get("kabupaten") or request.GET.get("kabupaten", "")
        participation = (
            session.participations.select_related("kabupaten").filter(kabupaten__code=code).first()
        )
        if participation is None:
            raise Http404
        kabupaten = participation.kabupaten
    else:
        kabupaten = session.kabupaten
    agencies = kabupaten.agencies.order_by("abbreviation")
    packages = _packages_of(kabupaten)
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
                return _already_saved(request, outcome.url)
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


def _packages_of(kabupaten: Kabupaten):
    return PolicyPackage.objects.filter(programme__kabupaten=kabupaten).select_related("programme")


@login_required
def participation_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    session = get_session_for_user(request.user, pk, manage=True)
    participation = (
        session.participations.select_related("kabupaten").filter(kabupaten__code=code).first()
    )
    if participation is None:
        raise Http404
    form = forms.ParticipationForm(
        request.POST or None,
        session_date=session.date,
        initial={
            "presentation": participation.presentation,
            "feedback": participation.feedback,
            "milestone_confirmed": participation.milestone_confirmed,
            "version": participation.version,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_update(
                actor=request.user,
                participation=participation,
                presentation=form.cleaned_data["presentation"].strip(),
                feedback=form.cleaned_data["feedback"].strip(),
                milestone=form.cleaned_data["milestone_confirmed"],
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict as error:
            conflict = conflict_for(
                form, error.current, ["presentation", "feedback", "milestone_confirmed"]
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("%(name)s's part has been saved.") % {"name": participation.kabupaten}
            )
            return redirect(session)
    return render(
        request,
        "coaching/participation_form.html",
        {"session": session, "participation": participation, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@post_only("coaching:session-detail")
@login_required
def session_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, manage=True)
    return _attach_evidence(request, session, redirect_to=session)


def _attach_evidence(request: HttpRequest, subject, *, redirect_to) -> HttpResponse:
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        outcome = submit_once(
            request,
            create=lambda: services.evidence_attach(
                actor=request.user,
                subject=subject,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            ),
            url=lambda evidence: redirect_to.get_absolute_url(),
        )
        if outcome.repeated:
            return _already_saved(request, outcome.url)
        messages.success(request, _("The file has been attached."))
        return redirect(redirect_to)
    return render(
        request,
        "coaching/evidence_form.html",
        {"form": form, "subject": subject, "back": redirect_to},
        status=400,
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    inline = evidence.content_type in ("application/pdf", "image/jpeg", "image/png", "image/webp")
    return stored_file_response(
        request,
        evidence.file,
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# --- Follow-ups -----------------------------------------------------------------------------


def _tracker(
    request: HttpRequest, *, scope_q, kabupaten_choices, agency_choices, context
) -> HttpResponse:
    scope = get_scope(request.user)
    data = request.GET.copy()
    if not data and scope.is_agency_head:
        data["owner"] = str(scope.agency_id)  # an OPD head starts from their own follow-ups
    form = forms.FollowUpFilterForm(
        data, kabupaten_choices=kabupaten_choices, agency_choices=agency_choices
    )
    form.full_clean()  # a bad filter is left out of cleaned_data; the others still apply
    filters = form.cleaned_data
    rows, counts = selectors.followup_tracker(
        scope_q=scope_q,
        today=timezone.localdate(),
        kabupaten=filters.get("kabupaten"),
        owner=filters.get("owner"),
        status=filters.get("status", ""),
        overdue=filters.get("overdue", False),
        due_from=filters.get("due_from"),
        due_to=filters.get("due_to"),
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
        try:
            outcome = submit_once(
                request, create=perform, url=lambda _result: follow_up.get_absolute_url()
            )
        except services.EditConflict as error:
            conflict = conflict_for(form, error.current, fields)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if outcome.repeated:
                return _already_saved(request, outcome.url)
            messages.success(request, done)
            return redirect(follow_up)
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
            actor=request.user, follow_up=follow_up, **_progress_arguments(form)
        ),
        done=_("The progress has been recorded."),
        fields=["status", "drop_reason"],
    )


def _progress_arguments(form) -> dict:
    data = form.cleaned_data
    return {
        "on": data["date"],
        "note": data["note"],
        "status": data["status"],
        "drop_reason": data["drop_reason"],
        "expected_version": data["version"],
    }


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


@post_only("coaching:followup-detail")
@login_required
def followup_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_followup_for_user(request.user, pk, update=True)
    return _attach_evidence(request, follow_up, redirect_to=follow_up)


# --- Quick wins -----------------------------------------------------------------------------


@login_required
def quickwin_list(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    scope = get_scope(request.user)
    page = paginate(request, selectors.quickwin_list(kabupaten=kabupaten))
    return render(
        request,
        "coaching/quickwin_list.html",
        {
            "kabupaten": kabupaten,
            "quick_wins": page.object_list,
            "page": page,
            "can_create": scope.can_manage_kabupaten(kabupaten),
        },
    )


def _quickwin_form_page(
    request: HttpRequest, quick_win: QuickWin, kabupaten: Kabupaten
) -> HttpResponse:
    scope = get_scope(request.user)
    agencies = kabupaten.agencies.order_by("abbreviation")
    if scope.is_agency_head:
        agencies = agencies.filter(pk=scope.agency_id)
    sessions = selectors.session_list(scope=scope, kabupaten=kabupaten)
    form = forms.QuickWinForm(
        request.POST or None,
        instance=quick_win,
        kabupaten=kabupaten,
        agencies=agencies,
        sessions=sessions,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():

        def save():
            return services.quickwin_save(
                actor=request.user,
                quick_win=form.instance,
                expected_version=form.cleaned_data["version"],
            )

        try:
            outcome = submit_once(request, create=save) if quick_win.pk is None else None
            saved = outcome.created if outcome else save()
        except services.EditConflict as error:
            conflict = conflict_for(form, error.current)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if outcome and outcome.repeated:
                return _already_saved(request, outcome.url)
            messages.success(request, _("The quick win has been saved."))
            return redirect(saved)
    return render(
        request,
        "coaching/quickwin_form.html",
        {"form": form, "kabupaten": kabupaten, "quick_win": quick_win, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def quickwin_create(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code, manage=True)
    return _quickwin_form_page(request, QuickWin(kabupaten=kabupaten), kabupaten)


@login_required
def quickwin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    quick_win = get_quickwin_for_user(request.user, pk, edit=True)
    return _quickwin_form_page(request, quick_win, quick_win.kabupaten)


@login_required
def quickwin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quick_win = get_quickwin_for_user(request.user, pk)
    scope = get_scope(request.user)
    can_edit = can_edit_quickwin(scope, quick_win)
    return render(
        request,
        "coaching/quickwin_detail.html",
        {
            "quick_win": quick_win,
            "kabupaten": quick_win.kabupaten,
            "can_edit": can_edit,
            "evidence": quick_win.evidence.select_related("uploaded_by"),
            "evidence_form": forms.EvidenceForm() if can_edit else None,
            "change_history": selectors.quickwin_changes(quick_win=quick_win),
            "funding": programs_selectors.subject_funding_panel(subject=quick_win, scope=scope),
        },
    )


@post_only("coaching:quickwin-detail")
@login_required
def quickwin_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    quick_win = get_quickwin_for_user(request.user, pk, edit=True)
    return _attach_evidence(request, quick_win, redirect_to=quick_win)


# --- Milestones -----------------------------------------------------------------------------


@login_required
def milestone_history(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    achievements, confirmations = selectors.milestone_history(kabupaten=kabupaten)
    return render(
        request,
        "coaching/milestone_history.html",
        {
            "kabupaten": kabupaten,
            "achievements": achievements,
            "confirmations": confirmations,
            "change_history": selectors.milestone_changes(kabupaten=kabupaten),
        },
    )
