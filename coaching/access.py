"""Access to coaching records, on top of the region scopes in programs.access.

Outsiders get 404; people who may read but not change a record get 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from programs.access import Scope, get_scope

from .models import ClinicSession, Evidence, FollowUp, Participation, QuickWin


def sessions_visible_to(scope: Scope) -> QuerySet[ClinicSession]:
    if scope.is_admin:
        return ClinicSession.objects.all()
    if scope.is_province_staff:
        return ClinicSession.objects.filter(province_id=scope.province_id)
    if scope.kabupaten_id:
        # A kabupaten sees its own rounds and the province clinics it took part in.
        return ClinicSession.objects.filter(
            Q(kabupaten_id=scope.kabupaten_id) | Q(participations__kabupaten_id=scope.kabupaten_id)
        ).distinct()
    return ClinicSession.objects.none()


def can_manage_session(scope: Scope, session: ClinicSession) -> bool:
    if session.is_province_level:
        return scope.can_manage_province(session.province_id)
    return scope.can_manage_kabupaten(session.kabupaten)


def get_session_for_user(user, pk: int, *, manage: bool = False) -> ClinicSession:
    scope = get_scope(user)
    session = (
        sessions_visible_to(scope)
        .select_related("kabupaten__province", "province", "created_by")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    if manage and not can_manage_session(scope, session):
        raise PermissionDenied
    return session


def participation_of(session: ClinicSession, code: str) -> Participation:
    """A kabupaten's part of a province clinic, named by its code: 404 for one that took no
    part. Who may see or manage the clinic is its own check (`get_session_for_user`)."""
    participation = (
        session.participations.select_related("kabupaten").filter(kabupaten__code=code).first()
    )
    if participation is None:
        raise Http404
    return participation


def can_update_followup(scope: Scope, follow_up: FollowUp) -> bool:
    """Progress is reported by the owner OPD, or by Bapperida for its OPDs."""
    return scope.can_act_for_agency(follow_up.owner)


def can_reassign_followup(scope: Scope, follow_up: FollowUp) -> bool:
    return scope.can_manage_kabupaten(follow_up.kabupaten)


def get_followup_for_user(
    user, pk: int, *, update: bool = False, reassign: bool = False
) -> FollowUp:
    scope = get_scope(user)
    follow_up = (
        FollowUp.objects.select_related(
            "kabupaten__province", "owner__kabupaten", "session", "policy_package", "created_by"
        )
        .filter(pk=pk)
        .first()
    )
    if follow_up is None or not scope.can_read_kabupaten(follow_up.kabupaten):
        raise Http404
    if update and not can_update_followup(scope, follow_up):
        raise PermissionDenied
    if reassign and not can_reassign_followup(scope, follow_up):
        raise PermissionDenied
    return follow_up


def can_edit_quickwin(scope: Scope, quick_win: QuickWin) -> bool:
    return scope.can_act_for_agency(quick_win.agency)


def get_quickwin_for_user(user, pk: int, *, edit: bool = False) -> QuickWin:
    scope = get_scope(user)
    quick_win = (
        QuickWin.objects.select_related("kabupaten__province", "agency__kabupaten", "session")
        .filter(pk=pk)
        .first()
    )
    if quick_win is None or not scope.can_read_kabupaten(quick_win.kabupaten):
        raise Http404
    if edit and not can_edit_quickwin(scope, quick_win):
        raise PermissionDenied
    return quick_win


def get_evidence_subject_for_user(
    user, subject: str, pk: int
) -> ClinicSession | FollowUp | QuickWin:
    """The record a file is attached to (`subject`: "session", "followup" or "quickwin"), for
    whoever may add to it: those who manage the session, report on the follow-up or edit the
    quick win."""
    if subject == "session":
        return get_session_for_user(user, pk, manage=True)
    if subject == "followup":
        return get_followup_for_user(user, pk, update=True)
    if subject == "quickwin":
        return get_quickwin_for_user(user, pk, edit=True)
    raise Http404


def get_evidence_for_user(user, pk: int) -> Evidence:
    """Evidence is readable by whoever may read the record it is attached to."""
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    if evidence.session_id:
        get_session_for_user(user, evidence.session_id)
    elif evidence.follow_up_id:
        get_followup_for_user(user, evidence.follow_up_id)
    else:
        get_quickwin_for_user(user, evidence.quick_win_id)
    return evidence
