"""Coaching clinics: the list of a kabupaten/kota or a province, a session's page, its form
(an internal round with its OPDs' attendance, or a province clinic with its participants), the
OPDs' presentations, and each participant's part of a province clinic."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ppsp_portal.editing import Conflict, ConflictRow, save_form, shown
from ppsp_portal.pagination import paginate
from ppsp_portal.params import choice_param, int_param, year_param
from programs.access import get_kabupaten_for_user, get_province_for_user, get_scope
from programs.models import Kabupaten

from .. import forms, selectors, services
from ..access import can_manage_session, get_session_for_user, participation_of
from ..models import ClinicSession

CLINIC_NUMBER_MAX = 32767  # the column is a small integer


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
            response, conflict = save_form(
                request,
                form,
                perform=lambda: services.session_save(
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
                ),
                done=_("The session has been saved."),
                once=session.pk is None,
            )
            if response:
                return response
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
def participation_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    session = get_session_for_user(request.user, pk, manage=True)
    participation = participation_of(session, code)
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
        response, conflict = save_form(
            request,
            form,
            perform=lambda: services.participation_update(
                actor=request.user,
                participation=participation,
                presentation=form.cleaned_data["presentation"].strip(),
                feedback=form.cleaned_data["feedback"].strip(),
                milestone=form.cleaned_data["milestone_confirmed"],
                expected_version=form.cleaned_data["version"],
            ),
            done=_("%(name)s's part has been saved.") % {"name": participation.kabupaten},
            once=False,
            then=session,
            fields=["presentation", "feedback", "milestone_confirmed"],
        )
        if response:
            return response
    return render(
        request,
        "coaching/participation_form.html",
        {"session": session, "participation": participation, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )
